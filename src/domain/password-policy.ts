/**
 * Password rules (SPEC: password policy). Decides whether a proposed new password is
 * acceptable and, when it is not, every reason why, so the form can tell the user what
 * to change in one round trip.
 *
 * Pure: no I/O, no clock, no randomness. The common-password list is built once at module
 * load; the zxcvbn estimator at the first strength check, from its offline dictionaries
 * (zxcvbn measures its own `calcTime` internally; we ignore it, the score does not
 * depend on it).
 *
 * All checks work on the NFC form of the password, because the same characters typed on
 * different systems may arrive composed ("é") or decomposed ("e" + U+0301). The caller
 * must hash that same NFC form (`password.normalize("NFC")`) or a user could fail to sign
 * in with the password they chose. The password is never trimmed or truncated.
 */
import { createRequire } from "node:module";
import type { ZxcvbnFactory } from "@zxcvbn-ts/core";

export interface PasswordRules {
  /** Minimum length in code points; never below 8 (NIST SP 800-63B). */
  minLength: number;
  /** Maximum length in code points; 256 by default, at most 1024 so hashing stays cheap. */
  maxLength: number;
  /** Azure-style "3 of 4 character kinds" complexity rule; off by default (NIST advises against it). */
  requireThreeOfFourKinds: boolean;
  /** Lowest acceptable zxcvbn score (0 = accept anything, 4 = very strong). */
  minimumStrength: 0 | 1 | 2 | 3 | 4;
  /** The organisation's own banned terms (brand names, products, local sports teams...). */
  bannedTerms: readonly string[];
}

/** Lowest minimum length an organisation may configure. */
const ABSOLUTE_MIN_LENGTH = 8;
/** Highest maximum length an organisation may configure. */
const ABSOLUTE_MAX_LENGTH = 1024;
/** At most this many banned terms (Azure AD allows 1000), so checking stays fast. */
const MAX_BANNED_TERMS = 1000;
/** Longest accepted banned term, in code points. */
const MAX_BANNED_TERM_LENGTH = 64;
/** zxcvbn is slow on long input; it only sees this many leading code points. */
const STRENGTH_ESTIMATE_LENGTH = 100;
/**
 * Beyond this many code points only the length and control-character checks run: the
 * password is rejected anyway, and bounding the input keeps a huge paste from costing
 * more than a normal check. Up to here every reason is still reported, so a user who
 * pastes an over-long password also learns what else to fix.
 */
const CONTENT_CHECK_LIMIT = ABSOLUTE_MAX_LENGTH;
/** Banned terms shorter than this (after normalisation) are ignored. */
const MIN_BANNED_TERM_LENGTH = 3;
/** Only terms at least this long are also matched one edit away; shorter ones match too much. */
const MIN_FUZZY_TERM_LENGTH = 4;
/** Name parts shorter than this are ignored ("Li", "de"). */
const MIN_NAME_PART_LENGTH = 3;

export const DEFAULT_PASSWORD_RULES: PasswordRules = Object.freeze({
  minLength: ABSOLUTE_MIN_LENGTH,
  maxLength: 256,
  requireThreeOfFourKinds: false,
  minimumStrength: 2,
  bannedTerms: Object.freeze([]) as readonly string[],
});

export interface PasswordContext {
  /** Given name, surname, display name and user ID (e.g. "jan.devries@contoso.nl"). */
  userNames: readonly string[];
  organisationName: string;
}

/** Why a password was refused; listed in the order `checkPassword` reports them. */
export type PasswordRejection =
  | { code: "tooShort"; minLength: number }
  | { code: "tooLong"; maxLength: number }
  | { code: "controlCharacter" }
  | { code: "common" }
  | { code: "weak" }
  | { code: "banned"; term: string }
  | { code: "containsUserName" }
  | { code: "containsOrganisationName" }
  | { code: "needsThreeOfFourKinds" };

/**
 * Look-alike characters folded before banned-term and name matching, so "C0nt0$o"
 * matches "contoso". One target per character (1 is read as l, not i).
 */
const SUBSTITUTIONS: Readonly<Record<string, string>> = Object.freeze({
  "0": "o",
  "1": "l",
  "3": "e",
  "4": "a",
  "5": "s",
  "7": "t",
  $: "s",
  "@": "a",
  "!": "i",
});
const SUBSTITUTABLE = /[013457$@!]/g;

/**
 * Name and company-name parts that say nothing about the person or organisation, so a
 * password containing them is not refused for that: Dutch/German/Romance surname
 * particles ("van der Berg") and legal-form words ("Acme Inc"). Compared after
 * normalisation.
 */
