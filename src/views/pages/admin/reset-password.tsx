import { CsrfField, ErrorSummary, type FieldError, type PageContext } from "../../components.js";
import { AdminFrame } from "./frame.js";
import type { Named, UserSummary } from "./models.js";
import { Check, PasswordModeChoices, TemporaryPassword, type PasswordMode } from "./parts.js";

export interface ResetFormValues {
  mode: PasswordMode;
  forceChange: boolean;
  sendEmail: boolean;
  recipients: string;
  compromised: boolean;
  blockSignIn: boolean;
}

/** A reset done: the temporary password to show this once (null when typed), and what followed. */
export interface ResetOutcome {
  user: Named;
  temporaryPassword: string | null;
  forceChangePasswordNextSignIn: boolean;
  sessionsEnded: number;
}

/** SPEC [S4] and [S5]: the reset dialog, as a page that works without JavaScript. */
export function ResetPasswordPage(props: {
  page: PageContext;
  user: UserSummary;
  values: ResetFormValues;
  errors: FieldError[];
  /** The organisation's reset policy may forbid emailing temporary passwords (SPEC [S9]). */
  allowEmailingPasswords?: boolean | undefined;
}) {
  const { t } = props.page;
  const { user, values, errors } = props;
  const fieldError = (name: string) =>
    errors
      .filter((error) => error.field === name)
      .map((error) => (
        <p class="error" id={`${name}-error`}>
          {error.message}
        </p>
      ));
  return (
    <AdminFrame page={props.page} title={t("admin.reset.title")} section="users">
      <h1>{t("admin.reset.title")}</h1>
      <p>{t("admin.reset.intro", { name: user.displayName, userId: user.userPrincipalName })}</p>
      <ErrorSummary t={t} errors={errors} />
      <form
        method="post"
        action={`/admin/users/${user.id}/reset-password`}
        novalidate
        class="reset-form"
      >
        <CsrfField page={props.page} />
        <fieldset>
          <legend>{t("admin.reset.choice")}</legend>
          <PasswordModeChoices t={t} mode={values.mode} />
          <div class="field" data-show-when="mode-type">
            <label for="password">{t("admin.reset.password")}</label>
            {fieldError("password")}
            <input
              id="password"
              name="password"
              type="password"
              autocomplete="new-password"
              aria-invalid={errors.some((e) => e.field === "password") ? "true" : undefined}
              aria-describedby={
                errors.some((e) => e.field === "password") ? "password-error" : undefined
              }
            />
          </div>
        </fieldset>
        <Check
          id="forceChange"
          name="forceChange"
          label={t("admin.reset.forceChange")}
          checked={values.forceChange}
        />
        {props.allowEmailingPasswords !== false && (
          <div data-hide-when="compromised">
            <Check
              id="sendEmail"
              name="sendEmail"
              label={t("admin.reset.sendEmail")}
              checked={values.sendEmail}
            />
            <div class="field" data-show-when="sendEmail">
              <label for="sendTo">{t("admin.reset.recipients")}</label>
              {fieldError("sendTo")}
              <textarea id="sendTo" name="sendTo" rows={3} autocomplete="off" spellcheck={false}>
                {values.recipients}
              </textarea>
            </div>
          </div>
        )}
        <Check
          id="compromised"
          name="compromised"
          label={t("admin.reset.compromised")}
          checked={values.compromised}
          hint={t("admin.reset.compromisedHint")}
        />
        <div data-show-when="compromised">
          <Check
            id="blockSignIn"
            name="blockSignIn"
            label={t("admin.reset.blockSignIn")}
            checked={values.blockSignIn}
          />
          {fieldError("blockSignIn")}
        </div>
        <p class="actions">
          <button type="submit" class="primary">
            {t("admin.reset.submit")}
          </button>{" "}
          <a class="button" href={`/admin/users/${user.id}`}>
            {t("admin.reset.cancel")}
          </a>
        </p>
      </form>
    </AdminFrame>
  );
}

export function ResetDonePage(props: {
  page: PageContext;
  result: ResetOutcome;
  emailedTo: readonly string[];
}) {
  const { t } = props.page;
  const { result } = props;
  const name = result.user.displayName;
  return (
    <AdminFrame page={props.page} title={t("admin.reset.doneTitle")} section="users">
      <h1>{t("admin.reset.doneTitle")}</h1>
      {result.temporaryPassword ? (
        <>
          <p>{t("admin.reset.doneGenerated", { name })}</p>
          <TemporaryPassword t={t} value={result.temporaryPassword} />
        </>
      ) : (
        <p>{t("admin.reset.doneTyped", { name })}</p>
      )}
      {result.forceChangePasswordNextSignIn && <p>{t("admin.reset.mustChange")}</p>}
      {props.emailedTo.length > 0 && (
        <p>{t("admin.reset.emailed", { recipients: props.emailedTo.join(", ") })}</p>
      )}
      {result.sessionsEnded > 0 && (
        <p>{t("admin.reset.sessionsEnded", { count: result.sessionsEnded })}</p>
      )}
      <p>
        <a href={`/admin/users/${result.user.id}`}>{t("admin.reset.backToUser", { name })}</a>
      </p>
    </AdminFrame>
  );
}
