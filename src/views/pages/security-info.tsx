import type { ContactKind, SecurityMethodKind } from "../../domain/methods.js";
import {
  CsrfField,
  ErrorSummary,
  Field,
  FieldErrors,
  Layout,
  PostButton,
  type FieldError,
  type PageContext,
} from "../components.js";
import { QR_CODE_SIZE } from "../qr-code.js";
import { questionText } from "../question-text.js";

const BASE = "/myaccount/security-info";

/** The user's own methods, contact details masked, and how many questions they answered. */
export interface OwnSecurityInfo {
  methods: readonly {
    id: string;
    kind: SecurityMethodKind;
    /** Masked address or number; empty for security questions and authenticator apps. */
    display: string;
    verified: boolean;
  }[];
  questions: readonly string[];
}

/** A new authenticator app's account, for typing in when the QR code can't be scanned. */
export interface AuthenticatorKey {
  methodId: string;
  issuer: string;
  /** The User ID. */
  label: string;
  /** Base32. */
  secret: string;
}

/** Shown instead of the forms when the sign-in is more than 10 minutes old (SPEC [S8]). */
function Reauthenticate(props: { page: PageContext }) {
  const { t } = props.page;
  return (
    <div class="notice" role="status">
      <p>{t("securityInfo.reauthenticate")}</p>
      <form method="post" action="/signout">
        <CsrfField page={props.page} />
        <button type="submit" class="primary">
          {t("securityInfo.signInAgain")}
        </button>
      </form>
    </div>
  );
}

