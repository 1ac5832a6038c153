import { RESET_METHOD_TRAITS, RESET_METHODS, type ResetMethod } from "./methods.js";

/**
 * The organisation's self-service password reset policy (SPEC [S9]), as the admin center's
 * Password reset pages and `/api/v1/policies/passwordReset` show it. Pure: no I/O.
 */

export const ENABLED_FOR = ["none", "group", "all"] as const;
export type EnabledFor = (typeof ENABLED_FOR)[number];

export type Helpdesk = { email: string } | { url: string } | null;

export interface ResetPolicy {
  enabledFor: EnabledFor;
  /** The group in scope when enabledFor is "group"; null otherwise allowed. */
  groupId: string | null;
  /** For users; administrators always need 2. */
  methodsRequired: 1 | 2;
  methods: Record<ResetMethod, boolean>;
  securityQuestionsToRegister: number;
  securityQuestionsToReset: number;
  /** The organisation's own questions, offered after the predefined ones (SPEC [S9]). */
  customSecurityQuestions: string[];
  requireRegistration: boolean;
  /** 0 = never. */
  reconfirmDays: number;
  notifyUsers: boolean;
  notifyAdmins: boolean;
  /** Null: "ask for help" mail goes to the administrators. */
  helpdesk: Helpdesk;
  allowUnlock: boolean;
  writeback: boolean;
  allowEmailingPasswords: boolean;
  strictPrivacy: boolean;
}

export const DEFAULT_RESET_POLICY: ResetPolicy = Object.freeze({
  enabledFor: "all",
  groupId: null,
  methodsRequired: 1,
  methods: Object.freeze(
    Object.fromEntries(
      RESET_METHODS.map((method) => [method, RESET_METHOD_TRAITS[method].enabledByDefault]),
    ) as Record<ResetMethod, boolean>,
  ),
  securityQuestionsToRegister: 3,
  securityQuestionsToReset: 3,
  customSecurityQuestions: Object.freeze([] as string[]),
  requireRegistration: true,
  reconfirmDays: 180,
  notifyUsers: true,
  notifyAdmins: true,
  helpdesk: null,
  allowUnlock: true,
  writeback: false,
  allowEmailingPasswords: true,
  strictPrivacy: false,
}) as ResetPolicy;

export const QUESTIONS_MIN = 3;
export const QUESTIONS_MAX = 5;
export const RECONFIRM_DAYS_MAX = 730;
export const CUSTOM_QUESTIONS_MAX = 20;
export const CUSTOM_QUESTION_MIN_LENGTH = 3;
export const CUSTOM_QUESTION_MAX_LENGTH = 200;
const HELPDESK_MAX = 512;
const EMAIL = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;

const BOOLEAN_FIELDS = [
  "requireRegistration",
  "notifyUsers",
  "notifyAdmins",
  "allowUnlock",
  "writeback",
  "allowEmailingPasswords",
  "strictPrivacy",
] as const;

/** What is wrong with one custom question, for a form to say in the reader's language. */
export type CustomQuestionProblem = "length" | "duplicate" | "control";

/** One field to fix; `field` is the API name ("methods.email", "customSecurityQuestions[2]"). */
export interface PolicyError {
  field: string;
  message: string;
  problem?: CustomQuestionProblem;
}

export type PolicyPatchResult =
  { ok: true; policy: ResetPolicy } | { ok: false; errors: PolicyError[] };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const isIntegerIn = (value: unknown, min: number, max: number): value is number =>
  typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;

/** A deep copy, so callers never share (or mutate) the defaults. */
export function copyPolicy(policy: ResetPolicy): ResetPolicy {
  return {
    ...policy,
    methods: { ...policy.methods },
    customSecurityQuestions: [...policy.customSecurityQuestions],
    helpdesk: policy.helpdesk === null ? null : { ...policy.helpdesk },
  };
}

