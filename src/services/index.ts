import { createHmac, randomBytes } from "node:crypto";
import type { Config } from "../config.js";
import { createSealer } from "../delivery/sealer.js";
import type { Store } from "../store/database.js";
import { insertSettingOnce } from "../store/settings.js";
import { createAccountActions } from "./admin/account-actions.js";
import { createAuthenticationMethods } from "./admin/authentication-methods.js";
import { createAdminPasswordReset } from "./admin/password-reset.js";
import { createUsersRead } from "./admin/users-read.js";
import { createApiKeys } from "./admin/api-keys.js";
import { createAuditLog } from "./admin/audit-log.js";
import { createGroups } from "./admin/groups.js";
import { createRoles } from "./admin/roles.js";
import { createResetPolicy, readResetPolicy } from "./admin/reset-policy.js";
import { createUsersWrite } from "./admin/users-write.js";
import { createChangePassword } from "./change-password.js";
import type { ServiceDeps } from "./context.js";
import { createDirectory } from "./directory.js";
import { createLockout } from "./lockout.js";
import { createOutbox } from "./outbox.js";
import { createPasswordHasher } from "./password-hasher.js";
import { createSessions } from "./sessions.js";
import { createResetRequests } from "./reset-requests.js";
import { createSetup } from "./setup.js";
import { createSignIn } from "./sign-in.js";
import { createSecurityInfo } from "./security-info/index.js";
import { createRegistration } from "./security-info/registration.js";
import { AUTHENTICATOR_SEALER_PURPOSE } from "./security-info/authenticator.js";
import { createSelfServiceReset } from "./self-service-reset/index.js";
import { createCaptcha } from "./captcha.js";

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

export type ServiceConfig = Pick<Config, "argon2" | "sessionIdleMinutes" | "sessionAbsoluteHours"> &
  Partial<Pick<Config, "publicUrl" | "secret" | "captchaCost">>;

/** The composition root of the use cases; the CLI and the HTTP app both build on it. */
export async function createServices(
  store: Store,
  config: ServiceConfig,
  now: () => number = Date.now,
) {
  const secret = await loadInstanceSecret(store, config.secret);
  const deps: ServiceDeps = {
    store,
    hasher: createPasswordHasher(config.argon2),
    publicUrl: config.publicUrl ?? new URL("http://localhost:3000"),
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
  // Outbox payloads are encrypted under a key derived from the same instance secret.
  const outbox = createOutbox({ sealer: createSealer(secret), now });
  // Authenticator apps' secrets too, under a key of their own.
  const authenticatorSealer = createSealer(secret, AUTHENTICATOR_SEALER_PURPOSE);
  const resetRequests = createResetRequests(deps, outbox);
  const captcha = createCaptcha(deps, {
    secret: deps.fingerprint("captcha", "hmac-key"),
    cost: config.captchaCost,
  });
  const securityInfo = createSecurityInfo(deps, outbox, authenticatorSealer, {
    // The organisation's reset policy (SPEC [S9]) says how many questions and methods.
    rulesOf: async (organisationId) => {
      const policy = await readResetPolicy(store, organisationId);
      return {
        securityQuestionsToRegister: policy.securityQuestionsToRegister,
        methodsRequired: policy.methodsRequired,
        customSecurityQuestions: policy.customSecurityQuestions,
      };
    },
  });
  return {
    deps,
    sessions,
    lockout,
    directory,
    outbox,
    setup: createSetup(deps, directory),
    signIn: createSignIn(deps, lockout, sessions),
    changePassword: createChangePassword(deps, lockout, sessions, outbox),
    resetRequests,
    captcha,
    securityInfo,
    registration: createRegistration(deps),
    selfServiceReset: createSelfServiceReset(
      deps,
      { lockout, sessions, outbox, resetRequests },
      {
        verifyCaptcha: captcha.verify,
        verifyAuthenticatorCode: securityInfo.verifyAuthenticatorCode,
      },
    ),
    admin: {
      passwordReset: createAdminPasswordReset(deps, lockout, sessions, outbox),
      accountActions: createAccountActions(deps, lockout, sessions),
      usersRead: createUsersRead(deps),
      usersWrite: createUsersWrite(deps, directory, sessions),
      roles: createRoles(deps),
      groups: createGroups(deps),
      apiKeys: createApiKeys(deps),
      auditLog: createAuditLog(deps),
      resetPolicy: createResetPolicy(deps),
      authenticationMethods: createAuthenticationMethods(deps, outbox),
    },
  };
}

export type Services = Awaited<ReturnType<typeof createServices>>;
