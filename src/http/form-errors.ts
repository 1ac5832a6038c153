import type { PasswordRejection } from "../domain/password-policy.js";
import { en, type MessageKey } from "../views/messages/en.js";
import type { FieldError } from "../views/components.js";
import type { Translate } from "../views/i18n.js";
import { AccountLocked, type SesameError } from "../services/errors.js";
import { ERROR_ANSWERS } from "./errors.js";
import type { Form } from "./forms.js";

function rejectionMessage(t: Translate, rejection: PasswordRejection): string {
  switch (rejection.code) {
    case "tooShort":
      return t("error.tooShort", { minLength: rejection.minLength });
    case "tooLong":
      return t("error.tooLong", { maxLength: rejection.maxLength });
    case "banned":
      return t("error.banned", { term: rejection.term });
    case "controlCharacter":
    case "common":
    case "weak":
    case "containsUserName":
    case "containsOrganisationName":
    case "needsThreeOfFourKinds":
      return t(`error.${rejection.code}`);
  }
}

/** How many minutes (rounded up) a locked account waits, when the error says. */
export function lockedMinutesOf(error: SesameError): number | undefined {
  if (!(error instanceof AccountLocked) || error.retryAfterSeconds === undefined) return undefined;
  return Math.ceil(error.retryAfterSeconds / 60);
}

/** What a form shows for a service error, in the reader's language. */
export function formErrors(t: Translate, error: SesameError): FieldError[] {
  const field = error.field;
  if (error.code === "passwordRejected") {
    // "common" already says what "weak" would: show one of them.
    const common = error.rejections.some((rejection) => rejection.code === "common");
    return error.rejections
      .filter((rejection) => !(common && rejection.code === "weak"))
      .map((rejection) => ({
        field: field ?? "password",
        message: rejectionMessage(t, rejection),
      }));
  }
  const minutes = lockedMinutesOf(error);
  if (minutes !== undefined) return [{ message: t("error.accountLockedFor", { minutes }) }];
  const key = ERROR_ANSWERS[error.code].message;
  if (key) return [{ ...(field ? { field } : {}), message: t(key) }];
  const invalidKey = `invalid.${field ?? ""}`;
  if (error.code === "invalidInput" && field && invalidKey in en) {
    return [{ field, message: t(invalidKey as MessageKey) }];
  }
  return [
    { ...(field ? { field } : {}), message: t("error.invalidInput", { message: error.message }) },
  ];
}

/** Presence checks for required form fields (field name to its "enter your ..." message). */
export function requiredFields(
  t: Translate,
  body: Form,
  fields: Record<string, MessageKey>,
): FieldError[] {
  return Object.entries(fields)
    .filter(([name]) => typeof body[name] !== "string" || body[name] === "")
    .map(([field, key]) => ({ field, message: t(key) }));
}
