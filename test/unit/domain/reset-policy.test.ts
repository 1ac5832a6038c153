import { describe, expect, it } from "vitest";
import {
  DEFAULT_RESET_POLICY,
  parseStoredPolicy,
  policyChanges,
  resetScopeFor,
  validateResetPolicyPatch,
  type ResetPolicy,
} from "../../../src/domain/reset-policy.js";

const apply = (patch: unknown, current: ResetPolicy = DEFAULT_RESET_POLICY) =>
  validateResetPolicyPatch(current, patch);

function ok(patch: unknown, current?: ResetPolicy): ResetPolicy {
  const result = apply(patch, current);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.policy;
}

function fields(patch: unknown, current?: ResetPolicy): string[] {
  const result = apply(patch, current);
  if (result.ok) throw new Error("expected errors");
  return result.errors.map((error) => error.field);
}

describe("the reset policy's defaults (SPEC [S9])", () => {
  it("has SPEC [S9]'s defaults", () => {
    expect(DEFAULT_RESET_POLICY).toEqual({
      enabledFor: "all",
      groupId: null,
      methodsRequired: 1,
      methods: {
        email: true,
        mobileSms: true,
        mobileCall: false,
        officeCall: false,
        securityQuestions: false,
        authenticatorApp: false,
      },
      securityQuestionsToRegister: 3,
      securityQuestionsToReset: 3,
      customSecurityQuestions: [],
      requireRegistration: true,
      reconfirmDays: 180,
      notifyUsers: true,
      notifyAdmins: true,
      helpdesk: null,
      allowUnlock: true,
      writeback: false,
      allowEmailingPasswords: true,
      strictPrivacy: false,
    });
  });

  it("an empty patch keeps the policy, and never shares the defaults' objects", () => {
    const policy = ok({});
    expect(policy).toEqual(DEFAULT_RESET_POLICY);
    policy.methods.email = false;
    expect(DEFAULT_RESET_POLICY.methods.email).toBe(true);
  });
});

