import type { EmailContent } from "../delivery/email-message.js";
import type { Language } from "../domain/languages.js";
import type { EmailNotice, PhoneNotice } from "../domain/notices.js";
import type { Letterhead } from "../domain/branding.js";
import { findLetterhead } from "../store/branding.js";
import type { Queryable } from "../store/database.js";
import type { Outbox } from "./outbox.js";

/**
 * Turns a notice into words; the wiring hands in views/emails' renderer. Pure and
 * synchronous, so rendering inside the caller's transaction costs microseconds (measured
 * in bench/notices.ts) and holds no lock while waiting on anything.
 */
export interface NoticeRenderer {
  email(notice: EmailNotice, language: Language, letterhead?: Letterhead): EmailContent;
  phone(notice: PhoneNotice, channel: "sms" | "voice", language: Language): string;
}

/**
 * The notifications port: services say what happened and to whom; the message is rendered
 * and queued in the outbox in the caller's transaction, so it is sent if and only if the
 * change that caused it commits.
 */
export function createNotifications(outbox: Outbox, renderer: NoticeRenderer) {
  return {
    /** Emails `notice` to each address in `to`, in the reader's language. */
    async email(
      q: Queryable,
      input: {
        organisationId: string | null;
        to: readonly string[];
        language: Language;
        notice: EmailNotice;
      },
    ): Promise<void> {
      if (input.to.length === 0) return;
      // In the organisation's colour and with its helpdesk (company branding), if it set them.
      const letterhead =
        input.organisationId === null ? undefined : await findLetterhead(q, input.organisationId);
      const email = renderer.email(input.notice, input.language, letterhead);
      for (const to of input.to) {
        await outbox.enqueueEmail(q, { organisationId: input.organisationId, to, ...email });
      }
    },

    /** Texts or calls `notice` to one E.164 number. */
    async phone(
      q: Queryable,
      input: {
        organisationId: string | null;
        to: string;
        channel: "sms" | "voice";
        language: Language;
        notice: PhoneNotice;
      },
    ): Promise<void> {
      await outbox.enqueuePhoneMessage(q, {
        organisationId: input.organisationId,
        channel: input.channel,
        to: input.to,
        text: renderer.phone(input.notice, input.channel, input.language),
        locale: input.language,
      });
    },
  };
}

export type Notifications = ReturnType<typeof createNotifications>;
