import { CsrfField, ErrorSummary, type FieldError, type PageContext } from "../../components.js";
import { AdminFrame } from "./frame.js";
import type { UserSummary } from "./models.js";
import { ProfileFields, type ProfileValues } from "./profile-fields.js";
import {
  Check,
  PasswordModeChoices,
  TemporaryPassword,
  TextField,
  type PasswordMode,
} from "./parts.js";

export interface AddUserValues extends ProfileValues {
  userId: string;
  mode: PasswordMode;
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

/** A user just added, and the generated password to show this once (null when typed). */
export interface AddedUser {
  user: UserSummary & { forceChangePassword: boolean };
  temporaryPassword: string | null;
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
        <ProfileFields t={t} values={values} errors={errors} />
        <fieldset>
          <legend>{t("admin.addUser.passwordChoice")}</legend>
          <PasswordModeChoices t={t} mode={values.mode} />
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
export function AddUserDonePage(props: { page: PageContext; created: AddedUser }) {
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
          <TemporaryPassword t={t} value={temporaryPassword} />
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
