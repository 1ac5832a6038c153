import { invalidInput } from "./errors.js";

// Control characters (C0, DEL, C1) never belong in a name.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** A required single-line text: trimmed, 1..max characters, no control characters. */
export function requiredText(field: string, value: unknown, max = 256): string {
  const text = typeof value === "string" ? value.trim().normalize("NFC") : "";
  if (text.length === 0) throw invalidInput(field, `${field} is required.`);
  if ([...text].length > max)
    throw invalidInput(field, `${field} is longer than ${max} characters.`);
  if (CONTROL.test(text)) throw invalidInput(field, `${field} contains a control character.`);
  return text;
}

/** Like requiredText, but empty means null. */
export function optionalText(field: string, value: unknown, max = 256): string | null {
  if (value === undefined || value === null || (typeof value === "string" && value.trim() === "")) {
    return null;
  }
  return requiredText(field, value, max);
}

// An address as a mail server takes it: one @, a dotted domain, no spaces or separators.
const EMAIL = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;

/** An optional email address (empty means null), at most 254 characters. */
export function optionalEmail(field: string, value: unknown): string | null {
  const text = optionalText(field, value, 254);
  if (text !== null && !EMAIL.test(text)) {
    throw invalidInput(field, `${text} is not an email address.`);
  }
  return text;
}

// E.164: a plus, then 8 to 15 digits, the first not 0.
const E164 = /^\+[1-9]\d{7,14}$/;

/** An optional phone number in E.164 form; spaces are dropped ("+31 6 1234 5678"). */
export function optionalPhone(field: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw invalidInput(field, `${field} must be text.`);
  const phone = value.replace(/\s+/g, "");
  if (phone === "") return null;
  if (!E164.test(phone)) {
    throw invalidInput(
      field,
      "Enter the number in international form: + and 8 to 15 digits, for example +31 6 12345678.",
    );
  }
  return phone;
}
