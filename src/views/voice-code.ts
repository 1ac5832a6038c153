import type { Language } from "../domain/languages.js";
import { translator } from "./i18n.js";

/**
 * What a call says to deliver `code`, in the user's language. The digits are separated by
 * spaces so a speech engine reads them one by one ("1 2 3 4"), never as one big number.
 */
export function voiceCodeText(code: string, language: Language): string {
  const digits = code.replace(/\s+/g, "").split("").join(" ");
  return translator(language)("voice.code", { digits });
}
