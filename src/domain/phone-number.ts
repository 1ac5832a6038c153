/**
 * Phone numbers in E.164 (SPEC [S11]): "+" then a country code and subscriber number, 8 to 15
 * digits, no leading zero. Accepts what people type: spaces (not line breaks), dots, dashes, parentheses, and
 * "00" for "+". National numbers (without country code) are refused: we can't guess it.
 */
function toE164(input: string): string | undefined {
  const trimmed = input.trim();
  if (trimmed.length === 0 || trimmed.length > 32) return undefined;
  if (!/^(\+|00)?[\d \u00a0.()-]+$/.test(trimmed)) return undefined;
  let rest: string;
  if (trimmed.startsWith("+")) rest = trimmed.slice(1);
  else if (trimmed.startsWith("00")) rest = trimmed.slice(2);
  else return undefined;
  const digits = rest.replace(/[ \u00a0.()-]/g, "");
  if (!/^[1-9]\d{7,14}$/.test(digits)) return undefined;
  return `+${digits}`;
}

/** The E.164 form of `input`, or undefined; a "(0)" trunk prefix is dropped ("+31 (0)6 ..."). */
export function parsePhoneNumber(input: string): string | undefined {
  return toE164(input.replace(/\(0\)/g, ""));
}
