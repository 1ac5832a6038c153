import { createHmac, randomBytes, randomInt } from "node:crypto";
import { DEFAULTS, type Config } from "./config.js";
import { createSealer } from "./delivery/sealer.js";
import type { Store } from "./store/database.js";
import { insertSettingOnce } from "./store/settings.js";
import { createAccountActions } from "./services/admin/account-actions.js";
import { createAuthenticationMethods } from "./services/admin/authentication-methods.js";
import { createAdminPasswordReset } from "./services/admin/password-reset.js";
import { createUsersRead } from "./services/admin/users-read.js";
import { createApiKeys } from "./services/admin/api-keys.js";
import { createAuditLog } from "./services/admin/audit-log.js";
import { createDashboard } from "./services/admin/dashboard.js";
import { createGroups } from "./services/admin/groups.js";
import { createRoles } from "./services/admin/roles.js";
import { createResetPolicy, readResetPolicy } from "./services/admin/reset-policy.js";
import { createOrganisationRead } from "./services/admin/organisation.js";
import { createBranding } from "./services/branding.js";
import { createUsersWrite } from "./services/admin/users-write.js";
import { createChangePassword } from "./services/change-password.js";
import type { ServiceDeps } from "./services/context.js";
import { createDirectory } from "./services/directory.js";
import { createLockout } from "./services/lockout.js";
import { createOutbox } from "./services/outbox.js";
import { createPasswordHasher, hashingQueue } from "./services/password-hasher.js";
import { createSessions } from "./services/sessions.js";
import { createResetRequests } from "./services/reset-requests.js";
import { createSetup } from "./services/setup.js";
import { createSignIn } from "./services/sign-in.js";
import { createSecurityInfo } from "./services/security-info/index.js";
import { createRegistration } from "./services/security-info/registration.js";
import {
  AUTHENTICATOR_SEALER_PURPOSE,
  createAuthenticators,
} from "./services/methods/authenticator-secrets.js";
import { createMethods } from "./services/methods/index.js";
import { createOneTimeCodes } from "./services/methods/one-time-codes.js";
import { createNotifications } from "./services/notifications.js";
import { noticeRenderer } from "./views/emails/notices.js";
import { createSelfServiceReset } from "./services/self-service-reset/index.js";
import { createCaptcha, type CaptchaOptions } from "./services/captcha.js";
import { createShownOnce, SHOWN_ONCE_SEALER_PURPOSE } from "./services/shown-once.js";

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
  Partial<Pick<Config, "publicUrl" | "secret" | "captchaCost" | "hashingQueueMs">> & {
    captchaCounterRange?: CaptchaOptions["counterRange"];
  };

/**
 * The composition root: the use cases with their real neighbours (the store, the outbox,
 * the renderer of notices from views/emails). The CLI and the HTTP app both build on it.
 */
export async function createServices(
  store: Store,
  config: ServiceConfig,
  now: () => number = Date.now,
) {
  const secret = await loadInstanceSecret(store, config.secret);
  const deps: ServiceDeps = {
    store,
    hasher: createPasswordHasher(
      config.argon2,
      hashingQueue(config.hashingQueueMs ?? DEFAULTS.SESAME_HASHING_QUEUE_MS),
    ),
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
  const notifications = createNotifications(outbox, noticeRenderer);
  const resetRequests = createResetRequests(deps, notifications);
  const captcha = createCaptcha(deps, {
    secret: deps.fingerprint("captcha", "hmac-key"),
    cost: config.captchaCost,
    counterRange: config.captchaCounterRange,
  });
  const methods = createMethods({
    ...deps,
    codes: createOneTimeCodes(deps),
    authenticators: createAuthenticators(deps, authenticatorSealer),
    notifications,
    randomInt,
  });
  const securityInfo = createSecurityInfo(deps, {
    methods,
    notifications,
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
    changePassword: createChangePassword(deps, lockout, sessions, notifications),
    resetRequests,
    captcha,
    securityInfo,
    methods,
    registration: createRegistration(deps),
    branding: createBranding(deps),
    // Results shown once (a temporary password, a new key), under a key of their own.
    shownOnce: createShownOnce(deps, createSealer(secret, SHOWN_ONCE_SEALER_PURPOSE)),
    selfServiceReset: createSelfServiceReset(
      deps,
      { lockout, sessions, notifications, resetRequests, methods },
      captcha.verify,
    ),
    admin: {
      passwordReset: createAdminPasswordReset(deps, lockout, sessions, notifications),
      accountActions: createAccountActions(deps, lockout, sessions),
      usersRead: createUsersRead(deps),
      usersWrite: createUsersWrite(deps, directory, sessions),
      roles: createRoles(deps),
      groups: createGroups(deps),
      apiKeys: createApiKeys(deps),
      auditLog: createAuditLog(deps),
      dashboard: createDashboard(deps),
      resetPolicy: createResetPolicy(deps),
      organisation: createOrganisationRead(deps),
      authenticationMethods: createAuthenticationMethods(deps, { notifications, methods }),
    },
  };
}

export type Services = Awaited<ReturnType<typeof createServices>>;
