import {
  sql,
  type Expression,
  type ExpressionBuilder,
  type SelectQueryBuilder,
  type SqlBool,
} from "kysely";
import { isUuid, readPageToken, writePageToken } from "../domain/page-token.js";
import type { Queryable } from "./database.js";
import type { Database } from "./schema.js";
import { SEARCH_OVERLAP_CAP, searchKey, toUser, type User } from "./users.js";

/** The position after which a page starts: the last row of the previous page. */
export interface UserListCursor {
  /** The row's display name key (lowercased NFC display name). */
  nameKey: string;
  id: string;
}

export interface UserListQuery {
  organisationId: string;
  /**
   * Case-insensitive "starts with" on display name, given name, surname, User ID and mail
   * (like Microsoft Graph's $search/startsWith). Empty = everyone.
   */
  search?: string;
  filter?: {
    enabled?: boolean;
    /** true: passwords managed on-premises; false: in the cloud (Sesame). */
    onPremises?: boolean;
    /** Only users holding at least one administrator role. */
    adminsOnly?: boolean;
    /** false (default): live users; true: the deleted ones. */
    deleted?: boolean;
  };
  /** Keyset cursor: the (display name key, id) of the last row of the previous page. */
  after?: UserListCursor;
  /** 1..999 */
  limit: number;
}

export interface UserListPage {
  users: User[];
  /** Present when more users follow: pass it as `after` for the next page. */
  next?: UserListCursor;
}

export const MAX_USER_LIST_LIMIT = 999;

/**
 * A search first reads a window of the list: this many rows per row of the page (5,000 to
 * 50,000), in order and from the index alone, keeping the matches; only when they do not fill
 * the page does it look the prefix up in each field's index and sort those matches instead.
 * Reading 5,000 index entries takes about a millisecond.
 */
const WINDOW_PER_ROW = 100;
const WINDOW_MIN = 5_000;
const WINDOW_MAX = 50_000;

/** Tuning for tests and benchmarks; the defaults are what production uses. */
export interface UserListOptions {
  /** How many rows of the list a search reads before looking in each field's index. */
  searchWindow?: number;
}

type Users = ExpressionBuilder<Database, "users">;
/** The fields a search looks in, other than the display name (which orders the list). */
const OTHER_FIELDS = ["given_name", "surname", "user_principal_name", "mail"] as const;

/**
 * One page of the organisation's users, sorted by display name (case-insensitive), then id.
 * Keyset pagination only; one statement per page. See migrations 0003 and 0010 for the indexes.
 */
export async function listUsers(
  q: Queryable,
  query: UserListQuery,
  options: UserListOptions = {},
): Promise<UserListPage> {
  const { limit } = query;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_USER_LIST_LIMIT) {
    throw new RangeError(`limit must be an integer from 1 to ${MAX_USER_LIST_LIMIT}`);
  }
  const take = limit + 1; // one more tells whether another page follows
  const prefix = searchKey(query.search ?? "");
  const filter = query.filter ?? {};

  let page;
  if (filter.adminsOnly) page = adminsPage(q, query, prefix, take);
  else if (filter.deleted || prefix === "") page = orderedPage(q, query, prefix, take);
  else {
    const window =
      options.searchWindow ?? Math.min(WINDOW_MAX, Math.max(WINDOW_MIN, WINDOW_PER_ROW * take));
    page = searchPage(q, query, prefix, take, window);
  }
  const rows = await page.execute();

  const users = rows.slice(0, limit).map(toUser);
  const last = rows[limit - 1];
  return rows.length > limit && last
    ? { users, next: { nameKey: last.display_name_key, id: last.id } }
    : { users };
}

/**
 * Which rows of the list a query reads, on columns the list index holds: the organisation,
 * live or deleted users, the filters (except adminsOnly) and, unless told not to, the cursor.
 */
