import type { Queryable } from "./database.js";

export interface StoredResetPolicy {
  organisationId: string;
  /** JSON of domain/reset-policy.ts's ResetPolicy. */
  policy: string;
  updatedAt: number;
  updatedBy: string | null;
}

export async function findResetPolicy(
  q: Queryable,
  organisationId: string,
  options: { forUpdate?: boolean } = {},
): Promise<StoredResetPolicy | undefined> {
  let query = q.db
    .selectFrom("password_reset_policies")
    .selectAll()
    .where("organisation_id", "=", organisationId);
  if (options.forUpdate && q.dialect === "postgres") query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row
    ? {
        organisationId: row.organisation_id,
        policy: row.policy,
        updatedAt: row.updated_at,
        updatedBy: row.updated_by,
      }
    : undefined;
}

export async function upsertResetPolicy(q: Queryable, stored: StoredResetPolicy): Promise<void> {
  await q.db
    .insertInto("password_reset_policies")
    .values({
      organisation_id: stored.organisationId,
      policy: stored.policy,
      updated_at: stored.updatedAt,
      updated_by: stored.updatedBy,
    })
    .onConflict((oc) =>
      oc.column("organisation_id").doUpdateSet({
        policy: stored.policy,
        updated_at: stored.updatedAt,
        updated_by: stored.updatedBy,
      }),
    )
    .execute();
}
