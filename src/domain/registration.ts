import type { ResetPolicy } from "./reset-policy.js";
import type { SecurityMethodKind } from "./methods.js";
import { availableMethods, distinctKinds, methodsRequired } from "./self-service-reset.js";

/**
 * Registration at sign-in (SPEC [S8], [S9]): when the policy requires it, a user in the
 * policy's scope who has fewer methods than a reset needs, or whose reconfirmation period
 * has passed, is asked to register or confirm their security info after signing in. Pure.
 */

const DAY_MS = 86_400_000;

export interface RegistrationSubject {
  isAdministrator: boolean;
  /** Whether the user belongs to the policy's selected group. */
  inGroup: boolean;
  /** The kinds of methods the user registered and proved. */
  registered: ReadonlySet<SecurityMethodKind>;
  /** When the user last registered a method or confirmed their security info; null: never. */
  confirmedAt: number | null;
}

export type RegistrationCheck =
  | { due: false }
  | {
      due: true;
      /** "register": too few methods; "reconfirm": enough, but not confirmed lately. */
      reason: "register" | "reconfirm";
      required: 1 | 2;
      /** How many of the user's methods count for a reset. */
      registered: number;
    };

/** Whether the user is asked to register (or reconfirm) their security info now. */
export function registrationDue(
  policy: ResetPolicy,
  subject: RegistrationSubject,
  now: number,
): RegistrationCheck {
  if (!policy.requireRegistration) return { due: false };
  // The reset flow's scope: asking someone it would turn away anyway helps nobody.
  const inScope =
    policy.enabledFor === "all" ||
    (policy.enabledFor === "group" && policy.groupId !== null && subject.inGroup);
  if (!inScope) return { due: false };
  // The same count the reset flow makes: enabled methods only, no questions for admins.
  const registered = distinctKinds(availableMethods(policy, subject));
  const required = methodsRequired(policy, subject.isAdministrator);
  if (registered < required) return { due: true, reason: "register", required, registered };
  const stale =
    policy.reconfirmDays > 0 &&
    (subject.confirmedAt === null || now - subject.confirmedAt >= policy.reconfirmDays * DAY_MS);
  return stale ? { due: true, reason: "reconfirm", required, registered } : { due: false };
}
