import Negotiator from "negotiator";
import { LANGUAGES, supportedLanguage, type Language } from "../domain/languages.js";
import { en, type MessageKey } from "./messages/en.js";
import { nl } from "./messages/nl.js";

export type { MessageKey };
export type MessageParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

export const CATALOGUES: Record<Language, Record<MessageKey, string>> = { en, nl };

export function translator(language: Language): Translate {
  const catalogue = CATALOGUES[language];
  return (key, params) => {
    const template = catalogue[key];
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in params ? String(params[name]) : whole,
    );
  };
}

/** The user's own preference first, then the language chosen on the page, then the browser's. */
export function chooseLanguage(options: {
  preference?: string | null | undefined;
  cookie?: string | undefined;
  acceptLanguage?: string | undefined;
}): Language {
  const chosen = supportedLanguage(options.preference) ?? supportedLanguage(options.cookie);
  if (chosen) return chosen;
  const negotiator = new Negotiator({
    headers: { "accept-language": options.acceptLanguage ?? "" },
  });
  for (const tag of negotiator.languages()) {
    const language = supportedLanguage(tag);
    if (language) return language;
  }
  return LANGUAGES[0];
}