const GENERIC_NAME_PARTS: ReadonlySet<string> = new Set(
  [
    "van",
    "von",
    "der",
    "den",
    "des",
    "del",
    "dos",
    "das",
    "het",
    "ten",
    "ter",
    "the",
    "and",
    "inc",
    "ltd",
    "llc",
    "plc",
    "corp",
    "gmbh",
  ].map((part) => normaliseForBannedMatch(part)),
);

interface Dictionaries {
  /** The 49k most common passwords (all lower case in the source), for O(1) look-up. */
  commonPasswords: ReadonlySet<string>;
  strength: ZxcvbnFactory;
}

/**
 * Built once, at the first password check rather than at start: loading the dictionaries
 * and ranking ~200k words took about a fifth of a cold start and ~50 MB that a server which
 * sets no password never needs. (Loaded with require, so `checkPassword` stays synchronous;
 * the packages ship CommonJS builds.)
 * Levenshtein matching stays off: it makes each check take hundreds of milliseconds.
 * l33tMaxSubstitutions is cut from 100 to 10: with 100, a 100-character password full of
 * look-alike symbols takes ~0.5 s of CPU (an easy denial of service on the reset form);
 * with 10 it takes ~60 ms, and real l33t passwords ("P@ssw0rd", "Ch0c0l4t3C4k3!") score
 * exactly the same.
 * maxLength is in UTF-16 units and generous, because we already cut the input to
 * STRENGTH_ESTIMATE_LENGTH code points and must not let zxcvbn split a surrogate pair.
 */
let loaded: Dictionaries | undefined;
function dictionaries(): Dictionaries {
  if (loaded) return loaded;
  const load = createRequire(import.meta.url);
  const core = load("@zxcvbn-ts/core") as typeof import("@zxcvbn-ts/core");
  const common = load("@zxcvbn-ts/language-common") as typeof import("@zxcvbn-ts/language-common");
  const english = load("@zxcvbn-ts/language-en") as typeof import("@zxcvbn-ts/language-en");
  loaded = {
    commonPasswords: new Set(
      common.dictionary["passwords-common"].map((entry) => entry.toLowerCase()),
    ),
    strength: new core.ZxcvbnFactory({
      translations: english.translations,
      graphs: common.adjacencyGraphs,
      dictionary: { ...common.dictionary, ...english.dictionary },
      l33tMaxSubstitutions: 10,
      maxLength: STRENGTH_ESTIMATE_LENGTH * 2,
    }),
  };
  return loaded;
}

/**
 * Folds text for banned-term and name matching:
 * 1. NFKD, so compatibility forms ("ﬁ", full-width "Ｃ") become plain letters and accents
 *    split off;
 * 2. lower case (locale-independent), then NFKD again for letters such as "İ";
 * 3. drop non-spacing marks, so "José" matches "jose";
 * 4. replace look-alikes: 0→o 1→l 3→e 4→a 5→s 7→t $→s @→a !→i;
 * 5. NFC, to recompose what step 1 split but step 3 kept (e.g. Hangul).
 * Separators and spaces are kept; the one-edit rule already tolerates a single one.
 */
export function normaliseForBannedMatch(text: string): string {
  return text
    .normalize("NFKD")
    .toLowerCase()
    .normalize("NFKD")
    .replace(/\p{Mn}/gu, "")
    .replace(SUBSTITUTABLE, (char) => SUBSTITUTIONS[char] ?? char)
    .normalize("NFC");
}

/**
 * Checks a proposed password against the rules. Returns every reason it is refused, in
 * the order of `PasswordRejection` (length first); an empty array means accepted.
 * `rules` should come from `validatePasswordRules`; a minimum below 8 is raised to 8.
 */
