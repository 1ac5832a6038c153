import { createHmac, randomBytes } from "node:crypto";
import type { Config } from "../config.js";
import type { Store } from "../store/database.js";
import { insertSettingOnce } from "../store/settings.js";
import { createAccountActions } from "./admin/account-actions.js";
import { createAdminPasswordReset } from "./admin/password-reset.js";
import { createChangePassword } from "./change-password.js";
import type { ServiceDeps } from "./context.js";
import { createDirectory } from "./directory.js";
import { createLockout } from "./lockout.js";
import { createPasswordHasher } from "./password-hasher.js";
import { createSessions } from "./sessions.js";
import { createSetup } from "./setup.js";
import { createSignIn } from "./sign-in.js";

/**
 * The instance secret keys HMACs of values that must be recognised but never stored
 * (remembered wrong passwords). SESAME_SECRET wins; else one is made once and kept in the
 * store, so every instance sharing the store agrees.
 */
export async function loadInstanceSecret(
  store: Store,
  configured: string | undefined,
): Promise<string> {
  return configured ?? insertSettingOnce(store, "instance-secret", randomBytes(32).toString("hex"));
}

export type ServiceConfig = Pick<Config, "argon2" | "sessionIdleMinutes" | "sessionAbsoluteHours">;

/** The composition root of the use cases; the CLI and the HTTP app both build on it. */
export async function createServices(
  store: Store,
  config: ServiceConfig & { secret?: string | undefined },
  now: () => number = Date.now,
) {
  const secret = await loadInstanceSecret(store, config.secret);
  const deps: ServiceDeps = {
    store,
    hasher: createPasswordHasher(config.argon2),
    now,
    fingerprint: (purpose, value) =>
      createHmac("sha256", secret).update(`${purpose}\u0000${value}`).digest("hex").slice(0, 32),
  };
  const sessions = createSessions(deps, {
    idleMinutes: config.sessionIdleMinutes,
    absoluteHours: config.sessionAbsoluteHours,
  });
  const lockout = createLockout(deps);
  const directory = createDirectory(deps);
  return {
    deps,
    sessions,
    lockout,
    directory,
    setup: createSetup(deps, directory),
    signIn: createSignIn(deps, lockout, sessions),
    changePassword: createChangePassword(deps, lockout, sessions),
    admin: {
      passwordReset: createAdminPasswordReset(deps, lockout, sessions),
      accountActions: createAccountActions(deps, lockout, sessions),
    },
  };
}

export type Services = Awaited<ReturnType<typeof createServices>>;
