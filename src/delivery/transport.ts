import path from "node:path";
import type { Config } from "../config.js";
import { createFileTransport } from "./file-transport.js";
import type { DeliveryLog } from "./log.js";
import type { MailTransport } from "./mail-transport.js";
import { createSmtpTransport } from "./smtp-transport.js";

/**
 * SMTP when SESAME_SMTP_URL is set; otherwise .eml files under the data folder, so the
 * embedded default delivers somewhere an operator can look and nothing is dropped.
 */
export function createMailTransport(
  config: Pick<Config, "smtpUrl" | "mailFrom" | "dataDir">,
  log: DeliveryLog,
): MailTransport {
  if (config.smtpUrl) return createSmtpTransport({ url: config.smtpUrl, from: config.mailFrom });
  return createFileTransport({ dir: mailDir(config.dataDir), from: config.mailFrom, log });
}

export function mailDir(dataDir: string): string {
  return path.join(dataDir, "mail");
}
