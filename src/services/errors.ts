import type { PasswordRejection } from "../domain/password-policy.js";

/**
 * Typed errors with stable codes (callers switch on `code`). The HTTP layer maps them to
 * pages and statuses; the CLI to exit messages. `field` names the input to fix.
 */
export type ErrorCode =
  | "invalidInput"
  | "unknownDomain"
  | "domainTaken"
  | "duplicateUser"
  | "passwordRejected"
  | "passwordMismatch"
  | "samePassword"
  | "wrongCurrentPassword"
  | "invalidCredentials"
  | "accountLocked"
  | "signInBlocked"
  | "alreadyInitialised"
  | "invalidSetupToken"
  | "notFound"
  | "forbidden"
  | "managedOnPremises"
  | "conflict"
  | "lastGlobalAdministrator"
  | "reauthenticationRequired"
  | "invalidCode"
  | "tooManyCodes"
  | "captchaFailed"
  | "unknownUser"
  | "flowExpired"
  | "stepNotAllowed"
  | "selfServiceBlocked"
  | "tooManyAttempts"
  | "storeUnavailable"
  | "busy";

export class SesameError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly rejections: readonly PasswordRejection[] = [],
  ) {
    super(message);
    this.name = "SesameError";
  }
}

export const invalidInput = (field: string, message: string) =>
  new SesameError("invalidInput", message, field);

export const forbidden = (message = "You don't have permission to do this.") =>
  new SesameError("forbidden", message);

export const userNotFound = () => new SesameError("notFound", "There is no such user.");

/** Something of the organisation that the principal can't see, or that doesn't exist. */
export const notFound = (message: string) => new SesameError("notFound", message);

/** The change would duplicate something that exists (a name, a membership, an assignment). */
export const conflict = (message: string, field?: string) =>
  new SesameError("conflict", message, field);

/** Removing the role (or deleting the user) would leave the organisation without one. */
export const lastGlobalAdministrator = () =>
  new SesameError(
    "lastGlobalAdministrator",
    "An organisation always keeps at least one Global Administrator: assign the role to someone else first.",
  );

/** A locked account, and how long it stays locked, so people know how long to wait. */
export class AccountLocked extends SesameError {
  constructor(readonly retryAfterSeconds: number | undefined) {
    super("accountLocked", "Your account is temporarily locked to prevent unauthorized use.");
  }
}

/** Seconds until `lockedUntil`, for AccountLocked; at least one while it is still ahead. */
export const secondsUntil = (lockedUntil: number | null, now: number): number | undefined =>
  lockedUntil === null ? undefined : Math.max(1, Math.ceil((lockedUntil - now) / 1000));

export function isSesameError(error: unknown, code?: ErrorCode): error is SesameError {
  return error instanceof SesameError && (code === undefined || error.code === code);
}

/** Changing security info needs a sign-in within the last 10 minutes (SPEC [S8]). */
export const reauthenticationRequired = () =>
  new SesameError(
    "reauthenticationRequired",
    "For your security, sign in again to change your security info.",
  );

/** A one-time code that is wrong, expired, used or for something else: never which. */
export const invalidCode = () =>
  new SesameError("invalidCode", "That code didn't work. Check the code and try again.", "code");

/** Too many codes sent in a short time (SPEC [S11]). */
export const tooManyCodes = () =>
  new SesameError("tooManyCodes", "Too many codes were sent. Try again later.");

/** The CAPTCHA was missing, forged, expired or already used. */
export const captchaFailed = () =>
  new SesameError("captchaFailed", "Show that you're not a robot, then try again.", "altcha");

/** A self-service reset flow that expired, ended, or never existed: start again. */
export const flowExpired = () =>
  new SesameError("flowExpired", "This password reset has expired. Start again.");

/** The step doesn't follow from where the flow is (skipped, replayed or raced). */
export const stepNotAllowed = () =>
  new SesameError("stepNotAllowed", "That step isn't available now. Continue from where you are.");

/** The database can't serve now (restarting, failing over, locked): try again in a moment. */
export const storeUnavailable = () =>
  new SesameError(
    "storeUnavailable",
    "Sesame cannot reach its database. Try again in a moment (see the Retry-After header).",
  );
