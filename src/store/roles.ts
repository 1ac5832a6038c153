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
