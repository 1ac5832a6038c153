import { METHOD_ORDER, verifiedKinds, type ResetMethod } from "../../domain/methods.js";
import { isAdministrator } from "../../domain/permissions.js";
import type { ResetPolicy } from "../../domain/reset-policy.js";
import {
  checkEligibility,
  FLOW_LIFETIME_MS,
  isBlocked,
  REFUSALS,
  STARTS_PER_USER,
  STARTS_WINDOW_MS,
  type FlowIntent,
} from "../../domain/self-service-reset.js";
import { parseUserId } from "../../domain/user-id.js";
import { findOrganisationByDomain } from "../../store/organisations.js";
import {
  countFlowsStarted,
  deleteExpiredResetFlows,
  findResetFailures,
  insertResetFlow,
} from "../../store/reset-flows.js";
import { findRoleTemplateIds } from "../../store/roles.js";
import { listSecurityMethods } from "../../store/security-info.js";
import { findUserByKey } from "../../store/users.js";
import { toRoleKeys } from "../admin/principal.js";
import { readResetPolicy } from "../admin/reset-policy.js";
import type { RequestOrigin, ServiceDeps } from "../context.js";
import { captchaFailed, invalidInput, SesameError } from "../errors.js";
import { newToken, tokenHash } from "../../domain/tokens.js";
import type { Flows } from "./flows.js";
import type { PacedStep } from "../pacing.js";

/** Ended flows stay a day, so a late click gets "expired" rather than nothing. */
const FORGET_FLOWS_AFTER_MS = 24 * 3_600_000;

/** Every method the policy enables, in the order offered (what strict privacy shows). */
function policyMethods(policy: ResetPolicy): ResetMethod[] {
  return METHOD_ORDER.filter((method) => policy.methods[method]);
}

const unknownUser = () =>
  new SesameError("unknownUser", "We couldn't find that User ID.", "userId");

/**
 * Page 1 of a flow: the CAPTCHA first (no lookup before it passes), then the User ID, then
 * the policy's checks. Returns the new flow's token; a refused flow still gets one, so the
 * refusal page can offer to contact the administrators.
 */
export function createStart(
  deps: Pick<ServiceDeps, "store" | "now" | "fingerprint">,
  flows: Flows,
  verifyCaptcha: (payload: unknown) => Promise<boolean>,
) {
  const { store, now } = deps;

  const start: PacedStep<
    [input: { userId: string; intent: FlowIntent; captcha: unknown; origin: RequestOrigin }],
    { token: string }
  > = async (pacing, input) => {
    if (!(await verifyCaptcha(input.captcha))) throw captchaFailed();
    const typed = typeof input.userId === "string" ? input.userId.trim() : "";
    const parsed = parseUserId(typed);
    if (!parsed) throw invalidInput("userId", "Enter your User ID, like name@example.com.");
    const organisation = await findOrganisationByDomain(store, parsed.domain);
    if (!organisation) throw unknownUser();
    const found = await findUserByKey(store, organisation.id, parsed.key);
    const user = found && found.deletedAt === null ? found : undefined;
    const policy = await readResetPolicy(store, organisation.id);
    if (!policy.strictPrivacy) pacing.notNeeded();
    if (!user && !policy.strictPrivacy) throw unknownUser();
    const intent: FlowIntent = input.intent === "unlock" && policy.allowUnlock ? "unlock" : "reset";
    // The same reads for a known and an unknown user, so timing tells them apart less.
    const subject = user?.id ?? "";
    const [roles, methods, failures, scoped] = await Promise.all([
      findRoleTemplateIds(store, subject),
      listSecurityMethods(store, subject),
      findResetFailures(store, subject),
      flows.inScope(policy, subject),
    ]);
    const at = now();
    const decoySeed = user ? null : deps.fingerprint("decoy-user", typed.toLowerCase());
    const started = await countFlowsStarted(
      store,
      user ? { userId: user.id } : { decoySeed: decoySeed ?? "" },
      at - STARTS_WINDOW_MS,
    );
    if (started >= STARTS_PER_USER) {
      throw new SesameError(
        "tooManyAttempts",
        "Too many password resets were started. Wait a while.",
      );
    }
    const eligibility = user
      ? checkEligibility(
          policy,
          {
            accountEnabled: user.accountEnabled,
            passwordManaged: user.passwordManaged,
            isAdministrator: isAdministrator(toRoleKeys(roles)),
            inScope: scoped,
            registered: verifiedKinds(methods),
            blockedUntil: isBlocked(failures, at) ? failures.blockedUntil : null,
          },
          intent,
          at,
        )
      : undefined;
    const refusal = eligibility && !eligibility.ok ? eligibility.refusal : null;
    // Strict privacy: everyone sees the same verification page with the policy's methods;
    // a refusal shows only once the person proved who they are.
    const strict = policy.strictPrivacy;
    const token = newToken();
    await store.transaction(async (tx) => {
      await deleteExpiredResetFlows(tx, at - FORGET_FLOWS_AFTER_MS);
      await insertResetFlow(tx, {
        idHash: tokenHash(token),
        organisationId: organisation.id,
        userId: user?.id ?? null,
        intent,
        state: refusal && !strict ? "refused" : "verify",
        refusal,
        methods: strict ? policyMethods(policy) : eligibility?.ok ? eligibility.methods : [],
        required: eligibility?.ok ? eligibility.required : policy.methodsRequired,
        proven: [],
        pendingMethod: null,
        questions: null,
        failures: 0,
        decoySeed,
        createdAt: at,
        expiresAt: at + FLOW_LIFETIME_MS,
      });
      if (!user) return;
      await flows.progress(tx, user, input.origin, {
        result: refusal ? "failure" : "success",
        ...(refusal ? { reason: refusal } : {}),
        details: {
          step: "started",
          intent,
          ...(refusal ? { referenceCode: REFUSALS[refusal] } : {}),
        },
      });
    });
    return { token };
  };
  return start;
}
