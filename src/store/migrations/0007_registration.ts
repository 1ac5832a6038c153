import type { Kysely } from "kysely";

/**
 * Registration at sign-in (SPEC [S8]): when each user last registered a method or confirmed
 * that their security info is still right, so they are asked again once the policy's
 * reconfirmation period has passed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("security_info_confirmations")
    .addColumn("user_id", "text", (c) => c.primaryKey().references("users.id").onDelete("cascade"))
    .addColumn("confirmed_at", "bigint", (c) => c.notNull())
    .execute();
}