function listed(
  eb: Users,
  query: UserListQuery,
  parts: { filters?: boolean; cursor?: boolean } = {},
): Expression<SqlBool> {
  const filter = query.filter ?? {};
  const terms: Expression<SqlBool>[] = [
    eb("users.organisation_id", "=", query.organisationId),
    eb("users.deleted_at", filter.deleted ? "is not" : "is", null),
  ];
  const filters = filtered("users", query.filter);
  if (filters && parts.filters !== false) terms.push(filters);
  if (parts.cursor !== false && query.after) terms.push(afterCursor(eb, query.after));
  return eb.and(terms);
}

/**
 * The rows a search's window reads: the list from the cursor, or the blocked users' list
 * (migration 0010) when only they are wanted, since among everyone a window holds few of them.
 * The other filters are tested on the window's rows.
 */
function windowed(eb: Users, query: UserListQuery): Expression<SqlBool> {
  const rows = listed(eb, query, { filters: false });
  // A literal, as in the index's WHERE, so that each database sees the index applies.
  return query.filter?.enabled === false
    ? eb.and([rows, sql<SqlBool>`users.account_enabled = 0`])
    : rows;
}

/** The enabled and on-premises filters on `table` (users, or a subquery with those columns). */
function filtered(
  table: string,
  filter: UserListQuery["filter"] = {},
): Expression<SqlBool> | undefined {
  const terms: Expression<SqlBool>[] = [];
  if (filter.enabled !== undefined) {
    terms.push(sql<SqlBool>`${sql.ref(`${table}.account_enabled`)} = ${filter.enabled ? 1 : 0}`);
  }
  if (filter.onPremises !== undefined) {
    const managed = filter.onPremises ? "onPremises" : "cloud";
    terms.push(sql<SqlBool>`${sql.ref(`${table}.password_managed`)} = ${managed}`);
  }
  return terms.length === 0 ? undefined : sql<SqlBool>`(${sql.join(terms, sql` and `)})`;
}

function afterCursor(eb: Users, after: UserListCursor): Expression<SqlBool> {
  return eb(
    eb.refTuple("users.display_name_key", "users.id"),
    ">",
    eb.tuple(after.nameKey, after.id),
  );
}

/**
 * `column` starts with prefix, as an index range (byte order; see migration 0003). With
 * `onlyIf`, the range is empty unless that holds (see `below`).
 */
function startsWith(column: string, prefix: string, onlyIf?: Expression<SqlBool>) {
  return sql<SqlBool>`(${sql.ref(column)} >= ${prefix} and ${below(column, prefix, onlyIf)})`;
}

/**
 * `column` sorts before every string that starts with prefix's successor: the end of the
 * prefix range. With `onlyIf`, the bound is `CASE WHEN onlyIf THEN end ELSE prefix END`, which
 * both databases compute once before the scan, so when it is false the range is empty and no
 * index entry is read (a plain `AND onlyIf` term would be tested on every entry by SQLite).
 */
function below(column: string, prefix: string, onlyIf?: Expression<SqlBool>) {
  const ref = sql.ref(column);
  const end = prefixEnd(prefix);
  // No end: every character is U+10FFFF (not a real search); only the condition remains.
  if (end === undefined) return onlyIf ?? sql<SqlBool>`1 = 1`;
  if (!onlyIf) return sql<SqlBool>`${ref} < ${end}`;
  return sql<SqlBool>`${ref} < case when ${onlyIf} then ${end} else ${prefix} end`;
}

/** Any searchable field of `table` (users or a subquery with its key columns) starts with prefix. */
export function matches(table: string, prefix: string): Expression<SqlBool> {
  const terms = ["display_name", ...OTHER_FIELDS].map((field) =>
    startsWith(`${table}.${field}_key`, prefix),
  );
  return sql<SqlBool>`(${sql.join(terms, sql` or `)})`;
}

/** The whole rows of the page whose (id, display_name_key) the keys subquery yields, in order. */
function rowsOf<DB, TB extends keyof DB>(
  q: Queryable,
  keys: SelectQueryBuilder<DB, TB, { id: string; display_name_key: string }>,
  take: number,
) {
  return q.db
    .selectFrom(keys.as("page"))
    .innerJoin("users", "users.id", "page.id")
    .selectAll("users")
    .orderBy("page.display_name_key")
    .orderBy("page.id")
    .limit(take);
}