export function checkPassword(
  password: string,
  rules: PasswordRules,
  context: PasswordContext,
): PasswordRejection[] {
  const nfc = password.normalize("NFC");
  const codePoints = [...nfc];
  const length = codePoints.length;
  const minLength = Math.max(ABSOLUTE_MIN_LENGTH, rules.minLength);
  const rejections: PasswordRejection[] = [];

  if (length < minLength) rejections.push({ code: "tooShort", minLength });
  const tooLong = length > rules.maxLength;
  if (tooLong) rejections.push({ code: "tooLong", maxLength: rules.maxLength });
  // Cc covers tab, newline, DEL and the C1 controls. Cs: with the `u` flag only unpaired
  // surrogates match; they cannot be encoded as UTF-8, so hashing would silently turn
  // them into U+FFFD and different passwords would collide.
  if (/[\p{Cc}\p{Cs}]/u.test(nfc)) rejections.push({ code: "controlCharacter" });
  if (length > CONTENT_CHECK_LIMIT) return rejections;

  if (dictionaries().commonPasswords.has(nfc.toLowerCase())) rejections.push({ code: "common" });

  const nameTokens = context.userNames.flatMap(userNameTokens);
  const organisationTokens = nameVariants(normaliseForBannedMatch(context.organisationName));

  // Skipped when too long: zxcvbn is the expensive check and the password is refused anyway.
  if (!tooLong && rules.minimumStrength > 0) {
    const userInputs = [
      ...context.userNames,
      context.organisationName,
      ...nameTokens,
      ...organisationTokens,
      ...rules.bannedTerms,
    ].filter((input) => input.length > 0);
    const estimate = dictionaries().strength.check(
      codePoints.slice(0, STRENGTH_ESTIMATE_LENGTH).join(""),
      userInputs,
    );
    if (estimate.score < rules.minimumStrength) rejections.push({ code: "weak" });
  }

  const folded = normaliseForBannedMatch(nfc);
  const foldedPoints = toCodePoints(folded);
  const reported = new Set<string>();
  for (const term of rules.bannedTerms) {
    const normalisedTerm = normaliseForBannedMatch(term);
    if (reported.has(normalisedTerm)) continue;
    if (containsBannedTerm(folded, foldedPoints, normalisedTerm)) {
      reported.add(normalisedTerm);
      rejections.push({ code: "banned", term });
    }
  }

  if (nameTokens.some((token) => folded.includes(token))) {
    rejections.push({ code: "containsUserName" });
  }
  if (organisationTokens.some((token) => folded.includes(token))) {
    rejections.push({ code: "containsOrganisationName" });
  }

  if (rules.requireThreeOfFourKinds && countCharacterKinds(codePoints) < 3) {
    rejections.push({ code: "needsThreeOfFourKinds" });
  }
  return rejections;
}

/**
 * Builds complete rules from an organisation's partial settings, filling in the defaults.
 * Throws a RangeError naming the offending field for any invalid value (including a wrong
 * type or an unknown field, which is usually a typo in the configuration), so callers
 * need to catch only one error type. The result and its banned-term list are frozen copies.
 */
export function validatePasswordRules(input: Partial<PasswordRules>): PasswordRules {
  const known = new Set<string>(Object.keys(DEFAULT_PASSWORD_RULES));
  for (const key of Object.keys(input)) {
    if (!known.has(key)) throw new RangeError(`${key}: unknown password rule`);
  }

  const minLength = input.minLength ?? DEFAULT_PASSWORD_RULES.minLength;
  if (!Number.isInteger(minLength) || minLength < ABSOLUTE_MIN_LENGTH) {
    throw new RangeError(`minLength: must be a whole number of at least ${ABSOLUTE_MIN_LENGTH}`);
  }

  const maxLength = input.maxLength ?? DEFAULT_PASSWORD_RULES.maxLength;
  if (!Number.isInteger(maxLength) || maxLength > ABSOLUTE_MAX_LENGTH) {
    throw new RangeError(`maxLength: must be a whole number of at most ${ABSOLUTE_MAX_LENGTH}`);
  }
  if (maxLength < minLength) {
    throw new RangeError(`maxLength: ${maxLength} is below minLength ${minLength}`);
  }

  const requireThreeOfFourKinds =
    input.requireThreeOfFourKinds ?? DEFAULT_PASSWORD_RULES.requireThreeOfFourKinds;
  if (typeof requireThreeOfFourKinds !== "boolean") {
    throw new RangeError("requireThreeOfFourKinds: must be true or false");
  }

  const minimumStrength = input.minimumStrength ?? DEFAULT_PASSWORD_RULES.minimumStrength;
  if (!isScore(minimumStrength)) {
    throw new RangeError("minimumStrength: must be 0, 1, 2, 3 or 4");
  }

  const bannedTerms: unknown = input.bannedTerms ?? DEFAULT_PASSWORD_RULES.bannedTerms;
  if (!Array.isArray(bannedTerms)) throw new RangeError("bannedTerms: must be a list of terms");
  if (bannedTerms.length > MAX_BANNED_TERMS) {
    throw new RangeError(`bannedTerms: at most ${MAX_BANNED_TERMS} terms`);
  }
  for (const term of bannedTerms as unknown[]) {
    if (typeof term !== "string") throw new RangeError("bannedTerms: every term must be text");
    if ([...term].length > MAX_BANNED_TERM_LENGTH) {
      throw new RangeError(
        `bannedTerms: a term is longer than ${MAX_BANNED_TERM_LENGTH} characters`,
      );
    }
  }

  return Object.freeze({
    minLength,
    maxLength,
    requireThreeOfFourKinds,
    minimumStrength,
    bannedTerms: Object.freeze([...(bannedTerms as string[])]),
  });
}

