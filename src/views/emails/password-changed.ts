import type { Language } from "../../domain/languages.js";
import { translator } from "../i18n.js";
import { composeEmail, formatInstant, type RenderedEmail } from "./email.js";

/** SPEC [S7]: tells the user their password changed, and what to do if it was not them. */
export function renderPasswordChangedEmail(input: {
  language: Language;
  organisationName: string;
  displayName: string;
  at: number;
}): RenderedEmail {
  const t = translator(input.language);
  return composeEmail({
    language: input.language,
    organisationName: input.organisationName,
    displayName: input.displayName,
    subject: t("email.passwordChanged.subject"),
    paragraphs: [
      t("email.passwordChanged.what", {
        organisation: input.organisationName,
        date: formatInstant(input.language, input.at),
      }),
      t("email.passwordChanged.ifYou"),
      t("email.passwordChanged.ifNotYou"),
    ],
  });
}
