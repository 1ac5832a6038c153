import type { Letterhead } from "../../domain/branding.js";
import type { Language } from "../../domain/languages.js";
import type { EmailNotice, PhoneNotice } from "../../domain/notices.js";
import { translator, type Translate } from "../i18n.js";
import { voiceCodeText } from "../voice-code.js";
import { composeEmail, formatInstant, type RenderedEmail } from "./email.js";

/** What one email says: its subject and paragraphs (the greeting and footer are everyone's). */
interface Words {
  subject: string;
  paragraphs: string[];
}

type WordsOf = {
  [E in EmailNotice["event"]]: (
    notice: Extract<EmailNotice, { event: E }>,
    t: Translate,
    language: Language,
  ) => Words;
};

/** Each notice in words, by the SPEC capability that sends it. */
const WORDS: WordsOf = {
  // [S7]: the user's password changed, and what to do if it was not them.
  passwordChanged: (notice, t, language) => ({
    subject: t("email.passwordChanged.subject"),
    paragraphs: [
      t("email.passwordChanged.what", {
        organisation: notice.organisationName,
        date: formatInstant(language, notice.at),
      }),
      t("email.passwordChanged.ifYou"),
      t("email.passwordChanged.ifNotYou"),
    ],
  }),

  // [S4]: the temporary password an administrator chose to send, with what to do with it.
  temporaryPasswordSent: (notice, t) => ({
    subject: t("email.temporaryPassword.subject", { organisation: notice.organisationName }),
    paragraphs: [
      t("email.temporaryPassword.what", {
        userId: notice.userId,
        organisation: notice.organisationName,
      }),
      t("email.temporaryPassword.password", { password: notice.temporaryPassword }),
      t("email.temporaryPassword.signIn", { url: notice.signInUrl }),
      ...(notice.mustChange ? [t("email.temporaryPassword.mustChange")] : []),
    ],
  }),

  // [S4]: the same password to someone who passes it on: whose it is, and how to hand it over.
  temporaryPasswordToPassOn: (notice, t) => ({
    subject: t("email.passOn.subject", { name: notice.userName, userId: notice.userId }),
    paragraphs: [
      t("email.passOn.what", {
        name: notice.userName,
        userId: notice.userId,
        organisation: notice.organisationName,
      }),
      t("email.temporaryPassword.password", { password: notice.temporaryPassword }),
      t("email.passOn.handOver", { name: notice.userName, url: notice.signInUrl }),
      ...(notice.mustChange ? [t("email.passOn.mustChange", { name: notice.userName })] : []),
    ],
  }),

  // [S4], [S6]: a user asked for a new password, perhaps after self-service refused them.
  resetRequested: (notice, t, language) => ({
    subject: t("email.resetRequest.subject", { name: notice.userName }),
    paragraphs: [
      t("email.resetRequest.what", {
        name: notice.userName,
        userId: notice.userId,
        date: formatInstant(language, notice.at),
        ip: notice.ip ?? "?",
      }),
      ...(notice.referenceCode
        ? [t("email.resetRequest.selfServiceRefused", { code: notice.referenceCode })]
        : []),
      t("email.resetRequest.open", { url: notice.userPageUrl }),
      t("email.resetRequest.check"),
    ],
  }),

  // [S6]: the code that proves the alternate email in a reset; [S8]: one that proves a new one.
  codeIssued: (notice, t) =>
    notice.purpose === "reset"
      ? {
          subject: t("email.resetCode.subject", { organisation: notice.organisationName }),
          paragraphs: [
            t("email.resetCode.what", { code: notice.code, userId: notice.userId }),
            t("email.resetCode.validity"),
            t("email.resetCode.ignore"),
          ],
        }
      : {
          subject: t("email.securityCode.subject", { organisation: notice.organisationName }),
          paragraphs: [
            t("email.securityCode.what", { code: notice.code }),
            t("email.securityCode.why", { organisation: notice.organisationName }),
            t("email.securityCode.ignore"),
          ],
        },

  // [S8]: what changed, and what to do if it was not them (or that an administrator did it).
  securityInfoChanged: (notice, t, language) => ({
    subject: t("email.securityInfoChanged.subject"),
    paragraphs: [
      t("email.securityInfoChanged.what", {
        organisation: notice.organisationName,
        date: formatInstant(language, notice.at),
        change: t(`email.securityInfoChanged.${notice.change}`, {
          method: t(`securityInfo.kind.${notice.kind}`),
        }),
      }),
      ...(notice.byAdministrator
        ? [t("email.securityInfoChanged.byAdministrator")]
        : [t("email.securityInfoChanged.ifYou"), t("email.securityInfoChanged.ifNotYou")]),
    ],
  }),

  // [S6]: "your password was reset" or "your account was unlocked", and what if it wasn't you.
  selfServiceCompleted: (notice, t, language) => ({
    subject: t(`email.selfService.${notice.kind}.subject`),
    paragraphs: [
      t(`email.selfService.${notice.kind}.what`, {
        userId: notice.userId,
        organisation: notice.organisationName,
        date: formatInstant(language, notice.at),
      }),
      t("email.selfService.ifNotYou"),
    ],
  }),

  // [S6]: an administrator reset their own password (told to the other administrators).
  administratorResetOwnPassword: (notice, t, language) => ({
    subject: t("email.adminSelfReset.subject", { name: notice.administratorName }),
    paragraphs: [
      t("email.adminSelfReset.what", {
        name: notice.administratorName,
        userId: notice.administratorId,
        date: formatInstant(language, notice.at),
      }),
      t("email.adminSelfReset.check"),
    ],
  }),
};

/**
 * Whom an email greets: the reader the notice names; a request for help to the helpdesk's
 * address, the helpdesk; a password to pass on, no one by name (it goes to any address).
 */
function readerOf(notice: EmailNotice, t: Translate): string | undefined {
  if ("displayName" in notice) return notice.displayName;
  if (notice.event === "resetRequested") return notice.administratorName ?? t("email.helpdesk");
  return undefined;
}

function wordsOf<E extends EmailNotice["event"]>(
  notice: Extract<EmailNotice, { event: E }>,
  t: Translate,
  language: Language,
): Words {
  return (WORDS[notice.event] as WordsOf[E])(notice, t, language);
}

/**
 * The notices the services send, in words: the renderer the wiring hands the notifications
 * port. Pure functions of the notice and the reader's language (no I/O), so they may run
 * inside the transaction that queues the message (bench/notices.ts measures them).
 */
export const noticeRenderer = {
  email(notice: EmailNotice, language: Language, letterhead?: Letterhead): RenderedEmail {
    const t = translator(language);
    return composeEmail({
      language,
      organisationName: notice.organisationName,
      letterhead,
      displayName: readerOf(notice, t),
      ...wordsOf(notice, t, language),
    });
  },

  /** What a text message says, or a call speaks. */
  phone(notice: PhoneNotice, channel: "sms" | "voice", language: Language): string {
    if (channel === "voice") return voiceCodeText(notice.code, language);
    const values = { code: notice.code, organisation: notice.organisationName };
    const t = translator(language);
    return notice.purpose === "reset"
      ? t("text.resetCode", values)
      : t("text.securityCode", values);
  },
};
