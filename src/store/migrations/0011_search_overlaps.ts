import { sql, type Kysely } from "kysely";

/**
 * A field's search overlap now counts the leading characters it shares with the display name
 * or with any field searched before it (given name, surname, User ID, mail; store/users.ts
 * searchOverlap), not with the display name alone. Emma Bakker's User ID emma.bakker@ and mail
 * share "emma" with her given name, so a search for "emma" no longer reads her in three
 * indexes: it reads the Emmas listed under another name once, by given name. The given name's
 * overlap is unchanged; the others are computed again for every user.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Most users' overlaps change, and every change moves entries in each field's search index:
  // writing a million users through those indexes takes minutes, building them again seconds.
  for (const field of CHANGED) await db.schema.dropIndex(`users_live_${field}_search`).execute();
  await recompute(db);
  // As migration 0003 made them.
  for (const field of CHANGED) {
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
  // SQLite forgets a dropped index's statistics. Where the store had been analysed, the other
  // indexes keep theirs, and the planner, weighing indexes with statistics against indexes
  // without, reads a million rows for a page: give the new ones theirs.
  if (!(await isPostgres(db)) && (await hasSqliteStatistics(db))) {
    for (const field of CHANGED)
      await sql`analyze ${sql.id(`users_live_${field}_search`)}`.execute(db);
  }
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

async function hasSqliteStatistics(db: Kysely<unknown>): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`
    select count(*) as n from sqlite_master where name = 'sqlite_stat1'`.execute(db);
  return Number(rows[0]?.n ?? 0) > 0;
}

/** The fields whose overlap this migration computes again (the given name's is unchanged). */
const CHANGED = ["surname", "user_principal_name", "mail"] as const;

async function recompute(db: Kysely<unknown>): Promise<void> {
  const batch = 1_000;
  let after = "";
  for (;;) {
    const { rows } = await sql<{
      id: string;
      display_name_key: string;
      given_name_key: string | null;
      surname_key: string | null;
      user_principal_name_key: string;
      mail_key: string | null;
      surname_overlap: number | null;
      user_principal_name_overlap: number;
      mail_overlap: number | null;
    }>`select id, display_name_key, given_name_key, surname_key, user_principal_name_key, mail_key,
              surname_overlap, user_principal_name_overlap, mail_overlap
       from users where id > ${after} order by id limit ${batch}`.execute(db);
    const last = rows.at(-1);
    if (!last) return;
    // Only the users whose overlaps change are written: each write moves index entries.
    const changed = rows.flatMap((r) => {
      const display = r.display_name_key;
      const earlier = [r.given_name_key, r.surname_key];
      const next = [
        overlap(r.surname_key, display, [r.given_name_key]),
        overlap(r.user_principal_name_key, display, earlier),
        overlap(r.mail_key, display, [...earlier, r.user_principal_name_key]),
      ];
      const now = [r.surname_overlap, r.user_principal_name_overlap, r.mail_overlap];
      return next.every((value, i) => value === now[i])
        ? []
        : [sql`(${sql.join([r.id, ...next])})`];
    });
    after = last.id;
    if (changed.length === 0) continue;
    // VALUES columns are column1..column4 on both databases (and text on PostgreSQL).
    await sql`update users set surname_overlap = cast(v.column2 as integer),
              user_principal_name_overlap = cast(v.column3 as integer),
              mail_overlap = cast(v.column4 as integer)
              from (values ${sql.join(changed)}) as v where users.id = v.column1`.execute(db);
  }
}

// The overlap store/users.ts computes on every write, frozen here (a migration never changes).
const CAP = 16;

function shared(a: string, b: string): number {
  const x = [...a.slice(0, 2 * CAP)];
  const y = [...b.slice(0, 2 * CAP)];
  let n = 0;
  while (n < CAP && n < x.length && x[n] === y[n]) n++;
  return n;
}

function overlap(key: string | null, display: string, earlier: (string | null)[]): number | null {
  if (key === null) return null;
  return Math.max(
    ...[display, ...earlier].map((other) => (other === null ? 0 : shared(key, other))),
  );
}
