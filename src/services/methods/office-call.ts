import { maskPhone } from "../../domain/mask.js";
import { parsePhoneNumber } from "../../domain/phone-number.js";
import type { MethodDeps } from "./method.js";
import { contactRegistration, sentCodeMethod } from "./sent-code.js";

/** A call to the office phone that speaks the code; the number is proven by a text when registered. */
export function officeCall(deps: MethodDeps) {
  return sentCodeMethod(deps, {
    name: "officeCall",
    channel: "voice",
    registration: contactRegistration(deps, {
      kind: "officePhone",
      registrationChannel: "sms",
      field: "phone",
      parse: parsePhoneNumber,
      mask: maskPhone,
    }),
  });
}
