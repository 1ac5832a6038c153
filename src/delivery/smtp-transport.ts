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

/**
 * One send from start to accept, waiting for a pooled connection and nodemailer's own
 * re-sends included: far inside the lease, since the worker starts no send with less than
 * half the lease left.
 */
const SEND_DEADLINE_MS = 60_000;

/**
 * Connections kept open between messages (a handshake per message held delivery to a few
 * per second). Five, as relays limit connections per client. One is replaced after 100
 * messages, and closed after 30 s unused, below the idle limit of most relays, so a relay
 * seldom closes one just as a message is handed to it. When it does (a restart), nodemailer
 * sends that message again on a new connection; any other failure rejects, and the worker
 * tries the message again later.
 */
const POOL = { pool: true, maxConnections: 5, maxMessages: 100, idleTimeout: 30_000 } as const;

/** SMTP from a URL: smtp://host:25, smtp://user:pass@host:587 (STARTTLS), smtps://host:465. */
export function createSmtpTransport(options: { url: string; from: string }): MailTransport {
  const transporter = nodemailer.createTransport({ url: options.url, ...POOL, ...TIMEOUTS });
  const url = new URL(options.url);
  return {
    description: `SMTP ${url.protocol}//${url.host}`,
    async send(message) {
      await transporter.sendMail({
        ...toMailOptions(message, options.from),
        signal: AbortSignal.timeout(SEND_DEADLINE_MS),
      });
    },
    close() {
      transporter.close();
    },
  };
}
