import type { ComponentChildren } from "preact";
import { CsrfField, ErrorSummary, type FieldError, type PageContext } from "../../components.js";
import { AdminFrame } from "./frame.js";
import type { Named, UserContactInfo, UserSummary } from "./models.js";
import { ProfileFields, type ProfileValues } from "./profile-fields.js";
import { TextArea, TextField } from "./parts.js";

export type { ProfileValues };

export interface ContactInfoValues {
  otherMails: string;
  mobilePhone: string;
  officePhone: string;
}

/** The stored profile an edit starts from. */
export interface StoredProfile {
  displayName: string;
  givenName: string | null;
  surname: string | null;
  mail: string | null;
  preferredLanguage: string | null;
}

export const profileValuesOf = (user: StoredProfile): ProfileValues => ({
  displayName: user.displayName,
  givenName: user.givenName ?? "",
  surname: user.surname ?? "",
  mail: user.mail ?? "",
  preferredLanguage: user.preferredLanguage ?? "",
});

export const contactInfoValuesOf = (user: UserContactInfo): ContactInfoValues => ({
  otherMails: user.otherMails.join("\n"),
  mobilePhone: user.mobilePhone ?? "",
  officePhone: user.officePhone ?? "",
});

function FormActions(props: { page: PageContext; userId: string }) {
  const { t } = props.page;
  return (
    <p class="actions">
      <button type="submit" class="primary">
        {t("admin.edit.save")}
      </button>
      <a class="button" href={`/admin/users/${props.userId}`}>
        {t("admin.reset.cancel")}
      </a>
    </p>
  );
}

/** What the edit pages share: the way back, the title, the intro and the form around the fields. */
export function UserEditForm(props: {
  page: PageContext;
  user: Named;
  title: string;
  intro: string;
  action: string;
  errors: FieldError[];
  children: ComponentChildren;
}) {
  const { t } = props.page;
  const { user } = props;
  return (
    <AdminFrame page={props.page} title={props.title} section="users">
      <p>
        <a href={`/admin/users/${user.id}`}>
          {t("admin.reset.backToUser", { name: user.displayName })}
        </a>
      </p>
      <h1>{props.title}</h1>
      <p>{props.intro}</p>
      <ErrorSummary t={t} errors={props.errors} />
      <form method="post" action={`/admin/users/${user.id}/${props.action}`} novalidate>
        <CsrfField page={props.page} />
        {props.children}
        <FormActions page={props.page} userId={user.id} />
      </form>
    </AdminFrame>
  );
}

/** A user's profile: names, email, preferred language (needs the right to manage the user). */
export function EditProfilePage(props: {
  page: PageContext;
  user: UserSummary;
  values: ProfileValues;
  errors: FieldError[];
}) {
  const { t } = props.page;
  const { user, values, errors } = props;
  return (
    <UserEditForm
      page={props.page}
      user={user}
      title={t("admin.edit.profileTitle", { name: user.displayName })}
      intro={t("admin.edit.userId", { userId: user.userPrincipalName })}
      action="edit"
      errors={errors}
    >
      <ProfileFields t={t} values={values} errors={errors} />
    </UserEditForm>
  );
}

/**
 * Phones and alternate emails: the addresses self-service reset sends codes to, so only
 * someone who may reset the user's password may change them (SPEC [S3]).
 */
export function EditContactInfoPage(props: {
  page: PageContext;
  user: Named;
  values: ContactInfoValues;
  errors: FieldError[];
}) {
  const { t } = props.page;
  const { user, values, errors } = props;
  return (
    <UserEditForm
      page={props.page}
      user={user}
      title={t("admin.edit.contactTitle", { name: user.displayName })}
      intro={t("admin.edit.contactIntro")}
      action="contact-info"
      errors={errors}
    >
      <TextArea
        name="otherMails"
        label={t("admin.user.otherMails")}
        hint={t("admin.edit.otherMailsHint")}
        value={values.otherMails}
        errors={errors}
        rows={3}
      />
      <TextField
        name="mobilePhone"
        label={t("admin.user.mobilePhone")}
        hint={t("admin.edit.phoneHint")}
        type="tel"
        value={values.mobilePhone}
        errors={errors}
        autocomplete="off"
      />
      <TextField
        name="officePhone"
        label={t("admin.user.officePhone")}
        hint={t("admin.edit.phoneHint")}
        type="tel"
        value={values.officePhone}
        errors={errors}
        autocomplete="off"
      />
    </UserEditForm>
  );
}

/** "Delete {name}?": deleting is a POST from this page, never a link. */
export function DeleteUserPage(props: {
  page: PageContext;
  user: UserSummary;
  restoreDays: number;
}) {
  const { t } = props.page;
  const { user } = props;
  const title = t("admin.delete.title", { name: user.displayName });
  return (
    <AdminFrame page={props.page} title={title} section="users">
      <h1>{title}</h1>
      <p>{t("admin.delete.what", { name: user.displayName, userId: user.userPrincipalName })}</p>
      <p>{t("admin.delete.restore", { days: props.restoreDays })}</p>
      <form method="post" action={`/admin/users/${user.id}/delete`}>
        <CsrfField page={props.page} />
        <p class="actions">
          <button type="submit" class="danger">
            {t("admin.action.delete")}
          </button>
          <a class="button" href={`/admin/users/${user.id}`}>
            {t("admin.reset.cancel")}
          </a>
        </p>
      </form>
    </AdminFrame>
  );
}
