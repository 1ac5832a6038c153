import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_RESET_POLICY } from "../../../src/domain/reset-policy.js";
import { RESET_METHODS, SECURITY_METHOD_KINDS } from "../../../src/domain/methods.js";
import {
  availableMethods,
  countingKinds,
  distinctKinds,
} from "../../../src/domain/self-service-reset.js";

describe("which registered kinds count for a reset", () => {
  it("counts exactly what the reset flow offers, for every policy, user and administrator", () => {
    fc.assert(
      fc.property(
        fc.record(Object.fromEntries(RESET_METHODS.map((m) => [m, fc.boolean()]))),
        fc.subarray([...SECURITY_METHOD_KINDS]),
        fc.boolean(),
        (methods, registered, isAdministrator) => {
          const policy = {
            ...DEFAULT_RESET_POLICY,
            methods: methods as typeof DEFAULT_RESET_POLICY.methods,
          };
          const set = new Set(registered);
          const offered = distinctKinds(
            availableMethods(policy, { isAdministrator, registered: set }),
          );
          const counted = countingKinds(policy, isAdministrator).filter((k) => set.has(k)).length;
          expect(counted).toBe(offered);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("never counts security questions for an administrator", () => {
    const all = {
      ...DEFAULT_RESET_POLICY,
      methods: Object.fromEntries(
        RESET_METHODS.map((m) => [m, true]),
      ) as typeof DEFAULT_RESET_POLICY.methods,
    };
    expect(countingKinds(all, true)).not.toContain("securityQuestions");
    expect(countingKinds(all, false)).toContain("securityQuestions");
  });
});
