import type { Language } from "../../domain/languages.js";
import type { EmailNotice, PhoneNotice } from "../../domain/notices.js";
import { voiceCodeText } from "../voice-code.js";
import type { RenderedEmail } from "./email.js";
import { renderPasswordChangedEmail } from "./password-changed.js";
import { renderResetRequestEmail } from "./reset-request.js";
import {
  renderSecurityCodeEmail,
  renderSecurityCodeText,
  renderSecurityInfoChangedEmail,
} from "./security-info.js";
import {
  renderAdministratorResetEmail,
  renderResetCodeEmail,
  renderResetCodeText,
  renderSelfServiceDoneEmail,
} from "./self-service-reset.js";
import { renderTemporaryPasswordEmail } from "./temporary-password.js";

/**
 * The notices the services send, in words: the renderer the wiring hands the notifications
 * port. Each is a pure function of the notice and the reader's language (no I/O), so it may
 * run inside the transaction that queues the message.
 */
export const noticeRenderer = {
  email(notice: EmailNotice, language: Language): RenderedEmail {
    const input = { ...notice, language };
    switch (input.event) {
      case "passwordChanged":
        return renderPasswordChangedEmail(input);
      case "temporaryPasswordSent":
        return renderTemporaryPasswordEmail(input);
      case "resetRequested":
        return renderResetRequestEmail(input);
      case "codeIssued":
        return input.purpose === "reset"
          ? renderResetCodeEmail(input)
          : renderSecurityCodeEmail(input);
      case "securityInfoChanged":
        return renderSecurityInfoChangedEmail(input);
      case "selfServiceCompleted":
        return renderSelfServiceDoneEmail(input);
      case "administratorResetOwnPassword":
        return renderAdministratorResetEmail(input);
    }
  },

  /** What a text message says, or a call speaks. */
  phone(notice: PhoneNotice, channel: "sms" | "voice", language: Language): string {
    if (channel === "voice") return voiceCodeText(notice.code, language);
    const input = { ...notice, language };
    return notice.purpose === "reset" ? renderResetCodeText(input) : renderSecurityCodeText(input);
  },
};
