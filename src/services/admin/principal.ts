import { hasCapability, roleKeyOf } from "../../domain/permissions.js";
import type { RoleKey } from "../../domain/roles.js";
import type { Queryable } from "../../store/database.js";
import { findRoleTemplateIds, findRoleTemplateIdsOfUsers } from "../../store/roles.js";
import { findUser, type User } from "../../store/users.js";
import { forbidden, userNotFound } from "../errors.js";

/**
 * Who acts in the admin center or the API: a signed-in administrator or an API key,
 * always within one organisation, with the roles it holds.
 */
export interface Principal {
  kind: "user" | "apiKey";
  id: string;
  name: string;
  organisationId: string;
  roles: RoleKey[];
}

export const toRoleKeys = (templateIds: readonly string[]): RoleKey[] =>
  templateIds.map(roleKeyOf).filter((key): key is RoleKey => key !== undefined);

export async function principalOfUser(q: Queryable, user: User): Promise<Principal> {
  return {
    kind: "user",
    id: user.id,
    name: user.userPrincipalName,
    organisationId: user.organisationId,
    roles: toRoleKeys(await findRoleTemplateIds(q, user.id)),
  };
}

/** A user an administrator acts on, with the roles that protect it (a RoleHolder). */
export interface TargetUser {
  id: string;
  user: User;
  roles: RoleKey[];
}

/** A live user of the principal's organisation, or notFound (another organisation's user looks absent). */
export async function findTarget(
  q: Queryable,
  principal: Principal,
  userId: string,
): Promise<TargetUser> {
  const user = await findUser(q, userId);
  if (!user || user.organisationId !== principal.organisationId || user.deletedAt !== null) {
    throw userNotFound();
  }
  return { id: user.id, user, roles: toRoleKeys(await findRoleTemplateIds(q, user.id)) };
}

export async function rolesOfUsers(
  q: Queryable,
  userIds: readonly string[],
): Promise<Map<string, RoleKey[]>> {
  const byUser = await findRoleTemplateIdsOfUsers(q, userIds);
  return new Map(userIds.map((id) => [id, toRoleKeys(byUser.get(id) ?? [])]));
}

/** Only a Global Administrator or a Privileged Role Administrator assigns and removes roles. */
export function mayManageRoles(principal: Principal): boolean {
  const manager =
    principal.roles.includes("globalAdministrator") ||
    principal.roles.includes("privilegedRoleAdministrator");
  return manager && hasCapability(principal.roles, "manageRoles");
}

/** The principal as the audit log names an actor. */
export const actorOf = (principal: Principal) => ({ id: principal.id, name: principal.name });

export function assertMayManageUsers(principal: Principal): void {
  if (!hasCapability(principal.roles, "manageUsers")) {
    throw forbidden("Your roles don't allow managing users.");
  }
}
