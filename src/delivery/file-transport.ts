import fs from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import { toMailOptions } from "./email-message.js";
import type { DeliveryLog } from "./log.js";
import type { MailTransport } from "./mail-transport.js";

/**
 * Writes each email as <outbox id>.eml (what a mail client opens) into `dir`, readable by
 * the owner only: a message may hold a temporary password. A repeated send overwrites the
 * same file, and a crash mid-write leaves no half message behind (write, then rename).
 */
export function createFileTransport(options: {
  dir: string;
  from: string;
  log: DeliveryLog;
}): MailTransport {
  const composer = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: "windows",
  });
  return {
    description: `files in ${options.dir}`,
    async send(message) {
      if (!/^[\w-]+$/.test(message.id)) throw new Error("Unexpected outbox id");
      const info = await composer.sendMail(toMailOptions(message, options.from));
      if (!Buffer.isBuffer(info.message)) throw new Error("nodemailer returned a stream");
      await fs.mkdir(options.dir, { recursive: true, mode: 0o700 });
      const file = path.join(options.dir, `${message.id}.eml`);
      await fs.writeFile(`${file}.tmp`, info.message, { mode: 0o600 });
      await fs.rename(`${file}.tmp`, file);
      // Recipient and subject only: the body may hold a temporary password.
      options.log.info(
        { to: message.to, subject: message.subject, file },
        "email written to a file (SESAME_SMTP_URL is not set)",
      );
    },
    close() {
      composer.close();
    },
  };
}
