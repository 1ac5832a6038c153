import { v7 as timeOrderedUuid } from "uuid";
import type { EmailContent } from "../delivery/email-message.js";
import type { PhoneContent } from "../delivery/phone-transport.js";
import type { Sealer } from "../delivery/sealer.js";
import type { Queryable } from "../store/database.js";
import { insertOutboxMessage } from "../store/outbox.js";
import { invalidInput } from "./errors.js";

export interface EmailToEnqueue extends EmailContent {
  organisationId: string | null;
  to: string;
}

export interface TextToEnqueue {
  organisationId: string | null;
  channel: "sms" | "voice";
  /** E.164 number. */
  to: string;
  text: string;
  locale: string;
}

/** A text message or call to queue; `text` is what is sent or spoken (it holds the code). */
export type PhoneMessageToEnqueue = TextToEnqueue;

const E164 = /^\+[1-9]\d{7,14}$/;
// Language tags as BCP 47 writes them: "en", "nl-NL".
const LOCALE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

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

  /**
   * Queues a text message or call (channel "sms" or "voice") to an E.164 number in `q`'s
   * transaction; the sealed payload is JSON `{ text, locale }`. Adapters live in delivery/.
   */
  async function enqueuePhoneMessage(
    q: Queryable,
    message: PhoneMessageToEnqueue,
  ): Promise<string> {
    if (!E164.test(message.to)) {
      throw invalidInput("to", "The recipient is not an E.164 phone number.");
    }
    if (message.channel !== "sms" && message.channel !== "voice") {
      throw invalidInput("channel", 'The channel must be "sms" or "voice".');
    }
    // Control characters could end a form field early or confuse a speech engine.
    if (message.text.trim() === "" || message.text.length > 1_600 || CONTROL.test(message.text)) {
      throw invalidInput("text", "The text must be one line of at most 1600 characters.");
    }
    if (!LOCALE.test(message.locale)) {
      throw invalidInput("locale", "The locale is not a language tag.");
    }
    const id = timeOrderedUuid();
    const content: PhoneContent = { text: message.text, locale: message.locale };
    await insertOutboxMessage(q, {
      id,
      organisationId: message.organisationId,
      channel: message.channel,
      recipient: message.to,
      payload: sealer.seal(JSON.stringify(content), id),
      createdAt: now(),
    });
    return id;
  }

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

    enqueuePhoneMessage,

    /** The same as enqueuePhoneMessage (the name security info started with). */
    enqueueText: enqueuePhoneMessage,

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

    /** The text message or call sealed for outbox message `id`; throws without quoting it. */
    unsealPhoneMessage(id: string, payload: string): PhoneContent {
      let parsed: Partial<Record<keyof PhoneContent, unknown>>;
      try {
        parsed = JSON.parse(sealer.open(payload, id)) as typeof parsed;
      } catch {
        throw new Error(
          "The outbox payload cannot be opened (altered, or sealed under another secret).",
        );
      }
      const { text, locale } = parsed;
      if (typeof text !== "string" || typeof locale !== "string") {
        throw new Error("The outbox payload is not a text message.");
      }
      return { text, locale };
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
