import { maskPhone } from "../../domain/mask.js";
import { parsePhoneNumber } from "../../domain/phone-number.js";
import type { MethodDeps } from "./method.js";
import { contactRegistration, sentCodeMethod } from "./sent-code.js";

/** The mobile phone, registered by a code in a text; also what a call to it proves. */
export const mobilePhoneRegistration = (deps: MethodDeps) =>
  contactRegistration(deps, {
    kind: "mobilePhone",
    registrationChannel: "sms",
    field: "phone",
    parse: parsePhoneNumber,
    mask: maskPhone,
  });

/** A code in a text message to the mobile phone. */
export function mobileText(deps: MethodDeps) {
  return sentCodeMethod(deps, {
    name: "mobileSms",
    channel: "sms",
    registration: mobilePhoneRegistration(deps),
  });
}
