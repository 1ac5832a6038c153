import {
  CsrfField,
  ErrorSummary,
  Field,
  Layout,
  type FieldError,
  type PageContext,
} from "../components.js";

/** "Can't access your account?" (SPEC [S6] step 1): for now, asking the administrators (SPEC [S4]). */
export function RecoverPage(props: { page: PageContext; userId?: string; errors: FieldError[] }) {
  const { t } = props.page;
  return (
    <Layout page={props.page} title={t("recover.title")}>
      <h1>{t("recover.title")}</h1>
      <p>{t("recover.comingSoon")}</p>
      <h2>{t("recover.askHeading")}</h2>
      <p>{t("recover.askIntro")}</p>
      <ErrorSummary t={t} errors={props.errors} />
      <form method="post" action="/recover/ask" novalidate>
        <CsrfField page={props.page} />
        <Field
          name="userId"
          label={t("signIn.userId")}
          hint={t("signIn.userIdHint")}
          type="email"
          autocomplete="username"
          value={props.userId}
          errors={props.errors}
        />
        <button type="submit" class="primary">
          {t("recover.askSubmit")}
        </button>
      </form>
      <p>
        <a href="/signin">{t("recover.backToSignIn")}</a>
      </p>
    </Layout>
  );
}
