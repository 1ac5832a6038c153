import { readerLanguage } from "../../domain/languages.js";
import {
  verifiedMethodOf,
  type ContactKind,
  type DeliveryChannel,
  type ResetMethod,
} from "../../domain/methods.js";
import type { Queryable } from "../../store/database.js";
import { listSecurityMethods } from "../../store/security-info.js";
import type { User } from "../../store/users.js";
import { stepNotAllowed } from "../errors.js";
import {
  enteredCode,
  NOTHING_SENT,
  type MethodDeps,
  type MethodRegistration,
  type VerificationMethod,
} from "./method.js";

/**
 * A contact the user registers by proving they receive at it: an address or a number. The
 * code that proves it goes by `registrationChannel`.
 */
export interface ContactRegistration extends MethodRegistration {
  readonly kind: ContactKind;
  readonly registrationChannel: DeliveryChannel;
  /** The form field the value is typed in, and named by its errors. */
  readonly field: "email" | "phone";
  /** The value typed, normalised (an address, an E.164 number), or undefined when malformed. */
  parse(raw: string): string | undefined;
  /** Sends the code that proves the waiting method `methodId` to `to`, the value registered. */
  sendProof(
    q: Queryable,
    input: { methodId: string; user: User; organisationName: string; to: string },
  ): Promise<void>;
}

const registrationPurpose = (methodId: string) => `security-info:${methodId}`;
const resetPurpose = (flowId: string, kind: ContactKind) => `reset-flow:${flowId}:${kind}`;

/** A contact kind's registration: `parse` and `mask` are what tell an address from a number. */
export function contactRegistration(
  deps: MethodDeps,
  contact: {
    kind: ContactKind;
    registrationChannel: DeliveryChannel;
    field: "email" | "phone";
    parse: (raw: string) => string | undefined;
    mask: (value: string) => string;
  },
): ContactRegistration {
  return {
    ...contact,
    display: (value) => (value === null ? "" : contact.mask(value)),
    revealed: (value) => value,
    confirm: (method, entered) =>
      deps.codes.verify(deps.store, {
        purpose: registrationPurpose(method.id),
        userId: method.userId,
        entered,
      }),
    removed: async () => {},
    sendProof: (q, input) =>
      sendCode(deps, q, {
        user: input.user,
        organisationName: input.organisationName,
        to: input.to,
        channel: contact.registrationChannel,
        purpose: "registration",
        codePurpose: registrationPurpose(input.methodId),
      }),
  };
}

/**
 * Issues a code for `purpose` and sends it to `to` by `channel`, in `q`'s transaction: the
 * send limits are counted under the user's row lock, and the message commits with the code.
 */
async function sendCode(
  deps: MethodDeps,
  q: Queryable,
  input: {
    user: User;
    organisationName: string;
    to: string;
    channel: DeliveryChannel;
    purpose: "reset" | "registration";
    codePurpose: string;
  },
): Promise<void> {
  const { user, channel } = input;
  const code = await deps.codes.issue(q, {
    purpose: input.codePurpose,
    userId: user.id,
    channel,
  });
  const notice = {
    event: "codeIssued",
    purpose: input.purpose,
    organisationName: input.organisationName,
    displayName: user.displayName,
    userId: user.userPrincipalName,
    code,
  } as const;
  const language = readerLanguage(user);
  const organisationId = user.organisationId;
  if (channel === "email") {
    await deps.notifications.email(q, { organisationId, to: [input.to], language, notice });
  } else {
    await deps.notifications.phone(q, { organisationId, to: input.to, channel, language, notice });
  }
}

/**
 * A reset method proven with a code sent to the user's contact by `channel`. Strict privacy
 * offers it to people who may not have that contact: then nothing is sent, and the page says
 * the same as when something was.
 */
export function sentCodeMethod(
  deps: MethodDeps,
  method: { name: ResetMethod; channel: DeliveryChannel; registration: ContactRegistration },
): VerificationMethod {
  const { kind } = method.registration;
  return {
    name: method.name,
    registration: method.registration,

    async begin(q, step) {
      const to =
        step.user && verifiedMethodOf(await listSecurityMethods(q, step.user.id), kind)?.value;
      if (!step.user || !to) {
        if (!step.policy.strictPrivacy) throw stepNotAllowed();
        return NOTHING_SENT;
      }
      await sendCode(deps, q, {
        user: step.user,
        organisationName: step.organisationName,
        to,
        channel: method.channel,
        purpose: "reset",
        codePurpose: resetPurpose(step.flowId, kind),
      });
      return { questions: null, codeSent: true };
    },

    // The code sent stays valid: a new one is only sent when asked for.
    retry: async () => undefined,

    async check(step, input) {
      if (!step.user) return false;
      return deps.codes.verify(deps.store, {
        purpose: resetPurpose(step.flowId, kind),
        userId: step.user.id,
        entered: enteredCode(input),
      });
    },
  };
}
