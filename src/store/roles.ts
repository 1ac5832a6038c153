import type { Queryable } from "./database.js";

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
