import { CAPTCHA_VALIDITY_MS } from "../domain/captcha.js";
import { FieldErrors, type FieldError, type PageContext } from "./components.js";
import type { MessageKey } from "./i18n.js";

/** Where the altcha widget's files are served (src/http/routes/captcha.ts). */
export const ALTCHA_ASSETS = "/assets/altcha/";

/** Where the widget fetches a new challenge. */
export const CAPTCHA_CHALLENGE_PATH = "/captcha/challenge";

/** The form field carrying the solved payload; errors about the CAPTCHA use it too. */
export const CAPTCHA_FIELD = "altcha";

declare module "preact" {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      "altcha-widget": JSX.HTMLAttributes<HTMLElement> & {
        challenge: string;
        name: string;
        language: string;
        configuration: string;
      };
    }
  }
}

// The widget's strings we show (challenge by code, footer and logo are not used).
const WIDGET_STRINGS = [
  "label",
  "loading",
  "verificationRequired",
  "verifying",
  "verified",
  "waitAlert",
  "error",
  "expired",
] as const;

/**
 * The self-hosted proof-of-work CAPTCHA, for inside a form: the widget solves a challenge
 * from /captcha/challenge in web workers and posts the result as the `altcha` field, which
 * services.captcha.verify checks. Without JavaScript it cannot be solved, so the page says
 * where to go instead.
 */
export function Captcha(props: { page: PageContext; errors: FieldError[] }) {
  const { t, language } = props.page;
  const messages = props.errors.filter((error) => error.field === CAPTCHA_FIELD);
  const errorId = messages.length > 0 ? `${CAPTCHA_FIELD}-error` : undefined;
  const strings = Object.fromEntries(
    WIDGET_STRINGS.map((key) => [key, t(`captcha.widget.${key}` as MessageKey)]),
  );
  return (
    <fieldset
      id={CAPTCHA_FIELD}
      tabIndex={-1}
      class={messages.length > 0 ? "captcha invalid" : "captcha"}
      aria-describedby={[`${CAPTCHA_FIELD}-hint`, errorId].filter(Boolean).join(" ")}
    >
      <legend>{t("captcha.legend")}</legend>
      <p class="hint" id={`${CAPTCHA_FIELD}-hint`}>
        {t("captcha.hint")}
      </p>
      <FieldErrors field={CAPTCHA_FIELD} errors={props.errors} />
      <altcha-widget
        challenge={CAPTCHA_CHALLENGE_PATH}
        name={CAPTCHA_FIELD}
        language={language}
        // Nothing links to or reports to altcha.org; the pointer-tracking signal is for
        // their hosted service, which we do not use.
        configuration={JSON.stringify({
          hideFooter: true,
          hideLogo: true,
          humanInteractionSignature: false,
          validationMessage: t("captcha.required"),
        })}
        data-strings={JSON.stringify(strings)}
        data-worker={`${ALTCHA_ASSETS}workers/pbkdf2.js`}
        // The challenge was fetched just before it was solved; a minute covers that and the post.
        data-expires-after={String(CAPTCHA_VALIDITY_MS - 60_000)}
      />
      <noscript>
        <p>
          {t("captcha.noScript")} <a href="/recover#ask">{t("captcha.noScriptAsk")}</a>.
        </p>
      </noscript>
      <link rel="stylesheet" href={`${ALTCHA_ASSETS}external/altcha.css`} />
      {/* The widget first (a module, so its top-level names stay its own), then our setup. */}
      <script type="module" src={`${ALTCHA_ASSETS}external/altcha.js`} />
      <script src="/assets/captcha.js" defer />
    </fieldset>
  );
}
