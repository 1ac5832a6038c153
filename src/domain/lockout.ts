/**
 * Smart lockout (SPEC [S2]): after `threshold` counted failures the account is locked for
 * `baseSeconds`, doubling on each further lockout up to `maxSeconds`. A wrong password
 * already remembered is not counted again, so a user retyping the same typo (or a client
 * retrying stale credentials) cannot lock the account. Pure: the caller passes the clock
 * and a keyed fingerprint of the wrong password, never the password itself.
 */
export interface LockoutPolicy {
  threshold: number;
  baseSeconds: number;
  maxSeconds: number;
  /** How many distinct wrong-password fingerprints are remembered. */
  remembered: number;
  /** After this long without a failure, the counters start again from zero. */
  quietResetSeconds: number;
}

export const DEFAULT_LOCKOUT_POLICY: LockoutPolicy = {
  threshold: 10,
  baseSeconds: 60,
  maxSeconds: 60 * 60,
  remembered: 10,
  quietResetSeconds: 24 * 60 * 60,
};

export interface LockoutState {
  failedCount: number;
  lockoutCount: number;
  lockedUntil: number | null;
  lastFailureAt: number | null;
  recentFailures: readonly string[];
}

export const CLEAR_LOCKOUT: LockoutState = {
  failedCount: 0,
  lockoutCount: 0,
  lockedUntil: null,
  lastFailureAt: null,
  recentFailures: [],
};

export function isLocked(state: LockoutState, now: number): boolean {
  return state.lockedUntil !== null && now < state.lockedUntil;
}

/** Seconds the n-th lockout lasts (n starts at 1). */
export function lockoutSeconds(n: number, policy: LockoutPolicy = DEFAULT_LOCKOUT_POLICY): number {
  const doublings = Math.min(Math.max(n - 1, 0), 30);
  return Math.min(policy.baseSeconds * 2 ** doublings, policy.maxSeconds);
}

export interface FailureOutcome {
  state: LockoutState;
  /** The failure was counted (a new wrong password). */
  counted: boolean;
  /** This failure locked the account. */
  lockedNow: boolean;
}

export function registerFailure(
  previous: LockoutState,
  fingerprint: string,
  now: number,
  policy: LockoutPolicy = DEFAULT_LOCKOUT_POLICY,
): FailureOutcome {
  const quiet =
    previous.lastFailureAt !== null &&
    now - previous.lastFailureAt >= policy.quietResetSeconds * 1000 &&
    !isLocked(previous, now);
  const state = quiet ? CLEAR_LOCKOUT : previous;

  if (state.recentFailures.includes(fingerprint)) {
    return { state: { ...state, lastFailureAt: now }, counted: false, lockedNow: false };
  }
  const recentFailures = [...state.recentFailures, fingerprint].slice(-policy.remembered);
  const failedCount = state.failedCount + 1;
  if (failedCount < policy.threshold) {
    return {
      state: { ...state, failedCount, recentFailures, lastFailureAt: now },
      counted: true,
      lockedNow: false,
    };
  }
  const lockoutCount = state.lockoutCount + 1;
  return {
    state: {
      failedCount: 0,
      lockoutCount,
      lockedUntil: now + lockoutSeconds(lockoutCount, policy) * 1000,
      lastFailureAt: now,
      recentFailures,
    },
    counted: true,
    lockedNow: true,
  };
}
