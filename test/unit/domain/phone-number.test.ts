import { describe, expect, it } from "vitest";
import { parsePhoneNumber } from "../../../src/domain/phone-number.js";

describe("parsePhoneNumber", () => {
  it.each([
    ["+31612345678", "+31612345678"],
    ["+31 6 12345678", "+31612345678"],
    ["+31 (0)6 1234 5678", "+31612345678"],
    ["0031 6 12 34 56 78", "+31612345678"],
    ["+1 (425) 555-0100", "+14255550100"],
    ["+44 20.7946.0000", "+442079460000"],
    ["  +491701234567  ", "+491701234567"],
  ])("stores %s as %s", (input, e164) => {
    expect(parsePhoneNumber(input)).toBe(e164);
  });

  it.each([
    "",
    "06 12345678",
    "612345678",
    "+0 612345678",
    "+31 6 1234",
    "+1234567890123456",
    "+31 6 1234abcd",
    "+31 6 12345678 ext 5",
    "++31612345678",
    "+31\n612345678",
    "tel:+31612345678",
  ])("refuses %j", (input) => {
    expect(parsePhoneNumber(input)).toBeUndefined();
  });
});
