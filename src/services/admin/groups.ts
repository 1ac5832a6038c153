import { randomUUID } from "node:crypto";
import { hasCapability } from "../../domain/permissions.js";
import { isUniqueViolation } from "../../store/database.js";
import {
  deleteGroupMember,
  findGroup,
  findGroupNames,
  insertGroup,
  insertGroupMember,
  isGroupMember,
  listGroupMembers,
  listGroups,
  listGroupsOfUser,
  lockGroupNames,
  type Group,
  type GroupCursor,
  type GroupMemberCursor,
} from "../../store/groups.js";
import { findUser, searchKey, type User } from "../../store/users.js";
import { audit } from "../audit.js";
import type { RequestOrigin, ServiceDeps } from "../context.js";
import { conflict, forbidden, notFound, userNotFound } from "../errors.js";
import { optionalText, requiredText } from "../validate.js";
import { actorOf, findTarget, type Principal } from "./principal.js";
import { assertCanReadDirectory } from "./users-read.js";

export interface CreateGroupInput {
  /** 1–256 characters, unique in the organisation whatever the case. */
  displayName: string;
  description?: string | null | undefined;
  origin: RequestOrigin;
}

export interface MembershipInput {
  groupId: string;
  userId: string;
  origin: RequestOrigin;
}

export interface PageOptions<Cursor> {
  after?: Cursor | undefined;
  limit?: number | undefined;
}

const MAX_PAGE = 200;
const pageSize = (limit: number | undefined) =>
  Math.min(Math.max(Math.trunc(limit ?? 50), 1), MAX_PAGE);

function assertMayManageGroups(principal: Principal): void {
  if (!hasCapability(principal.roles, "manageGroups")) {
    throw forbidden("Your roles don't allow managing groups.");
  }
}

const groupNotFound = () => notFound("There is no such group.");

/** Groups of users (SPEC [S1]): create, list, members. */
export function createGroups(deps: Pick<ServiceDeps, "store" | "now">) {
  const { store, now } = deps;

  async function groupOf(principal: Principal, groupId: string): Promise<Group> {
    const group = await findGroup(store, principal.organisationId, groupId);
    if (!group) throw groupNotFound();
    return group;
  }

  return {
    async create(principal: Principal, input: CreateGroupInput): Promise<Group> {
      assertMayManageGroups(principal);
      const group: Group = {
        id: randomUUID(),
        organisationId: principal.organisationId,
        displayName: requiredText("displayName", input.displayName, 256),
        description: optionalText("description", input.description, 1024),
        createdAt: now(),
      };
      const wanted = searchKey(group.displayName);
      await store.transaction(async (tx) => {
        await lockGroupNames(tx, principal.organisationId);
        const names = await findGroupNames(tx, principal.organisationId);
        const existing = names.find((name) => searchKey(name) === wanted);
        if (existing !== undefined) {
          throw conflict(`A group named "${existing}" already exists.`, "displayName");
        }
        await insertGroup(tx, group);
        await audit(tx, group.createdAt, {
          organisationId: principal.organisationId,
          activity: "addGroup",
          result: "success",
          actor: actorOf(principal),
          target: { id: group.id, name: group.displayName },
          origin: input.origin,
        });
      });
      return group;
    },

    /** One group of the principal's organisation, or notFound. */
    async get(principal: Principal, groupId: string): Promise<Group> {
      assertCanReadDirectory(principal);
      return groupOf(principal, groupId);
    },

    /** The organisation's groups by display name (keyset: pass `next` back as `after`). */
    async list(
      principal: Principal,
      options: PageOptions<GroupCursor> = {},
    ): Promise<{ groups: Group[]; next?: GroupCursor }> {
      assertCanReadDirectory(principal);
      return listGroups(store, {
        organisationId: principal.organisationId,
        after: options.after,
        limit: pageSize(options.limit),
      });
    },

    /** Adds a live user of the same organisation to a group. */
    async addMember(principal: Principal, input: MembershipInput): Promise<void> {
      assertMayManageGroups(principal);
      const group = await groupOf(principal, input.groupId);
      const target = await findTarget(store, principal, input.userId);
      const already = () =>
        conflict(
          `${target.user.userPrincipalName} is already a member of ${group.displayName}.`,
          "userId",
        );
      await store.transaction(async (tx) => {
        if (await isGroupMember(tx, group.id, target.id)) throw already();
        try {
          await insertGroupMember(tx, group.id, target.id);
        } catch (error) {
          if (isUniqueViolation(error)) throw already();
          throw error;
        }
        await audit(tx, now(), {
          organisationId: principal.organisationId,
          activity: "addGroupMember",
          result: "success",
          actor: actorOf(principal),
          target: { id: target.id, name: target.user.userPrincipalName },
          origin: input.origin,
          details: { groupId: group.id, group: group.displayName },
        });
      });
    },

    /** Removes a member (also a deleted user's lingering membership). */
    async removeMember(principal: Principal, input: MembershipInput): Promise<void> {
      assertMayManageGroups(principal);
      const group = await groupOf(principal, input.groupId);
      const user = await findUser(store, input.userId);
      if (!user || user.organisationId !== principal.organisationId) throw userNotFound();
      await store.transaction(async (tx) => {
        if (!(await deleteGroupMember(tx, principal.organisationId, group.id, user.id))) {
          throw notFound(`${user.userPrincipalName} isn't a member of ${group.displayName}.`);
        }
        await audit(tx, now(), {
          organisationId: principal.organisationId,
          activity: "removeGroupMember",
          result: "success",
          actor: actorOf(principal),
          target: { id: user.id, name: user.userPrincipalName },
          origin: input.origin,
          details: { groupId: group.id, group: group.displayName },
        });
      });
    },

    /** A group's live members by display name (keyset: pass `next` back as `after`). */
    async listMembers(
      principal: Principal,
      groupId: string,
      options: PageOptions<GroupMemberCursor> = {},
    ): Promise<{ users: User[]; next?: GroupMemberCursor }> {
      assertCanReadDirectory(principal);
      const group = await groupOf(principal, groupId);
      return listGroupMembers(store, {
        organisationId: principal.organisationId,
        groupId: group.id,
        after: options.after,
        limit: pageSize(options.limit),
      });
    },

    /** The groups a live user of the organisation belongs to, by display name. */
    async groupsOfUser(principal: Principal, userId: string): Promise<Group[]> {
      assertCanReadDirectory(principal);
      const target = await findTarget(store, principal, userId);
      return listGroupsOfUser(store, principal.organisationId, target.id);
    },
  };
}

export type Groups = ReturnType<typeof createGroups>;
