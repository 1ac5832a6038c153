/** Languages with a complete message catalogue (SPEC [S13]); the first is the fallback. */
export const LANGUAGES = ["en", "nl"] as const;
export type Language = (typeof LANGUAGES)[number];

/** Maps a BCP 47 tag (nl-NL, en-GB) to a supported language, or undefined. */
export function supportedLanguage(tag: string | null | undefined): Language | undefined {
  if (!tag) return undefined;
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  return LANGUAGES.find((language) => language === primary);
}

/** The language to write to someone in: the one they prefer, else the fallback. */
export function readerLanguage(person: { preferredLanguage: string | null }): Language {
  return supportedLanguage(person.preferredLanguage) ?? LANGUAGES[0];
}
