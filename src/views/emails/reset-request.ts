import type { Language } from "../../domain/languages.js";
import { translator } from "../i18n.js";
import { composeEmail, formatInstant, type RenderedEmail } from "./email.js";

/**
 * SPEC [S4], [S6]: a user asked the administrators (or the helpdesk, when no name is given)
 * for a new password, perhaps after self-service refused them with a reference code.
 */
export function renderResetRequestEmail(input: {
  language: Language;
  organisationName: string;
  administratorName?: string;
  userName: string;
  userId: string;
  at: number;
  ip: string | null;
  userPageUrl: string;
  referenceCode?: string | undefined;
}): RenderedEmail {
  const t = translator(input.language);
  return composeEmail({
    language: input.language,
    organisationName: input.organisationName,
    displayName: input.administratorName ?? t("email.helpdesk"),
    subject: t("email.resetRequest.subject", { name: input.userName }),
    paragraphs: [
      t("email.resetRequest.what", {
        name: input.userName,
        userId: input.userId,
        date: formatInstant(input.language, input.at),
        ip: input.ip ?? "?",
      }),
      ...(input.referenceCode
        ? [t("email.resetRequest.selfServiceRefused", { code: input.referenceCode })]
        : []),
      t("email.resetRequest.open", { url: input.userPageUrl }),
      t("email.resetRequest.check"),
    ],
  });
}
