import { LANGUAGES } from "../../../domain/languages.js";
import type { FieldError } from "../../components.js";
import type { Translate } from "../../i18n.js";
import { SelectField, TextField, type Choice } from "./parts.js";

/** A user's profile as an administrator types it, for both Add user and Edit profile. */
export interface ProfileValues {
  displayName: string;
  givenName: string;
  surname: string;
  mail: string;
  preferredLanguage: string;
}

/** The preferred-language choices: none (the browser decides) or a supported language. */
function languageChoices(t: Translate): Choice[] {
  return [
    { value: "", label: t("admin.user.languageNone") },
    ...LANGUAGES.map((code) => ({ value: code, label: t(`language.${code}`), lang: code })),
  ];
}

/** Display name, first and last name, email and language: the same fields wherever a profile is typed. */
export function ProfileFields(props: {
  t: Translate;
  values: ProfileValues;
  errors: FieldError[];
}) {
  const { t, values, errors } = props;
  return (
    <>
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
    </>
  );
}