/**
 * Everyone (or the deleted users): the list index in order from the cursor, filters read from
 * the index itself, then the page's rows by primary key.
 */
function orderedPage(q: Queryable, query: UserListQuery, prefix: string, take: number) {
  const keys = q.db
    .selectFrom("users")
    .select(["users.id", "users.display_name_key"])
    .where((eb) => listed(eb, query))
    // Deleted users are few: a search among them reads their whole (small) index.
    .$if(prefix !== "", (qb) => qb.where(matches("users", prefix)))
    .orderBy("users.display_name_key")
    .orderBy("users.id")
    .limit(take);
  return rowsOf(q, keys, take);
}

/** Administrators are few: start from the role assignments of the organisation, then sort. */
function adminsPage(q: Queryable, query: UserListQuery, prefix: string, take: number) {
  return q.db
    .selectFrom("users")
    .selectAll("users")
    .where((eb) => listed(eb, query))
    .where("users.id", "in", (eb) =>
      eb
        .selectFrom("role_assignments")
        .select("role_assignments.principal_id")
        .where("role_assignments.organisation_id", "=", query.organisationId),
    )
    .$if(prefix !== "", (qb) => qb.where(matches("users", prefix)))
    .orderBy("users.display_name_key")
    .orderBy("users.id")
    .limit(take);
}

/**
 * A prefix search, in one statement with two strategies:
 *
 * - `found`: the matches (search and filters) among the next `window` rows of the list,
 *   read in order from the list index alone and stopping once the page is full. `edge` is
 *   the display name key the window ends at (its rows read without testing anything), so
 *   the matches are one index range, tested in the index and never sorted. A common prefix
 *   ("j") ends here.
 * - `further`: whether that window was full yet held too few matches (a rare prefix, a full
 *   User ID). Only then are these read: the display-name range in order (up to a page), and
 *   each other field's range, but only at overlaps below the prefix's length (migrations 0003
 *   and 0011), which leaves out the users found by display name or by an earlier field:
 *   searching "emma" reads the users called Emma whose display name starts otherwise, once
 *   (by given name, not again by User ID and mail), not every Emma. They are merged and
 *   sorted. Both databases compute `further` once, and when it is false the CASE in the range
 *   bounds (`below`) makes every one of these ranges empty.
 */
