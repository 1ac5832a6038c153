import { v7 as timeOrderedUuid } from "uuid";
import type { EmailContent } from "../delivery/email-message.js";
import type { Sealer } from "../delivery/sealer.js";
import type { Queryable } from "../store/database.js";
import { insertOutboxMessage } from "../store/outbox.js";
import { invalidInput } from "./errors.js";

export interface EmailToEnqueue extends EmailContent {
  organisationId: string | null;
  to: string;
}

// One address, no display name: local@domain.tld, without spaces, brackets or separators.
const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:".]+(\.[^\s@<>()[\]\\,;:".]+)+$/;
// Control characters (CR and LF above all) would let a value add its own mail headers.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Whether `value` has the shape of a deliverable email address. */
export function isEmailAddress(value: string): boolean {
  return value.length <= 254 && ADDRESS.test(value) && !CONTROL.test(value);
}

/** A user's primary and alternate email addresses, each once, leaving out malformed ones. */
export function userEmailAddresses(user: { mail: string | null; otherMails: string[] }): string[] {
  const seen = new Set<string>();
  const addresses: string[] = [];
  for (const candidate of [user.mail, ...user.otherMails]) {
    const address = candidate?.trim() ?? "";
    if (!isEmailAddress(address) || seen.has(address.toLowerCase())) continue;
    seen.add(address.toLowerCase());
    addresses.push(address);
  }
  return addresses;
}

/**
 * The outbox as the use cases see it: they enqueue in their own transaction and never
 * send (delivery/worker does, with retries). Payloads are sealed with the instance's key.
 */
export function createOutbox(deps: { sealer: Sealer; now: () => number }) {
  const { sealer, now } = deps;

  return {
    /** Queues an email in `q`'s transaction: it is sent if and only if that commits. */
    async enqueueEmail(q: Queryable, message: EmailToEnqueue): Promise<string> {
      const to = message.to.trim();
      if (!isEmailAddress(to)) throw invalidInput("to", "The recipient is not an email address.");
      if (message.subject.trim() === "" || CONTROL.test(message.subject)) {
        throw invalidInput("subject", "The subject must be one line of text.");
      }
      const id = timeOrderedUuid();
      const content: EmailContent = {
        subject: message.subject,
        text: message.text,
        html: message.html,
      };
      await insertOutboxMessage(q, {
        id,
        organisationId: message.organisationId,
        channel: "email",
        recipient: to,
        payload: sealer.seal(JSON.stringify(content), id),
        createdAt: now(),
      });
      return id;
    },

    /** The message sealed for outbox message `id`; throws (without quoting it) when unreadable. */
    unseal(id: string, payload: string): EmailContent {
      let parsed: Partial<Record<keyof EmailContent, unknown>>;
      try {
        parsed = JSON.parse(sealer.open(payload, id)) as typeof parsed;
      } catch {
        // JSON.parse's message quotes the input, and that is the secret being guarded.
        throw new Error(
          "The outbox payload cannot be opened (altered, or sealed under another secret).",
        );
      }
      const { subject, text, html } = parsed;
      if (typeof subject !== "string" || typeof text !== "string" || typeof html !== "string") {
        throw new Error("The outbox payload is not an email.");
      }
      return { subject, text, html };
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
