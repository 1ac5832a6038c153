import { sql, type Kysely } from "kysely";

/**
 * The admin center's home counts at a million users, each from an index of its own: who must
 * change their password (a partial index over those users only) and who is locked out now
 * (lockouts by their end, so only current ones are read).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex("users_must_change_password")
    .on("users")
    .column("organisation_id")
    .where(sql.ref("deleted_at"), "is", null)
    .where(sql.ref("force_change_password"), "=", 1)
    .execute();
  await db.schema
    .createIndex("sign_in_lockouts_locked_until")
    .on("sign_in_lockouts")
    .column("locked_until")
    .execute();
}
