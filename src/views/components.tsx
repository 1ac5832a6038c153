import type { BrandingLook } from "../domain/branding.js";
import type { ComponentChildren } from "preact";
import { LANGUAGES, type Language } from "../domain/languages.js";
import type { Capability } from "../domain/permissions.js";
import type { Translate } from "./i18n.js";

export interface FieldError {
  /** The input's name; absent for errors about the whole form. */
  field?: string;
  message: string;
}

/** Where a branded organisation's logo and theme are served (routes/branding.ts). */
export function brandingAssetHref(look: BrandingLook, asset: "logo" | "theme.css"): string {
  return `/branding/${look.organisationId}/${asset}?v=${look.version}`;
}

export interface PageContext {
  t: Translate;
  language: Language;
  csrfToken: string;
  /** The path of this page, for the language switcher to come back to. */
  path: string;
  /** What went wrong before this page, said above everything else on it. */
  alert?: string | undefined;
  /** The organisation's branding, when the page knows whose it is. */
  look?: BrandingLook | undefined;
  signedIn?:
    | {
        displayName: string;
        organisationName: string;
        isAdmin: boolean;
        /** What the user's admin roles allow, so navigation offers only usable sections. */
        capabilities: readonly Capability[];
      }
    | undefined;
}

export function Layout(props: {
  page: PageContext;
  title: string;
  children: ComponentChildren;
  notice?: string | undefined;
  /** Tables and side navigation (the admin center) get the full width. */
  wide?: boolean;
  script?: string;
}) {
  const { t, language, csrfToken, signedIn, path, look } = props.page;
  return (
    <html lang={language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${t("app.name")}`}</title>
        <link rel="stylesheet" href="/assets/sesame.css" />
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
        {look?.accentColour && (
          <link rel="stylesheet" href={brandingAssetHref(look, "theme.css")} />
        )}
        {props.script && <script src={props.script} defer />}
      </head>
      <body>
        <a class="skip" href="#main">
          {t("layout.skipToContent")}
        </a>
        <header class="top">
          <a class="brand" href="/">
            {look?.hasLogo ? (
              <img class="logo" src={brandingAssetHref(look, "logo")} alt={look.name} />
            ) : (
              t("app.name")
            )}
          </a>
          {signedIn && (
            <nav aria-label={t("layout.myAccount")}>
              <span class="org">{signedIn.organisationName}</span>
              {signedIn.isAdmin && <a href="/admin">{t("layout.adminCenter")}</a>}
              <a href="/myaccount">{t("layout.myAccount")}</a>
              <PostButton
                page={props.page}
                action="/signout"
                label={t("layout.signOut")}
                look="link"
              />
            </nav>
          )}
        </header>
        <main id="main" class={props.wide ? "wide" : undefined}>
          {props.page.alert && (
            <div class="error-summary" role="alert">
              <p>{props.page.alert}</p>
            </div>
          )}
          {props.notice && (
            <p class="notice" role="status">
              {props.notice}
            </p>
          )}
          {props.children}
        </main>
        <footer>
          {look?.helpdeskText && (
            <p class="helpdesk">
              <strong>{t("layout.helpdesk", { organisation: look.name })}</strong>{" "}
              {look.helpdeskText}
            </p>
          )}
          <form method="post" action="/language" class="inline">
            <input type="hidden" name="_csrf" value={csrfToken} />
            <input type="hidden" name="return" value={path} />
            <span id="language-label">{t("layout.language")}:</span>{" "}
            {LANGUAGES.map((code) => (
              <button
                type="submit"
                name="language"
                value={code}
                class="link"
                lang={code}
                aria-describedby="language-label"
                aria-current={code === language ? "true" : undefined}
              >
                {t(`language.${code}`)}
              </button>
            ))}
          </form>
        </footer>
      </body>
    </html>
  );
}

export function ErrorSummary(props: { t: Translate; errors: FieldError[] }) {
  if (props.errors.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
      <h2 id="error-summary-title">{props.t("layout.errorSummary")}</h2>
      <ul>
        {props.errors.map((error) => (
          <li>{error.field ? <a href={`#${error.field}`}>{error.message}</a> : error.message}</li>
        ))}
      </ul>
    </div>
  );
}

/** A field's errors in one paragraph, `<field>-error`, for its aria-describedby to name. */
export function FieldErrors(props: { field: string; errors: FieldError[] }) {
  const messages = props.errors.filter((error) => error.field === props.field);
  if (messages.length === 0) return null;
  return (
    <p class="error" id={`${props.field}-error`}>
      {messages.map((message) => message.message).join(" ")}
    </p>
  );
}

export function Field(props: {
  name: string;
  label: string;
  type?: "text" | "password" | "email";
  autocomplete: string;
  errors: FieldError[];
  hint?: string | undefined;
  value?: string | undefined;
  autofocus?: boolean;
  describedBy?: string | undefined;
  /** The keyboard a phone shows: digits only for a one-time code. */
  inputMode?: "numeric" | "email" | undefined;
}) {
  const messages = props.errors.filter((error) => error.field === props.name);
  const hintId = props.hint ? `${props.name}-hint` : undefined;
  const errorId = messages.length > 0 ? `${props.name}-error` : undefined;
  const describedBy = [hintId, errorId, props.describedBy].filter(Boolean).join(" ") || undefined;
  return (
    <div class={messages.length > 0 ? "field invalid" : "field"}>
      <label for={props.name}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={hintId}>
          {props.hint}
        </p>
      )}
      <FieldErrors field={props.name} errors={props.errors} />
      <input
        id={props.name}
        name={props.name}
        type={props.type ?? "text"}
        autocomplete={props.autocomplete}
        inputMode={props.inputMode}
        value={props.value}
        required
        autofocus={props.autofocus}
        spellcheck={false}
        autocapitalize="none"
        aria-invalid={messages.length > 0 ? "true" : undefined}
        aria-describedby={describedBy}
      />
    </div>
  );
}

/** The User ID as one signs in with it: on the sign-in page and to start a recovery. */
export function UserIdField(props: {
  t: Translate;
  value: string | undefined;
  errors: FieldError[];
  autofocus: boolean;
}) {
  const { t } = props;
  return (
    <Field
      name="userId"
      label={t("signIn.userId")}
      hint={t("signIn.userIdHint")}
      type="email"
      autocomplete="username"
      value={props.value}
      errors={props.errors}
      autofocus={props.autofocus}
    />
  );
}

/** A button that POSTs (with the CSRF token) to `action`: every state change is a form. */
export function PostButton(props: {
  page: PageContext;
  action: string;
  label: string;
  /** A fuller name for screen readers when the visible label repeats per row ("Remove"). */
  accessibleName?: string | undefined;
  hidden?: Record<string, string>;
  look?: "primary" | "danger" | "link";
}) {
  return (
    <form method="post" action={props.action} class="inline">
      <CsrfField page={props.page} />
      {Object.entries(props.hidden ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button type="submit" class={props.look} aria-label={props.accessibleName}>
        {props.label}
      </button>
    </form>
  );
}

export function CsrfField(props: { page: PageContext }) {
  return <input type="hidden" name="_csrf" value={props.page.csrfToken} />;
}
