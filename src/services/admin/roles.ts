import { randomUUID } from "node:crypto";
import { ROLE_LIST, roleKeyOf } from "../../domain/permissions.js";
import { ROLES, type RoleKey } from "../../domain/roles.js";
import { isUniqueViolation } from "../../store/database.js";
import {
  deleteRoleAssignment,
  findLiveRoleHoldersForUpdate,
  findRoleTemplateIds,
  insertRoleAssignment,
  listRoleAssignments,
  type RoleAssignmentRow,
} from "../../store/roles.js";
import { audit } from "../audit.js";
import type { RequestOrigin, ServiceDeps } from "../context.js";
import { conflict, forbidden, invalidInput, lastGlobalAdministrator, notFound } from "../errors.js";
import { assertCanReadDirectory } from "./users-read.js";
import { actorOf, findTarget, mayManageRoles, type Principal } from "./principal.js";

/** A role as Microsoft Graph names it: the template id is its id. */
export interface RoleDefinition {
  id: string;
  key: RoleKey;
  displayName: string;
}

export interface RoleAssignment {
  id: string;
  principalId: string;
  principalName: string;
  principalDisplayName: string;
  /** The role's template id. */
  roleId: string;
  roleKey: RoleKey;
  roleDisplayName: string;
  createdAt: number;
}

export interface RoleChangeInput {
  /** The user who gets or loses the role. */
  principalId: string;
  /** Microsoft's role template id or the role's display name. */
  role: string;
  origin: RequestOrigin;
}

/** Only a Global Administrator or a Privileged Role Administrator assigns and removes roles. */
function assertMayManageRoles(principal: Principal): void {
  if (!mayManageRoles(principal)) {
    throw forbidden("Only a Global Administrator or Privileged Role Administrator manages roles.");
  }
}

function roleOf(role: unknown): RoleKey {
  const key = typeof role === "string" ? roleKeyOf(role) : undefined;
  if (!key) {
    throw invalidInput("role", `There is no role "${String(role)}"; use its name or template id.`);
  }
  return key;
}

function toAssignment(row: RoleAssignmentRow): RoleAssignment | undefined {
  const key = roleKeyOf(row.roleTemplateId);
  return (
    key && {
      id: row.id,
      principalId: row.principalId,
      principalName: row.principalName,
      principalDisplayName: row.principalDisplayName,
      roleId: row.roleTemplateId,
      roleKey: key,
      roleDisplayName: ROLES[key].displayName,
      createdAt: row.createdAt,
    }
  );
}

/** Admin roles: what exists, who holds what, assigning and removing (SPEC [S1], [B1]). */
export function createRoles(deps: Pick<ServiceDeps, "store" | "now">) {
  const { store, now } = deps;

  const roles = {
    listDefinitions(principal: Principal): RoleDefinition[] {
      assertCanReadDirectory(principal);
      return ROLE_LIST.map((role) => ({
        id: role.id,
        key: role.key,
        displayName: role.displayName,
      }));
    },

    /** The organisation's assignments, optionally of one user or one role (name or template id). */
    async listAssignments(
      principal: Principal,
      filter: { principalId?: string | undefined; role?: string | undefined } = {},
    ): Promise<RoleAssignment[]> {
      assertCanReadDirectory(principal);
      const roleTemplateId = filter.role === undefined ? undefined : ROLES[roleOf(filter.role)].id;
      const rows = await listRoleAssignments(store, principal.organisationId, {
        principalId: filter.principalId,
        roleTemplateId,
      });
      return rows.map(toAssignment).filter((row) => row !== undefined);
    },

    async assign(principal: Principal, input: RoleChangeInput): Promise<RoleAssignment> {
      assertMayManageRoles(principal);
      const key = roleOf(input.role);
      const role = ROLES[key];
      const target = await findTarget(store, principal, input.principalId);
      const duplicate = () =>
        conflict(`${target.user.userPrincipalName} already holds ${role.displayName}.`, "role");
      const assignment = {
        id: randomUUID(),
        organisationId: principal.organisationId,
        principalId: target.id,
        roleTemplateId: role.id,
        createdAt: now(),
      };
      await store.transaction(async (tx) => {
        if ((await findRoleTemplateIds(tx, target.id)).includes(role.id)) throw duplicate();
        try {
          await insertRoleAssignment(tx, assignment);
        } catch (error) {
          if (isUniqueViolation(error)) throw duplicate();
          throw error;
        }
        await audit(tx, assignment.createdAt, {
          organisationId: principal.organisationId,
          activity: "addRoleMember",
          result: "success",
          actor: actorOf(principal),
          target: { id: target.id, name: target.user.userPrincipalName },
          origin: input.origin,
          details: { role: role.displayName, roleTemplateId: role.id },
        });
      });
      return {
        id: assignment.id,
        principalId: target.id,
        principalName: target.user.userPrincipalName,
        principalDisplayName: target.user.displayName,
        roleId: role.id,
        roleKey: key,
        roleDisplayName: role.displayName,
        createdAt: assignment.createdAt,
      };
    },

    /** Removes a role from a user; never the organisation's last Global Administrator. */
    async remove(principal: Principal, input: RoleChangeInput): Promise<void> {
      assertMayManageRoles(principal);
      const key = roleOf(input.role);
      const role = ROLES[key];
      const target = await findTarget(store, principal, input.principalId);
      const notHeld = () =>
        notFound(`${target.user.userPrincipalName} doesn't hold ${role.displayName}.`);
      await store.transaction(async (tx) => {
        if (key === "globalAdministrator") {
          const holders = await findLiveRoleHoldersForUpdate(tx, principal.organisationId, role.id);
          if (!holders.includes(target.id)) throw notHeld();
          if (holders.length <= 1) throw lastGlobalAdministrator();
        }
        if (!(await deleteRoleAssignment(tx, principal.organisationId, target.id, role.id))) {
          throw notHeld();
        }
        await audit(tx, now(), {
          organisationId: principal.organisationId,
          activity: "removeRoleMember",
          result: "success",
          actor: actorOf(principal),
          target: { id: target.id, name: target.user.userPrincipalName },
          origin: input.origin,
          details: { role: role.displayName, roleTemplateId: role.id },
        });
      });
    },

    /** Removes one assignment by the id `assign` and `listAssignments` give it (the API's). */
    async removeAssignment(
      principal: Principal,
      assignmentId: string,
      origin: RequestOrigin,
    ): Promise<void> {
      assertMayManageRoles(principal);
      const assignment = (await listRoleAssignments(store, principal.organisationId)).find(
        (row) => row.id === assignmentId,
      );
      if (!assignment) throw notFound("There is no such role assignment.");
      await roles.remove(principal, {
        principalId: assignment.principalId,
        role: assignment.roleTemplateId,
        origin,
      });
    },
  };
  return roles;
}

export type Roles = ReturnType<typeof createRoles>;
