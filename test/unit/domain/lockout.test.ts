import { describe, expect, it } from "vitest";
import {
  CLEAR_LOCKOUT,
  DEFAULT_LOCKOUT_POLICY,
  isLocked,
  lockoutSeconds,
  registerFailure,
  type LockoutState,
} from "../../../src/domain/lockout.js";

const T0 = 1_000_000;

function fail(state: LockoutState, prints: string[], at = T0) {
  let current = state;
  let last = { counted: false, lockedNow: false };
  for (const print of prints) {
    const outcome = registerFailure(current, print, at);
    current = outcome.state;
    last = outcome;
  }
  return { state: current, ...last };
}

const distinct = (n: number, prefix = "p") => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe("smart lockout", () => {
  it("does not lock after nine distinct failures", () => {
    const { state, lockedNow } = fail(CLEAR_LOCKOUT, distinct(9));
    expect(lockedNow).toBe(false);
    expect(state.failedCount).toBe(9);
    expect(isLocked(state, T0)).toBe(false);
  });

  it("locks on the tenth distinct failure for exactly 60 seconds", () => {
    const { state, lockedNow } = fail(CLEAR_LOCKOUT, distinct(10));
    expect(lockedNow).toBe(true);
    expect(isLocked(state, T0)).toBe(true);
    expect(isLocked(state, T0 + 59_999)).toBe(true);
    expect(isLocked(state, T0 + 60_000)).toBe(false);
  });

  it("counts a repeated wrong password once", () => {
    const { state } = fail(CLEAR_LOCKOUT, ["same", "same", "same", ...distinct(8), "same"]);
    expect(state.failedCount).toBe(9);
    expect(isLocked(state, T0)).toBe(false);
  });

  it("reports a repeat as not counted", () => {
    const first = registerFailure(CLEAR_LOCKOUT, "x", T0);
    const again = registerFailure(first.state, "x", T0 + 1);
    expect(first.counted).toBe(true);
    expect(again.counted).toBe(false);
    expect(again.state.failedCount).toBe(1);
  });

  it("doubles each further lockout: 60, 120, 240 ... up to an hour", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => lockoutSeconds(n))).toEqual([
      60, 120, 240, 480, 960, 1920, 3600, 3600,
    ]);
    expect(lockoutSeconds(1000)).toBe(DEFAULT_LOCKOUT_POLICY.maxSeconds);
  });

  it("starts counting again after a lockout, and the second lockout lasts longer", () => {
    const first = fail(CLEAR_LOCKOUT, distinct(10, "a"));
    const after = T0 + 60_000;
    const second = fail(first.state, distinct(10, "b"), after);
    expect(second.lockedNow).toBe(true);
    expect(second.state.lockedUntil).toBe(after + 120_000);
  });

  it("forgets failures after a quiet day", () => {
    const { state } = fail(CLEAR_LOCKOUT, distinct(9, "old"));
    const later = T0 + DEFAULT_LOCKOUT_POLICY.quietResetSeconds * 1000;
    const outcome = registerFailure(state, "new", later);
    expect(outcome.state.failedCount).toBe(1);
    expect(outcome.state.lockoutCount).toBe(0);
  });

  it("remembers at most ten wrong passwords", () => {
    const { state } = fail(CLEAR_LOCKOUT, distinct(25));
    expect(state.recentFailures).toHaveLength(DEFAULT_LOCKOUT_POLICY.remembered);
  });
});
