import { createHash, randomBytes } from "node:crypto";

/**
 * Secrets handed to a browser or a program (a session, a reset flow, a result shown once):
 * 256 random bits in base64url. The store keeps only their SHA-256: with that much entropy
 * no slow hash is needed, and a lookup by hash is one index probe.
 */
export const newToken = (): string => randomBytes(32).toString("base64url");

/** Whether `text` could be a token newToken made (43 base64url characters). */
export const isToken = (text: unknown): text is string =>
  typeof text === "string" && /^[A-Za-z0-9_-]{43}$/.test(text);

/** What the store keeps of a token: its SHA-256, in hex. */
export const tokenHash = (token: string): string =>
  createHash("sha256").update(token).digest("hex");
