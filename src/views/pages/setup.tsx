import {
  CsrfField,
  ErrorSummary,
  Field,
  Layout,
  type FieldError,
  type PageContext,
} from "../components.js";

export interface SetupValues {
  organisationName?: string;
  domain?: string;
  adminUserId?: string;
  adminDisplayName?: string;
}

export function SetupPage(props: {
  page: PageContext;
  token: string;
  values: SetupValues;
  errors: FieldError[];
}) {
  const { t } = props.page;
  const { values, errors } = props;
  return (
    <Layout page={props.page} title={t("setup.title")}>
      <h1>{t("setup.title")}</h1>
      <p>{t("setup.intro")}</p>
      <ErrorSummary t={t} errors={errors} />
      <form method="post" action="/setup" novalidate>
        <CsrfField page={props.page} />
        <input type="hidden" name="token" value={props.token} />
        <Field
          name="organisationName"
          label={t("setup.organisationName")}
          hint={t("setup.organisationNameHint")}
          autocomplete="organization"
          value={values.organisationName}
          errors={errors}
          autofocus
        />
        <Field
          name="domain"
          label={t("setup.domain")}
          hint={t("setup.domainHint")}
          autocomplete="off"
          value={values.domain}
          errors={errors}
        />
        <Field
          name="adminUserId"
          label={t("setup.adminUserId")}
          type="email"
          autocomplete="username"
          value={values.adminUserId}
          errors={errors}
        />
        <Field
          name="adminDisplayName"
          label={t("setup.adminDisplayName")}
          autocomplete="name"
          value={values.adminDisplayName}
          errors={errors}
        />
        <Field
          name="password"
          label={t("setup.password")}
          type="password"
          autocomplete="new-password"
          errors={errors}
        />
        <Field
          name="confirmPassword"
          label={t("setup.confirmPassword")}
          type="password"
          autocomplete="new-password"
          errors={errors}
        />
        <button type="submit" class="primary">
          {t("setup.submit")}
        </button>
      </form>
    </Layout>
  );
}
