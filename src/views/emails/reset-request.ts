import type { Language } from "../../domain/languages.js";
import { translator } from "../i18n.js";
import { composeEmail, formatInstant, type RenderedEmail } from "./email.js";

/** SPEC [S4]: a user asked the administrators for a new password. */
export function renderResetRequestEmail(input: {
  language: Language;
  organisationName: string;
  administratorName: string;
  userName: string;
  userId: string;
  at: number;
  ip: string | null;
  userPageUrl: string;
}): RenderedEmail {
  const t = translator(input.language);
  return composeEmail({
    language: input.language,
    organisationName: input.organisationName,
    displayName: input.administratorName,
    subject: t("email.resetRequest.subject", { name: input.userName }),
    paragraphs: [
      t("email.resetRequest.what", {
        name: input.userName,
        userId: input.userId,
        date: formatInstant(input.language, input.at),
        ip: input.ip ?? "?",
      }),
      t("email.resetRequest.open", { url: input.userPageUrl }),
      t("email.resetRequest.check"),
    ],
  });
}
