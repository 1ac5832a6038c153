import { sql, type Kysely } from "kysely";

/**
 * The administrators' user list and search at a million users (store/user-list.ts).
 *
 * Lowercased NFC "key" columns for display name, given name, surname and mail (the User ID
 * already has one). Keys compare byte by byte on both databases (SQLite's BINARY; COLLATE "C"
 * on PostgreSQL, whatever the database's collation), so a prefix search is the index range
 * `key >= prefix AND key < next(prefix)` and the sort order is the same everywhere.
 *
 * Indexes are partial on live users (`deleted_at IS NULL`), which is what the list shows by
 * default; the few deleted users have one index of their own.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = await isPostgres(db);
  const binary = postgres ? sql`collate "C"` : sql``;

  for (const column of ["display_name_key", "given_name_key", "surname_key", "mail_key"]) {
    await db.schema
      .alterTable("users")
      .addColumn(column, "text", (c) =>
        column === "display_name_key"
          ? c.modifyEnd(binary).notNull().defaultTo("")
          : c.modifyEnd(binary),
      )
      .execute();
  }
  if (postgres) {
    // The User ID key existed before: make it compare byte by byte too (equality is unchanged).
    await sql`alter table users alter column user_principal_name_key type text collate "C"`.execute(
      db,
    );
  }
  await backfill(db);

  // The list: ordered by (display_name_key, id) from the cursor. It also holds the filters and
  // every search key, so a page, its filters and a search window are read from the index alone.
  // deleted_at closes the set, so SQLite too sees the index as covering.
  const listColumns = [
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
  ];
  await db.schema
    .createIndex("users_live_list")
    .on("users")
    .columns(listColumns)
    .where(sql.ref("deleted_at"), "is", null)
    .execute();
  await db.schema
    .createIndex("users_deleted_list")
    .on("users")
    .columns(listColumns)
    .where(sql.ref("deleted_at"), "is not", null)
    .execute();
  // A prefix of each other searchable field: a range here, then (display_name_key, id) to sort
  // the matches and the filters, all without touching the table.
  for (const column of ["given_name_key", "surname_key", "user_principal_name_key", "mail_key"]) {
    await db.schema
      .createIndex(`users_live_${column}`)
      .on("users")
      .columns([
        "organisation_id",
        column,
        "display_name_key",
        "id",
        "account_enabled",
        "password_managed",
        "deleted_at",
      ])
      .where(sql.ref("deleted_at"), "is", null)
      .execute();
  }
  // Superseded by users_live_list (it sorted case-sensitively).
  await db.schema.dropIndex("users_organisation_display_name").execute();

  // "Administrators only": who holds a role in the organisation.
  await db.schema
    .createIndex("role_assignments_organisation_principal")
    .on("role_assignments")
    .columns(["organisation_id", "principal_id"])
    .execute();
}

/** Only PostgreSQL knows current_setting(); a failed SELECT leaves SQLite as it was. */
async function isPostgres(db: Kysely<unknown>): Promise<boolean> {
  try {
    await sql`select current_setting('server_version_num')`.execute(db);
    return true;
  } catch {
    return false;
  }
}

/** The same key as store/users.ts computes on every write (frozen here: migrations never change). */
function key(text: string | null): string | null {
  return text === null ? null : text.trim().normalize("NFC").toLowerCase();
}

// Computed in JavaScript, not with SQL lower(): SQLite's lower() folds ASCII only.
async function backfill(db: Kysely<unknown>): Promise<void> {
  const batch = 1000;
  let after = "";
  for (;;) {
    const { rows } = await sql<{
      id: string;
      display_name: string;
      given_name: string | null;
      surname: string | null;
      mail: string | null;
    }>`select id, display_name, given_name, surname, mail from users
       where id > ${after} order by id limit ${batch}`.execute(db);
    const last = rows.at(-1);
    if (!last) return;
    const values = sql.join(
      rows.map(
        (r) =>
          sql`(${r.id}, ${key(r.display_name)}, ${key(r.given_name)}, ${key(r.surname)}, ${key(r.mail)})`,
      ),
    );
    // VALUES columns are column1..column5 on both databases.
    await sql`update users set display_name_key = v.column2, given_name_key = v.column3,
              surname_key = v.column4, mail_key = v.column5
              from (values ${values}) as v where users.id = v.column1`.execute(db);
    after = last.id;
  }
}
