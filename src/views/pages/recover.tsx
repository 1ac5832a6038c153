import { Captcha } from "../captcha.js";
import {
  CsrfField,
  ErrorSummary,
  Field,
  Layout,
  UserIdField,
  type FieldError,
  type PageContext,
} from "../components.js";

/**
 * "Can't access your account?" (SPEC [S6] steps 1–2): the User ID, the CAPTCHA, and whether
 * the password is forgotten or the account only needs unlocking. Asking the administrators
 * (SPEC [S4]) stays below, for whoever can't use self-service.
 */
export function RecoverPage(props: {
  page: PageContext;
  userId?: string;
  intent?: string;
  errors: FieldError[];
  askErrors?: FieldError[];
}) {
  const { t } = props.page;
  const unlock = props.intent === "unlock";
  return (
    <Layout page={props.page} title={t("recover.title")}>
      <h1>{t("recover.title")}</h1>
      <p>{t("recover.intro")}</p>
      <ErrorSummary t={t} errors={props.errors} />
      <form method="post" action="/recover" novalidate>
        <CsrfField page={props.page} />
        <UserIdField t={t} value={props.userId} errors={props.errors} autofocus />
        <fieldset>
          <legend>{t("recover.intentLegend")}</legend>
          <div class="choice">
            <input type="radio" id="intent-reset" name="intent" value="reset" checked={!unlock} />
            <label for="intent-reset">{t("recover.intentReset")}</label>
          </div>
          <div class="choice">
            <input type="radio" id="intent-unlock" name="intent" value="unlock" checked={unlock} />
            <label for="intent-unlock">{t("recover.intentUnlock")}</label>
          </div>
        </fieldset>
        <Captcha page={props.page} errors={props.errors} />
        <button type="submit" class="primary">
          {t("recover.next")}
        </button>{" "}
        <a href="/signin" class="button">
          {t("recover.cancel")}
        </a>
      </form>
      <h2 id="ask">{t("recover.askHeading")}</h2>
      <p>{t("recover.askIntro")}</p>
      <ErrorSummary t={t} errors={props.askErrors ?? []} />
      <form method="post" action="/recover/ask" novalidate>
        <CsrfField page={props.page} />
        <Field
          name="askUserId"
          label={t("signIn.userId")}
          type="email"
          autocomplete="username"
          value={props.userId}
          errors={props.askErrors ?? []}
        />
        <button type="submit">{t("recover.askSubmit")}</button>
      </form>
    </Layout>
  );
}
