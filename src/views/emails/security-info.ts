import type { SecurityMethodKind } from "../../domain/methods.js";
import type { Language } from "../../domain/languages.js";
import { translator } from "../i18n.js";
import { composeEmail, formatInstant, type RenderedEmail } from "./email.js";

/** SPEC [S8]: the code that proves an alternate email address while registering it. */
export function renderSecurityCodeEmail(input: {
  language: Language;
  organisationName: string;
  displayName: string;
  code: string;
}): RenderedEmail {
  const t = translator(input.language);
  const organisation = input.organisationName;
  return composeEmail({
    language: input.language,
    organisationName: organisation,
    displayName: input.displayName,
    subject: t("email.securityCode.subject", { organisation }),
    paragraphs: [
      t("email.securityCode.what", { code: input.code }),
      t("email.securityCode.why", { organisation }),
      t("email.securityCode.ignore"),
    ],
  });
}

/** The text of a code sent by SMS (or spoken by a call). */
export function renderSecurityCodeText(input: {
  language: Language;
  organisationName: string;
  code: string;
}): string {
  return translator(input.language)("text.securityCode", {
    code: input.code,
    organisation: input.organisationName,
  });
}

/** SPEC [S8]: "your security info changed", with what changed and what to do if it was not them. */
export function renderSecurityInfoChangedEmail(input: {
  language: Language;
  organisationName: string;
  displayName: string;
  at: number;
  change: "added" | "changed" | "deleted";
  kind: SecurityMethodKind;
  /** An administrator made the change: the user is told so, not "if you made this change". */
  byAdministrator?: boolean;
}): RenderedEmail {
  const t = translator(input.language);
  const method = t(`securityInfo.kind.${input.kind}`);
  return composeEmail({
    language: input.language,
    organisationName: input.organisationName,
    displayName: input.displayName,
    subject: t("email.securityInfoChanged.subject"),
    paragraphs: [
      t("email.securityInfoChanged.what", {
        organisation: input.organisationName,
        date: formatInstant(input.language, input.at),
        change: t(`email.securityInfoChanged.${input.change}`, { method }),
      }),
      ...(input.byAdministrator
        ? [t("email.securityInfoChanged.byAdministrator")]
        : [t("email.securityInfoChanged.ifYou"), t("email.securityInfoChanged.ifNotYou")]),
    ],
  });
}
