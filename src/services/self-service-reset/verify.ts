import { provenBy, verifiedMethodOf, type ResetMethod } from "../../domain/methods.js";
import type { PasswordRules } from "../../domain/password-policy.js";
import type { Helpdesk, ResetPolicy } from "../../domain/reset-policy.js";
import {
  FAILURE_WINDOW_MS,
  FAILURES_TO_BLOCK,
  isBlocked,
  REFUSALS,
  registerFailure,
  remainingMethods,
  type FlowIntent,
  type FlowState,
  type Refusal,
} from "../../domain/self-service-reset.js";
import type { Organisation } from "../../store/organisations.js";
import {
  countFlowFailure,
  endResetFlowsOf,
  findResetFailures,
  findResetFailuresForUpdate,
  recordProof,
  refuseResetFlow,
  saveResetFailures,
  setPendingStep,
  sumDecoyFailures,
  type ResetFlow,
} from "../../store/reset-flows.js";
import { listSecurityMethods, type SecurityMethod } from "../../store/security-info.js";
import type { User } from "../../store/users.js";
import { audit } from "../audit.js";
import type { RequestOrigin, ServiceDeps } from "../context.js";
import { invalidCode, invalidInput, SesameError, stepNotAllowed } from "../errors.js";
import type { Methods } from "../methods/index.js";
import type { ProofInput, ProofStep } from "../methods/method.js";
import { rulesOf } from "../password-rules.js";
import { expectState, type Flows } from "./flows.js";
import type { PacedStep } from "../pacing.js";

/** One method as the choice page shows it: contact details masked. */
export interface MethodChoice {
  method: ResetMethod;
  /** A masked address or number; empty for questions and the authenticator app. */
  destination: string;
}

/** Everything the pages of a flow show; nothing secret. */
export interface FlowView {
  state: FlowState;
  intent: FlowIntent;
  userPrincipalName: string;
  organisationName: string;
  refusal: { reason: Refusal; referenceCode: string } | null;
  helpdesk: Helpdesk;
  required: number;
  proven: number;
  /** The methods still to choose from. */
  choices: MethodChoice[];
  pending: { method: ResetMethod; destination: string; questions: string[] } | null;
  /** The organisation's password rules, explained on the new-password page. */
  rules: PasswordRules;
}

const selfServiceBlocked = () => new SesameError("selfServiceBlocked", "Too many attempts.");

/**
 * The verification steps of a flow (SPEC [S6], [S11]): what the page shows, choosing a
 * method, proving it. Each method's own work is its module's (services/methods); here is
 * the order, the counting of failures and the block.
 */
