import { expect, it } from "vitest";
import {
  CONTACT_KINDS,
  isContactKind,
  provenBy,
  RESET_METHODS,
  SECURITY_METHOD_KINDS,
} from "../../../src/domain/methods.js";
import { describeEachStore } from "../../support/stores.js";

describeEachStore("the registry of verification methods", (fx) => {
  const methods = () => fx.services.methods;

  it("has a module for every reset method, registering the kind the domain says it proves", () => {
    for (const name of RESET_METHODS) {
      const method = methods().method(name);
      expect(method.name).toBe(name);
      expect(method.registration.kind).toBe(provenBy(name));
    }
  });

  it("registers every kind, and a text and a call to the mobile phone register it alike", () => {
    for (const kind of SECURITY_METHOD_KINDS) {
      expect(methods().registrationOf(kind).kind).toBe(kind);
    }
    expect(methods().method("mobileSms").registration.kind).toBe(
      methods().method("mobileCall").registration.kind,
    );
  });

  it("shows a contact masked to its owner and whole to an administrator, and never a secret", () => {
    const shown = (kind: (typeof SECURITY_METHOD_KINDS)[number], value: string | null) => ({
      own: methods().registrationOf(kind).display(value),
      admin: methods().registrationOf(kind).revealed(value),
    });
    expect(shown("email", "ada@contoso.com")).toEqual({
      own: "a\u2022\u2022\u2022@contoso.com",
      admin: "ada@contoso.com",
    });
    expect(shown("mobilePhone", "+31612345678").admin).toBe("+31612345678");
    expect(shown("mobilePhone", "+31612345678").own).not.toContain("12345");
    for (const kind of SECURITY_METHOD_KINDS.filter((k) => !isContactKind(k))) {
      expect(shown(kind, "sealed secret")).toEqual({ own: "", admin: null });
    }
  });

  it("parses what a person types as an address or a number, by the contact's kind", () => {
    expect(methods().contactRegistrationOf("email").parse("ada@contoso.com")).toBe(
      "ada@contoso.com",
    );
    expect(methods().contactRegistrationOf("email").parse("+31612345678")).toBeUndefined();
    for (const kind of CONTACT_KINDS.filter((k) => k !== "email")) {
      expect(methods().contactRegistrationOf(kind).parse("+31 6 12345678")).toBe("+31612345678");
      expect(methods().contactRegistrationOf(kind).parse("ada@contoso.com")).toBeUndefined();
    }
  });
});
