import path from "node:path";

/**
 * The one typed, validated configuration of a Sesame process, read from the environment.
 * Every setting, its default and its meaning is listed in DEFAULTS below and in the README.
 */
export interface Config {
  port: number;
  host: string;
  /** Base of every link Sesame sends or redirects to; https turns on __Host- cookies and HSTS. */
  publicUrl: URL;
  dataDir: string;
  /** postgres://... switches the store from the embedded SQLite file to PostgreSQL. */
  databaseUrl: string | undefined;
  /** redis://... shares rate-limit counters across instances. */
  redisUrl: string | undefined;
  /** smtp:// or smtps:// server for email; when unset, emails are written to <dataDir>/mail/. */
  smtpUrl: string | undefined;
  /** From: of every email, "Name <address>" or an address. */
  mailFrom: string;
  /** Texts and calls through Twilio (all of SID, token and from number, or none). */
  twilio: TwilioSettings | undefined;
  /** http(s) URL receiving a JSON POST per text or call, when Twilio is not configured. */
  smsWebhookUrl: string | undefined;
  /** Overrides the instance secret kept in the store (keys HMACs of remembered wrong passwords). */
  secret: string | undefined;
  trustProxy: boolean;
  logLevel: string;
  signInRateLimitPerMinute: number;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  argon2: { memoryKib: number; iterations: number; parallelism: number };
  /** Most estimated milliseconds of hashing a new one may wait behind. */
  hashingQueueMs: number;
  /** PBKDF2 iterations per attempt of the CAPTCHA's proof of work. */
  captchaCost: number;
}

