import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/**
 * Encrypts what the server must read back but nobody else may (an outbox payload, which may
 * hold a temporary password; an authenticator app's secret) with AES-256-GCM. `context` (the
 * row's id) is bound as associated data, so a sealed payload moved to another row no longer
 * opens.
 */
export interface Sealer {
  seal(plaintext: string, context: string): string;
  /** Throws when the payload was altered, belongs to another context or another secret. */
  open(sealed: string, context: string): string;
}

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function createSealer(secret: string, purpose = "sesame outbox payload v1"): Sealer {
  // A key of its own per purpose (HKDF with a label): the instance secret also keys HMACs.
  const key = Buffer.from(hkdfSync("sha256", secret, "", purpose, 32));
  return {
    seal(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", key, iv).setAAD(Buffer.from(context));
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      const sealed = Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
      return `${VERSION}.${sealed}`;
    },
    open(sealed, context) {
      const [version, data] = sealed.split(".");
      if (version !== VERSION || data === undefined) {
        throw new Error("Unknown sealed payload format");
      }
      const bytes = Buffer.from(data, "base64url");
      if (bytes.length < IV_BYTES + TAG_BYTES) throw new Error("Sealed payload is truncated");
      const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, IV_BYTES), {
        authTagLength: TAG_BYTES,
      })
        .setAAD(Buffer.from(context))
        .setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      const body = bytes.subarray(IV_BYTES + TAG_BYTES);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
    },
  };
}
