/** Retries: 30 s after the first failure, doubling each time, never more than an hour apart. */
export const FIRST_RETRY_MS = 30_000;
export const MAX_RETRY_MS = 60 * 60_000;
/** After this many failed attempts (about 13 hours of trying) a message is given up. */
export const MAX_ATTEMPTS = 20;

/** When to try again after `failedAttempts` failures (1 or more); null means give up. */
export function nextAttemptAt(now: number, failedAttempts: number): number | null {
  if (failedAttempts >= MAX_ATTEMPTS) return null;
  const delay = Math.min(FIRST_RETRY_MS * 2 ** (failedAttempts - 1), MAX_RETRY_MS);
  return now + delay;
}
