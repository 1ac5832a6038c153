import type { ServiceDeps } from "../context.js";
import type { Lockout } from "../lockout.js";
import type { Methods } from "../methods/index.js";
import type { Notifications } from "../notifications.js";
import type { ResetRequests } from "../reset-requests.js";
import type { Sessions } from "../sessions.js";
import { pacedSteps } from "../pacing.js";
import { createCompletion } from "./completion.js";
import { createContact } from "./contact.js";
import { createFlows } from "./flows.js";
import { createStart } from "./start.js";
import { createVerification } from "./verify.js";

/**
 * Self-service password reset and unlock (SPEC [S6], [S11]). A flow is a record in the
 * store; the browser holds only a random token whose hash keys it, so any instance can
 * continue it. Each step checks the state it expects and moves on with a conditional
 * update: skipped, replayed and racing steps fail. The steps, in their order:
 * start (start.ts), view/choose/prove (verify.ts), resetPassword/unlock (completion.ts);
 * contactAdministrators (contact.ts) is offered at a refusal and beside verification.
 * Every step before the person proved who they are is paced (services/pacing.ts), so
 * its timing does not tell whether the User ID has an account.
 */
export function createSelfServiceReset(
  deps: Pick<ServiceDeps, "store" | "hasher" | "now" | "fingerprint">,
  services: {
    lockout: Lockout;
    sessions: Sessions;
    notifications: Notifications;
    resetRequests: ResetRequests;
    methods: Methods;
  },
  /** Whether a posted CAPTCHA solution is genuine, fresh and unused. */
  verifyCaptcha: (payload: unknown) => Promise<boolean>,
) {
  const flows = createFlows(deps);
  return {
    ...pacedSteps({
      start: createStart(deps, flows, verifyCaptcha),
      ...createVerification(deps, flows, services.methods),
      contactAdministrators: createContact(flows, services.resetRequests),
    }),
    ...createCompletion(deps, services, flows),
  };
}

export type SelfServiceReset = ReturnType<typeof createSelfServiceReset>;