function isScore(value: unknown): value is PasswordRules["minimumStrength"] {
  return value === 0 || value === 1 || value === 2 || value === 3 || value === 4;
}

/**
 * The normalised strings whose presence in a password means it contains this name. A
 * user ID ("jan.devries@contoso.nl") contributes only its local part: the domain is
 * usually the organisation's, which has its own rule.
 */
function userNameTokens(name: string): string[] {
  const userId = /^([^\s@]+)@[^\s@]+$/u.exec(name);
  return nameVariants(normaliseForBannedMatch(userId?.[1] ?? name));
}

/**
 * The whole normalised name, the name without separators ("Li Xi" → "lixi") and each
 * part, keeping only those of at least 3 code points that are not generic particles.
 */
function nameVariants(normalised: string): string[] {
  const parts = normalised.split(/[^\p{L}\p{N}]+/u).filter((part) => part.length > 0);
  const candidates = [normalised.trim(), parts.join(""), ...parts];
  return [...new Set(candidates)].filter(
    (candidate) =>
      [...candidate].length >= MIN_NAME_PART_LENGTH && !GENERIC_NAME_PARTS.has(candidate),
  );
}

/**
 * Whether `text` contains `term`, or (for terms of 4+ code points) a substring one
 * insertion, deletion or substitution away from it. Both are already normalised;
 * `textPoints` is `text` as code points, computed once per password.
 */
function containsBannedTerm(text: string, textPoints: readonly number[], term: string): boolean {
  const termPoints = toCodePoints(term);
  if (termPoints.length < MIN_BANNED_TERM_LENGTH) return false;
  if (text.includes(term)) return true;
  if (termPoints.length < MIN_FUZZY_TERM_LENGTH) return false;
  // Pigeonhole filter: one edit touches at most one half of the term, so the other half
  // must appear verbatim. Rules out almost every term before the quadratic step.
  const middle = Math.floor(termPoints.length / 2);
  const firstHalf = String.fromCodePoint(...termPoints.slice(0, middle));
  const secondHalf = String.fromCodePoint(...termPoints.slice(middle));
  if (!text.includes(firstHalf) && !text.includes(secondHalf)) return false;
  return substringEditDistance(textPoints, termPoints) <= 1;
}

function toCodePoints(text: string): number[] {
  return Array.from(text, (char) => char.codePointAt(0) ?? 0);
}

/**
 * Smallest Levenshtein distance between `pattern` and any substring of `text` (Sellers'
 * algorithm: the match may start anywhere in the text at no cost). O(text × pattern)
 * time on two reused rows: a 1024-code-point password against 1000 terms of 64 that all
 * pass the filter above (the worst an organisation can configure) takes about 0.2 s.
 */
function substringEditDistance(text: readonly number[], pattern: readonly number[]): number {
  const m = pattern.length;
  // previous[i] = distance between pattern[0..i) and the best substring ending just
  // before the current text position; current[] is the same row one position later.
  let previous = new Int32Array(m + 1).map((_, i) => i);
  let current = new Int32Array(m + 1);
  let best = m;
  for (const char of text) {
    current[0] = 0; // a match may start at any position for free
    for (let i = 1; i <= m; i++) {
      const substitution = (previous[i - 1] ?? 0) + (pattern[i - 1] === char ? 0 : 1);
      const insertion = (previous[i] ?? 0) + 1; // extra character in the text
      const deletion = (current[i - 1] ?? 0) + 1; // pattern character missing from the text
      current[i] = Math.min(substitution, insertion, deletion);
    }
    best = Math.min(best, current[m] ?? m);
    if (best === 0) break;
    [previous, current] = [current, previous];
  }
  return best;
}

/**
 * Counts the kinds present among lower case (\p{Ll}), upper case (\p{Lu}), ASCII digits
 * and symbols. Anything else counts as a symbol: punctuation, spaces, emoji, letters
 * without case (CJK, Arabic, title-case letters) and non-ASCII digits, as in Azure AD.
 */
function countCharacterKinds(codePoints: readonly string[]): number {
  let lower = false;
  let upper = false;
  let digit = false;
  let symbol = false;
  for (const char of codePoints) {
    if (/\p{Ll}/u.test(char)) lower = true;
    else if (/\p{Lu}/u.test(char)) upper = true;
    else if (/[0-9]/.test(char)) digit = true;
    else symbol = true;
  }
  return [lower, upper, digit, symbol].filter(Boolean).length;
}
