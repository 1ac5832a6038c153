import type { ContactKind, ResetMethod, SecurityMethodKind } from "../../domain/methods.js";
import { alternateEmail } from "./alternate-email.js";
import { authenticatorApp } from "./authenticator-app.js";
import type { MethodDeps, MethodRegistration, VerificationMethod } from "./method.js";
import { mobileCall } from "./mobile-call.js";
import { mobileText } from "./mobile-text.js";
import { officeCall } from "./office-call.js";
import { securityQuestions } from "./security-questions.js";
import type { ContactRegistration } from "./sent-code.js";

const isContact = (registration: MethodRegistration): registration is ContactRegistration =>
  "parse" in registration;

/**
 * The registry of verification methods: one module each, keyed by the method's name
 * (domain/methods.ts). The reset flow and security info look methods up here and never
 * branch on a name; a new method is a module and one line below.
 */
export function createMethods(deps: MethodDeps) {
  const questions = securityQuestions(deps);
  const app = authenticatorApp(deps);
  const byName: Record<ResetMethod, VerificationMethod> = {
    email: alternateEmail(deps),
    mobileSms: mobileText(deps),
    mobileCall: mobileCall(deps),
    officeCall: officeCall(deps),
    securityQuestions: questions,
    authenticatorApp: app,
  };
  // Methods that prove the same kind (a text and a call to one phone) register it alike.
  const byKind = new Map<SecurityMethodKind, MethodRegistration>();
  for (const method of Object.values(byName)) {
    if (!byKind.has(method.registration.kind)) {
      byKind.set(method.registration.kind, method.registration);
    }
  }

  function registrationOf(kind: SecurityMethodKind): MethodRegistration {
    const registration = byKind.get(kind);
    if (!registration) throw new Error(`No method registers ${kind}.`);
    return registration;
  }

  return {
    method: (name: ResetMethod): VerificationMethod => byName[name],
    registrationOf,
    /** How an address or a number of `kind` is typed, masked and proven. */
    contactRegistrationOf(kind: ContactKind): ContactRegistration {
      const registration = registrationOf(kind);
      if (!isContact(registration)) throw new Error(`${kind} is not registered as a contact.`);
      return registration;
    },
    securityQuestions: questions,
    authenticatorApp: app,
  };
}

export type Methods = ReturnType<typeof createMethods>;
