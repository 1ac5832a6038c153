/**
 * Retries: 15 s after the first failure, then 30 s, then once a minute, for a day.
 *
 * The cap is what an operator feels after an outage: whatever its length, every waiting
 * message is tried again within a minute of the relay's return. (With the hour's cap it
 * replaced, a 5-minute outage held the mail back 2.5 minutes after the relay was back, a
 * 2-hour one up to an hour.) A message that keeps failing costs one claim and one send
 * attempt a minute, which neither a relay nor the store notices at Sesame's volumes.
 *
 * Given up a day after it was written. A temporary password or a notice is worth
 * delivering hours late (the person is still locked out without it). A verification code
 * is useless after its 10 minutes, but a late one is harmless: its email says how long it
 * lasts and the code is refused when it has expired.
 */
export const FIRST_RETRY_MS = 15_000;
export const MAX_RETRY_MS = 60_000;
export const GIVE_UP_AFTER_MS = 24 * 60 * 60_000;

/**
 * When to try again a message written at `writtenAt` after `failedAttempts` failures (1 or
 * more); null means give up.
 */
export function nextAttemptAt(
  now: number,
  failedAttempts: number,
  writtenAt: number,
): number | null {
  const next = now + Math.min(FIRST_RETRY_MS * 2 ** (failedAttempts - 1), MAX_RETRY_MS);
  return next - writtenAt > GIVE_UP_AFTER_MS ? null : next;
}
