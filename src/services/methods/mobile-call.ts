import type { MethodDeps } from "./method.js";
import { mobilePhoneRegistration } from "./mobile-text.js";
import { sentCodeMethod } from "./sent-code.js";

/** A call to the mobile phone that speaks the code; proves the same phone as a text. */
export function mobileCall(deps: MethodDeps) {
  return sentCodeMethod(deps, {
    name: "mobileCall",
    channel: "voice",
    registration: mobilePhoneRegistration(deps),
  });
}
