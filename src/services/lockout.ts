import { isLocked, registerFailure } from "../domain/lockout.js";
import type { Queryable } from "../store/database.js";
import { clearLockout, findLockout, findLockoutForUpdate, saveLockout } from "../store/lockouts.js";
import type { User } from "../store/users.js";
import { audit, type AuditEntry } from "./audit.js";
import type { ServiceDeps } from "./context.js";

/** Smart lockout around the pure rules of domain/lockout: counters live in the store. */
export function createLockout(deps: Pick<ServiceDeps, "store" | "now" | "fingerprint">) {
  const { store, now, fingerprint } = deps;
  return {
    /** When the account's lockout ends; null when it is not locked. */
    async lockedUntil(q: Queryable, userId: string): Promise<number | null> {
      const state = await findLockout(q, userId);
      return isLocked(state, now()) ? state.lockedUntil : null;
    },

    /**
     * Counts a wrong password (once per distinct password) and records the failed attempt,
     * in one transaction; returns when the lockout ends if the account is now locked, else null.
     */
    async registerWrongPassword(
      user: User,
      password: string,
      failure: Omit<AuditEntry, "organisationId" | "result">,
    ): Promise<number | null> {
      const print = fingerprint("wrong-password", `${user.id}\u0000${password}`);
      const origin = failure.origin;
      return store.transaction(async (tx) => {
        const at = now();
        await audit(tx, at, { ...failure, organisationId: user.organisationId, result: "failure" });
        const previous = await findLockoutForUpdate(tx, user.id);
        if (isLocked(previous, at)) return previous.lockedUntil;
        const outcome = registerFailure(previous, print, at);
        await saveLockout(tx, user.id, outcome.state);
        if (outcome.lockedNow) {
          await audit(tx, at, {
            organisationId: user.organisationId,
            activity: "lockout",
            result: "success",
            target: { id: user.id, name: user.userPrincipalName },
            origin,
            details: {
              lockedUntil: outcome.state.lockedUntil,
              lockout: outcome.state.lockoutCount,
            },
          });
        }
        return outcome.lockedNow ? outcome.state.lockedUntil : null;
      });
    },

    clear: (q: Queryable, userId: string) => clearLockout(q, userId),
  };
}

export type Lockout = ReturnType<typeof createLockout>;
