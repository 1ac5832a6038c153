import type { ComponentChildren, VNode } from "preact";
import type { Language } from "../../../domain/languages.js";
import { FieldErrors, type FieldError } from "../../components.js";
import type { Translate } from "../../i18n.js";

/**
 * Small building blocks of the admin center's forms and tables. Like `Field`, but a field
 * may be optional, and selects, text areas and check boxes follow the same pattern:
 * label, hint, error next to the field, aria-describedby tying them together.
 */

function describedBy(name: string, hint: string | undefined, errors: FieldError[]) {
  const ids = [
    hint ? `${name}-hint` : undefined,
    errors.some((error) => error.field === name) ? `${name}-error` : undefined,
  ].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

function HintAndError(props: { name: string; hint?: string | undefined; errors: FieldError[] }) {
  return (
    <>
      {props.hint && (
        <p class="hint" id={`${props.name}-hint`}>
          {props.hint}
        </p>
      )}
      <FieldErrors field={props.name} errors={props.errors} />
    </>
  );
}

const invalid = (name: string, errors: FieldError[]) =>
  errors.some((error) => error.field === name) ? "true" : undefined;
const fieldClass = (name: string, errors: FieldError[]) =>
  invalid(name, errors) ? "field invalid" : "field";

/** The attributes that tie a control to its label, hint and errors. */
interface ControlTie {
  id: string;
  name: string;
  "aria-invalid": "true" | undefined;
  "aria-describedby": string | undefined;
}

/** A form control with its label, hint and errors above it. */
function Labelled(props: {
  name: string;
  label: string;
  errors: FieldError[];
  hint?: string | undefined;
  control: (tie: ControlTie) => VNode;
}) {
  const { name, hint, errors } = props;
  return (
    <div class={fieldClass(name, errors)}>
      <label for={name}>{props.label}</label>
      <HintAndError name={name} hint={hint} errors={errors} />
      {props.control({
        id: name,
        name,
        "aria-invalid": invalid(name, errors),
        "aria-describedby": describedBy(name, hint, errors),
      })}
    </div>
  );
}

export function TextField(props: {
  name: string;
  label: string;
  value: string;
  errors: FieldError[];
  autocomplete: string;
  type?: "text" | "email" | "tel" | "password" | "date" | "search";
  hint?: string | undefined;
  required?: boolean;
  inputMode?: "email" | "tel" | "text";
}) {
  return (
    <Labelled
      {...props}
      control={(tie) => (
        <input
          {...tie}
          type={props.type ?? "text"}
          value={props.type === "password" ? undefined : props.value}
          autocomplete={props.autocomplete}
          inputMode={props.inputMode}
          required={props.required}
          spellcheck={false}
          autocapitalize="none"
        />
      )}
    />
  );
}

/** A file to upload (the form is multipart/form-data); `accept` lists the types taken. */
export function FileField(props: {
  name: string;
  label: string;
  accept: string;
  errors: FieldError[];
  hint?: string | undefined;
}) {
  return (
    <Labelled {...props} control={(tie) => <input {...tie} type="file" accept={props.accept} />} />
  );
}

export function TextArea(props: {
  name: string;
  label: string;
  value: string;
  errors: FieldError[];
  hint?: string | undefined;
  rows?: number;
}) {
  return (
    <Labelled
      {...props}
      control={(tie) => (
        <textarea {...tie} rows={props.rows ?? 3} autocomplete="off" spellcheck={false}>
          {props.value}
        </textarea>
      )}
    />
  );
}

export interface Choice {
  value: string;
  label: string;
  lang?: string | undefined;
}

export function SelectField(props: {
  name: string;
  label: string;
  value: string;
  choices: readonly Choice[];
  errors: FieldError[];
  hint?: string | undefined;
}) {
  return (
    <Labelled
      {...props}
      control={(tie) => (
        <select {...tie}>
          {props.choices.map((choice) => (
            <option value={choice.value} selected={choice.value === props.value} lang={choice.lang}>
              {choice.label}
            </option>
          ))}
        </select>
      )}
    />
  );
}

/** A check box (or radio button) with its label beside it. */
export function Check(props: {
  id: string;
  name: string;
  value?: string;
  label: string;
  checked: boolean;
  type?: "checkbox" | "radio";
  hint?: string | undefined;
}) {
  const hintId = props.hint ? `${props.id}-hint` : undefined;
  return (
    <div class="check">
      <input
        type={props.type ?? "checkbox"}
        id={props.id}
        name={props.name}
        value={props.value ?? "on"}
        checked={props.checked}
        aria-describedby={hintId}
      />
      <label for={props.id}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={hintId}>
          {props.hint}
        </p>
      )}
    </div>
  );
}

/** A group of check boxes or radio buttons, with the group's error beside its legend. */
export function ChoiceGroup(props: {
  name: string;
  legend: string;
  errors: FieldError[];
  hint?: string | undefined;
  children: ComponentChildren;
}) {
  const hasError = props.errors.some((error) => error.field === props.name);
  return (
    <fieldset
      id={props.name}
      class={hasError ? "invalid" : undefined}
      aria-describedby={describedBy(props.name, props.hint, props.errors)}
    >
      <legend>{props.legend}</legend>
      <HintAndError name={props.name} hint={props.hint} errors={props.errors} />
      {props.children}
    </fieldset>
  );
}

