import {
  METHOD_ORDER,
  provenBy,
  RESET_METHOD_TRAITS,
  type ResetMethod,
  type SecurityMethodKind,
} from "./methods.js";
import type { ResetPolicy } from "./reset-policy.js";

/**
 * The rules of self-service password reset and unlock (SPEC [S6], [S11]): who may start,
 * which methods they may prove, how many, and when too many failures block them.
 * Pure: the store, clock and randomness are handed in.
 */

/** A flow lasts 15 minutes from its start (SPEC [S11]). */
export const FLOW_LIFETIME_MS = 15 * 60_000;
/** 5 failed proofs within 24 hours block self-service for 24 hours (SPEC [S11]). */
export const FAILURES_TO_BLOCK = 5;
export const FAILURE_WINDOW_MS = 24 * 3_600_000;
export const BLOCK_DURATION_MS = 24 * 3_600_000;
/** At most 10 flows per User ID in 15 minutes, however many addresses they come from. */
export const STARTS_PER_USER = 10;
export const STARTS_WINDOW_MS = 15 * 60_000;

export type FlowIntent = "reset" | "unlock";

/**
 * Where a flow is. Every step is a conditional update from the state it expects, so a
 * skipped, replayed or racing step finds another state and fails.
 *
 * ```mermaid
 * stateDiagram-v2
 *   [*] --> refused: a policy check fails
 *   [*] --> verify: eligible (or strict privacy, refusal kept back)
 *   verify --> verify: one method proven, another required
 *   verify --> proven: enough methods proven
 *   verify --> refused: blocked, or a kept-back refusal after proof
 *   proven --> done: new password set, or account unlocked
 * ```
 */
export type FlowState = "refused" | "verify" | "proven" | "done";

/**
 * Why a flow cannot go on, each with the reference code the helpdesk knows (Microsoft's
 * SSPR_* where one exists, Sesame's own SES_* otherwise).
 */
export const REFUSALS = {
  organisationDisabled: "SSPR_0009",
  managedOnPremises: "SSPR_0010",
  notInScope: "SSPR_0013",
  notRegistered: "SSPR_0014",
  blocked: "SES_0001",
  accountDisabled: "SES_0002",
} as const;
export type Refusal = keyof typeof REFUSALS;

export interface Candidate {
  accountEnabled: boolean;
  passwordManaged: "cloud" | "onPremises";
  isAdministrator: boolean;
  /** Whether the policy's scope (all, or the selected group) includes the user. */
  inScope: boolean;
  /** The kinds the user registered and proved. */
  registered: ReadonlySet<SecurityMethodKind>;
  blockedUntil: number | null;
}

/** Administrators always prove two methods, and never with security questions (SPEC [S6]). */
export function methodsRequired(policy: ResetPolicy, isAdministrator: boolean): 1 | 2 {
  return isAdministrator ? 2 : policy.methodsRequired;
}

/** The methods the policy enables and the user registered, in the order they are offered. */
export function availableMethods(
  policy: ResetPolicy,
  candidate: Pick<Candidate, "isAdministrator" | "registered">,
): ResetMethod[] {
  return METHOD_ORDER.filter(
    (method) =>
      policy.methods[method] &&
      candidate.registered.has(provenBy(method)) &&
      (!candidate.isAdministrator || RESET_METHOD_TRAITS[method].forAdministrators),
  );
}

/**
 * The kinds of security info that count towards a reset under the policy: those an enabled
 * method fit for the user's roles proves. A user is registered for self-service reset when
 * they hold at least methodsRequired of them (what availableMethods and distinctKinds count).
 */
export function countingKinds(policy: ResetPolicy, isAdministrator: boolean): SecurityMethodKind[] {
  const methods = METHOD_ORDER.filter(
    (method) =>
      policy.methods[method] && (!isAdministrator || RESET_METHOD_TRAITS[method].forAdministrators),
  );
  return [...new Set(methods.map((method) => provenBy(method)))];
}

/** How many different things (kinds) the methods prove. */
export function distinctKinds(methods: readonly ResetMethod[]): number {
  return new Set(methods.map((method) => provenBy(method))).size;
}

export type Eligibility =
  { ok: true; required: 1 | 2; methods: ResetMethod[] } | { ok: false; refusal: Refusal };

/**
 * Whether the user may go on, checked in the order Microsoft's flow checks them: the
 * organisation, the account, the scope, on-premises management, the block, registration.
 * Unlocking changes no password, so on-premises management does not stop it.
 */
export function checkEligibility(
  policy: ResetPolicy,
  candidate: Candidate,
  intent: FlowIntent,
  now: number,
): Eligibility {
  if (policy.enabledFor === "none") return { ok: false, refusal: "organisationDisabled" };
  if (!candidate.accountEnabled) return { ok: false, refusal: "accountDisabled" };
  if (!candidate.inScope) return { ok: false, refusal: "notInScope" };
  if (intent === "reset" && candidate.passwordManaged === "onPremises" && !policy.writeback) {
    return { ok: false, refusal: "managedOnPremises" };
  }
  if (candidate.blockedUntil !== null && now < candidate.blockedUntil) {
    return { ok: false, refusal: "blocked" };
  }
  const required = methodsRequired(policy, candidate.isAdministrator);
  const methods = availableMethods(policy, candidate);
  if (distinctKinds(methods) < required) return { ok: false, refusal: "notRegistered" };
  return { ok: true, required, methods };
}

/** The methods still on offer once some kinds are proven: each kind proves once. */
export function remainingMethods(
  methods: readonly ResetMethod[],
  proven: readonly SecurityMethodKind[],
): ResetMethod[] {
  return methods.filter((method) => !proven.includes(provenBy(method)));
}

/** Failed proofs of one user, counted in the store so every instance agrees. */
export interface FailureState {
  failures: number;
  windowStart: number | null;
  blockedUntil: number | null;
}

export const NO_FAILURES: FailureState = { failures: 0, windowStart: null, blockedUntil: null };

export function isBlocked(state: FailureState, now: number): boolean {
  return state.blockedUntil !== null && now < state.blockedUntil;
}

/**
 * One more failed proof. The window is fixed from the first failure: asking for a new
 * code never resets it (SPEC [S11]); the fifth failure within it blocks for 24 hours.
 */
export function registerFailure(
  state: FailureState,
  now: number,
): { state: FailureState; blockedNow: boolean } {
  if (isBlocked(state, now)) return { state, blockedNow: false };
  const fresh = state.windowStart === null || now - state.windowStart >= FAILURE_WINDOW_MS;
  const failures = (fresh ? 0 : state.failures) + 1;
  const windowStart = fresh ? now : state.windowStart;
  if (failures >= FAILURES_TO_BLOCK) {
    return {
      state: { failures, windowStart, blockedUntil: now + BLOCK_DURATION_MS },
      blockedNow: true,
    };
  }
  return { state: { failures, windowStart, blockedUntil: null }, blockedNow: false };
}

/** `count` distinct entries of `items` drawn uniformly (partial Fisher–Yates). */
export function drawAtRandom<T>(
  items: readonly T[],
  count: number,
  randomInt: (max: number) => number,
): T[] {
  const pool = [...items];
  const drawn: T[] = [];
  while (drawn.length < count && pool.length > 0) {
    const index = randomInt(pool.length);
    drawn.push(...pool.splice(index, 1));
  }
  return drawn;
}