function searchPage(
  q: Queryable,
  query: UserListQuery,
  prefix: string,
  take: number,
  window: number,
) {
  const further = sql<SqlBool>`(select go from further)`;
  const keys = q.db
    .with(
      (wb) => wb("win").materialized(),
      (db) =>
        db
          .selectFrom("users")
          .select("users.display_name_key")
          .where((eb) => windowed(eb, query))
          .orderBy("users.display_name_key")
          .orderBy("users.id")
          .limit(window),
    )
    .with(
      (wb) => wb("edge").materialized(),
      (db) =>
        db
          .selectFrom("win")
          .select((eb) => [eb.fn.max("win.display_name_key").as("last"), eb.fn.countAll().as("n")]),
    )
    .with(
      (wb) => wb("found").materialized(),
      (db) =>
        db
          .selectFrom("users")
          .select(["users.id", "users.display_name_key"])
          .where((eb) => windowed(eb, query))
          // No row after the cursor: no edge, and nothing found.
          .where("users.display_name_key", "<=", (eb) => eb.selectFrom("edge").select("edge.last"))
          .where(matches("users", prefix))
          .$call((qb) => {
            const filters = filtered("users", query.filter);
            return filters ? qb.where(filters) : qb;
          })
          .orderBy("users.display_name_key")
          .orderBy("users.id")
          .limit(take),
    )
    .with(
      (wb) => wb("further").materialized(),
      (db) =>
        db.selectNoFrom((eb) => [
          eb
            .and([
              eb(
                eb.selectFrom("found").select((e) => e.fn.countAll().as("n")),
                "<",
                take,
              ),
              eb(eb.selectFrom("edge").select("edge.n"), "=", window),
            ])
            .as("go"),
        ]),
    )
    .selectFrom("found")
    .select(["found.id", "found.display_name_key"])
    .union((db) =>
      db
        .selectFrom((inner) =>
          inner
            .selectFrom("users")
            .select(["users.id", "users.display_name_key"])
            .where((eb) => listed(eb, query, { cursor: false }))
            .where((eb) => displayNameFrom(eb, query.after, prefix, further))
            .orderBy("users.display_name_key")
            .orderBy("users.id")
            .limit(take)
            .as("d"),
        )
        .select(["d.id", "d.display_name_key"]),
    );
  // Users whose display name starts with the prefix are found above; in a field's index, only
  // those sharing fewer leading characters with their display name and every earlier field
  // than the prefix has can be missing (store/users.ts searchOverlap). (Overlaps are capped: a longer prefix reads all of them, which is few.)
  const overlaps = Array.from(
    { length: Math.min([...prefix].length - 1, SEARCH_OVERLAP_CAP) + 1 },
    (_, n) => n,
  );
  const byField = (field: (typeof OTHER_FIELDS)[number]) =>
    q.db
      .selectFrom("users")
      .select(["users.id", "users.display_name_key"])
      .where((eb) => listed(eb, query))
      .where(`users.${field}_overlap`, "in", overlaps)
      .where(startsWith(`users.${field}_key`, prefix, further));
  const candidates = OTHER_FIELDS.reduce((all, field) => all.union(byField(field)), keys);
  // Sorted outside the UNION: an ORDER BY on the compound itself makes SQLite merge the arms
  // in order, reading each field's matches through the list index instead of its own.
  return rowsOf(
    q,
    q.db
      .selectFrom(candidates.as("candidate"))
      .select(["candidate.id", "candidate.display_name_key"])
      .orderBy("candidate.display_name_key")
      .orderBy("candidate.id")
      .limit(take),
    take,
  );
}

/**
 * Display names from the cursor on that start with prefix, given to the index as one range: a
 * lower bound that is either the cursor or the prefix, whichever comes later (both at once
 * would make SQLite range over one and test the other on every entry).
 */
function displayNameFrom(
  eb: Users,
  after: UserListCursor | undefined,
  prefix: string,
  onlyIf: Expression<SqlBool>,
): Expression<SqlBool> {
  const range = startsWith("users.display_name_key", prefix, onlyIf);
  if (!after) return range;
  // Byte order, as the databases compare keys.
  if (Buffer.compare(Buffer.from(after.nameKey), Buffer.from(prefix)) < 0) return range;
  // The cursor lies in the range: it is the lower bound; keep only the range's end.
  return eb.and([afterCursor(eb, after), below("users.display_name_key", prefix, onlyIf)]);
}

/**
 * The least string greater than every string that starts with prefix, in code point order
 * (which is byte order in UTF-8): the prefix with its last character incremented. Undefined
 * when there is none (every character is U+10FFFF).
 */
export function prefixEnd(prefix: string): string | undefined {
  const points = [...prefix];
  while (points.length > 0) {
    const last = points.pop()?.codePointAt(0) ?? 0;
    if (last < 0x10ffff) {
      const next = last + 1 === 0xd800 ? 0xe000 : last + 1; // skip the surrogates
      return points.join("") + String.fromCodePoint(next);
    }
  }
  return undefined;
}

// The cursor travels as an opaque page token ($skiptoken, ?after=): [key, id].
export function encodeCursor(cursor: UserListCursor): string {
  return writePageToken([cursor.nameKey, cursor.id]);
}

/**
 * The cursor in a token, or undefined when the token is not one encodeCursor made: not a
 * page token, not a [key, uuid] pair, a key that is not in key form.
 */
export function decodeCursor(token: string): UserListCursor | undefined {
  const [nameKey, id] = readPageToken(token, 2) ?? [];
  if (typeof nameKey !== "string" || !isUuid(id)) return undefined;
  if (nameKey.length === 0 || nameKey.length > 1024) return undefined;
  // Keys are trimmed and lowercased.
  if (nameKey.trim() !== nameKey || nameKey.toLowerCase() !== nameKey) return undefined;
  return { nameKey, id };
}
