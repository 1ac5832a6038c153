import { supportedLanguage, type Language } from "../../domain/languages.js";
import { mayResetPassword } from "../../domain/permissions.js";
import { findOrganisation } from "../../store/organisations.js";
import { markResetRequestsHandled } from "../../store/reset-requests.js";
import { listSecurityMethods } from "../../store/security-info.js";
import { updateAccountEnabled, updatePassword, type User } from "../../store/users.js";
import { audit } from "../audit.js";
import type { RequestOrigin, ServiceDeps } from "../context.js";
import { forbidden, invalidInput, SesameError, userNotFound } from "../errors.js";
import type { Lockout } from "../lockout.js";
import type { Notifications } from "../notifications.js";
import { everyAddressOf } from "../recipients.js";
import { assertPasswordAcceptable, generateAcceptablePassword } from "../password-rules.js";
import type { Sessions } from "../sessions.js";
import { actorOf, findTarget, type Principal } from "./principal.js";
import { readResetPolicy } from "./reset-policy.js";

export interface AdminResetInput {
  targetId: string;
  /** A password the administrator typed; without one, a random one is generated. */
  password?: string | undefined;
  /** Default on: the user must choose their own password at next sign-in. */
  forceChangePasswordNextSignIn?: boolean | undefined;
  /** Addresses that receive the temporary password by email (never for a compromised account). */
  sendTo?: readonly string[] | undefined;
  /** SPEC [S5]: no email, every session ends, sign-in can be blocked at once. */
  compromised?: boolean | undefined;
  blockSignIn?: boolean | undefined;
  /** The administrator's language, for the email when the user has no preference. */
  language?: Language | undefined;
  origin: RequestOrigin;
}

export interface AdminResetResult {
  user: User;
  /** Shown once to the administrator; null when they typed the password themselves. */
  temporaryPassword: string | null;
  forceChangePasswordNextSignIn: boolean;
  sessionsEnded: number;
}

export const MAX_BULK_RESET = 40;
const MAX_RECIPIENTS = 10;
const EMAIL = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;

