import type { SendMailOptions } from "nodemailer";

/** What the outbox keeps (sealed) for one email: both alternatives, already rendered. */
export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

/** An email leaving the outbox; `id` is its outbox id. */
export interface OutgoingEmail extends EmailContent {
  id: string;
  to: string;
}

/**
 * The message as nodemailer composes it. The Message-ID comes from the outbox id, so a
 * message sent twice (a worker lost its lease mid-send) is recognisably the same message
 * and the receiving side can drop the duplicate.
 */
export function toMailOptions(message: OutgoingEmail, from: string): SendMailOptions {
  return {
    from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: `<${message.id}@${domainOf(from)}>`,
    // RFC 3834: an automatic notice; out-of-office replies should not answer it.
    headers: { "Auto-Submitted": "auto-generated" },
  };
}

function domainOf(from: string): string {
  const match = /@([^\s<>@]+)>?\s*$/.exec(from);
  return match?.[1] ?? "sesame.invalid";
}
