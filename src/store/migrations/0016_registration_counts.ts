import { sql, type Kysely } from "kysely";

/**
 * Who is registered for self-service reset, counted at a million users (store/registration.ts
 * countRegistered): the proven methods of an organisation by user and kind, so the count
 * groups them from the index alone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex("security_methods_proven")
    .on("security_methods")
    // verified_at too: SQLite reads a column named in the query from the row otherwise,
    // partial index or not.
    .columns(["organisation_id", "user_id", "kind", "verified_at"])
    .where(sql.ref("verified_at"), "is not", null)
    .execute();
}
