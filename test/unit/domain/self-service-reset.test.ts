import type { SecurityMethodKind } from "../../../src/domain/methods.js";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_RESET_POLICY,
  copyPolicy,
  type ResetPolicy,
} from "../../../src/domain/reset-policy.js";
import {
  BLOCK_DURATION_MS,
  checkEligibility,
  drawAtRandom,
  FAILURE_WINDOW_MS,
  isBlocked,
  NO_FAILURES,
  registerFailure,
  remainingMethods,
  type Candidate,
} from "../../../src/domain/self-service-reset.js";

const NOW = Date.UTC(2026, 10, 22, 9);

function policy(change: Partial<ResetPolicy> = {}): ResetPolicy {
  const base = copyPolicy(DEFAULT_RESET_POLICY);
  return {
    ...base,
    ...change,
    methods: { ...base.methods, securityQuestions: true, mobileCall: true, ...change.methods },
  };
}

function candidate(change: Partial<Candidate> = {}): Candidate {
  return {
    accountEnabled: true,
    passwordManaged: "cloud",
    isAdministrator: false,
    inScope: true,
    registered: new Set<SecurityMethodKind>(["email", "mobilePhone"]),
    blockedUntil: null,
    ...change,
  };
}

describe("who may use self-service reset", () => {
  it("offers the enabled, registered methods in Microsoft's order, one proof for a user", () => {
    expect(checkEligibility(policy(), candidate(), "reset", NOW)).toEqual({
      ok: true,
      required: 1,
      methods: ["email", "mobileSms", "mobileCall"],
    });
  });

  it("refuses in Microsoft's order, each with its reason", () => {
    const refusal = (p: ResetPolicy, c: Candidate, intent: "reset" | "unlock" = "reset") => {
      const result = checkEligibility(p, c, intent, NOW);
      return result.ok ? "ok" : result.refusal;
    };
    expect(refusal(policy({ enabledFor: "none" }), candidate({ accountEnabled: false }))).toBe(
      "organisationDisabled",
    );
    expect(refusal(policy(), candidate({ accountEnabled: false, inScope: false }))).toBe(
      "accountDisabled",
    );
    expect(refusal(policy(), candidate({ inScope: false }))).toBe("notInScope");
    expect(refusal(policy(), candidate({ passwordManaged: "onPremises" }))).toBe(
      "managedOnPremises",
    );
    // Writeback lets the reset through; unlocking changes no password either way.
    expect(refusal(policy({ writeback: true }), candidate({ passwordManaged: "onPremises" }))).toBe(
      "ok",
    );
    expect(refusal(policy(), candidate({ passwordManaged: "onPremises" }), "unlock")).toBe("ok");
    expect(refusal(policy(), candidate({ blockedUntil: NOW + 1 }))).toBe("blocked");
    expect(refusal(policy(), candidate({ blockedUntil: NOW }))).toBe("ok");
    expect(refusal(policy(), candidate({ registered: new Set() }))).toBe("notRegistered");
    expect(
      refusal(
        policy({
          methods: { ...policy().methods, email: false, mobileSms: false, mobileCall: false },
        }),
        candidate(),
      ),
    ).toBe("notRegistered");
  });

  it("holds administrators to two kinds of proof, never security questions", () => {
    const admin = candidate({
      isAdministrator: true,
      registered: new Set<SecurityMethodKind>(["email", "securityQuestions"]),
    });
    expect(checkEligibility(policy(), admin, "reset", NOW)).toEqual({
      ok: false,
      refusal: "notRegistered",
    });
    const ready = candidate({ isAdministrator: true });
    expect(checkEligibility(policy(), ready, "reset", NOW)).toMatchObject({
      ok: true,
      required: 2,
    });
    // SMS and a call to the same phone are one kind: two of them make no pair.
    const onePhone = candidate({ registered: new Set<SecurityMethodKind>(["mobilePhone"]) });
    expect(checkEligibility(policy({ methodsRequired: 2 }), onePhone, "reset", NOW)).toEqual({
      ok: false,
      refusal: "notRegistered",
    });
  });

  it("takes proven kinds off the list", () => {
    expect(remainingMethods(["email", "mobileSms", "mobileCall"], ["mobilePhone"])).toEqual([
      "email",
    ]);
  });
});

describe("failed proofs", () => {
  it("blocks for 24 hours at the fifth failure within 24 hours of the first", () => {
    let state = NO_FAILURES;
    for (let i = 0; i < 4; i += 1) {
      const outcome = registerFailure(state, NOW + i * 60_000);
      expect(outcome.blockedNow).toBe(false);
      state = outcome.state;
    }
    const fifth = registerFailure(state, NOW + 3_600_000);
    expect(fifth.blockedNow).toBe(true);
    expect(fifth.state.blockedUntil).toBe(NOW + 3_600_000 + BLOCK_DURATION_MS);
    expect(isBlocked(fifth.state, NOW + 3_600_000 + BLOCK_DURATION_MS - 1)).toBe(true);
    expect(isBlocked(fifth.state, NOW + 3_600_000 + BLOCK_DURATION_MS)).toBe(false);
  });

  it("starts counting afresh once the window has passed", () => {
    let state = NO_FAILURES;
    for (let i = 0; i < 4; i += 1) state = registerFailure(state, NOW).state;
    const later = registerFailure(state, NOW + FAILURE_WINDOW_MS);
    expect(later).toEqual({
      state: { failures: 1, windowStart: NOW + FAILURE_WINDOW_MS, blockedUntil: null },
      blockedNow: false,
    });
  });
});

describe("drawing questions", () => {
  it("draws distinct entries, as many as asked or as there are", () => {
    let seed = 7;
    const randomInt = (max: number) => (seed = (seed * 31 + 11) % 9973) % max;
    const drawn = drawAtRandom(["a", "b", "c", "d", "e"], 3, randomInt);
    expect(new Set(drawn).size).toBe(3);
    expect(drawAtRandom(["a", "b"], 3, randomInt).sort()).toEqual(["a", "b"]);
  });
});
