import { parseUserId } from "../domain/user-id.js";
import { findOrganisationByDomain } from "../store/organisations.js";
import { findUserByKey, recordSignIn, replacePasswordHash, type User } from "../store/users.js";
import { audit } from "./audit.js";
import type { RequestOrigin, ServiceDeps } from "./context.js";
import { AccountLocked, secondsUntil, SesameError } from "./errors.js";
import type { Lockout } from "./lockout.js";
import type { Sessions } from "./sessions.js";

export interface SignInInput {
  userId: string;
  password: string;
  origin: RequestOrigin;
}

export interface SignedIn {
  token: string;
  user: User;
  /** A temporary password was used: nothing else is reachable until it is changed. */
  mustChangePassword: boolean;
}

const invalidCredentials = () =>
  new SesameError("invalidCredentials", "Your User ID or password is incorrect.");

/**
 * Sign-in with User ID and password (SPEC [S2]). Unknown users, deleted users and wrong
 * passwords answer alike, after the same argon2 work. Only the right password reveals
 * that an account is blocked.
 */
export function createSignIn(
  deps: Pick<ServiceDeps, "store" | "hasher" | "now">,
  lockout: Lockout,
  sessions: Sessions,
) {
  const { store, hasher, now } = deps;

  return async function signIn(input: SignInInput): Promise<SignedIn> {
    const password = typeof input.password === "string" ? input.password : "";
    const parsed = parseUserId(typeof input.userId === "string" ? input.userId : "");
    const organisation = parsed && (await findOrganisationByDomain(store, parsed.domain));
    const user =
      organisation && parsed && (await findUserByKey(store, organisation.id, parsed.key));

    if (
      !organisation ||
      !user ||
      user.deletedAt !== null ||
      !user.passwordHash ||
      password === ""
    ) {
      await hasher.verifyNothing(password);
      if (organisation && parsed) {
        await audit(store, now(), {
          organisationId: organisation.id,
          activity: "signIn",
          result: "failure",
          reason: "invalidCredentials",
          target: { id: user?.id ?? null, name: parsed.userId },
          origin: input.origin,
        });
      }
      throw invalidCredentials();
    }

    const target = { id: user.id, name: user.userPrincipalName };
    const fail = async (reason: string) => {
      await audit(store, now(), {
        organisationId: user.organisationId,
        activity: "signIn",
        result: "failure",
        reason,
        target,
        origin: input.origin,
      });
    };

    const locked = await lockout.lockedUntil(store, user.id);
    if (locked !== null) {
      await fail("accountLocked");
      throw new AccountLocked(secondsUntil(locked, now()));
    }
    if (!(await hasher.verify(user.passwordHash, password))) {
      const lockedNow = await lockout.registerWrongPassword(user, password, {
        activity: "signIn",
        reason: "invalidCredentials",
        target,
        origin: input.origin,
      });
      if (lockedNow !== null) throw new AccountLocked(secondsUntil(lockedNow, now()));
      throw invalidCredentials();
    }
    if (!user.accountEnabled) {
      await fail("accountDisabled");
      throw new SesameError(
        "signInBlocked",
        "Your account has been blocked. Contact your administrator.",
      );
    }

    const rehash = hasher.needsRehash(user.passwordHash) ? await hasher.hash(password) : undefined;
    const token = await store.transaction(async (tx) => {
      // Another request may have locked the account while argon2 ran.
      if ((await lockout.lockedUntil(tx, user.id)) !== null) return undefined;
      await lockout.clear(tx, user.id);
      await recordSignIn(tx, user, now());
      if (rehash && user.passwordHash)
        await replacePasswordHash(tx, user.id, user.passwordHash, rehash);
      await audit(tx, now(), {
        organisationId: user.organisationId,
        activity: "signIn",
        result: "success",
        target,
        origin: input.origin,
        details: { mustChangePassword: user.forceChangePassword },
      });
      return sessions.open(tx, user, input.origin);
    });
    if (!token) {
      await fail("accountLocked");
      throw new AccountLocked(secondsUntil(await lockout.lockedUntil(store, user.id), now()));
    }
    return { token, user, mustChangePassword: user.forceChangePassword };
  };
}

export type SignIn = ReturnType<typeof createSignIn>;