function validateHelpdesk(value: unknown, errors: PolicyError[]): Helpdesk | undefined {
  if (value === null) return null;
  if (!isRecord(value)) {
    errors.push({ field: "helpdesk", message: "Give an email address, a URL, or nothing." });
    return undefined;
  }
  const keys = Object.keys(value);
  if (keys.length !== 1 || (keys[0] !== "email" && keys[0] !== "url")) {
    errors.push({ field: "helpdesk", message: "Give either an email address or a URL." });
    return undefined;
  }
  if (keys[0] === "email") {
    const email = typeof value.email === "string" ? value.email.trim() : "";
    if (!EMAIL.test(email) || email.length > HELPDESK_MAX) {
      errors.push({ field: "helpdesk.email", message: "Enter a valid email address." });
      return undefined;
    }
    return { email };
  }
  const url = typeof value.url === "string" ? value.url.trim() : "";
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== "https:" && parsed.protocol !== "http:")) {
    errors.push({ field: "helpdesk.url", message: "Enter a web address starting with https://." });
    return undefined;
  }
  if (url.length > HELPDESK_MAX) {
    errors.push({ field: "helpdesk.url", message: `Use at most ${HELPDESK_MAX} characters.` });
    return undefined;
  }
  return { url };
}

// Line breaks, tabs and the like: a question is one line of text.
const CONTROL = /\p{Cc}/u;

function validateCustomQuestions(value: unknown, errors: PolicyError[]): string[] | undefined {
  const field = "customSecurityQuestions";
  if (!Array.isArray(value)) {
    errors.push({ field, message: "Send the questions as a list of texts." });
    return undefined;
  }
  if (value.length > CUSTOM_QUESTIONS_MAX) {
    errors.push({ field, message: `Add at most ${CUSTOM_QUESTIONS_MAX} questions.` });
    return undefined;
  }
  const questions: string[] = [];
  const seen = new Set<string>();
  const before = errors.length;
  value.forEach((item: unknown, index) => {
    const at = `${field}[${index}]`;
    const text = typeof item === "string" ? item.trim() : "";
    const length = [...text].length;
    if (length < CUSTOM_QUESTION_MIN_LENGTH || length > CUSTOM_QUESTION_MAX_LENGTH) {
      errors.push({
        field: at,
        problem: "length",
        message: `Use ${CUSTOM_QUESTION_MIN_LENGTH} to ${CUSTOM_QUESTION_MAX_LENGTH} characters.`,
      });
    } else if (CONTROL.test(text)) {
      errors.push({ field: at, problem: "control", message: "Use one line of text." });
    } else if (seen.has(text.toLowerCase())) {
      errors.push({ field: at, problem: "duplicate", message: "This question is already listed." });
    } else {
      seen.add(text.toLowerCase());
      questions.push(text);
    }
  });
  return errors.length === before ? questions : undefined;
}

/**
 * Applies a partial change (the API's PATCH body, or a page's form) to the current policy.
 * Every invalid or unknown field is reported; with any error nothing changes.
 */
