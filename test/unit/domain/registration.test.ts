import type { SecurityMethodKind } from "../../../src/domain/methods.js";
import { describe, expect, it } from "vitest";
import { registrationDue, type RegistrationSubject } from "../../../src/domain/registration.js";
import {
  DEFAULT_RESET_POLICY,
  validateResetPolicyPatch,
  type ResetPolicy,
} from "../../../src/domain/reset-policy.js";

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 22, 9, 0, 0);

function policy(patch: Record<string, unknown> = {}): ResetPolicy {
  const result = validateResetPolicyPatch(DEFAULT_RESET_POLICY, patch);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.policy;
}

function subject(
  registered: SecurityMethodKind[],
  overrides: Partial<RegistrationSubject> = {},
): RegistrationSubject {
  return {
    isAdministrator: false,
    inGroup: false,
    registered: new Set(registered),
    confirmedAt: NOW - DAY,
    ...overrides,
  };
}

describe("registrationDue (SPEC [S8], [S9])", () => {
  it("is due when the user has fewer methods than required", () => {
    expect(registrationDue(policy(), subject([]), NOW)).toEqual({
      due: true,
      reason: "register",
      required: 1,
      registered: 0,
    });
    expect(registrationDue(policy({ methodsRequired: 2 }), subject(["email"]), NOW)).toEqual({
      due: true,
      reason: "register",
      required: 2,
      registered: 1,
    });
    expect(registrationDue(policy(), subject(["email"]), NOW)).toEqual({ due: false });
  });

  it("is due again once the reconfirmation period has passed, or was never confirmed", () => {
    const reconfirm = { due: true, reason: "reconfirm", required: 1, registered: 1 };
    const p = policy({ reconfirmDays: 30 });
    const confirmed = (at: number | null) => subject(["mobilePhone"], { confirmedAt: at });
    expect(registrationDue(p, confirmed(NOW - 30 * DAY + 1), NOW)).toEqual({ due: false });
    expect(registrationDue(p, confirmed(NOW - 30 * DAY), NOW)).toEqual(reconfirm);
    expect(registrationDue(p, confirmed(NOW - 400 * DAY), NOW)).toEqual(reconfirm);
    expect(registrationDue(p, confirmed(null), NOW)).toEqual(reconfirm);
  });

  it("never asks to reconfirm when reconfirmDays is 0 and the user has enough methods", () => {
    const p = policy({ reconfirmDays: 0 });
    expect(registrationDue(p, subject(["email"], { confirmedAt: null }), NOW)).toEqual({
      due: false,
    });
    expect(registrationDue(p, subject(["email"], { confirmedAt: NOW - 5000 * DAY }), NOW)).toEqual({
      due: false,
    });
    // Too few methods still counts.
    expect(registrationDue(p, subject([]), NOW)).toMatchObject({ due: true, reason: "register" });
  });

  it("never asks when the policy does not require registration", () => {
    expect(registrationDue(policy({ requireRegistration: false }), subject([]), NOW)).toEqual({
      due: false,
    });
  });

  it("asks only users in the policy's scope", () => {
    expect(registrationDue(policy({ enabledFor: "none" }), subject([]), NOW)).toEqual({
      due: false,
    });
    const group = policy({ enabledFor: "group", groupId: "g-1" });
    expect(registrationDue(group, subject([]), NOW)).toEqual({ due: false });
    expect(registrationDue(group, subject([], { inGroup: true }), NOW)).toMatchObject({
      due: true,
      reason: "register",
    });
    expect(registrationDue(group, subject([], { isAdministrator: true }), NOW)).toEqual({
      due: false,
    });
  });

  it("administrators need two methods, and their security questions don't count", () => {
    const p = policy({ methods: { securityQuestions: true } });
    const admin = (registered: SecurityMethodKind[]) =>
      subject(registered, { isAdministrator: true });
    expect(registrationDue(p, admin(["email"]), NOW)).toMatchObject({
      due: true,
      reason: "register",
      required: 2,
      registered: 1,
    });
    expect(registrationDue(p, admin(["email", "securityQuestions"]), NOW)).toMatchObject({
      due: true,
      registered: 1,
    });
    expect(registrationDue(p, admin(["email", "mobilePhone"]), NOW)).toEqual({ due: false });
    // A user's questions do count.
    expect(registrationDue(p, subject(["securityQuestions"]), NOW)).toEqual({ due: false });
  });

  it("does not count methods the policy turned off", () => {
    const emailOnly = policy({ methods: { mobileSms: false } });
    expect(registrationDue(emailOnly, subject(["mobilePhone", "officePhone"]), NOW)).toMatchObject({
      due: true,
      reason: "register",
      registered: 0,
    });
    // A phone counts once, whether texts or calls reach it.
    const both = policy({ methods: { mobileCall: true }, methodsRequired: 2 });
    expect(registrationDue(both, subject(["mobilePhone"]), NOW)).toMatchObject({
      due: true,
      registered: 1,
    });
    expect(
      registrationDue(
        policy({ methods: { authenticatorApp: true } }),
        subject(["authenticatorApp"]),
        NOW,
      ),
    ).toEqual({ due: false });
  });
});
