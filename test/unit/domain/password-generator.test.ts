import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generatedPasswordBits, generatePassword } from "../../../src/domain/password-generator.js";

describe("generated temporary passwords", () => {
  it("have at least 90 bits at the default 16 characters", () => {
    expect(generatedPasswordBits(16)).toBeGreaterThanOrEqual(90);
  });

  it("use every kind of character and no look-alikes", () => {
    for (let i = 0; i < 500; i++) {
      const password = generatePassword(randomInt);
      expect(password).toHaveLength(16);
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/[0-9]/);
      expect(password).toMatch(/[^a-zA-Z0-9]/);
      expect(password).not.toMatch(/[0O1lIo5S2Z8B'"`|]/);
    }
  });

  it("follow the randomness they are given", () => {
    expect(generatePassword(() => 0)).toBe(generatePassword(() => 0));
  });
});