/** A secret shown once (a temporary password, an API key), with a copy button (admin.js). */
export function SecretValue(props: {
  id: string;
  label: string;
  value: string;
  copy: string;
  copied: string;
  /** Hidden behind dots until asked (with JavaScript; without it the value shows). */
  reveal?: { show: string; hide: string } | undefined;
}) {
  return (
    <div class="secret">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        class="secret-value"
        type="text"
        readonly
        value={props.value}
        autocomplete="off"
        spellcheck={false}
      />
      <button type="button" data-copy={props.id} data-copied={props.copied} hidden>
        {props.copy}
      </button>
      {props.reveal && (
        <button
          type="button"
          data-reveal={props.id}
          data-show={props.reveal.show}
          data-hide={props.reveal.hide}
          aria-pressed="false"
          hidden
        >
          {props.reveal.show}
        </button>
      )}
    </div>
  );
}

/** Whether Sesame generates the first or new password, or the administrator types it. */
export type PasswordMode = "generate" | "type";

/** The choice's two radio buttons; a typed password's field is `data-show-when="mode-type"`. */
export function PasswordModeChoices(props: { t: Translate; mode: PasswordMode }) {
  const { t } = props;
  return (
    <>
      <Check
        type="radio"
        id="mode-generate"
        name="mode"
        value="generate"
        label={t("admin.reset.autoGenerate")}
        checked={props.mode === "generate"}
      />
      <Check
        type="radio"
        id="mode-type"
        name="mode"
        value="type"
        label={t("admin.reset.typePassword")}
        checked={props.mode === "type"}
      />
    </>
  );
}

/** A temporary password, shown once to the administrator who reset or added the user. */
export function TemporaryPassword(props: { t: Translate; value: string }) {
  const { t } = props;
  return (
    <SecretValue
      id="temporary-password"
      label={t("admin.reset.temporaryPassword")}
      value={props.value}
      copy={t("admin.reset.copy")}
      copied={t("admin.reset.copied")}
      reveal={{ show: t("admin.reset.show"), hide: t("admin.reset.hide") }}
    />
  );
}

const LOCALES: Record<Language, string> = { en: "en-GB", nl: "nl-NL" };

/** A count, written the reader's way ("1,000,000", "1.000.000"). */
export function formatCount(language: Language, count: number): string {
  return new Intl.NumberFormat(LOCALES[language]).format(count);
}

/** A moment in UTC, written the reader's way ("22 Nov 2026, 09:00:00 UTC"). */
export function formatUtc(language: Language, at: number, withTime = true): string {
  const format = new Intl.DateTimeFormat(LOCALES[language], {
    dateStyle: "medium",
    ...(withTime ? { timeStyle: "medium" } : {}),
    timeZone: "UTC",
  });
  return withTime ? `${format.format(at)} UTC` : format.format(at);
}

export function UtcTime(props: { language: Language; at: number; withTime?: boolean }) {
  return (
    <time dateTime={new Date(props.at).toISOString()}>
      {formatUtc(props.language, props.at, props.withTime ?? true)}
    </time>
  );
}

const RELATIVE_UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 86_400_000],
  ["month", 30 * 86_400_000],
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
  ["second", 1_000],
];

/** How long ago `at` was, seen from `now`, the reader's way: "3 minutes ago", "gisteren". */
export function formatAgo(language: Language, at: number, now: number): string {
  const elapsed = at - now;
  const [unit, size] = RELATIVE_UNITS.find(([, ms]) => Math.abs(elapsed) >= ms) ?? [
    "second",
    1_000,
  ];
  return new Intl.RelativeTimeFormat(LOCALES[language], { numeric: "auto" }).format(
    Math.round(elapsed / size),
    unit,
  );
}

/**
 * A User ID or a name that may hold one, breaking only after a whole local part: at "@"
 * (and at dots of the domain), never inside a word.
 */
export function Breakable(props: { text: string | null }) {
  const text = props.text ?? "";
  const at = text.indexOf("@");
  if (at <= 0) return <span class="unbroken">{text}</span>;
  const domainParts = text.slice(at).split(".");
  return (
    <span class="unbroken">
      {text.slice(0, at)}
      {domainParts.flatMap((part, index) =>
        index === 0 ? [<wbr />, part] : [<wbr />, `.${part}`],
      )}
    </span>
  );
}

/** "First page" and "Next page" links under a keyset-paged table. */
export function Pager(props: {
  label: string;
  firstHref?: string | undefined;
  nextHref?: string | undefined;
  firstText: string;
  nextText: string;
}) {
  if (!props.firstHref && !props.nextHref) return null;
  return (
    <nav class="pager" aria-label={props.label}>
      {props.firstHref && <a href={props.firstHref}>{props.firstText}</a>}
      {props.nextHref && <a href={props.nextHref}>{props.nextText}</a>}
    </nav>
  );
}