/** An administrator resets a user's password (SPEC [S3], [S4], [S5]). */
export function createAdminPasswordReset(
  deps: Pick<ServiceDeps, "store" | "hasher" | "now" | "publicUrl">,
  lockout: Lockout,
  sessions: Sessions,
  notifications: Notifications,
) {
  const { store, hasher, now, publicUrl } = deps;

  /**
   * The chosen recipients as the user's own addresses (told "your password") and the others
   * (an administrator, a colleague: told whose password it is, to pass on).
   */
  async function recipientsOf(user: User, sendTo: readonly string[]) {
    if (sendTo.length === 0) return { own: [], passOn: [] };
    const users = new Set(
      everyAddressOf(user, await listSecurityMethods(store, user.id)).map((a) => a.toLowerCase()),
    );
    return {
      own: sendTo.filter((address) => users.has(address.toLowerCase())),
      passOn: sendTo.filter((address) => !users.has(address.toLowerCase())),
    };
  }

  async function reset(principal: Principal, input: AdminResetInput): Promise<AdminResetResult> {
    const target = await findTarget(store, principal, input.targetId);
    if (target.user.id === principal.id) {
      throw forbidden("Change your own password from My account, not from the admin center.");
    }
    if (!mayResetPassword(principal, target)) {
      throw forbidden("Your roles don't allow resetting this user's password.");
    }
    if (target.user.passwordManaged === "onPremises") {
      throw new SesameError(
        "managedOnPremises",
        "This user's password is managed in the on-premises directory; reset it there.",
      );
    }
    const compromised = input.compromised === true;
    const sendTo = [
      ...new Set((input.sendTo ?? []).map((address) => address.trim()).filter(Boolean)),
    ];
    if (compromised && sendTo.length > 0) {
      throw invalidInput("sendTo", "The password of a compromised account is never sent by email.");
    }
    if (
      sendTo.length > 0 &&
      !(await readResetPolicy(store, principal.organisationId)).allowEmailingPasswords
    ) {
      throw invalidInput("sendTo", "Your organisation doesn't allow emailing temporary passwords.");
    }
    if (sendTo.length > MAX_RECIPIENTS) {
      throw invalidInput("sendTo", `Send the password to at most ${MAX_RECIPIENTS} addresses.`);
    }
    const badAddress = sendTo.find((address) => !EMAIL.test(address));
    if (badAddress) throw invalidInput("sendTo", `${badAddress} is not an email address.`);
    if (input.blockSignIn && !compromised) {
      throw invalidInput(
        "blockSignIn",
        "Blocking sign-in belongs to the compromised-account reset.",
      );
    }

    const organisation = await findOrganisation(store, principal.organisationId);
    if (!organisation) throw userNotFound();
    let temporaryPassword: string | null = null;
    let password = input.password ?? "";
    if (password === "") {
      password = temporaryPassword = generateAcceptablePassword(organisation, target.user);
    } else {
      assertPasswordAcceptable(password, organisation, target.user);
    }
    const forceChange = input.forceChangePasswordNextSignIn ?? true;
    const passwordHash = await hasher.hash(password);
    const { own, passOn } = await recipientsOf(target.user, sendTo);

    const sessionsEnded = await store.transaction(async (tx) => {
      const at = now();
      await updatePassword(tx, target.user.id, {
        passwordHash,
        forceChangePassword: forceChange,
        at,
      });
      await lockout.clear(tx, target.user.id);
      await markResetRequestsHandled(tx, target.user.id, principal.id, at);
      const ended = compromised ? await sessions.endAllOf(tx, target.user.id) : 0;
      if (compromised && input.blockSignIn) {
        await updateAccountEnabled(tx, target.user.id, false, at);
      }
      const sent = {
        organisationName: organisation.name,
        userId: target.user.userPrincipalName,
        temporaryPassword: password,
        mustChange: forceChange,
        signInUrl: new URL("/signin", publicUrl).href,
      };
      await notifications.email(tx, {
        organisationId: principal.organisationId,
        to: own,
        language: supportedLanguage(target.user.preferredLanguage) ?? input.language ?? "en",
        notice: { event: "temporaryPasswordSent", displayName: target.user.displayName, ...sent },
      });
      // Whoever passes it on reads it in the administrator's language.
      await notifications.email(tx, {
        organisationId: principal.organisationId,
        to: passOn,
        language: input.language ?? "en",
        notice: { event: "temporaryPasswordToPassOn", userName: target.user.displayName, ...sent },
      });
      await audit(tx, at, {
        organisationId: principal.organisationId,
        activity: "resetPasswordByAdmin",
        result: "success",
        actor: actorOf(principal),
        target: { id: target.user.id, name: target.user.userPrincipalName },
        origin: input.origin,
        details: {
          generated: temporaryPassword !== null,
          forceChangePasswordNextSignIn: forceChange,
          compromised,
          signInBlocked: compromised && input.blockSignIn === true,
          emailedTo: sendTo.length,
          sessionsEnded: ended,
        },
      });
      return ended;
    });
    return {
      user: target.user,
      temporaryPassword,
      forceChangePasswordNextSignIn: forceChange,
      sessionsEnded,
    };
  }

  return {
    reset,

    /** Up to 40 users at once, never oneself; each result says what happened to that user. */
    async resetMany(
      principal: Principal,
      targetIds: readonly string[],
      options: Omit<AdminResetInput, "targetId" | "password">,
    ) {
      const ids = [...new Set(targetIds)];
      if (ids.length === 0) throw invalidInput("users", "Choose at least one user.");
      if (ids.length > MAX_BULK_RESET) {
        throw invalidInput("users", `Reset at most ${MAX_BULK_RESET} users at once.`);
      }
      if (ids.includes(principal.id)) {
        throw forbidden("You can't include yourself in a bulk password reset.");
      }
      const results: { targetId: string; result?: AdminResetResult; error?: SesameError }[] = [];
      for (const targetId of ids) {
        try {
          results.push({ targetId, result: await reset(principal, { ...options, targetId }) });
        } catch (error) {
          if (!(error instanceof SesameError)) throw error;
          results.push({ targetId, error });
        }
      }
      return results;
    },
  };
}

export type AdminPasswordReset = ReturnType<typeof createAdminPasswordReset>;