/** Twilio's account, the number texts and calls come from, and where its API answers. */
export interface TwilioSettings {
  accountSid: string;
  authToken: string;
  /** The E.164 number messages and calls come from. */
  from: string;
  /** https://api.twilio.com, or another base URL speaking Twilio's API. */
  apiUrl: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join("\n  - ")}`);
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

/** Documented defaults; unsafe ones (plain http) are warned about at start. */
export const DEFAULTS = {
  PORT: 3000,
  HOST: "127.0.0.1",
  SESAME_DATA_DIR: "./data",
  SESAME_SIGNIN_RATE_LIMIT: 60,
  SESAME_SESSION_IDLE_MINUTES: 60,
  SESAME_SESSION_ABSOLUTE_HOURS: 12,
  // OWASP's first argon2id configuration: m=19 MiB, t=2, p=1.
  SESAME_ARGON2_MEMORY_KIB: 19_456,
  SESAME_ARGON2_ITERATIONS: 2,
  SESAME_ARGON2_PARALLELISM: 1,
  // Beyond this much queued password hashing, new sign-ins are told "busy" (503, Retry-After).
  SESAME_HASHING_QUEUE_MS: 3_000,
  SESAME_LOG_LEVEL: "info",
  // About 2 million PBKDF2 iterations per CAPTCHA: half a second to a second on a phone.
  SESAME_CAPTCHA_COST: 2_000,
  // SESAME_SMTP_URL: none, so emails are written as .eml files to <SESAME_DATA_DIR>/mail/.
  // SESAME_MAIL_FROM: "Sesame <no-reply@HOST>", HOST being the host name of SESAME_PUBLIC_URL.
  // SESAME_TWILIO_* and SESAME_SMS_WEBHOOK_URL: none, so texts and calls are written as .json
  // files to <SESAME_DATA_DIR>/sms/.
  SESAME_TWILIO_API_URL: "https://api.twilio.com",
} as const;

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];

  const integer = (name: keyof typeof DEFAULTS, min: number, max: number): number => {
    const raw = env[name];
    const fallback = DEFAULTS[name];
    if (raw === undefined || raw === "") return Number(fallback);
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return Number(fallback);
    }
    return value;
  };

  const port = integer("PORT", 1, 65_535);
  const publicUrl = parseUrl(
    env.SESAME_PUBLIC_URL || `http://localhost:${port}`,
    "SESAME_PUBLIC_URL",
    ["http:", "https:"],
    problems,
  );
  const databaseUrl = env.SESAME_DATABASE_URL || undefined;
  if (databaseUrl)
    parseUrl(databaseUrl, "SESAME_DATABASE_URL", ["postgres:", "postgresql:"], problems);
  const redisUrl = env.SESAME_REDIS_URL || undefined;
  if (redisUrl) parseUrl(redisUrl, "SESAME_REDIS_URL", ["redis:", "rediss:"], problems);
  const smtpUrl = env.SESAME_SMTP_URL || undefined;
  if (smtpUrl) parseUrl(smtpUrl, "SESAME_SMTP_URL", ["smtp:", "smtps:"], problems);
  const mailFrom = (
    env.SESAME_MAIL_FROM || `Sesame <no-reply@${publicUrl?.hostname ?? "localhost"}>`
  ).trim();
  if (!isMailFrom(mailFrom)) {
    problems.push(
      `SESAME_MAIL_FROM must be an address or "Name <address>" on one line (got "${mailFrom}")`,
    );
  }
  const twilio = loadTwilio(env, problems);
  const smsWebhookUrl = env.SESAME_SMS_WEBHOOK_URL || undefined;
  if (smsWebhookUrl) {
    parseUrl(smsWebhookUrl, "SESAME_SMS_WEBHOOK_URL", ["http:", "https:"], problems);
    if (twilio) {
      problems.push(
        "set either the SESAME_TWILIO_* settings or SESAME_SMS_WEBHOOK_URL for texts and calls, not both",
      );
    }
  }
  const secret = env.SESAME_SECRET || undefined;
  if (secret !== undefined && secret.length < 32) {
    problems.push("SESAME_SECRET must be at least 32 characters (try: openssl rand -hex 32)");
  }

  const config: Config = {
    port,
    host: env.HOST || DEFAULTS.HOST,
    publicUrl: publicUrl ?? new URL(`http://localhost:${port}`),
    dataDir: path.resolve(env.SESAME_DATA_DIR || DEFAULTS.SESAME_DATA_DIR),
    databaseUrl,
    redisUrl,
    smtpUrl,
    mailFrom,
    twilio,
    smsWebhookUrl,
    secret,
    trustProxy: env.SESAME_TRUST_PROXY === "true" || env.SESAME_TRUST_PROXY === "1",
    logLevel: env.SESAME_LOG_LEVEL || DEFAULTS.SESAME_LOG_LEVEL,
    signInRateLimitPerMinute: integer("SESAME_SIGNIN_RATE_LIMIT", 1, 100_000),
    sessionIdleMinutes: integer("SESAME_SESSION_IDLE_MINUTES", 1, 7 * 24 * 60),
    sessionAbsoluteHours: integer("SESAME_SESSION_ABSOLUTE_HOURS", 1, 24 * 90),
    hashingQueueMs: integer("SESAME_HASHING_QUEUE_MS", 1, 60_000),
    argon2: {
      memoryKib: integer("SESAME_ARGON2_MEMORY_KIB", 8_192, 4_194_304),
      iterations: integer("SESAME_ARGON2_ITERATIONS", 1, 100),
      parallelism: integer("SESAME_ARGON2_PARALLELISM", 1, 16),
    },
    captchaCost: integer("SESAME_CAPTCHA_COST", 1, 1_000_000),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

const TWILIO_SETTINGS = [
  "SESAME_TWILIO_ACCOUNT_SID",
  "SESAME_TWILIO_AUTH_TOKEN",
  "SESAME_TWILIO_FROM",
] as const;

/** Twilio's settings: the account SID, auth token and from number together, or none of them. */
function loadTwilio(env: Env, problems: string[]): TwilioSettings | undefined {
  const apiUrlRaw = env.SESAME_TWILIO_API_URL || DEFAULTS.SESAME_TWILIO_API_URL;
  const apiUrl = parseUrl(apiUrlRaw, "SESAME_TWILIO_API_URL", ["http:", "https:"], problems);
  const missing = TWILIO_SETTINGS.filter((name) => !env[name]);
  if (missing.length === TWILIO_SETTINGS.length) return undefined;
  if (missing.length > 0) {
    problems.push(
      `Twilio needs ${TWILIO_SETTINGS.join(", ")} together; ${missing.join(" and ")} ${missing.length === 1 ? "is" : "are"} missing`,
    );
    return undefined;
  }
  const accountSid = env.SESAME_TWILIO_ACCOUNT_SID ?? "";
  const authToken = env.SESAME_TWILIO_AUTH_TOKEN ?? "";
  const from = (env.SESAME_TWILIO_FROM ?? "").trim();
  const before = problems.length;
  if (!/^AC[0-9a-fA-F]{32}$/.test(accountSid)) {
    problems.push("SESAME_TWILIO_ACCOUNT_SID must be AC followed by 32 hexadecimal digits");
  }
  if (/\s/.test(authToken)) {
    problems.push("SESAME_TWILIO_AUTH_TOKEN must not contain spaces or line breaks");
  }
  if (!/^\+[1-9]\d{7,14}$/.test(from)) {
    problems.push(
      `SESAME_TWILIO_FROM must be a phone number in E.164 form, like +31201234567 (got "${from}")`,
    );
  }
  if (problems.length > before || !apiUrl) return undefined;
  return { accountSid, authToken, from, apiUrl: apiUrl.href };
}

function parseUrl(
  raw: string,
  name: string,
  protocols: string[],
  problems: string[],
): URL | undefined {
  try {
    const url = new URL(raw);
    if (!protocols.includes(url.protocol)) {
      problems.push(`${name} must start with ${protocols.map((p) => `${p}//`).join(" or ")}`);
      return undefined;
    }
    return url;
  } catch {
    problems.push(`${name} is not a valid URL (got "${raw}")`);
    return undefined;
  }
}

// "Name <local@domain>" or "local@domain"; no control characters, so no header injection.
// eslint-disable-next-line no-control-regex
const MAIL_FROM = /^(?:[^<>@\u0000-\u001f\u007f]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/;

function isMailFrom(value: string): boolean {
  return MAIL_FROM.test(value);
}

/** Whether cookies must be Secure and __Host- prefixed, and HSTS sent. */
export function isHttps(config: Pick<Config, "publicUrl">): boolean {
  return config.publicUrl.protocol === "https:";
}