export function createVerification(
  deps: Pick<ServiceDeps, "store" | "now">,
  flows: Flows,
  methods: Methods,
) {
  const { store, now } = deps;

  const stepOf = (
    loaded: { flow: ResetFlow; user: User | undefined; organisation: Organisation },
    policy: ResetPolicy,
  ): ProofStep => ({
    flowId: loaded.flow.idHash,
    user: loaded.user,
    organisationName: loaded.organisation.name,
    policy,
    decoySeed: loaded.flow.decoySeed,
    questions: loaded.flow.questions ?? [],
  });

  const destinationOf = (contacts: SecurityMethod[], method: ResetMethod) =>
    methods
      .method(method)
      .registration.display(verifiedMethodOf(contacts, provenBy(method))?.value ?? null);

  /** A failed proof: counted for the user; the fifth in 24 hours blocks and ends the flow. */
  async function fail(flow: ResetFlow, user: User, method: ResetMethod, origin: RequestOrigin) {
    const blocked = await store.transaction(async (tx) => {
      const at = now();
      const outcome = registerFailure(await findResetFailuresForUpdate(tx, user.id), at);
      await saveResetFailures(tx, user.id, outcome.state);
      await flows.progress(tx, user, origin, {
        result: "failure",
        reason: "verificationFailed",
        details: { step: "verify", method, failures: outcome.state.failures },
      });
      if (!outcome.blockedNow) return false;
      await refuseResetFlow(tx, flow.idHash, "blocked");
      await endResetFlowsOf(tx, user.id, at, flow.idHash);
      await audit(tx, at, {
        organisationId: user.organisationId,
        activity: "ssprBlocked",
        result: "success",
        target: { id: user.id, name: user.userPrincipalName },
        origin,
        details: { blockedUntil: outcome.state.blockedUntil },
      });
      return true;
    });
    throw blocked ? selfServiceBlocked() : invalidCode();
  }

  /** A decoy proves nothing, and is blocked like a real user: 5 failures of its User ID in 24 hours. */
  async function failDecoy(flow: ResetFlow, retry: () => Promise<void>) {
    const seed = flow.decoySeed ?? "";
    const decoyBlocked = async () =>
      (await sumDecoyFailures(store, seed, now() - FAILURE_WINDOW_MS)) >= FAILURES_TO_BLOCK;
    if (!(await decoyBlocked())) {
      await retry();
      await countFlowFailure(store, flow.idHash);
      if (!(await decoyBlocked())) throw invalidCode();
    }
    await refuseResetFlow(store, flow.idHash, "blocked");
    throw selfServiceBlocked();
  }

  return {
    /** What the current page of the flow shows. */
    view: (async (pacing, token) => {
      const { flow, user, organisation, policy } = await flows.load(token);
      if (!policy.strictPrivacy) pacing.notNeeded();
      const strict = policy.strictPrivacy && flow.state === "verify";
      const contacts = user && !strict ? await listSecurityMethods(store, user.id) : [];
      const pending = flow.pendingMethod;
      const revealed = flow.state === "refused";
      return {
        state: flow.state,
        intent: flow.intent,
        userPrincipalName: strict ? "" : (user?.userPrincipalName ?? ""),
        organisationName: organisation.name,
        refusal:
          revealed && flow.refusal
            ? { reason: flow.refusal, referenceCode: REFUSALS[flow.refusal] }
            : null,
        helpdesk: policy.helpdesk,
        // Before any proof, strict privacy shows everyone the policy's count (an administrator's
        // second step shows only after the first proof).
        required: strict && flow.proven.length === 0 ? policy.methodsRequired : flow.required,
        proven: flow.proven.length,
        choices: remainingMethods(flow.methods, flow.proven).map((method) => ({
          method,
          destination: destinationOf(contacts, method),
        })),
        pending: pending && {
          method: pending,
          destination: destinationOf(contacts, pending),
          questions: flow.questions ?? [],
        },
        rules: rulesOf(organisation),
      };
    }) satisfies PacedStep<[token: unknown], FlowView>,

    /** The user picks a method: its proof begins (a code goes out, or questions are drawn). */
    choose: (async (pacing, token, method, origin) => {
      const loaded = await flows.load(token);
      const { flow, user, policy } = loaded;
      if (!policy.strictPrivacy) pacing.notNeeded();
      expectState(flow, "verify");
      const choice = remainingMethods(flow.methods, flow.proven).find((m) => m === method);
      if (!choice) throw invalidInput("method", "Choose one of the methods shown.");
      const step = stepOf(loaded, policy);
      await store.transaction(async (tx) => {
        const pending = await methods.method(choice).begin(tx, step);
        await setPendingStep(tx, flow.idHash, { method: choice, questions: pending.questions });
        if (user && pending.codeSent) {
          await flows.progress(tx, user, origin, {
            result: "success",
            details: { step: "codeSent", method: choice },
          });
        }
      });
    }) satisfies PacedStep<[token: unknown, method: unknown, origin: RequestOrigin], void>,

    /**
     * Proves the pending method. A wrong proof counts towards the block (and questions are
     * drawn anew); a right one moves the flow on (to a second method, or onwards).
     */
    prove: (async (pacing, token, input, origin) => {
      const loaded = await flows.load(token);
      const { flow, user, policy } = loaded;
      if (!policy.strictPrivacy) pacing.notNeeded();
      expectState(flow, "verify");
      const method = flow.pendingMethod;
      if (!method) throw stepNotAllowed();
      const strategy = methods.method(method);
      const step = stepOf(loaded, policy);
      const retry = async () => {
        const next = await strategy.retry(store, step);
        if (next) await setPendingStep(store, flow.idHash, { method, questions: next.questions });
      };
      if (!user) return failDecoy(flow, retry);
      if (isBlocked(await findResetFailures(store, user.id), now())) {
        await refuseResetFlow(store, flow.idHash, "blocked");
        throw selfServiceBlocked();
      }
      // Strict privacy offers every method of the policy: one this user may not use proves nothing.
      const allowed =
        !policy.strictPrivacy || (await flows.methodsOf(user, policy)).includes(method);
      if (!allowed || !(await strategy.check(step, input))) {
        await retry();
        return fail(flow, user, method, origin);
      }
      const proven = [...flow.proven, provenBy(method)];
      const next: FlowState = proven.length >= flow.required ? "proven" : "verify";
      await store.transaction(async (tx) => {
        if (!(await recordProof(tx, flow, { proven, state: next }))) throw stepNotAllowed();
        await flows.progress(tx, user, origin, {
          result: "success",
          details: { step: "verified", method, proven: proven.length, required: flow.required },
        });
        // Strict privacy kept the refusal back until the person proved who they are.
        if (flow.refusal) await refuseResetFlow(tx, flow.idHash, flow.refusal);
      });
    }) satisfies PacedStep<[token: unknown, input: ProofInput, origin: RequestOrigin], void>,
  };
}
