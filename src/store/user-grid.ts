import {
  sql,
  type Expression,
  type ExpressionBuilder,
  type RawBuilder,
  type SqlBool,
} from "kysely";
import type { UserFilter, UserSort, UserSortColumn } from "../domain/user-grid.js";
import { isUuid, readPageToken, writePageToken } from "../domain/page-token.js";
import type { Queryable } from "./database.js";
import type { Database, UserRow } from "./schema.js";
import { matches, MAX_USER_LIST_LIMIT } from "./user-list.js";
import { searchKey, toUser, type User } from "./users.js";

/** The position after which a page starts: the last row's sort value and id. */
export interface UserGridCursor {
  value: string | number;
  id: string;
}

export interface UserGridQuery {
  organisationId: string;
  sort: UserSort;
  filter?: UserFilter;
  /** The instant "locked out now" means. */
  now: number;
  /**
   * Prefix of a name, User ID or mail, tested on each row the sort reads: for the small sets
   * (locked, administrators); the whole directory is searched by store/user-list.ts.
   */
  search?: string;
  after?: UserGridCursor;
  limit: number;
}

type Users = ExpressionBuilder<Database, "users">;

/**
 * What each column sorts by, exactly as migrations 0003 and 0014 index it (a database uses an
 * expression index only for the same expression): keys compare byte by byte, and a time never
 * set sorts as 0.
 */
const SORTED_BY: Record<UserSortColumn, RawBuilder<unknown>> = {
  name: sql`users.display_name_key`,
  userId: sql`users.user_principal_name_key`,
  lastSignIn: sql`coalesce(users.last_sign_in_at, 0)`,
  passwordChanged: sql`coalesce(users.password_changed_at, 0)`,
};

function sortValue(row: UserRow, by: UserSortColumn): string | number {
  switch (by) {
    case "name":
      return row.display_name_key;
    case "userId":
      return row.user_principal_name_key;
    case "lastSignIn":
      return row.last_sign_in_at ?? 0;
    case "passwordChanged":
      return row.password_changed_at ?? 0;
  }
}

/**
 * The filters with a partial index over the users they keep (migrations 0010, 0013, 0014):
 * the condition as that index's WHERE says it, and the same condition written so that no
 * index serves it (`+ 0`, `|| ''`), to be tested on each entry of the sort's index instead.
 */
const NARROWING: Partial<Record<UserFilter, { indexed: SqlCondition; tested: SqlCondition }>> = {
  blocked: {
    indexed: sql`users.account_enabled = 0`,
    tested: sql`users.account_enabled + 0 = 0`,
  },
  mustChange: {
    indexed: sql`users.force_change_password = 1`,
    tested: sql`users.force_change_password + 0 = 1`,
  },
  onPremises: {
    indexed: sql`users.password_managed = 'onPremises'`,
    tested: sql`users.password_managed || '' = 'onPremises'`,
  },
};
type SqlCondition = RawBuilder<SqlBool>;

/**
 * Up to this many users a narrowing filter keeps are read through its own index and sorted;
 * more are found by reading the sort's index in order, testing each entry. For a page of 50
 * the two cost about the same here: sorting 5,000 rows, or reading past 100 entries per match.
 */
const SORTED_AT_MOST = 5_000;

/** Tuning for tests and benchmarks; the defaults are what production uses. */
export interface UserGridOptions {
  /** Up to how many users a narrowing filter keeps are sorted rather than found in order. */
  sortedAtMost?: number;
}

/**
 * One page of the organisation's live users in any sort order of the grid, in one of two
 * ways: reading the column's list index from the cursor, the filters tested in the index
 * (migrations 0003 and 0014); or, for a filter that keeps few users (the locked, the
 * administrators, a narrowing filter's few), those users sorted.
 */
