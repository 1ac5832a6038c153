/**
 * A User ID is a user principal name, `name@domain` (SPEC [S1]). Unique case-insensitively
 * within the organisation, so lookups use the key form.
 */
export interface ParsedUserId {
  userId: string;
  key: string;
  localPart: string;
  domain: string;
}

// Local part as Microsoft allows in a UPN: letters, digits and . _ - ' + (no leading/trailing dot).
const LOCAL = /^[\p{L}\p{N}_'+-]+(?:\.[\p{L}\p{N}_'+-]+)*$/u;
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/;

export function userIdKey(userId: string): string {
  return userId.trim().normalize("NFC").toLowerCase();
}

export function normaliseDomain(domain: string): string {
  return domain.trim().toLowerCase().replace(/\.$/, "");
}

export function isValidDomain(domain: string): boolean {
  return DOMAIN.test(normaliseDomain(domain));
}

/** Returns undefined when the text is not a well-formed User ID. */
export function parseUserId(text: string): ParsedUserId | undefined {
  const userId = text.trim().normalize("NFC");
  if (userId.length > 113) return undefined;
  const at = userId.lastIndexOf("@");
  if (at <= 0) return undefined;
  const localPart = userId.slice(0, at);
  const domain = normaliseDomain(userId.slice(at + 1));
  if (localPart.length > 64 || !LOCAL.test(localPart) || !DOMAIN.test(domain)) return undefined;
  return {
    userId: `${localPart}@${domain}`,
    key: userIdKey(`${localPart}@${domain}`),
    localPart,
    domain,
  };
}
