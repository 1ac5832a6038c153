import type { Queryable } from "./database.js";

export interface ShownOnceRow {
  tokenHash: string;
  sessionHash: string;
  kind: string;
  sealedContent: string;
  expiresAt: number;
}

export async function insertShownOnce(q: Queryable, row: ShownOnceRow): Promise<void> {
  await q.db
    .insertInto("shown_once")
    .values({
      token_hash: row.tokenHash,
      session_hash: row.sessionHash,
      kind: row.kind,
      sealed_content: row.sealedContent,
      expires_at: row.expiresAt,
    })
    .execute();
}

/**
 * Takes a session's unexpired result: its kind and sealed content, emptied in the same step,
 * so of two racing reads exactly one gets it; the content is null when it was taken before.
 */
export async function takeShownOnce(
  q: Queryable,
  key: { tokenHash: string; sessionHash: string; now: number },
): Promise<{ kind: string; sealedContent: string | null } | undefined> {
  const row = await q.db
    .selectFrom("shown_once")
    .select(["kind", "sealed_content"])
    .where("token_hash", "=", key.tokenHash)
    .where("session_hash", "=", key.sessionHash)
    .where("expires_at", ">", key.now)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.sealed_content === null) return { kind: row.kind, sealedContent: null };
  const emptied = await q.db
    .updateTable("shown_once")
    .set({ sealed_content: null })
    .where("token_hash", "=", key.tokenHash)
    .where("sealed_content", "is not", null)
    .executeTakeFirst();
  if (Number(emptied.numUpdatedRows) !== 1) return { kind: row.kind, sealedContent: null };
  return { kind: row.kind, sealedContent: row.sealed_content };
}

export async function deleteExpiredShownOnce(q: Queryable, now: number): Promise<void> {
  await q.db.deleteFrom("shown_once").where("expires_at", "<=", now).execute();
}
