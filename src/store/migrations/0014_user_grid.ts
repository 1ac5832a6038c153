import { sql, type Kysely } from "kysely";

/**
 * The admin center's users grid at a million users (store/user-grid.ts): when each user last
 * signed in, and a list index per sortable column other than the display name (which has the
 * live list of migration 0003). Each is over live users, ends with the id (the keyset's tie
 * breaker) and holds the grid's filters, so a filtered page is read from the index alone. A
 * never-set time sorts as 0, the same on both databases (NULLs sort first on SQLite, last on
 * PostgreSQL), so those columns are indexed as `coalesce(column, 0)`, the expression the
 * queries order by. On-premises users get a count of their own.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("users").addColumn("last_sign_in_at", "bigint").execute();
  const filters = sql`account_enabled, password_managed, force_change_password`;
  const sorted = {
    users_live_by_user_id: sql`user_principal_name_key`,
    users_live_by_password_change: sql`(coalesce(password_changed_at, 0))`,
    users_live_by_last_sign_in: sql`(coalesce(last_sign_in_at, 0))`,
  };
  for (const [name, column] of Object.entries(sorted)) {
    await sql`create index ${sql.id(name)} on users (organisation_id, ${column}, id, ${filters}) where deleted_at is null`.execute(
      db,
    );
  }
  await db.schema
    .createIndex("users_live_on_premises")
    .on("users")
    .column("organisation_id")
    .where(sql.ref("deleted_at"), "is", null)
    .where(sql.ref("password_managed"), "=", "onPremises")
    .execute();
}
