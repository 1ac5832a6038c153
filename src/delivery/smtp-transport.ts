import nodemailer from "nodemailer";
import { toMailOptions } from "./email-message.js";
import type { MailTransport } from "./mail-transport.js";

/**
 * Timeouts well below the worker's lease: a send still running when the lease ends could
 * be repeated by another worker. (nodemailer's defaults allow minutes.)
 */
const TIMEOUTS = {
  dnsTimeout: 10_000,
  connectionTimeout: 15_000,
  greetingTimeout: 15_000,
  socketTimeout: 30_000,
};

/** SMTP from a URL: smtp://host:25, smtp://user:pass@host:587 (STARTTLS), smtps://host:465. */
export function createSmtpTransport(options: { url: string; from: string }): MailTransport {
  // A connection per message (no pool): nothing held open between batches, and a relay
  // restart never leaves a stale pooled connection behind.
  const transporter = nodemailer.createTransport({ url: options.url, ...TIMEOUTS });
  const url = new URL(options.url);
  return {
    description: `SMTP ${url.protocol}//${url.host}`,
    async send(message) {
      await transporter.sendMail(toMailOptions(message, options.from));
    },
    close() {
      transporter.close();
    },
  };
}
