import type { OutgoingEmail } from "./email-message.js";

/** Hands one email to the outside world; rejects when it was not accepted. */
export interface MailTransport {
  /** Where mail goes, for the start-up log (never credentials). */
  readonly description: string;
  send(message: OutgoingEmail): Promise<void>;
  close(): void;
}
