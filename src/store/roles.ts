import { ROLES, type RoleKey } from "../domain/roles.js";
import type { Queryable } from "./database.js";
import { toUser, type User } from "./users.js";

export async function insertRoleAssignment(
  q: Queryable,
  assignment: {
    id: string;
    organisationId: string;
    principalId: string;
    roleTemplateId: string;
    createdAt: number;
  },
): Promise<void> {
  await q.db
    .insertInto("role_assignments")
    .values({
      id: assignment.id,
      organisation_id: assignment.organisationId,
      principal_id: assignment.principalId,
      role_template_id: assignment.roleTemplateId,
      created_at: assignment.createdAt,
    })
    .execute();
}

export async function findRoleTemplateIds(q: Queryable, principalId: string): Promise<string[]> {
  const rows = await q.db
    .selectFrom("role_assignments")
    .select("role_template_id")
    .where("principal_id", "=", principalId)
    .execute();
  return rows.map((row) => row.role_template_id);
}

/** Role template ids of many users at once (one query for a whole page of users). */
export async function findRoleTemplateIdsOfUsers(
  q: Queryable,
  principalIds: readonly string[],
): Promise<Map<string, string[]>> {
  const byUser = new Map<string, string[]>();
  if (principalIds.length === 0) return byUser;
  const rows = await q.db
    .selectFrom("role_assignments")
    .select(["principal_id", "role_template_id"])
    .where("principal_id", "in", principalIds)
    .execute();
  for (const row of rows) {
    byUser.set(row.principal_id, [...(byUser.get(row.principal_id) ?? []), row.role_template_id]);
  }
  return byUser;
}

export interface RoleAssignmentRow {
  id: string;
  principalId: string;
  principalName: string;
  principalDisplayName: string;
  roleTemplateId: string;
  createdAt: number;
}

/** The organisation's role assignments of live users, optionally of one principal or role. */
export async function listRoleAssignments(
  q: Queryable,
  organisationId: string,
  filter: { principalId?: string | undefined; roleTemplateId?: string | undefined } = {},
): Promise<RoleAssignmentRow[]> {
  const { principalId, roleTemplateId } = filter;
  const rows = await q.db
    .selectFrom("role_assignments")
    .innerJoin("users", "users.id", "role_assignments.principal_id")
    .select([
      "role_assignments.id",
      "role_assignments.principal_id",
      "role_assignments.role_template_id",
      "role_assignments.created_at",
      "users.user_principal_name",
      "users.display_name",
    ])
    .where("role_assignments.organisation_id", "=", organisationId)
    .where("users.organisation_id", "=", organisationId)
    .where("users.deleted_at", "is", null)
    .$if(principalId !== undefined, (qb) =>
      qb.where("role_assignments.principal_id", "=", principalId ?? ""),
    )
    .$if(roleTemplateId !== undefined, (qb) =>
      qb.where("role_assignments.role_template_id", "=", roleTemplateId ?? ""),
    )
    .orderBy("role_assignments.created_at")
    .orderBy("role_assignments.id")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    principalId: row.principal_id,
    principalName: row.user_principal_name,
    principalDisplayName: row.display_name,
    roleTemplateId: row.role_template_id,
    createdAt: row.created_at,
  }));
}

/**
 * The live users of the organisation holding a role. On PostgreSQL the assignment and user
 * rows stay locked until the transaction ends, so two administrators removing the last two
 * holders at once (by role removal or deletion) cannot both succeed; SQLite serialises writes.
 */
export async function findLiveRoleHoldersForUpdate(
  q: Queryable,
  organisationId: string,
  roleTemplateId: string,
): Promise<string[]> {
  const rows = await q.db
    .selectFrom("role_assignments")
    .innerJoin("users", "users.id", "role_assignments.principal_id")
    .select("role_assignments.principal_id")
    .where("role_assignments.organisation_id", "=", organisationId)
    .where("role_assignments.role_template_id", "=", roleTemplateId)
    .where("users.deleted_at", "is", null)
    .$if(q.dialect === "postgres", (qb) => qb.forUpdate())
    .execute();
  return rows.map((row) => row.principal_id);
}

export async function deleteRoleAssignment(
  q: Queryable,
  organisationId: string,
  principalId: string,
  roleTemplateId: string,
): Promise<boolean> {
  const result = await q.db
    .deleteFrom("role_assignments")
    .where("organisation_id", "=", organisationId)
    .where("principal_id", "=", principalId)
    .where("role_template_id", "=", roleTemplateId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Live, enabled users of the organisation holding any of the roles (at most `limit`). */
export async function findRoleHolders(
  q: Queryable,
  organisationId: string,
  roles: readonly RoleKey[],
  limit: number,
): Promise<User[]> {
  if (roles.length === 0) return [];
  const rows = await q.db
    .selectFrom("users")
    .selectAll("users")
    .where("users.organisation_id", "=", organisationId)
    .where("users.deleted_at", "is", null)
    .where("users.account_enabled", "=", 1)
    // Driven from the role assignments (indexed by organisation and role), not by walking users.
    .where(
      "users.id",
      "in",
      q.db
        .selectFrom("role_assignments")
        .select("role_assignments.principal_id")
        .where("role_assignments.organisation_id", "=", organisationId)
        .where(
          "role_assignments.role_template_id",
          "in",
          roles.map((role) => ROLES[role].id),
        ),
    )
    .orderBy("users.display_name_key")
    .orderBy("users.id")
    .limit(limit)
    .execute();
  return rows.map(toUser);
}