/** My account > Security & privacy > Security info: the user's methods (SPEC [S8]). */
export function SecurityInfoPage(props: {
  page: PageContext;
  info: OwnSecurityInfo;
  recentSignIn: boolean;
  notice?: string | undefined;
  errors: FieldError[];
}) {
  const { t } = props.page;
  const { methods, questions } = props.info;
  const hasQuestions = methods.some((m) => m.kind === "securityQuestions");
  const hasApp = methods.some((m) => m.kind === "authenticatorApp" && m.verified);
  return (
    <Layout page={props.page} title={t("securityInfo.title")} notice={props.notice}>
      <h1>{t("securityInfo.title")}</h1>
      <p>{t("securityInfo.intro")}</p>
      <ErrorSummary t={t} errors={props.errors} />
      {!props.recentSignIn && <Reauthenticate page={props.page} />}
      <section aria-labelledby="methods-heading">
        <h2 id="methods-heading">{t("securityInfo.methods")}</h2>
        {methods.length === 0 ? (
          <p>{t("securityInfo.none")}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t("securityInfo.method")}</th>
                <th scope="col">{t("securityInfo.detail")}</th>
                <th scope="col">{t("securityInfo.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {methods.map((method) => {
                const name = t(`securityInfo.kind.${method.kind}`);
                return (
                  <tr>
                    <th scope="row">{name}</th>
                    <td>
                      {method.kind === "securityQuestions"
                        ? t("securityInfo.questionsCount", { count: questions.length })
                        : method.display}
                      {!method.verified && (
                        <>
                          {" "}
                          <span class="badge">{t("securityInfo.pending")}</span>
                        </>
                      )}
                    </td>
                    <td>
                      {!method.verified && props.recentSignIn && (
                        <a href={`${BASE}/verify/${method.id}`}>{t("securityInfo.verify")}</a>
                      )}{" "}
                      {props.recentSignIn && (
                        <PostButton
                          page={props.page}
                          action={`${BASE}/delete/${method.id}`}
                          label={t("securityInfo.delete")}
                          accessibleName={t("securityInfo.deleteLabel", { method: name })}
                        />
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      {props.recentSignIn && (
        <section aria-labelledby="add-heading">
          <h2 id="add-heading">{t("securityInfo.add")}</h2>
          <ul class="actions">
            <li>
              <a href={`${BASE}/add/email`}>{t("securityInfo.add.email")}</a>
            </li>
            <li>
              <a href={`${BASE}/add/mobilePhone`}>{t("securityInfo.add.mobilePhone")}</a>
            </li>
            <li>
              <a href={`${BASE}/add/officePhone`}>{t("securityInfo.add.officePhone")}</a>
            </li>
            <li>
              <a href={`${BASE}/questions`}>
                {hasQuestions
                  ? t("securityInfo.change.securityQuestions")
                  : t("securityInfo.add.securityQuestions")}
              </a>
            </li>
            <li>
              <PostButton
                page={props.page}
                action={`${BASE}/authenticator`}
                label={
                  hasApp
                    ? t("securityInfo.change.authenticatorApp")
                    : t("securityInfo.add.authenticatorApp")
                }
                look="link"
              />
            </li>
          </ul>
        </section>
      )}
      <p>
        <a href="/myaccount">{t("layout.myAccount")}</a>
      </p>
    </Layout>
  );
}

/** Add an alternate email or a phone: the address or number, then a code is sent to it. */
export function AddSecurityMethodPage(props: {
  page: PageContext;
  kind: ContactKind;
  value?: string | undefined;
  errors: FieldError[];
}) {
  const { t } = props.page;
  const title = t(`securityInfo.add.${props.kind}`);
  const email = props.kind === "email";
  return (
    <Layout page={props.page} title={title}>
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={props.errors} />
      <form method="post" action={`${BASE}/add/${props.kind}`} novalidate>
        <CsrfField page={props.page} />
        <Field
          name={email ? "email" : "phone"}
          label={email ? t("securityInfo.field.email") : t("securityInfo.field.phone")}
          type={email ? "email" : "text"}
          autocomplete={email ? "email" : "tel"}
          hint={email ? t("securityInfo.emailHint") : t("securityInfo.field.phoneHint")}
          value={props.value}
          errors={props.errors}
          autofocus
        />
        <button type="submit" class="primary">
          {t("securityInfo.sendCode")}
        </button>{" "}
        <a href={BASE} class="button">
          {t("securityInfo.cancel")}
        </a>
      </form>
    </Layout>
  );
}

/**
 * The code that proves a new method: one sent to the (masked) address or number, or the
 * first one the authenticator app shows for this User ID.
 */
export function VerifySecurityMethodPage(props: {
  page: PageContext;
  methodId: string;
  source: { sentTo: string } | { appLabel: string };
  errors: FieldError[];
}) {
  const { t } = props.page;
  const { source } = props;
  const title = "sentTo" in source ? t("securityInfo.codeTitle") : t("securityInfo.app.codeTitle");
  return (
    <Layout page={props.page} title={title}>
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={props.errors} />
      <p id="code-intro">
        {"sentTo" in source
          ? t("securityInfo.codeSent", { destination: source.sentTo })
          : t("securityInfo.app.codeIntro", { label: source.appLabel })}
      </p>
      <form method="post" action={`${BASE}/verify/${props.methodId}`} novalidate>
        <CsrfField page={props.page} />
        <Field
          name="code"
          label={t("securityInfo.field.code")}
          autocomplete="one-time-code"
          inputMode="numeric"
          errors={props.errors}
          describedBy="code-intro"
          autofocus
        />
        <button type="submit" class="primary">
          {t("securityInfo.submitCode")}
        </button>{" "}
        {"appLabel" in source && (
          <>
            <a href={`${BASE}/authenticator/${props.methodId}`} class="button">
              {t("securityInfo.app.showAgain")}
            </a>{" "}
          </>
        )}
        <a href={BASE} class="button">
          {t("securityInfo.cancel")}
        </a>
      </form>
    </Layout>
  );
}

/** Choose N distinct questions (predefined, then the organisation's own) and answer them. */
export function SecurityQuestionsPage(props: {
  page: PageContext;
  /** As stored: catalogue keys and `custom:` questions. */
  questions: readonly string[];
  count: number;
  /** What the user chose (never the answers they had before). */
  chosen: string[];
  errors: FieldError[];
}) {
  const { t } = props.page;
  const rows = Array.from({ length: props.count }, (_, index) => index + 1);
  const errorFor = (field: string) => props.errors.filter((e) => e.field === field);
  return (
    <Layout page={props.page} title={t("securityInfo.questionsTitle")}>
      <h1>{t("securityInfo.questionsTitle")}</h1>
      <p>{t("securityInfo.questionsIntro", { count: props.count })}</p>
      <ErrorSummary t={t} errors={props.errors} />
      <form method="post" action={`${BASE}/questions`} novalidate>
        <CsrfField page={props.page} />
        {rows.map((n) => {
          const field = `question${n}`;
          const messages = errorFor(field);
          return (
            <fieldset>
              <legend>{t("securityInfo.questionN", { n })}</legend>
              <div class={messages.length > 0 ? "field invalid" : "field"}>
                <label for={field}>{t("securityInfo.questionN", { n })}</label>
                <FieldErrors field={field} errors={props.errors} />
                <select
                  id={field}
                  name={field}
                  required
                  aria-invalid={messages.length > 0 ? "true" : undefined}
                  aria-describedby={messages.length > 0 ? `${field}-error` : undefined}
                >
                  <option value="">{t("securityInfo.chooseQuestion")}</option>
                  {props.questions.map((key) => (
                    <option value={key} selected={props.chosen[n - 1] === key}>
                      {questionText(t, key)}
                    </option>
                  ))}
                </select>
              </div>
              <Field
                name={`answer${n}`}
                label={t("securityInfo.answerN", { n })}
                type="password"
                autocomplete="off"
                errors={props.errors}
              />
            </fieldset>
          );
        })}
        <button type="submit" class="primary">
          {t("securityInfo.saveQuestions")}
        </button>{" "}
        <a href={BASE} class="button">
          {t("securityInfo.cancel")}
        </a>
      </form>
    </Layout>
  );
}

/**
 * Set up an authenticator app: the QR code, and the key to type in when it can't be
 * scanned, shown only until the app's first code confirms the setup.
 */
export function AuthenticatorSetupPage(props: {
  page: PageContext;
  setup: AuthenticatorKey;
  /** The QR code of the setup's otpauth:// URI, as a data: URI. */
  qrCode: string;
}) {
  const { t } = props.page;
  const { setup } = props;
  // Groups of four, as authenticator apps accept them with or without the spaces.
  const key = setup.secret.match(/.{1,4}/g)?.join(" ") ?? setup.secret;
  return (
    <Layout page={props.page} title={t("securityInfo.app.title")}>
      <h1>{t("securityInfo.app.title")}</h1>
      <ol>
        <li>{t("securityInfo.app.install")}</li>
        <li>
          <p>{t("securityInfo.app.scan")}</p>
          <img
            src={props.qrCode}
            width={QR_CODE_SIZE}
            height={QR_CODE_SIZE}
            alt={t("securityInfo.app.qrAlt", { label: setup.label, issuer: setup.issuer })}
          />
        </li>
      </ol>
      <h2>{t("securityInfo.app.cantScan")}</h2>
      <p>{t("securityInfo.app.enterKey")}</p>
      <dl class="profile">
        <dt>{t("securityInfo.app.account")}</dt>
        <dd>{setup.label}</dd>
        <dt>{t("securityInfo.app.issuer")}</dt>
        <dd>{setup.issuer}</dd>
        <dt>{t("securityInfo.app.key")}</dt>
        <dd>
          <code class="key">{key}</code>
        </dd>
      </dl>
      <p>{t("securityInfo.app.keepSecret")}</p>
      <p class="actions">
        <a href={`${BASE}/verify/${setup.methodId}`} class="button">
          {t("securityInfo.app.next")}
        </a>
        <a href={BASE} class="button">
          {t("securityInfo.cancel")}
        </a>
      </p>
    </Layout>
  );
}
