import { describe, expect, it } from "vitest";
import { keyUri, matchingStep } from "../../../src/domain/authenticator.js";

// RFC 6238, appendix B: the SHA-1 secret "12345678901234567890", in base32.
const RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

describe("authenticator app codes", () => {
  it("matches RFC 6238's SHA-1 test vectors (their last 6 digits)", () => {
    expect(matchingStep({ secret: RFC_SECRET, entered: "287082", now: 59_000 })).toBe(1);
    expect(matchingStep({ secret: RFC_SECRET, entered: "081804", now: 1_111_111_109_000 })).toBe(
      37_037_036,
    );
  });

  it("accepts one step either side, and nothing further", () => {
    // 287082 is the code of step 1 (30 s to 59 s).
    expect(matchingStep({ secret: RFC_SECRET, entered: "287082", now: 89_000 })).toBe(1);
    expect(matchingStep({ secret: RFC_SECRET, entered: "287082", now: 0 })).toBe(1);
    expect(matchingStep({ secret: RFC_SECRET, entered: "287082", now: 90_000 })).toBeUndefined();
  });

  it("ignores spaces and refuses what is not 6 digits", () => {
    expect(matchingStep({ secret: RFC_SECRET, entered: " 287 082 ", now: 59_000 })).toBe(1);
    for (const entered of ["", "28708", "2870820", "28708a", "94287082"]) {
      expect(matchingStep({ secret: RFC_SECRET, entered, now: 59_000 })).toBeUndefined();
    }
  });

  it("names the issuer and account in the key URI", () => {
    const uri = new URL(
      keyUri({ issuer: "Sesame (Contoso)", label: "ada@contoso.com", secret: RFC_SECRET }),
    );
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.host).toBe("totp");
    expect(decodeURIComponent(uri.pathname)).toBe("/Sesame (Contoso):ada@contoso.com");
    expect(Object.fromEntries(uri.searchParams)).toEqual({
      issuer: "Sesame (Contoso)",
      secret: RFC_SECRET,
      algorithm: "SHA1",
      digits: "6",
      period: "30",
    });
  });
});
