import type { Queryable } from "./database.js";

/**
 * Records the use of a solved challenge. True for the first use only: the insert is
 * conditional on the primary key, so of two racing uses exactly one wins.
 */
export async function recordCaptchaUse(
  q: Queryable,
  signature: string,
  expiresAt: number,
): Promise<boolean> {
  const result = await q.db
    .insertInto("captcha_uses")
    .values({ signature, expires_at: expiresAt })
    .onConflict((conflict) => conflict.column("signature").doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Forgets uses whose challenges have expired; those payloads fail their expiry check. */
export async function deleteExpiredCaptchaUses(q: Queryable, now: number): Promise<void> {
  await q.db.deleteFrom("captcha_uses").where("expires_at", "<=", now).execute();
}
