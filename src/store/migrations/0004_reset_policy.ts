import type { Kysely } from "kysely";

/**
 * The self-service password reset policy of each organisation (SPEC [S9]): one row of JSON
 * (domain/reset-policy.ts); an organisation without a row has the defaults.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("password_reset_policies")
    .addColumn("organisation_id", "text", (c) =>
      c.primaryKey().references("organisations.id").onDelete("cascade"),
    )
    .addColumn("policy", "text", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .addColumn("updated_by", "text")
    .execute();
}
