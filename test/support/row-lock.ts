import { sql } from "kysely";
import type { Queryable, Store } from "../../src/store/database.js";
import { lockUserRow } from "../../src/store/users.js";

/**
 * A race played out in a fixed order (PostgreSQL): a transaction of the test, standing for
 * another instance, locks the user's row and does `inside`; then `request` starts, and the
 * transaction commits only once `request` is seen waiting for a lock. A request that does
 * not take the lock finishes first, without seeing `inside`, as a real race would let it.
 */
export async function raceAgainstHeldUserRow<T>(
  store: Store,
  userId: string,
  inside: (tx: Queryable) => Promise<void>,
  request: () => Promise<T>,
): Promise<T> {
  if (store.dialect !== "postgres") throw new Error("row locks are PostgreSQL's");
  let held!: () => void;
  const isHeld = new Promise<void>((resolve) => (held = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const holder = store.transaction(async (tx) => {
    await lockUserRow(tx, userId);
    await inside(tx);
    held();
    await released;
  });
  await isHeld;
  let finished = false;
  const pending = request().finally(() => (finished = true));
  while (!finished && !(await someoneWaitsForALock(store))) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  release();
  await holder;
  return pending;
}

async function someoneWaitsForALock(store: Store): Promise<boolean> {
  const { rows } = await sql<{ waiting: number }>`
    SELECT count(*)::int AS waiting FROM pg_stat_activity
    WHERE datname = current_database() AND wait_event_type = 'Lock'`.execute(store.db);
  return (rows[0]?.waiting ?? 0) > 0;
}
