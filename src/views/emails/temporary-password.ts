import type { Language } from "../../domain/languages.js";
import { translator } from "../i18n.js";
import { composeEmail, type RenderedEmail } from "./email.js";

/** SPEC [S4]: the temporary password an administrator chose to send, with what to do with it. */
export function renderTemporaryPasswordEmail(input: {
  language: Language;
  organisationName: string;
  displayName: string;
  userId: string;
  temporaryPassword: string;
  mustChange: boolean;
  signInUrl: string;
}): RenderedEmail {
  const t = translator(input.language);
  return composeEmail({
    language: input.language,
    organisationName: input.organisationName,
    displayName: input.displayName,
    subject: t("email.temporaryPassword.subject", { organisation: input.organisationName }),
    paragraphs: [
      t("email.temporaryPassword.what", {
        userId: input.userId,
        organisation: input.organisationName,
      }),
      t("email.temporaryPassword.password", { password: input.temporaryPassword }),
      t("email.temporaryPassword.signIn", { url: input.signInUrl }),
      ...(input.mustChange ? [t("email.temporaryPassword.mustChange")] : []),
    ],
  });
}
