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
