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
  | "managedOnPremises";

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

export const accountLocked = () =>
  new SesameError(
    "accountLocked",
    "Your account is temporarily locked to prevent unauthorized use.",
  );

export function isSesameError(error: unknown, code?: ErrorCode): error is SesameError {
  return error instanceof SesameError && (code === undefined || error.code === code);
}