export async function listUsersSorted(
  q: Queryable,
  query: UserGridQuery,
  options: UserGridOptions = {},
): Promise<{ users: User[]; next?: UserGridCursor }> {
  const { limit, sort, after } = query;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_USER_LIST_LIMIT) {
    throw new RangeError(`limit must be an integer from 1 to ${MAX_USER_LIST_LIMIT}`);
  }
  const sortedBy = SORTED_BY[sort.by];
  const direction = sort.descending ? sql`desc` : sql`asc`;
  const beyond = sort.descending ? sql`<` : sql`>`;
  const prefix = searchKey(query.search ?? "");
  const condition = await conditionOf(q, query, options.sortedAtMost ?? SORTED_AT_MOST);
  const take = limit + 1;
  /** The page's candidates among the organisation's live users the filter keeps, in order. */
  const arm = (position: SqlCondition | undefined, byIdOnly = false) =>
    q.db
      .selectFrom("users")
      .selectAll("users")
      .select(sql<string | number>`${sortedBy}`.as("sort_value"))
      .where("users.organisation_id", "=", query.organisationId)
      .where(sql<SqlBool>`users.deleted_at is null`)
      .$if(condition !== undefined, (qb) => qb.where((eb) => condition?.(eb) ?? sql<SqlBool>`true`))
      .$if(prefix !== "", (qb) => qb.where(matches("users", prefix)))
      .$if(position !== undefined, (qb) => qb.where(position ?? sql<SqlBool>`true`))
      .$if(!byIdOnly, (qb) => qb.orderBy(sql`${sortedBy} ${direction}`))
      .orderBy(sql`users.id ${direction}`)
      .limit(take);
  // After a cursor, two index ranges: the rest of its tie (same value, ids beyond), then the
  // values beyond it. One range `value <= v and (value < v or id < x)` reads every tie first:
  // 300,000 users who never signed in share one value (712 ms on PostgreSQL).
  const rows = after
    ? await q.db
        .selectFrom((db) =>
          db
            .selectFrom(
              arm(
                sql<SqlBool>`${sortedBy} = ${after.value} and users.id ${beyond} ${after.id}`,
                true,
              ).as("tie"),
            )
            .selectAll()
            .unionAll(
              db
                .selectFrom(arm(sql<SqlBool>`${sortedBy} ${beyond} ${after.value}`).as("beyond"))
                .selectAll(),
            )
            .as("page"),
        )
        .selectAll()
        .orderBy(sql`page.sort_value ${direction}`)
        .orderBy(sql`page.id ${direction}`)
        .limit(take)
        .execute()
    : await arm(undefined).execute();
  const users = rows.slice(0, limit).map(toUser);
  const last = rows[limit - 1];
  return rows.length > limit && last
    ? { users, next: { value: sortValue(last, sort.by), id: last.id } }
    : { users };
}

/** The filter's condition on users, or none for everyone. */
async function conditionOf(
  q: Queryable,
  query: UserGridQuery,
  sortedAtMost: number,
): Promise<((eb: Users) => Expression<SqlBool>) | undefined> {
  const filter = query.filter ?? "all";
  const narrowing = NARROWING[filter];
  if (narrowing) {
    const kept = await countUpTo(q, query.organisationId, narrowing.indexed, sortedAtMost + 1);
    const few = kept <= sortedAtMost;
    const condition = few ? narrowing.indexed : narrowing.tested;
    return () => condition;
  }
  switch (filter) {
    case "enabled":
      return () => sql<SqlBool>`users.account_enabled = 1`;
    case "locked":
      return (eb) =>
        eb(
          "users.id",
          "in",
          eb
            .selectFrom("sign_in_lockouts")
            .select("sign_in_lockouts.user_id")
            .where("sign_in_lockouts.locked_until", ">", query.now),
        );
    case "admins":
      return (eb) =>
        eb(
          "users.id",
          "in",
          eb
            .selectFrom("role_assignments")
            .select("role_assignments.principal_id")
            .where("role_assignments.organisation_id", "=", query.organisationId),
        );
    default:
      return undefined;
  }
}

/** How many live users the condition keeps, counted through its partial index up to `most`. */
async function countUpTo(
  q: Queryable,
  organisationId: string,
  condition: SqlCondition,
  most: number,
): Promise<number> {
  const row = await q.db
    .selectFrom((db) =>
      db
        .selectFrom("users")
        .select("users.id")
        .where("users.organisation_id", "=", organisationId)
        .where(sql<SqlBool>`users.deleted_at is null and ${condition}`)
        .limit(most)
        .as("kept"),
    )
    .select((eb) => eb.fn.countAll<number | string>().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

// The cursor travels as an opaque page token (?after=): [column, descending, value, id].
export function encodeGridCursor(sort: UserSort, cursor: UserGridCursor): string {
  return writePageToken([sort.by, sort.descending, cursor.value, cursor.id]);
}

/**
 * The cursor in a token encodeGridCursor made for this sort, or undefined: not a page token,
 * another sort's token, a value of the wrong kind for the column.
 */
export function decodeGridCursor(token: string, sort: UserSort): UserGridCursor | undefined {
  const [by, descending, value, id] = readPageToken(token, 4) ?? [];
  if (by !== sort.by || descending !== sort.descending || !isUuid(id)) return undefined;
  const textual = sort.by === "name" || sort.by === "userId";
  if (textual) {
    return typeof value === "string" && value.length <= 1024 ? { value, id } : undefined;
  }
  return Number.isSafeInteger(value) && (value as number) >= 0
    ? { value: value as number, id }
    : undefined;
}
