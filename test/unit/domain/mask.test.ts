import { describe, expect, it } from "vitest";
import { maskEmail, maskPhone } from "../../../src/domain/mask.js";

describe("maskEmail", () => {
  it("keeps the first character and the domain", () => {
    expect(maskEmail("alice@contoso.com")).toBe("a•••@contoso.com");
    expect(maskEmail("a@contoso.com")).toBe("a•••@contoso.com");
  });
  it("hides the length of the local part", () => {
    expect(maskEmail("bartholomew@x.nl")).toBe("b•••@x.nl");
  });
  it("masks something that is not an address entirely", () => {
    expect(maskEmail("nonsense")).toBe("•••");
  });
});

describe("maskPhone", () => {
  it("shows the country code, the first digit and the last two", () => {
    expect(maskPhone("+31612345678")).toBe("+31 6•••••78");
    expect(maskPhone("+14255550100")).toBe("+1 4•••••00");
    expect(maskPhone("+442079460000")).toBe("+44 2•••••00");
    expect(maskPhone("+3512123456789")).toBe("+351 2•••••89");
  });
});