describe("validateResetPolicyPatch", () => {
  it("accepts every valid value of every field", () => {
    for (const enabledFor of ["none", "all"] as const) {
      expect(ok({ enabledFor }).enabledFor).toBe(enabledFor);
    }
    expect(ok({ enabledFor: "group", groupId: "g-1" })).toMatchObject({
      enabledFor: "group",
      groupId: "g-1",
    });
    expect(ok({ methodsRequired: 2 }).methodsRequired).toBe(2);
    expect(ok({ methods: { securityQuestions: true, email: false } }).methods).toMatchObject({
      securityQuestions: true,
      email: false,
      mobileSms: true,
    });
    for (const n of [3, 4, 5]) {
      expect(ok({ securityQuestionsToRegister: n }).securityQuestionsToRegister).toBe(n);
    }
    expect(
      ok({ securityQuestionsToRegister: 5, securityQuestionsToReset: 5 }).securityQuestionsToReset,
    ).toBe(5);
    for (const days of [0, 1, 180, 730])
      expect(ok({ reconfirmDays: days }).reconfirmDays).toBe(days);
    for (const field of [
      "requireRegistration",
      "notifyUsers",
      "notifyAdmins",
      "allowUnlock",
      "writeback",
      "allowEmailingPasswords",
      "strictPrivacy",
    ] as const) {
      expect(ok({ [field]: !DEFAULT_RESET_POLICY[field] })[field]).toBe(
        !DEFAULT_RESET_POLICY[field],
      );
    }
    expect(ok({ helpdesk: { email: " help@contoso.test " } }).helpdesk).toEqual({
      email: "help@contoso.test",
    });
    expect(ok({ helpdesk: { url: "https://help.contoso.test/sspr" } }).helpdesk).toEqual({
      url: "https://help.contoso.test/sspr",
    });
    const withHelpdesk = ok({ helpdesk: { url: "https://help.test" } });
    expect(ok({ helpdesk: null }, withHelpdesk).helpdesk).toBeNull();
  });

  it("names each invalid field", () => {
    expect(fields({ enabledFor: "some" })).toEqual(["enabledFor"]);
    expect(fields({ enabledFor: "group" })).toEqual(["groupId"]);
    expect(fields({ groupId: "" })).toEqual(["groupId"]);
    expect(fields({ groupId: 7 })).toEqual(["groupId"]);
    expect(fields({ methodsRequired: 3 })).toEqual(["methodsRequired"]);
    expect(fields({ methodsRequired: "2" })).toEqual(["methodsRequired"]);
    expect(fields({ methods: [] })).toEqual(["methods"]);
    expect(fields({ methods: { email: "yes" } })).toEqual(["methods.email"]);
    expect(fields({ methods: { fax: true } })).toEqual(["methods.fax"]);
    for (const n of [2, 6, 3.5, "4", null]) {
      expect(fields({ securityQuestionsToRegister: n })).toEqual(["securityQuestionsToRegister"]);
      expect(fields({ securityQuestionsToReset: n })).toEqual(["securityQuestionsToReset"]);
    }
    for (const days of [-1, 731, 1.5, "180"]) {
      expect(fields({ reconfirmDays: days })).toEqual(["reconfirmDays"]);
    }
    expect(fields({ notifyUsers: "true" })).toEqual(["notifyUsers"]);
    expect(fields({ strictPrivacy: 1 })).toEqual(["strictPrivacy"]);
    expect(fields({ helpdesk: "help@contoso.test" })).toEqual(["helpdesk"]);
    expect(fields({ helpdesk: { email: "a@b.test", url: "https://x.test" } })).toEqual([
      "helpdesk",
    ]);
    expect(fields({ helpdesk: { phone: "112" } })).toEqual(["helpdesk"]);
    expect(fields({ helpdesk: { email: "not an address" } })).toEqual(["helpdesk.email"]);
    expect(fields({ helpdesk: { url: "javascript:alert(1)" } })).toEqual(["helpdesk.url"]);
    expect(fields({ helpdesk: { url: "help desk" } })).toEqual(["helpdesk.url"]);
    expect(fields({ colour: "blue" })).toEqual(["colour"]);
    expect(fields(null)).toEqual(["policy"]);
    expect(fields([])).toEqual(["policy"]);
  });

  it("reports every invalid field at once", () => {
    expect(fields({ enabledFor: 1, reconfirmDays: 999, writeback: "no" }).sort()).toEqual([
      "enabledFor",
      "reconfirmDays",
      "writeback",
    ]);
  });

  it("checks the rules between fields on the result", () => {
    expect(fields({ securityQuestionsToReset: 4 })).toEqual(["securityQuestionsToRegister"]);
    const five = ok({ securityQuestionsToRegister: 5, securityQuestionsToReset: 5 });
    expect(fields({ securityQuestionsToRegister: 4 }, five)).toEqual([
      "securityQuestionsToRegister",
    ]);
    expect(fields({ methods: { mobileSms: false }, methodsRequired: 2 })).toEqual(["methods"]);
    expect(fields({ methods: { email: false, mobileSms: false } })).toEqual(["methods"]);
    const group = ok({ enabledFor: "group", groupId: "g-1" });
    expect(fields({ groupId: null }, group)).toEqual(["groupId"]);
    expect(ok({ enabledFor: "all", groupId: null }, group).groupId).toBeNull();
  });

  it("changes nothing when a field is invalid", () => {
    const before = JSON.stringify(DEFAULT_RESET_POLICY);
    expect(apply({ notifyUsers: false, reconfirmDays: -5 }).ok).toBe(false);
    expect(JSON.stringify(DEFAULT_RESET_POLICY)).toBe(before);
  });
});

describe("resetScopeFor", () => {
  const policy = (patch: unknown) => ok(patch);

  it("administrators are always in scope and need two methods", () => {
    for (const enabled of [
      policy({ enabledFor: "none" }),
      policy({}),
      policy({ methodsRequired: 1 }),
    ]) {
      expect(resetScopeFor(enabled, { isAdministrator: true, inGroup: false })).toEqual({
        inScope: true,
        methodsRequired: 2,
      });
    }
  });

  it("users follow enabledFor and methodsRequired", () => {
    const user = { isAdministrator: false, inGroup: false };
    const member = { isAdministrator: false, inGroup: true };
    expect(resetScopeFor(policy({}), user)).toEqual({ inScope: true, methodsRequired: 1 });
    expect(resetScopeFor(policy({ methodsRequired: 2 }), user)).toEqual({
      inScope: true,
      methodsRequired: 2,
    });
    expect(resetScopeFor(policy({ enabledFor: "none" }), member)).toEqual({
      inScope: false,
      methodsRequired: 0,
    });
    const group = policy({ enabledFor: "group", groupId: "g-1" });
    expect(resetScopeFor(group, member)).toEqual({ inScope: true, methodsRequired: 1 });
    expect(resetScopeFor(group, user)).toEqual({ inScope: false, methodsRequired: 0 });
  });
});

