import { sql, type Kysely } from "kysely";

/**
 * "Blocked users" searched at a million users (store/user-list.ts). A search reads a window
 * of the list first; among all users, a window of a few thousand holds too few blocked ones
 * for a common prefix, and the fallback then reads every user the prefix matches. Blocked
 * users get a list of their own, the live list's columns over `account_enabled = 0` only, so
 * that window is read among them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex("users_disabled_list")
    .on("users")
    .columns([
      "organisation_id",
      "display_name_key",
      "id",
      "account_enabled",
      "password_managed",
      "given_name_key",
      "surname_key",
      "user_principal_name_key",
      "mail_key",
      "deleted_at",
    ])
    .where(sql.ref("deleted_at"), "is", null)
    .where(sql.ref("account_enabled"), "=", 0)
    .execute();
}
