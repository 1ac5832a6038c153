/**
 * Temporary passwords an administrator reads out or copies: no look-alike characters
 * (0/O/o, 1/l/I, 5/S, 2/Z, 8/B, quotes, backticks), 16 characters by default, with at
 * least one of each kind so they pass "3 of 4 kinds". Pure: randomness is passed in.
 */
const LOWER = "abcdefghijkmnpqrstuvwxyz";
const UPPER = "ACDEFGHJKLMNPQRTUVWXY";
const DIGITS = "34679";
const SYMBOLS = "!#%+=?@*-";
const ALPHABET = LOWER + UPPER + DIGITS + SYMBOLS;

/** Bits of entropy of a generated password of the given length (before the kind guarantee). */
export function generatedPasswordBits(length: number): number {
  return length * Math.log2(ALPHABET.length);
}

/** `randomBelow(n)` returns a uniformly random integer in [0, n). */
export function generatePassword(randomBelow: (n: number) => number, length = 16): string {
  if (length < 8) throw new RangeError("a generated password has at least 8 characters");
  const pick = (set: string) => set.charAt(randomBelow(set.length));
  const chars = [pick(LOWER), pick(UPPER), pick(DIGITS), pick(SYMBOLS)];
  while (chars.length < length) chars.push(pick(ALPHABET));
  // Fisher–Yates, so the guaranteed kinds are not always in front.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomBelow(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join("");
}
