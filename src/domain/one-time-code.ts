import { timingSafeEqual } from "node:crypto";

/**
 * One-time codes (SPEC [S11], STYLE "Codes done right"): 8 digits, single use, valid 10
 * minutes, stored only as an HMAC, bound to one purpose (registering method X for user Y,
 * or a reset flow). Pure: randomness, clock and HMAC are handed in.
 */
export const CODE_DIGITS = 8;
export const CODE_LIFETIME_MS = 10 * 60_000;
export const CODE_MAX_ATTEMPTS = 5;

/** The fingerprint purpose under which code HMACs are taken. */
export const CODE_FINGERPRINT_PURPOSE = "one-time-code";

/** A new 8-digit code from `randomInt(max)` (uniform in [0, max), e.g. node:crypto's randomInt). */
export function generateCode(randomInt: (max: number) => number): string {
  const value = randomInt(10 ** CODE_DIGITS);
  if (!Number.isInteger(value) || value < 0 || value >= 10 ** CODE_DIGITS) {
    throw new RangeError("randomInt returned a value out of range");
  }
  return String(value).padStart(CODE_DIGITS, "0");
}

/** The HMAC input: the purpose is part of it, so a code of one purpose never matches another. */
export function codeHashInput(purpose: string, code: string): string {
  return `${purpose}\u0000${code}`;
}

export interface CodeRecord {
  id: string;
  purpose: string;
  userId: string;
  codeHash: string;
  attempts: number;
  expiresAt: number;
  usedAt: number | null;
  createdAt: number;
}

export function issueCode(input: {
  id: string;
  purpose: string;
  userId: string;
  codeHash: string;
  now: number;
}): CodeRecord {
  return {
    id: input.id,
    purpose: input.purpose,
    userId: input.userId,
    codeHash: input.codeHash,
    attempts: 0,
    expiresAt: input.now + CODE_LIFETIME_MS,
    usedAt: null,
    createdAt: input.now,
  };
}

/**
 * Normalises what a person typed: spaces and dashes are ignored; anything else must be
 * `length` digits (an authenticator app's codes are shorter than ours).
 */
export function normaliseEnteredCode(entered: string, length = CODE_DIGITS): string | undefined {
  const digits = entered.replace(/[\s-]/g, "");
  return new RegExp(`^\\d{${length}}$`).test(digits) ? digits : undefined;
}

/**
 * Whether `enteredHash` proves `record` for `purpose` at `now`. The caller must already have
 * counted this attempt (attempts incremented BEFORE checking); `record.attempts` includes it.
 * Expired, used, exhausted, wrong purpose and wrong code all answer the same: false.
 */
export function codeMatches(
  record: CodeRecord,
  input: { purpose: string; userId: string; enteredHash: string | undefined; now: number },
): boolean {
  const usable =
    record.usedAt === null &&
    input.now < record.expiresAt &&
    record.attempts <= CODE_MAX_ATTEMPTS &&
    record.purpose === input.purpose &&
    record.userId === input.userId;
  // Compare in constant time whatever else holds, so timing tells nothing either.
  const expected = Buffer.from(record.codeHash, "utf8");
  const given = Buffer.from(input.enteredHash ?? "", "utf8");
  const same = expected.length === given.length && timingSafeEqual(expected, given);
  return usable && same && input.enteredHash !== undefined;
}
