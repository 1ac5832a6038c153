import type { DeliveryChannel } from "../domain/methods.js";
import type { CodeRecord } from "../domain/one-time-code.js";
import type { Queryable } from "./database.js";
import type { OneTimeCodesTable } from "./schema.js";
import type { Selectable } from "kysely";

function toRecord(row: Selectable<OneTimeCodesTable>): CodeRecord {
  return {
    id: row.id,
    purpose: row.purpose,
    userId: row.user_id,
    codeHash: row.code_hash,
    attempts: row.attempts,
    expiresAt: row.expires_at,
    usedAt: row.used_at,
    createdAt: row.created_at,
  };
}

export async function insertCode(
  q: Queryable,
  record: CodeRecord & { channel: DeliveryChannel },
): Promise<void> {
  await q.db
    .insertInto("one_time_codes")
    .values({
      id: record.id,
      purpose: record.purpose,
      user_id: record.userId,
      channel: record.channel,
      code_hash: record.codeHash,
      attempts: record.attempts,
      expires_at: record.expiresAt,
      used_at: record.usedAt,
      created_at: record.createdAt,
    })
    .execute();
}

/** The latest unused code of a purpose (a new code supersedes the ones before it). */
export async function findLatestCode(
  q: Queryable,
  userId: string,
  purpose: string,
): Promise<CodeRecord | undefined> {
  const row = await q.db
    .selectFrom("one_time_codes")
    .selectAll()
    .where("user_id", "=", userId)
    .where("purpose", "=", purpose)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return row && toRecord(row);
}

/** Counts an attempt before the code is checked; returns the record as it now stands. */
export async function countAttempt(q: Queryable, id: string): Promise<CodeRecord | undefined> {
  await q.db
    .updateTable("one_time_codes")
    .set((eb) => ({ attempts: eb("attempts", "+", 1) }))
    .where("id", "=", id)
    .execute();
  const row = await q.db
    .selectFrom("one_time_codes")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirst();
  return row && toRecord(row);
}

/**
 * Marks the code used, if it still is usable: of two racing uses exactly one gets `true`
 * (the conditional update is atomic on SQLite and PostgreSQL alike).
 */
export async function consumeCode(
  q: Queryable,
  id: string,
  at: number,
  maxAttempts: number,
): Promise<boolean> {
  const result = await q.db
    .updateTable("one_time_codes")
    .set({ used_at: at })
    .where("id", "=", id)
    .where("used_at", "is", null)
    .where("attempts", "<=", maxAttempts)
    .where("expires_at", ">", at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** How many codes went to the user on `channel` since `since` (SPEC [S11] send limits). */
export async function countCodesSent(
  q: Queryable,
  userId: string,
  channels: readonly DeliveryChannel[],
  since: number,
): Promise<number> {
  const row = await q.db
    .selectFrom("one_time_codes")
    .select((eb) => eb.fn.countAll<number | string>().as("count"))
    .where("user_id", "=", userId)
    .where("channel", "in", channels)
    .where("created_at", ">=", since)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
