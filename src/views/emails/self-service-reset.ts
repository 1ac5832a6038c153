import type { Language } from "../../domain/languages.js";
import { translator } from "../i18n.js";
import { composeEmail, formatInstant, type RenderedEmail } from "./email.js";

/** SPEC [S6]: the code that proves the alternate email during a self-service reset. */
export function renderResetCodeEmail(input: {
  language: Language;
  organisationName: string;
  displayName: string;
  userId: string;
  code: string;
}): RenderedEmail {
  const t = translator(input.language);
  return composeEmail({
    language: input.language,
    organisationName: input.organisationName,
    displayName: input.displayName,
    subject: t("email.resetCode.subject", { organisation: input.organisationName }),
    paragraphs: [
      t("email.resetCode.what", { code: input.code, userId: input.userId }),
      t("email.resetCode.validity"),
      t("email.resetCode.ignore"),
    ],
  });
}

/** The text of a reset code sent by SMS. */
export function renderResetCodeText(input: {
  language: Language;
  organisationName: string;
  code: string;
}): string {
  return translator(input.language)("text.resetCode", {
    code: input.code,
    organisation: input.organisationName,
  });
}

/** SPEC [S6]: "your password was reset" or "your account was unlocked", and what if it wasn't you. */
export function renderSelfServiceDoneEmail(input: {
  language: Language;
  organisationName: string;
  displayName: string;
  userId: string;
  at: number;
  kind: "reset" | "unlock";
}): RenderedEmail {
  const t = translator(input.language);
  const values = {
    userId: input.userId,
    organisation: input.organisationName,
    date: formatInstant(input.language, input.at),
  };
  return composeEmail({
    language: input.language,
    organisationName: input.organisationName,
    displayName: input.displayName,
    subject: t(`email.selfService.${input.kind}.subject`),
    paragraphs: [
      t(`email.selfService.${input.kind}.what`, values),
      t("email.selfService.ifNotYou"),
    ],
  });
}

/** SPEC [S6]: an administrator reset their own password (told to the other administrators). */
export function renderAdministratorResetEmail(input: {
  language: Language;
  organisationName: string;
  displayName: string;
  administratorName: string;
  administratorId: string;
  at: number;
}): RenderedEmail {
  const t = translator(input.language);
  return composeEmail({
    language: input.language,
    organisationName: input.organisationName,
    displayName: input.displayName,
    subject: t("email.adminSelfReset.subject", { name: input.administratorName }),
    paragraphs: [
      t("email.adminSelfReset.what", {
        name: input.administratorName,
        userId: input.administratorId,
        date: formatInstant(input.language, input.at),
      }),
      t("email.adminSelfReset.check"),
    ],
  });
}
