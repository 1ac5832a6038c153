import { readerLanguage } from "../domain/languages.js";
import { findOrganisation } from "../store/organisations.js";
import { findUser, updatePassword } from "../store/users.js";
import { audit } from "./audit.js";
import type { RequestOrigin, ServiceDeps } from "./context.js";
import { AccountLocked, secondsUntil, SesameError } from "./errors.js";
import type { Lockout } from "./lockout.js";
import type { Notifications } from "./notifications.js";
import { userEmailAddresses } from "./outbox.js";
import { assertPasswordAcceptable } from "./password-rules.js";
import type { Sessions } from "./sessions.js";

export interface ChangePasswordInput {
  userId: string;
  /** The session making the change; every other session of the user ends. */
  sessionIdHash: string;
  /**
   * Required, except when the user signed in with a temporary password moments ago
   * (forced change, SPEC [S2]): that sign-in already proved it.
   */
  currentPassword?: string | undefined;
  newPassword: string;
  confirmPassword: string;
  origin: RequestOrigin;
}

/** The user changes their own password (SPEC [S7], and the forced change of [S2]). */
export function createChangePassword(
  deps: Pick<ServiceDeps, "store" | "hasher" | "now">,
  lockout: Lockout,
  sessions: Sessions,
  notifications: Notifications,
) {
  const { store, hasher, now } = deps;

  return async function changePassword(input: ChangePasswordInput): Promise<void> {
    const user = await findUser(store, input.userId);
    const organisation = user && (await findOrganisation(store, user.organisationId));
    if (!user || !organisation || !user.passwordHash) {
      throw new SesameError("notFound", "The user no longer exists.");
    }
    const newPassword = typeof input.newPassword === "string" ? input.newPassword : "";
    const target = { id: user.id, name: user.userPrincipalName };
    const fail = (reason: string) =>
      audit(store, now(), {
        organisationId: user.organisationId,
        activity: "changePassword",
        result: "failure",
        reason,
        actor: target,
        target,
        origin: input.origin,
      });

    if (!user.forceChangePassword) {
      const current = typeof input.currentPassword === "string" ? input.currentPassword : "";
      const locked = await lockout.lockedUntil(store, user.id);
      if (locked !== null) {
        await fail("accountLocked");
        throw new AccountLocked(secondsUntil(locked, now()));
      }
      if (current === "" || !(await hasher.verify(user.passwordHash, current))) {
        if (current === "") await fail("wrongCurrentPassword");
        else {
          await lockout.registerWrongPassword(user, current, {
            activity: "changePassword",
            reason: "wrongCurrentPassword",
            actor: target,
            target,
            origin: input.origin,
          });
        }
        throw new SesameError(
          "wrongCurrentPassword",
          "Your current password is incorrect.",
          "currentPassword",
        );
      }
    }
    if (newPassword !== input.confirmPassword) {
      throw new SesameError("passwordMismatch", "The passwords don't match.", "confirmPassword");
    }
    assertPasswordAcceptable(newPassword, organisation, user, "newPassword");
    if (await hasher.verify(user.passwordHash, newPassword)) {
      throw new SesameError(
        "samePassword",
        "The new password must differ from the current one.",
        "newPassword",
      );
    }

    const passwordHash = await hasher.hash(newPassword);
    await store.transaction(async (tx) => {
      const at = now();
      await updatePassword(tx, user.id, { passwordHash, forceChangePassword: false, at });
      const ended = await sessions.endAllOf(tx, user.id, input.sessionIdHash);
      await audit(tx, at, {
        organisationId: user.organisationId,
        activity: "changePassword",
        result: "success",
        actor: target,
        target,
        origin: input.origin,
        details: { forced: user.forceChangePassword, sessionsEnded: ended },
      });
      // The notice commits with the change: sent if and only if the password really changed.
      await notifications.email(tx, {
        organisationId: user.organisationId,
        to: userEmailAddresses(user),
        language: readerLanguage(user),
        notice: {
          event: "passwordChanged",
          organisationName: organisation.name,
          displayName: user.displayName,
          at,
        },
      });
    });
  };
}

export type ChangePassword = ReturnType<typeof createChangePassword>;
