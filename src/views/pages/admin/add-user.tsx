import { LANGUAGES } from "../../../domain/languages.js";
import type { CreatedUser } from "../../../services/directory.js";
import { CsrfField, ErrorSummary, type FieldError, type PageContext } from "../../components.js";
import type { Translate } from "../../i18n.js";
import { AdminFrame } from "./frame.js";
import { Check, SecretValue, SelectField, TextField, type Choice } from "./parts.js";

export interface AddUserValues {
  userId: string;
  displayName: string;
  givenName: string;
  surname: string;
  mail: string;
  preferredLanguage: string;
  mode: "generate" | "type";
  forceChange: boolean;
}

export const EMPTY_ADD_USER: AddUserValues = {
  userId: "",
  displayName: "",
  givenName: "",
  surname: "",
  mail: "",
  preferredLanguage: "",
  mode: "generate",
  forceChange: true,
};

/** The preferred-language choices: none (the browser decides) or a supported language. */
export function languageChoices(t: Translate): Choice[] {
  return [
    { value: "", label: t("admin.user.languageNone") },
    ...LANGUAGES.map((code) => ({ value: code, label: t(`language.${code}`), lang: code })),
  ];
}

/** Users > Add user (SPEC [S1]): the profile, and a generated or typed first password. */
export function AddUserPage(props: {
  page: PageContext;
  values: AddUserValues;
  errors: FieldError[];
}) {
  const { t } = props.page;
  const { values, errors } = props;
  return (
    <AdminFrame page={props.page} title={t("admin.addUser.title")} section="addUser">
      <h1>{t("admin.addUser.title")}</h1>
      <ErrorSummary t={t} errors={errors} />
      <form method="post" action="/admin/users/new" novalidate>
        <CsrfField page={props.page} />
        <TextField
          name="userId"
          label={t("admin.addUser.userId")}
          hint={t("admin.addUser.userIdHint")}
          value={values.userId}
          errors={errors}
          autocomplete="off"
          inputMode="email"
          required
        />
        <TextField
          name="displayName"
          label={t("admin.user.displayName")}
          value={values.displayName}
          errors={errors}
          autocomplete="off"
          required
        />
        <TextField
          name="givenName"
          label={t("admin.user.givenName")}
          value={values.givenName}
          errors={errors}
          autocomplete="off"
        />
        <TextField
          name="surname"
          label={t("admin.user.surname")}
          value={values.surname}
          errors={errors}
          autocomplete="off"
        />
        <TextField
          name="mail"
          label={t("myAccount.mail")}
          type="email"
          value={values.mail}
          errors={errors}
          autocomplete="off"
        />
        <SelectField
          name="preferredLanguage"
          label={t("admin.user.language")}
          value={values.preferredLanguage}
          choices={languageChoices(t)}
          errors={errors}
        />
        <fieldset>
          <legend>{t("admin.addUser.passwordChoice")}</legend>
          <Check
            type="radio"
            id="mode-generate"
            name="mode"
            value="generate"
            label={t("admin.reset.autoGenerate")}
            checked={values.mode === "generate"}
          />
          <Check
            type="radio"
            id="mode-type"
            name="mode"
            value="type"
            label={t("admin.reset.typePassword")}
            checked={values.mode === "type"}
          />
          <div data-show-when="mode-type">
            <TextField
              name="password"
              label={t("admin.reset.password")}
              type="password"
              value=""
              errors={errors}
              autocomplete="new-password"
            />
          </div>
        </fieldset>
        <Check
          id="forceChange"
          name="forceChange"
          label={t("admin.reset.forceChange")}
          checked={values.forceChange}
          hint={t("admin.addUser.forceChangeHint")}
        />
        <p class="actions">
          <button type="submit" class="primary">
            {t("admin.addUser.submit")}
          </button>
          <a class="button" href="/admin/users">
            {t("admin.reset.cancel")}
          </a>
        </p>
      </form>
    </AdminFrame>
  );
}

/** The user is added; a generated temporary password is shown this once. */
export function AddUserDonePage(props: { page: PageContext; created: CreatedUser }) {
  const { t } = props.page;
  const { user, temporaryPassword } = props.created;
  const name = user.displayName;
  return (
    <AdminFrame page={props.page} title={t("admin.addUser.doneTitle")} section="addUser">
      <h1>{t("admin.addUser.doneTitle")}</h1>
      <p>{t("admin.addUser.done", { name, userId: user.userPrincipalName })}</p>
      {temporaryPassword ? (
        <>
          <p>{t("admin.addUser.doneGenerated", { name })}</p>
          <SecretValue
            id="temporary-password"
            label={t("admin.reset.temporaryPassword")}
            value={temporaryPassword}
            copy={t("admin.reset.copy")}
            copied={t("admin.reset.copied")}
          />
        </>
      ) : (
        <p>{t("admin.addUser.doneTyped", { name })}</p>
      )}
      {user.forceChangePassword && <p>{t("admin.reset.mustChange")}</p>}
      <ul class="links">
        <li>
          <a href={`/admin/users/${user.id}`}>{t("admin.addUser.open", { name })}</a>
        </li>
        <li>
          <a href="/admin/users/new">{t("admin.addUser.another")}</a>
        </li>
      </ul>
    </AdminFrame>
  );
}