export function validateResetPolicyPatch(current: ResetPolicy, patch: unknown): PolicyPatchResult {
  const errors: PolicyError[] = [];
  if (!isRecord(patch)) {
    return { ok: false, errors: [{ field: "policy", message: "Send an object of settings." }] };
  }
  const next = copyPolicy(current);
  const known = new Set<string>([
    "enabledFor",
    "groupId",
    "methodsRequired",
    "methods",
    "securityQuestionsToRegister",
    "securityQuestionsToReset",
    "customSecurityQuestions",
    "reconfirmDays",
    "helpdesk",
    ...BOOLEAN_FIELDS,
  ]);
  for (const key of Object.keys(patch)) {
    if (!known.has(key)) errors.push({ field: key, message: `There is no setting "${key}".` });
  }

  if ("enabledFor" in patch) {
    const value = patch.enabledFor;
    if (typeof value === "string" && (ENABLED_FOR as readonly string[]).includes(value)) {
      next.enabledFor = value as EnabledFor;
    } else {
      errors.push({ field: "enabledFor", message: 'Choose "none", "group" or "all".' });
    }
  }
  if ("groupId" in patch) {
    const value = patch.groupId;
    if (value === null) next.groupId = null;
    else if (typeof value === "string" && value.trim() !== "" && value.length <= 64) {
      next.groupId = value.trim();
    } else errors.push({ field: "groupId", message: "Choose a group." });
  }
  if ("methodsRequired" in patch) {
    const value = patch.methodsRequired;
    if (value === 1 || value === 2) next.methodsRequired = value;
    else errors.push({ field: "methodsRequired", message: "Choose 1 or 2 methods." });
  }
  if ("methods" in patch) {
    const value = patch.methods;
    if (!isRecord(value)) {
      errors.push({ field: "methods", message: "Send the methods as an object of booleans." });
    } else {
      for (const [key, on] of Object.entries(value)) {
        if (!(RESET_METHODS as readonly string[]).includes(key)) {
          errors.push({ field: `methods.${key}`, message: `There is no method "${key}".` });
        } else if (typeof on !== "boolean") {
          errors.push({ field: `methods.${key}`, message: "Use true or false." });
        } else {
          next.methods[key as ResetMethod] = on;
        }
      }
    }
  }
  for (const field of ["securityQuestionsToRegister", "securityQuestionsToReset"] as const) {
    if (field in patch) {
      const value = patch[field];
      if (isIntegerIn(value, QUESTIONS_MIN, QUESTIONS_MAX)) next[field] = value;
      else {
        errors.push({
          field,
          message: `Choose a number from ${QUESTIONS_MIN} to ${QUESTIONS_MAX}.`,
        });
      }
    }
  }
  if ("customSecurityQuestions" in patch) {
    const questions = validateCustomQuestions(patch.customSecurityQuestions, errors);
    if (questions !== undefined) next.customSecurityQuestions = questions;
  }
  if ("reconfirmDays" in patch) {
    const value = patch.reconfirmDays;
    if (isIntegerIn(value, 0, RECONFIRM_DAYS_MAX)) next.reconfirmDays = value;
    else {
      errors.push({
        field: "reconfirmDays",
        message: `Choose a number of days from 0 (never) to ${RECONFIRM_DAYS_MAX}.`,
      });
    }
  }
  for (const field of BOOLEAN_FIELDS) {
    if (field in patch) {
      const value = patch[field];
      if (typeof value === "boolean") next[field] = value;
      else errors.push({ field, message: "Use true or false." });
    }
  }
  if ("helpdesk" in patch) {
    const helpdesk = validateHelpdesk(patch.helpdesk, errors);
    if (helpdesk !== undefined) next.helpdesk = helpdesk;
  }

  // Rules across fields, checked on the result (only when each field was valid on its own).
  if (errors.length === 0) {
    if (next.enabledFor === "group" && next.groupId === null) {
      errors.push({ field: "groupId", message: "Choose the group that may reset passwords." });
    }
    if (next.securityQuestionsToRegister < next.securityQuestionsToReset) {
      errors.push({
        field: "securityQuestionsToRegister",
        message: "Users must register at least as many questions as they answer at reset.",
      });
    }
    const enabled = RESET_METHODS.filter((method) => next.methods[method]);
    if (enabled.length < next.methodsRequired) {
      errors.push({
        field: "methods",
        message: `Turn on at least ${next.methodsRequired} methods: that many are required to reset.`,
      });
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, policy: next };
}

/** Reads a stored policy (JSON), falling back to the default for anything missing or broken. */
export function parseStoredPolicy(json: string | null | undefined): ResetPolicy {
  if (!json) return copyPolicy(DEFAULT_RESET_POLICY);
  let stored: unknown;
  try {
    stored = JSON.parse(json);
  } catch {
    return copyPolicy(DEFAULT_RESET_POLICY);
  }
  const result = validateResetPolicyPatch(DEFAULT_RESET_POLICY, stored);
  return result.ok ? result.policy : copyPolicy(DEFAULT_RESET_POLICY);
}

export interface ResetScope {
  inScope: boolean;
  /** How many methods the user must prove; 0 when out of scope. */
  methodsRequired: 0 | 1 | 2;
}

/**
 * Whether a user may use self-service reset and how many methods they need. Administrators
 * (any admin role) are always in scope with two methods, whatever the policy (SPEC [S9]).
 */
export function resetScopeFor(
  policy: ResetPolicy,
  user: { isAdministrator: boolean; inGroup: boolean },
): ResetScope {
  if (user.isAdministrator) return { inScope: true, methodsRequired: 2 };
  const inScope =
    policy.enabledFor === "all" ||
    (policy.enabledFor === "group" && policy.groupId !== null && user.inGroup);
  return inScope
    ? { inScope, methodsRequired: policy.methodsRequired }
    : { inScope: false, methodsRequired: 0 };
}

/** The fields that changed, for the audit event: old and new values. */
export function policyChanges(
  before: ResetPolicy,
  after: ResetPolicy,
): Record<string, { old: unknown; new: unknown }> {
  const changes: Record<string, { old: unknown; new: unknown }> = {};
  for (const key of Object.keys(after) as (keyof ResetPolicy)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      changes[key] = { old: before[key], new: after[key] };
    }
  }
  return changes;
}
