import { mayManageUser, mayResetPassword } from "../../domain/permissions.js";
import type { Queryable } from "../../store/database.js";
import { updateAccountEnabled } from "../../store/users.js";
import { audit, type ActivityKey } from "../audit.js";
import type { RequestOrigin, ServiceDeps } from "../context.js";
import { forbidden } from "../errors.js";
import type { Lockout } from "../lockout.js";
import type { Sessions } from "../sessions.js";
import { actorOf, findTarget, type Principal, type TargetUser } from "./principal.js";

/**
 * What an administrator does to an account besides its password: unlock it, sign it out
 * everywhere (both need the right to reset its password), block or unblock sign-in
 * (needs the right to manage it).
 */
export function createAccountActions(
  deps: Pick<ServiceDeps, "store" | "now">,
  lockout: Lockout,
  sessions: Sessions,
) {
  const { store, now } = deps;

  async function act(
    principal: Principal,
    targetId: string,
    origin: RequestOrigin,
    allowed: (target: TargetUser) => boolean,
    activity: ActivityKey,
    change: (tx: Queryable, target: TargetUser, at: number) => Promise<Record<string, unknown>>,
  ): Promise<void> {
    const target = await findTarget(store, principal, targetId);
    if (!allowed(target)) throw forbidden("Your roles don't allow this for this user.");
    await store.transaction(async (tx) => {
      const at = now();
      const details = await change(tx, target, at);
      await audit(tx, at, {
        organisationId: principal.organisationId,
        activity,
        result: "success",
        actor: actorOf(principal),
        target: { id: target.user.id, name: target.user.userPrincipalName },
        origin,
        details,
      });
    });
  }

  const mayReset = (principal: Principal) => (target: TargetUser) =>
    mayResetPassword(principal, target);
  const mayManage = (principal: Principal) => (target: TargetUser) =>
    mayManageUser(principal, target);

  return {
    unlock: (principal: Principal, targetId: string, origin: RequestOrigin) =>
      act(principal, targetId, origin, mayReset(principal), "unlockByAdmin", async (tx, target) => {
        await lockout.clear(tx, target.user.id);
        return {};
      }),

    revokeSessions: (principal: Principal, targetId: string, origin: RequestOrigin) =>
      act(
        principal,
        targetId,
        origin,
        mayReset(principal),
        "revokeSessions",
        async (tx, target) => ({
          sessionsEnded: await sessions.endAllOf(tx, target.user.id),
        }),
      ),

    setSignInBlocked: (
      principal: Principal,
      targetId: string,
      blocked: boolean,
      origin: RequestOrigin,
    ) =>
      act(
        principal,
        targetId,
        origin,
        mayManage(principal),
        blocked ? "disableAccount" : "enableAccount",
        async (tx, target, at) => {
          await updateAccountEnabled(tx, target.user.id, !blocked, at);
          // A blocked user's sessions end at once, not at their next request.
          return blocked ? { sessionsEnded: await sessions.endAllOf(tx, target.user.id) } : {};
        },
      ),
  };
}

export type AccountActions = ReturnType<typeof createAccountActions>;
