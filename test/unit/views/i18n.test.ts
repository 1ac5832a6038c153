import { describe, expect, it } from "vitest";
import { LANGUAGES } from "../../../src/domain/languages.js";
import { CATALOGUES, chooseLanguage, translator } from "../../../src/views/i18n.js";
import { en } from "../../../src/views/messages/en.js";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("message catalogues", () => {
  for (const language of LANGUAGES) {
    it(`${language} has every key, non-empty, with the same placeholders`, () => {
      const catalogue = CATALOGUES[language] as Record<string, string | undefined>;
      for (const [key, english] of Object.entries(en)) {
        const text = catalogue[key];
        expect(text, `${language} lacks ${key}`).toBeTruthy();
        expect(placeholders(text ?? ""), `${language} ${key}`).toEqual(placeholders(english));
      }
      expect(Object.keys(catalogue).sort()).toEqual(Object.keys(en).sort());
    });
  }

  it("fills placeholders", () => {
    expect(translator("nl")("error.tooShort", { minLength: 12 })).toBe(
      "Gebruik minstens 12 tekens.",
    );
  });

  it("chooses the user's preference, then the page's choice, then the browser's", () => {
    expect(chooseLanguage({ preference: "nl", cookie: "en", acceptLanguage: "en" })).toBe("nl");
    expect(chooseLanguage({ cookie: "nl", acceptLanguage: "en-GB" })).toBe("nl");
    expect(chooseLanguage({ acceptLanguage: "de-DE, nl-NL;q=0.8, en;q=0.5" })).toBe("nl");
    expect(chooseLanguage({ acceptLanguage: "fr" })).toBe("en");
    expect(chooseLanguage({})).toBe("en");
  });
});
