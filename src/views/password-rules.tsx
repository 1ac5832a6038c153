import type { PasswordRules } from "../domain/password-policy.js";
import { Field, type FieldError } from "./components.js";
import type { Translate } from "./i18n.js";

/** The rules, stated before the user types (SPEC [S6] step 5, [S10]). */
export function PasswordRulesList(props: { t: Translate; rules: PasswordRules }) {
  const { t, rules } = props;
  return (
    <div class="rules" id="password-rules">
      <p>{t("rules.heading")}</p>
      <ul>
        <li>{t("rules.length", { minLength: rules.minLength, maxLength: rules.maxLength })}</li>
        <li>{t("rules.common")}</li>
        <li>{t("rules.names")}</li>
        {rules.requireThreeOfFourKinds && <li>{t("rules.kinds")}</li>}
      </ul>
    </div>
  );
}

/** The rules, then the new password and its confirmation: every page that sets a password. */
export function NewPasswordFields(props: {
  t: Translate;
  rules: PasswordRules;
  errors: FieldError[];
  autofocus: boolean;
}) {
  const { t } = props;
  return (
    <>
      <PasswordRulesList t={t} rules={props.rules} />
      <Field
        name="newPassword"
        label={t("changePassword.newPassword")}
        type="password"
        autocomplete="new-password"
        errors={props.errors}
        describedBy="password-rules"
        autofocus={props.autofocus}
      />
      <Field
        name="confirmPassword"
        label={t("changePassword.confirmPassword")}
        type="password"
        autocomplete="new-password"
        errors={props.errors}
      />
    </>
  );
}
