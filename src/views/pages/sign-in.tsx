import {
  CsrfField,
  ErrorSummary,
  Field,
  Layout,
  UserIdField,
  type FieldError,
  type PageContext,
} from "../components.js";

export function SignInPage(props: {
  page: PageContext;
  userId?: string | undefined;
  errors: FieldError[];
  notice?: string | undefined;
}) {
  const { t } = props.page;
  return (
    <Layout page={props.page} title={t("signIn.title")} notice={props.notice}>
      <h1>{t("signIn.title")}</h1>
      {props.page.look?.signInMessage && (
        <p class="sign-in-message">{props.page.look.signInMessage}</p>
      )}
      <ErrorSummary t={t} errors={props.errors} />
      <form method="post" action="/signin" novalidate>
        <CsrfField page={props.page} />
        <UserIdField t={t} value={props.userId} errors={props.errors} autofocus={!props.userId} />
        <Field
          name="password"
          label={t("signIn.password")}
          type="password"
          autocomplete="current-password"
          errors={props.errors}
          autofocus={Boolean(props.userId)}
        />
        <button type="submit" class="primary">
          {t("signIn.submit")}
        </button>
      </form>
      <p>
        <a href="/recover">{t("signIn.cantAccess")}</a>
      </p>
    </Layout>
  );
}
