import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  CODE_LIFETIME_MS,
  CODE_MAX_ATTEMPTS,
  codeHashInput,
  codeMatches,
  generateCode,
  issueCode,
  normaliseEnteredCode,
  type CodeRecord,
} from "../../../src/domain/one-time-code.js";

const T0 = Date.UTC(2026, 10, 22, 9, 0, 0);
const hmac = (purpose: string, code: string) =>
  createHmac("sha256", "test-secret").update(codeHashInput(purpose, code)).digest("hex");

function issued(overrides: Partial<CodeRecord> = {}): CodeRecord {
  return {
    ...issueCode({
      id: "c1",
      purpose: "p1",
      userId: "u1",
      codeHash: hmac("p1", "12345678"),
      now: T0,
    }),
    attempts: 1,
    ...overrides,
  };
}

const attempt = (
  record: CodeRecord,
  code: string,
  at = T0 + 1_000,
  purpose = "p1",
  userId = "u1",
) => codeMatches(record, { purpose, userId, enteredHash: hmac(purpose, code), now: at });

describe("generateCode", () => {
  it("makes 8 digits from the injected randomness, keeping leading zeros", () => {
    expect(generateCode(() => 42)).toBe("00000042");
    expect(generateCode(() => 99_999_999)).toBe("99999999");
    expect(generateCode(() => 0)).toBe("00000000");
  });

  it("asks for a value below 10^8", () => {
    let asked = 0;
    generateCode((max) => {
      asked = max;
      return 1;
    });
    expect(asked).toBe(100_000_000);
  });

  it("refuses randomness out of range", () => {
    expect(() => generateCode(() => 100_000_000)).toThrow(RangeError);
    expect(() => generateCode(() => -1)).toThrow(RangeError);
    expect(() => generateCode(() => 1.5)).toThrow(RangeError);
  });
});

describe("issueCode", () => {
  it("expires 10 minutes after issue, unused, with no attempts", () => {
    const record = issueCode({ id: "c", purpose: "p", userId: "u", codeHash: "h", now: T0 });
    expect(record).toEqual({
      id: "c",
      purpose: "p",
      userId: "u",
      codeHash: "h",
      attempts: 0,
      expiresAt: T0 + 10 * 60_000,
      usedAt: null,
      createdAt: T0,
    });
  });
});

describe("normaliseEnteredCode", () => {
  it("ignores spaces and dashes", () => {
    expect(normaliseEnteredCode(" 1234 5678 ")).toBe("12345678");
    expect(normaliseEnteredCode("1234-5678")).toBe("12345678");
  });
  it("refuses anything but 8 digits", () => {
    for (const bad of ["", "1234567", "123456789", "1234567a", "١٢٣٤٥٦٧٨", "12345678\n1"]) {
      expect(normaliseEnteredCode(bad)).toBeUndefined();
    }
  });
});

describe("codeMatches", () => {
  it("accepts the right code within its lifetime", () => {
    expect(attempt(issued(), "12345678")).toBe(true);
    expect(attempt(issued(), "12345678", T0 + CODE_LIFETIME_MS - 1)).toBe(true);
  });

  it("refuses a wrong code", () => {
    expect(attempt(issued(), "12345679")).toBe(false);
  });

  it("refuses the right code once expired, like a wrong one", () => {
    expect(attempt(issued(), "12345678", T0 + CODE_LIFETIME_MS)).toBe(false);
    expect(attempt(issued(), "12345678", T0 + CODE_LIFETIME_MS + 60_000)).toBe(false);
  });

  it("refuses a used code (single use)", () => {
    expect(attempt(issued({ usedAt: T0 + 500 }), "12345678")).toBe(false);
  });

  it("refuses the code for another purpose or another user", () => {
    expect(attempt(issued(), "12345678", T0 + 1_000, "p2")).toBe(false);
    expect(attempt(issued(), "12345678", T0 + 1_000, "p1", "u2")).toBe(false);
  });

  it("refuses once the attempts (counted before checking) pass the maximum", () => {
    expect(attempt(issued({ attempts: CODE_MAX_ATTEMPTS }), "12345678")).toBe(true);
    expect(attempt(issued({ attempts: CODE_MAX_ATTEMPTS + 1 }), "12345678")).toBe(false);
  });

  it("refuses a missing or malformed hash without throwing", () => {
    const record = issued();
    expect(
      codeMatches(record, { purpose: "p1", userId: "u1", enteredHash: undefined, now: T0 }),
    ).toBe(false);
    expect(
      codeMatches(record, { purpose: "p1", userId: "u1", enteredHash: "short", now: T0 }),
    ).toBe(false);
    expect(codeMatches(record, { purpose: "p1", userId: "u1", enteredHash: "", now: T0 })).toBe(
      false,
    );
  });

  it("binds the hash to the purpose: the same digits under another purpose hash differently", () => {
    expect(hmac("p1", "12345678")).not.toBe(hmac("p2", "12345678"));
  });
});
