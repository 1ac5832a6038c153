import { sql, type Kysely } from "kysely";

/**
 * The administrators' user list and search at a million users (store/user-list.ts).
 *
 * Lowercased NFC "key" columns for display name, given name, surname and mail (the User ID
 * already has one). Keys compare byte by byte on both databases (SQLite's BINARY; COLLATE "C"
 * on PostgreSQL, whatever the database's collation), so a prefix search is the index range
 * `key >= prefix AND key < successor(prefix)` and the sort order is the same everywhere.
 *
 * Each other key has an "overlap": how many leading characters it shares with the display name
 * key (up to 16). A prefix no longer than that finds the user by display name, so a field's
 * search index is entered at overlaps below the prefix's length only: searching "emma" skips
 * the Emmas whose display names start with "Emma" in the given-name, User ID and mail indexes.
 *
 * Indexes are partial on live users (`deleted_at IS NULL`), which is what the list shows by
 * default; the few deleted users have one index of their own.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = await isPostgres(db);
  const binary = postgres ? sql`collate "C"` : sql``;

  await db.schema
    .alterTable("users")
    .addColumn("display_name_key", "text", (c) => c.modifyEnd(binary).notNull().defaultTo(""))
    .execute();
  for (const column of ["given_name_key", "surname_key", "mail_key"]) {
    await db.schema
      .alterTable("users")
      .addColumn(column, "text", (c) => c.modifyEnd(binary))
      .execute();
  }
  for (const column of ["given_name_overlap", "surname_overlap", "mail_overlap"]) {
    await db.schema.alterTable("users").addColumn(column, "integer").execute();
  }
  await db.schema
    .alterTable("users")
    .addColumn("user_principal_name_overlap", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
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
  // Each other searchable field: (overlap = n, key in prefix range) for each n below the
  // prefix's length, then (display_name_key, id) to sort the matches, and the filters.
  for (const field of ["given_name", "surname", "user_principal_name", "mail"]) {
    await db.schema
      .createIndex(`users_live_${field}_search`)
      .on("users")
      .columns([
        "organisation_id",
        `${field}_overlap`,
        `${field}_key`,
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

// The same keys and overlaps store/users.ts computes on every write, frozen here (a migration
// never changes), and computed in JavaScript: SQLite's lower() folds ASCII only.
const CAP = 16;

function key(text: string | null): string | null {
  return text === null ? null : text.trim().normalize("NFC").toLowerCase();
}

function overlap(fieldKey: string | null, displayNameKey: string): number | null {
  if (fieldKey === null) return null;
  const a = [...fieldKey.slice(0, 2 * CAP)];
  const b = [...displayNameKey.slice(0, 2 * CAP)];
  let n = 0;
  while (n < CAP && n < a.length && a[n] === b[n]) n++;
  return n;
}

async function backfill(db: Kysely<unknown>): Promise<void> {
  const batch = 500;
  let after = "";
  for (;;) {
    const { rows } = await sql<{
      id: string;
      display_name: string;
      given_name: string | null;
      surname: string | null;
      mail: string | null;
      user_principal_name_key: string;
    }>`select id, display_name, given_name, surname, mail, user_principal_name_key from users
       where id > ${after} order by id limit ${batch}`.execute(db);
    const last = rows.at(-1);
    if (!last) return;
    const values = sql.join(
      rows.map((r) => {
        const display = key(r.display_name) ?? "";
        const given = key(r.given_name);
        const surname = key(r.surname);
        const mail = key(r.mail);
        return sql`(${sql.join([
          r.id,
          display,
          given,
          overlap(given, display),
          surname,
          overlap(surname, display),
          overlap(r.user_principal_name_key, display),
          mail,
          overlap(mail, display),
        ])})`;
      }),
    );
    // VALUES columns are column1..column9 on both databases (and text on PostgreSQL).
    await sql`update users set display_name_key = v.column2,
              given_name_key = v.column3, given_name_overlap = cast(v.column4 as integer),
              surname_key = v.column5, surname_overlap = cast(v.column6 as integer),
              user_principal_name_overlap = cast(v.column7 as integer),
              mail_key = v.column8, mail_overlap = cast(v.column9 as integer)
              from (values ${values}) as v where users.id = v.column1`.execute(db);
    after = last.id;
  }
}
