import type { PasswordRules } from "../../domain/password-policy.js";
import {
  CsrfField,
  ErrorSummary,
  Field,
  Layout,
  type FieldError,
  type PageContext,
} from "../components.js";
import { NewPasswordFields } from "../password-rules.js";

/**
 * Both the voluntary change (My account > Security & privacy > Password, SPEC [S7]) and
 * the forced change after a temporary password (SPEC [S2]), which skips the current password.
 */
export function ChangePasswordPage(props: {
  page: PageContext;
  forced: boolean;
  rules: PasswordRules;
  errors: FieldError[];
}) {
  const { t } = props.page;
  const title = props.forced ? t("forcedChange.title") : t("changePassword.title");
  return (
    <Layout page={props.page} title={title}>
      <h1>{title}</h1>
      {props.forced && <p>{t("forcedChange.intro")}</p>}
      <ErrorSummary t={t} errors={props.errors} />
      <form
        method="post"
        action={props.forced ? "/password/update" : "/myaccount/password"}
        novalidate
      >
        <CsrfField page={props.page} />
        {!props.forced && (
          <Field
            name="currentPassword"
            label={t("changePassword.currentPassword")}
            type="password"
            autocomplete="current-password"
            errors={props.errors}
            autofocus
          />
        )}
        <NewPasswordFields
          t={t}
          rules={props.rules}
          errors={props.errors}
          autofocus={props.forced}
        />
        <p class="hint">{t("changePassword.otherSessions")}</p>
        <button type="submit" class="primary">
          {props.forced ? t("forcedChange.submit") : t("changePassword.submit")}
        </button>{" "}
        {!props.forced && (
          <a href="/myaccount" class="button">
            {t("changePassword.cancel")}
          </a>
        )}
      </form>
    </Layout>
  );
}
