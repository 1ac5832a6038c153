import { readerLanguage } from "../../domain/languages.js";
import { isAdministrator, MAX_ADMINISTRATORS_TOLD } from "../../domain/permissions.js";
import type { Queryable } from "../../store/database.js";
import type { Organisation } from "../../store/organisations.js";
import { clearResetFailures, endResetFlowsOf, moveResetFlow } from "../../store/reset-flows.js";
import { markResetRequestsHandled } from "../../store/reset-requests.js";
import { listSecurityMethods } from "../../store/security-info.js";
import { findRoleHolders, findRoleTemplateIds } from "../../store/roles.js";
import { updatePassword, type User } from "../../store/users.js";
import { toRoleKeys } from "../admin/principal.js";
import { audit } from "../audit.js";
import type { RequestOrigin, ServiceDeps } from "../context.js";
import { SesameError, stepNotAllowed } from "../errors.js";
import type { Lockout } from "../lockout.js";
import type { Notifications } from "../notifications.js";
import { assertPasswordAcceptable } from "../password-rules.js";
import { everyAddressOf } from "../recipients.js";
import type { Sessions } from "../sessions.js";
import { expectState, type Flows } from "./flows.js";

/**
 * The end of a proven flow (SPEC [S6]): a new password or an unlocked account, then the
 * hooks in their order: counters clear, sessions end, audit, and the notices.
 */
export function createCompletion(
  deps: Pick<ServiceDeps, "store" | "hasher" | "now">,
  services: {
    lockout: Lockout;
    sessions: Sessions;
    notifications: Notifications;
  },
  flows: Flows,
) {
  const { store, hasher, now } = deps;
  const { lockout, sessions, notifications } = services;

  /** The user hears at every address, so a stranger's reset is noticed. */
  async function tellUser(
    tx: Queryable,
    input: { user: User; organisation: Organisation; at: number; kind: "reset" | "unlock" },
  ) {
    const { user } = input;
    await notifications.email(tx, {
      organisationId: user.organisationId,
      to: everyAddressOf(user, await listSecurityMethods(tx, user.id)),
      language: readerLanguage(user),
      notice: {
        event: "selfServiceCompleted",
        organisationName: input.organisation.name,
        displayName: user.displayName,
        userId: user.userPrincipalName,
        at: input.at,
        kind: input.kind,
      },
    });
  }

  /** SPEC [S6]: the Global Administrators hear when another administrator reset their own password. */
  async function tellAdministrators(
    tx: Queryable,
    input: { user: User; organisation: Organisation; at: number },
  ) {
    const { user } = input;
    const administrators = (
      await findRoleHolders(
        tx,
        user.organisationId,
        ["globalAdministrator"],
        MAX_ADMINISTRATORS_TOLD + 1,
      )
    )
      .filter((admin) => admin.id !== user.id)
      .slice(0, MAX_ADMINISTRATORS_TOLD);
    for (const admin of administrators) {
      await notifications.email(tx, {
        organisationId: user.organisationId,
        to: [admin.mail ?? admin.userPrincipalName],
        language: readerLanguage(admin),
        notice: {
          event: "administratorResetOwnPassword",
          organisationName: input.organisation.name,
          displayName: admin.displayName,
          administratorName: user.displayName,
          administratorId: user.userPrincipalName,
          at: input.at,
        },
      });
    }
  }

  /** Ends the proven flow and clears the counters that a lockout or failed proofs left. */
  async function finish(tx: Queryable, flowId: string, user: User) {
    if (!(await moveResetFlow(tx, flowId, "proven", "done"))) throw stepNotAllowed();
    await lockout.clear(tx, user.id);
    await clearResetFailures(tx, user.id);
  }

  const asUser = (user: User) => ({ id: user.id, name: user.userPrincipalName });

  return {
    /**
     * Sets the new password of a proven flow: the account is unlocked, every session ends,
     * the counters clear, and the user (and, for an administrator, the other administrators)
     * hear of it. No sign-in follows: the user signs in with the new password.
     */
    async resetPassword(
      token: unknown,
      input: { newPassword: string; confirmPassword: string },
      origin: RequestOrigin,
    ): Promise<void> {
      const { flow, user, organisation, policy } = await flows.loadWithUser(token);
      expectState(flow, "proven", "reset");
      const newPassword = typeof input.newPassword === "string" ? input.newPassword : "";
      if (newPassword !== input.confirmPassword) {
        throw new SesameError("passwordMismatch", "The passwords don't match.", "confirmPassword");
      }
      assertPasswordAcceptable(newPassword, organisation, user, "newPassword");
      if (user.passwordHash && (await hasher.verify(user.passwordHash, newPassword))) {
        throw new SesameError(
          "samePassword",
          "Choose a password you haven't used here: the new one must differ from the current one.",
          "newPassword",
        );
      }
      const passwordHash = await hasher.hash(newPassword);
      const roles = toRoleKeys(await findRoleTemplateIds(store, user.id));
      await store.transaction(async (tx) => {
        const at = now();
        await finish(tx, flow.idHash, user);
        await updatePassword(tx, user.id, { passwordHash, forceChangePassword: false, at });
        await endResetFlowsOf(tx, user.id, at, flow.idHash);
        await markResetRequestsHandled(tx, user.id, user.id, at);
        const sessionsEnded = await sessions.endAllOf(tx, user.id);
        await audit(tx, at, {
          organisationId: user.organisationId,
          activity: "ssprReset",
          result: "success",
          actor: asUser(user),
          target: asUser(user),
          origin,
          details: { methods: flow.proven, sessionsEnded },
        });
        if (policy.notifyUsers) await tellUser(tx, { user, organisation, at, kind: "reset" });
        if (policy.notifyAdmins && isAdministrator(roles)) {
          await tellAdministrators(tx, { user, organisation, at });
        }
      });
    },

    /** Unlocks the account of a proven unlock flow; the password stays as it is. */
    async unlock(token: unknown, origin: RequestOrigin): Promise<void> {
      const { flow, user, organisation, policy } = await flows.loadWithUser(token);
      expectState(flow, "proven", "unlock");
      await store.transaction(async (tx) => {
        const at = now();
        await finish(tx, flow.idHash, user);
        await audit(tx, at, {
          organisationId: user.organisationId,
          activity: "ssprUnlock",
          result: "success",
          actor: asUser(user),
          target: asUser(user),
          origin,
          details: { methods: flow.proven },
        });
        if (policy.notifyUsers) await tellUser(tx, { user, organisation, at, kind: "unlock" });
      });
    },
  };
}
