/**
 * Keyset positions as opaque page tokens (`?after=`, `$skiptoken`): base64url of a JSON array
 * of the last row's sort values and id. A token is read back only in the spelling
 * writePageToken gives it, so no two tokens name the same position. Pure.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// A display name has at most 256 characters: its key fits in a few kilobytes of token.
const TOKEN = /^[A-Za-z0-9_-]{1,4096}$/;

/** An id as Sesame makes them (lowercase UUID). */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

export function writePageToken(parts: readonly (string | number | boolean)[]): string {
  return Buffer.from(JSON.stringify(parts), "utf8").toString("base64url");
}

/**
 * The `length` parts of a token writePageToken made, or undefined: wrong alphabet or
 * padding, not JSON, not an array of that length, not the canonical spelling.
 */
export function readPageToken(token: unknown, length: number): unknown[] | undefined {
  if (typeof token !== "string" || !TOKEN.test(token)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || value.length !== length) return undefined;
  const parts = value as unknown[];
  const plain = parts.every((part) => ["string", "number", "boolean"].includes(typeof part));
  return plain && writePageToken(parts as (string | number | boolean)[]) === token
    ? parts
    : undefined;
}
