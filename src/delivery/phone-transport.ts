import fs from "node:fs/promises";
import path from "node:path";
import type { Config, TwilioSettings } from "../config.js";
import type { DeliveryLog } from "./log.js";

export type PhoneChannel = "sms" | "voice";

/** What the outbox keeps (sealed) for one text message or call. */
export interface PhoneContent {
  /** Sent as the SMS body, or spoken; it holds the code. */
  text: string;
  /** The user's language tag ("en", "nl"): the language a call speaks in. */
  locale: string;
}

/** A text message or call leaving the outbox; `id` is its outbox id. */
export interface OutgoingPhoneMessage extends PhoneContent {
  id: string;
  /** E.164 number. */
  to: string;
  channel: PhoneChannel;
}

/** Hands one text message or call to a provider; rejects when it was not accepted. */
export interface PhoneTransport {
  /** Where messages go, for the start-up log (never credentials). */
  readonly description: string;
  send(message: OutgoingPhoneMessage): Promise<void>;
}

/**
 * Well below the worker's lease: a request still running when the lease ends could be
 * repeated by another worker.
 */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * One POST with a deadline and no redirects (a redirect would carry the code elsewhere, and
 * counts as not accepted). A network failure becomes an error naming its code
 * (ECONNREFUSED, ...), never the request.
 */
async function post(
  peer: string,
  url: string | URL,
  init: { headers: Record<string, string>; body: string | URLSearchParams },
): Promise<Response> {
  try {
    return await fetch(url, {
      method: "POST",
      redirect: "manual",
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      ...init,
    });
  } catch (error) {
    const cause: unknown = error instanceof Error ? error.cause : undefined;
    const code =
      typeof cause === "object" && cause !== null && "code" in cause ? String(cause.code) : "";
    const reason =
      error instanceof Error && error.name === "TimeoutError"
        ? "timed out"
        : "could not be reached";
    throw Object.assign(new Error(`${peer} ${reason}`), code ? { code } : {});
  }
}

/**
 * Twilio's REST API (2010-04-01): a text is a Message resource, a call a Call resource with
 * inline TwiML that says the text twice, in the user's language.
 */
export function createTwilioTransport(settings: TwilioSettings): PhoneTransport {
  const base = settings.apiUrl.replace(/\/+$/, "");
  const account = `${base}/2010-04-01/Accounts/${encodeURIComponent(settings.accountSid)}`;
  const authorization = `Basic ${Buffer.from(`${settings.accountSid}:${settings.authToken}`).toString("base64")}`;
  return {
    description: `Twilio at ${new URL(base).host} from ${settings.from}`,
    async send(message) {
      const [resource, content] =
        message.channel === "sms"
          ? ["Messages.json", { Body: message.text }]
          : ["Calls.json", { Twiml: twimlSayingTwice(message.text, message.locale) }];
      const response = await post("Twilio", `${account}/${resource}`, {
        headers: {
          authorization,
          "content-type": "application/x-www-form-urlencoded",
          accept: "application/json",
        },
        body: new URLSearchParams({ To: message.to, From: settings.from, ...content }),
      });
      if (response.ok) {
        await response.body?.cancel();
        return;
      }
      // Twilio's error body is { code, message, more_info, status }; only the code is kept:
      // the message may quote what was sent.
      let code: unknown;
      try {
        code = ((await response.json()) as { code?: unknown }).code;
      } catch {
        code = undefined;
      }
      const suffix =
        typeof code === "number" || (typeof code === "string" && /^\d{1,8}$/.test(code))
          ? ` (Twilio error ${code})`
          : "";
      throw new Error(`Twilio answered HTTP ${response.status}${suffix}`);
    },
  };
}

/** Twilio's <Say> language for a locale: Dutch as spoken in the Netherlands, else English. */
export function sayLanguage(locale: string): "en-US" | "nl-NL" {
  return /^nl(?:[-_]|$)/i.test(locale) ? "nl-NL" : "en-US";
}

/** TwiML for a call that speaks `text`, pauses a second, and speaks it again. */
export function twimlSayingTwice(text: string, locale: string): string {
  const say = `<Say language="${sayLanguage(locale)}">${escapeXml(text)}</Say>`;
  return `<Response>${say}<Pause length="1"/>${say}</Response>`;
}

function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (char) =>
      ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[char] ?? char,
  );
}

/**
 * A JSON POST `{ to, channel, text, locale }` to an operator's own gateway. Credentials in
 * the URL (https://user:pass@host/...) are sent as HTTP Basic authentication.
 */
export function createWebhookTransport(options: { url: string }): PhoneTransport {
  const url = new URL(options.url);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/json",
  };
  if (url.username || url.password) {
    const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    headers.authorization = `Basic ${Buffer.from(credentials).toString("base64")}`;
    url.username = "";
    url.password = "";
  }
  return {
    // The origin only: the path or query may hold a token.
    description: `the webhook at ${url.origin}`,
    async send(message) {
      const response = await post("The SMS webhook", url, {
        headers,
        body: JSON.stringify({
          to: message.to,
          channel: message.channel,
          text: message.text,
          locale: message.locale,
        }),
      });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`The SMS webhook answered HTTP ${response.status}`);
    },
  };
}

/**
 * Writes each message as <outbox id>.json into `dir`, readable by the owner only (it holds
 * a code). A repeated send overwrites the same file; write, then rename, so no half file.
 */
export function createPhoneFileTransport(options: {
  dir: string;
  log: DeliveryLog;
}): PhoneTransport {
  return {
    description: `files in ${options.dir}`,
    async send(message) {
      if (!/^[\w-]+$/.test(message.id)) throw new Error("Unexpected outbox id");
      await fs.mkdir(options.dir, { recursive: true, mode: 0o700 });
      const file = path.join(options.dir, `${message.id}.json`);
      const content = {
        id: message.id,
        to: message.to,
        channel: message.channel,
        text: message.text,
        locale: message.locale,
      };
      await fs.writeFile(`${file}.tmp`, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
      await fs.rename(`${file}.tmp`, file);
      // Recipient and channel only: the text holds the code.
      options.log.info(
        { to: message.to, channel: message.channel, file },
        "text message written to a file (no SMS provider is configured)",
      );
    },
  };
}

/**
 * Twilio when its settings are given, else the webhook when SESAME_SMS_WEBHOOK_URL is set,
 * else .json files under the data folder, so the embedded default drops nothing.
 */
export function createPhoneTransport(
  config: Pick<Config, "twilio" | "smsWebhookUrl" | "dataDir">,
  log: DeliveryLog,
): PhoneTransport {
  if (config.twilio) return createTwilioTransport(config.twilio);
  if (config.smsWebhookUrl) return createWebhookTransport({ url: config.smsWebhookUrl });
  return createPhoneFileTransport({ dir: phoneDir(config.dataDir), log });
}

export function phoneDir(dataDir: string): string {
  return path.join(dataDir, "sms");
}
