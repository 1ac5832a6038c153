import {
  MAX_HELPDESK_TEXT,
  MAX_NAME,
  MAX_SIGN_IN_MESSAGE,
  MIN_ACCENT_CONTRAST,
  type BrandingProblem,
} from "../../../domain/branding.js";
import {
  brandingAssetHref,
  CsrfField,
  ErrorSummary,
  type FieldError,
  type PageContext,
} from "../../components.js";
import type { Translate } from "../../i18n.js";
import { AdminFrame } from "./frame.js";
import { FileField, formatCount, TextArea, TextField } from "./parts.js";

/** What the form shows: the saved values, or what the administrator sent. */
export interface BrandingFormValues {
  name: string;
  accentColour: string;
  signInMessage: string;
  helpdeskText: string;
  hasLogo: boolean;
}

/** A problem with the branding, in the reader's words, beside its field. */
export function brandingErrors(t: Translate, problems: readonly BrandingProblem[]): FieldError[] {
  return problems.map((p): FieldError => {
    switch (p.problem) {
      case "missing":
        return { field: p.field, message: t("branding.invalid.nameMissing") };
      case "tooLong":
        return { field: p.field, message: t("branding.invalid.tooLong", { max: p.max }) };
      case "notAColour":
        return { field: p.field, message: t("branding.invalid.notAColour") };
      case "lowContrast":
        return {
          field: p.field,
          message: t("branding.invalid.lowContrast", {
            ratio: p.ratio.toFixed(2),
            min: MIN_ACCENT_CONTRAST,
          }),
        };
      case "notAnImage":
        return { field: p.field, message: t("branding.invalid.notAnImage") };
      case "tooLarge":
        return {
          field: p.field,
          message: t("branding.invalid.tooLarge", { kb: Math.round(p.max / 1024) }),
        };
    }
  });
}

/** Admin center > Company branding (Global Administrators): how the portal and emails look. */
export function BrandingPage(props: {
  page: PageContext;
  values: BrandingFormValues;
  errors: FieldError[];
  notice?: string | undefined;
}) {
  const { t, language, look } = props.page;
  const { values, errors } = props;
  return (
    <AdminFrame
      page={props.page}
      title={t("branding.title")}
      section="branding"
      notice={props.notice}
    >
      <h1>{t("branding.title")}</h1>
      <p>{t("branding.intro")}</p>
      <ErrorSummary t={t} errors={errors} />
      <form method="post" action="/admin/branding" enctype="multipart/form-data" novalidate>
        <CsrfField page={props.page} />
        <TextField
          name="name"
          label={t("branding.name")}
          hint={t("branding.nameHint", { max: MAX_NAME })}
          value={values.name}
          errors={errors}
          autocomplete="organization"
          required
        />
        <TextField
          name="accentColour"
          label={t("branding.accentColour")}
          hint={t("branding.accentColourHint", { min: MIN_ACCENT_CONTRAST })}
          value={values.accentColour}
          errors={errors}
          autocomplete="off"
        />
        <TextArea
          name="signInMessage"
          label={t("branding.signInMessage")}
          hint={t("branding.textHint", { max: formatCount(language, MAX_SIGN_IN_MESSAGE) })}
          value={values.signInMessage}
          errors={errors}
          rows={4}
        />
        <TextArea
          name="helpdeskText"
          label={t("branding.helpdeskText")}
          hint={t("branding.helpdeskTextHint", { max: MAX_HELPDESK_TEXT })}
          value={values.helpdeskText}
          errors={errors}
        />
        <fieldset class="logo-field">
          <legend>{t("branding.logo")}</legend>
          {values.hasLogo && look && (
            <p>
              <img
                class="logo-preview"
                src={brandingAssetHref(look, "logo")}
                alt={t("branding.currentLogo")}
              />
            </p>
          )}
          <FileField
            name="logo"
            label={t(values.hasLogo ? "branding.replaceLogo" : "branding.uploadLogo")}
            hint={t("branding.logoHint")}
            accept="image/png,image/jpeg,image/webp"
            errors={errors}
          />
          {values.hasLogo && (
            <div class="check">
              <input type="checkbox" id="removeLogo" name="removeLogo" value="yes" />
              <label for="removeLogo">{t("branding.removeLogo")}</label>
            </div>
          )}
        </fieldset>
        <button type="submit" class="primary">
          {t("branding.save")}
        </button>
      </form>
    </AdminFrame>
  );
}
