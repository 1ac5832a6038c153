import { describe, expect, it } from "vitest";
import { isValidDomain, parseUserId, userIdKey } from "../../../src/domain/user-id.js";

describe("User IDs", () => {
  it.each([
    "ada@contoso.com",
    "Ada.Lovelace@Contoso.COM",
    "o'brien@contoso.ie",
    "jörg@example.de",
    "a+b@x.io",
  ])("accepts %s", (id) => expect(parseUserId(id)).toBeDefined());

  it.each([
    "",
    "ada",
    "@contoso.com",
    "ada@",
    "ada@contoso",
    "a b@contoso.com",
    ".ada@contoso.com",
    "ada@-x.com",
    `${"a".repeat(65)}@x.com`,
  ])("rejects %j", (id) => expect(parseUserId(id)).toBeUndefined());

  it("lowercases the domain and keys case-insensitively", () => {
    expect(parseUserId("Ada@Contoso.COM")).toMatchObject({
      userId: "Ada@contoso.com",
      key: "ada@contoso.com",
    });
    expect(userIdKey("ADA@contoso.com")).toBe(userIdKey("ada@CONTOSO.com"));
  });

  it("validates domains", () => {
    expect(isValidDomain("contoso.com")).toBe(true);
    expect(isValidDomain("Sub.Contoso.com.")).toBe(true);
    expect(isValidDomain("contoso")).toBe(false);
    expect(isValidDomain("con toso.com")).toBe(false);
  });
});