describe("stored policies and changes", () => {
  it("reads a stored policy, falling back to the defaults", () => {
    expect(parseStoredPolicy(undefined)).toEqual(DEFAULT_RESET_POLICY);
    expect(parseStoredPolicy("{not json")).toEqual(DEFAULT_RESET_POLICY);
    const stored = ok({ notifyUsers: false, methodsRequired: 2 });
    expect(parseStoredPolicy(JSON.stringify(stored))).toEqual(stored);
  });

  it("lists the changed fields with old and new values", () => {
    const after = ok({ notifyUsers: false, methods: { securityQuestions: true } });
    expect(policyChanges(DEFAULT_RESET_POLICY, after)).toEqual({
      notifyUsers: { old: true, new: false },
      methods: {
        old: DEFAULT_RESET_POLICY.methods,
        new: { ...DEFAULT_RESET_POLICY.methods, securityQuestions: true },
      },
    });
    expect(policyChanges(after, after)).toEqual({});
  });
});

describe("custom security questions (SPEC [S9])", () => {
  const patchErrors = (questions: unknown) => {
    const result = apply({ customSecurityQuestions: questions });
    if (result.ok) throw new Error("expected errors");
    return result.errors.map(({ field, problem }) => ({ field, problem }));
  };

  it("keeps up to 20 questions of 3 to 200 characters, trimmed", () => {
    expect(ok({ customSecurityQuestions: ["  Wat is uw lievelingsboek?  ", "Abc"] })).toMatchObject(
      {
        customSecurityQuestions: ["Wat is uw lievelingsboek?", "Abc"],
      },
    );
    const twenty = Array.from({ length: 20 }, (_, i) => `Question number ${i + 1}?`);
    expect(ok({ customSecurityQuestions: twenty }).customSecurityQuestions).toEqual(twenty);
    const long = "é".repeat(200);
    expect(ok({ customSecurityQuestions: [long] }).customSecurityQuestions).toEqual([long]);
    expect(ok({ customSecurityQuestions: [] }).customSecurityQuestions).toEqual([]);
  });

  it("names each bad question by its index, and the list when it is no list or too long", () => {
    expect(patchErrors(["Fine question?", "ab", "  ", "x".repeat(201)])).toEqual([
      { field: "customSecurityQuestions[1]", problem: "length" },
      { field: "customSecurityQuestions[2]", problem: "length" },
      { field: "customSecurityQuestions[3]", problem: "length" },
    ]);
    expect(patchErrors(["Your first car?", "your FIRST car?"])).toEqual([
      { field: "customSecurityQuestions[1]", problem: "duplicate" },
    ]);
    expect(patchErrors(["Tab\there?", "Line\nbreak?", "Nul\u0000?"])).toEqual([
      { field: "customSecurityQuestions[0]", problem: "control" },
      { field: "customSecurityQuestions[1]", problem: "control" },
      { field: "customSecurityQuestions[2]", problem: "control" },
    ]);
    expect(patchErrors(["Fine question?", 7])).toEqual([
      { field: "customSecurityQuestions[1]", problem: "length" },
    ]);
    expect(patchErrors("Your first car?")).toEqual([
      { field: "customSecurityQuestions", problem: undefined },
    ]);
    const many = Array.from({ length: 21 }, (_, i) => `Question number ${i + 1}?`);
    expect(patchErrors(many)).toEqual([{ field: "customSecurityQuestions", problem: undefined }]);
  });

  it("reads a policy stored before custom questions existed as having none", () => {
    const old: Partial<ResetPolicy> = ok({ notifyUsers: false });
    delete old.customSecurityQuestions;
    const read = parseStoredPolicy(JSON.stringify(old));
    expect(read.customSecurityQuestions).toEqual([]);
    expect(read.notifyUsers).toBe(false);
    const copy = ok({});
    copy.customSecurityQuestions.push("Mutated?");
    expect(DEFAULT_RESET_POLICY.customSecurityQuestions).toEqual([]);
  });
});
