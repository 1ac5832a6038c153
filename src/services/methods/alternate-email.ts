import { maskEmail } from "../../domain/mask.js";
import { isEmailAddress } from "../outbox.js";
import type { MethodDeps } from "./method.js";
import { contactRegistration, sentCodeMethod } from "./sent-code.js";

/** An alternate email address: registered and proven with a code sent to it. */
export function alternateEmail(deps: MethodDeps) {
  return sentCodeMethod(deps, {
    name: "email",
    channel: "email",
    registration: contactRegistration(deps, {
      kind: "email",
      registrationChannel: "email",
      field: "email",
      parse: (raw) => (isEmailAddress(raw) ? raw : undefined),
      mask: maskEmail,
    }),
  });
}
