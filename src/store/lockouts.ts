import { CLEAR_LOCKOUT, type LockoutState } from "../domain/lockout.js";
import type { Queryable } from "./database.js";
import type { LockoutRow } from "./schema.js";

export async function findLockout(q: Queryable, userId: string): Promise<LockoutState> {
  const row = await q.db
    .selectFrom("sign_in_lockouts")
    .selectAll()
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row ? toState(row) : CLEAR_LOCKOUT;
}

/** Which of these users are locked out at `now`: one query for a page of a list. */
export async function lockedAmong(
  q: Queryable,
  userIds: readonly string[],
  now: number,
): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await q.db
    .selectFrom("sign_in_lockouts")
    .select("user_id")
    .where("user_id", "in", [...userIds])
    .where("locked_until", ">", now)
    .execute();
  return new Set(rows.map((row) => row.user_id));
}

/**
 * Reads a user's lockout counters to change them. The row is created first when missing,
 * so that on PostgreSQL `FOR UPDATE` always has a row to lock and two instances counting
 * failures at once never lose one. (SQLite serialises write transactions by itself.)
 */
export async function findLockoutForUpdate(q: Queryable, userId: string): Promise<LockoutState> {
  await q.db
    .insertInto("sign_in_lockouts")
    .values({ user_id: userId, failed_count: 0, lockout_count: 0, recent_failures: "[]" })
    .onConflict((oc) => oc.column("user_id").doNothing())
    .execute();
  const row = await q.db
    .selectFrom("sign_in_lockouts")
    .selectAll()
    .where("user_id", "=", userId)
    .$if(q.dialect === "postgres", (qb) => qb.forUpdate())
    .executeTakeFirstOrThrow();
  return toState(row);
}

function toState(row: LockoutRow): LockoutState {
  return {
    failedCount: row.failed_count,
    lockoutCount: row.lockout_count,
    lockedUntil: row.locked_until,
    lastFailureAt: row.last_failure_at,
    recentFailures: JSON.parse(row.recent_failures) as string[],
  };
}

export async function saveLockout(
  q: Queryable,
  userId: string,
  state: LockoutState,
): Promise<void> {
  const values = {
    failed_count: state.failedCount,
    lockout_count: state.lockoutCount,
    locked_until: state.lockedUntil,
    last_failure_at: state.lastFailureAt,
    recent_failures: JSON.stringify(state.recentFailures),
  };
  await q.db
    .insertInto("sign_in_lockouts")
    .values({ user_id: userId, ...values })
    .onConflict((oc) => oc.column("user_id").doUpdateSet(values))
    .execute();
}

export async function clearLockout(q: Queryable, userId: string): Promise<void> {
  await q.db.deleteFrom("sign_in_lockouts").where("user_id", "=", userId).execute();
}
