import { randomInt } from "node:crypto";
import { generatePassword } from "../domain/password-generator.js";
import {
  checkPassword,
  DEFAULT_PASSWORD_RULES,
  validatePasswordRules,
  type PasswordRules,
} from "../domain/password-policy.js";
import type { Organisation } from "../store/organisations.js";
import { SesameError } from "./errors.js";

export interface PasswordOwner {
  userPrincipalName: string;
  displayName: string;
  givenName?: string | null;
  surname?: string | null;
}

export function rulesOf(organisation: Organisation): PasswordRules {
  return validatePasswordRules({ ...DEFAULT_PASSWORD_RULES, ...organisation.passwordRules });
}

function contextOf(organisation: Organisation, owner: PasswordOwner) {
  return {
    organisationName: organisation.name,
    userNames: [owner.givenName, owner.surname, owner.displayName, owner.userPrincipalName].filter(
      (name): name is string => typeof name === "string" && name.length > 0,
    ),
  };
}

/** Throws `passwordRejected` with every reason when the password breaks the organisation's rules. */
export function assertPasswordAcceptable(
  password: string,
  organisation: Organisation,
  owner: PasswordOwner,
  field = "password",
): void {
  const rejections = checkPassword(password, rulesOf(organisation), contextOf(organisation, owner));
  if (rejections.length > 0) {
    throw new SesameError(
      "passwordRejected",
      "The password breaks the password rules.",
      field,
      rejections,
    );
  }
}

/** A random temporary password that always passes the organisation's rules. */
export function generateAcceptablePassword(
  organisation: Organisation,
  owner: PasswordOwner,
): string {
  // At least 16 characters drawn at random from 59 are about 94 bits: strong by
  // construction, so zxcvbn (about 25 ms on the event loop per candidate) has nothing to
  // add. The other rules (banned terms, names, kinds) are still checked.
  const rules = { ...rulesOf(organisation), minimumStrength: 0 as const };
  const context = contextOf(organisation, owner);
  const length = Math.max(16, rules.minLength);
  for (;;) {
    const candidate = generatePassword(randomInt, length);
    if (checkPassword(candidate, rules, context).length === 0) return candidate;
  }
}
