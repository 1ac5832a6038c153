import { RESET_METHODS } from "../../../domain/methods.js";
import { QUESTIONS_MAX, QUESTIONS_MIN, type ResetPolicy } from "../../../domain/reset-policy.js";
import { CsrfField, ErrorSummary, type FieldError, type PageContext } from "../../components.js";
import type { MessageKey } from "../../i18n.js";
import { AdminFrame } from "./frame.js";
import type { Named } from "./models.js";
import { Check, ChoiceGroup, SelectField, TextArea, TextField } from "./parts.js";

/** The Password reset pages (SPEC [S9]), one per section, as in Entra ID. */
export const POLICY_SECTIONS = [
  "properties",
  "methods",
  "registration",
  "notifications",
  "customization",
  "onPremises",
] as const;
export type PolicySection = (typeof POLICY_SECTIONS)[number];

export const policySectionHref = (section: PolicySection) =>
  `/admin/password-reset/${section === "onPremises" ? "on-premises" : section}`;

/** What the form shows: the policy's values as text, or what the administrator sent back. */
export type PolicyFormValues = Record<string, string>;

export function policyFormValues(policy: ResetPolicy): PolicyFormValues {
  const yesNo = (value: boolean) => (value ? "yes" : "no");
  return {
    enabledFor: policy.enabledFor,
    groupId: policy.groupId ?? "",
    allowEmailingPasswords: yesNo(policy.allowEmailingPasswords),
    strictPrivacy: yesNo(policy.strictPrivacy),
    methodsRequired: String(policy.methodsRequired),
    ...Object.fromEntries(
      RESET_METHODS.map((method) => [`methods.${method}`, policy.methods[method] ? "on" : ""]),
    ),
    securityQuestionsToRegister: String(policy.securityQuestionsToRegister),
    securityQuestionsToReset: String(policy.securityQuestionsToReset),
    customSecurityQuestions: policy.customSecurityQuestions.join("\n"),
    requireRegistration: yesNo(policy.requireRegistration),
    reconfirmDays: String(policy.reconfirmDays),
    notifyUsers: yesNo(policy.notifyUsers),
    notifyAdmins: yesNo(policy.notifyAdmins),
    helpdeskKind: policy.helpdesk === null ? "none" : "email" in policy.helpdesk ? "email" : "url",
    helpdeskValue:
      policy.helpdesk === null
        ? ""
        : "email" in policy.helpdesk
          ? policy.helpdesk.email
          : policy.helpdesk.url,
    allowUnlock: yesNo(policy.allowUnlock),
    writeback: yesNo(policy.writeback),
  };
}

function Radios(props: {
  name: string;
  legend: string;
  hint?: string | undefined;
  value: string;
  choices: readonly { value: string; label: string }[];
  errors: FieldError[];
}) {
  return (
    <ChoiceGroup name={props.name} legend={props.legend} hint={props.hint} errors={props.errors}>
      {props.choices.map((choice) => (
        <Check
          type="radio"
          id={`${props.name}-${choice.value}`}
          name={props.name}
          value={choice.value}
          label={choice.label}
          checked={props.value === choice.value}
        />
      ))}
    </ChoiceGroup>
  );
}

export function PasswordResetPolicyPage(props: {
  page: PageContext;
  section: PolicySection;
  values: PolicyFormValues;
  /** The groups the policy may be scoped to. */
  groups: readonly Named[];
  errors: FieldError[];
  notice?: string | undefined;
}) {
  const { t } = props.page;
  const { values, errors } = props;
  const value = (name: string) => values[name] ?? "";
  const sectionTitle = t(`resetPolicy.section.${props.section}` as MessageKey);
  const title = `${t("resetPolicy.title")}: ${sectionTitle}`;
  const yesNo = (name: string, legend: MessageKey, hint?: MessageKey) => (
    <Radios
      name={name}
      legend={t(legend)}
      hint={hint && t(hint)}
      value={value(name)}
      choices={[
        { value: "yes", label: t("resetPolicy.yes") },
        { value: "no", label: t("resetPolicy.no") },
      ]}
      errors={errors}
    />
  );
  const questionChoices = Array.from({ length: QUESTIONS_MAX - QUESTIONS_MIN + 1 }, (_, i) => {
    const n = String(QUESTIONS_MIN + i);
    return { value: n, label: n };
  });

  return (
    <AdminFrame page={props.page} title={title} section="passwordReset" notice={props.notice}>
      <h1>{t("resetPolicy.title")}</h1>
      <nav class="tabs" aria-label={t("resetPolicy.sections")}>
        <ul>
          {POLICY_SECTIONS.map((section) => (
            <li>
              <a
                href={policySectionHref(section)}
                aria-current={section === props.section ? "page" : undefined}
              >
                {t(`resetPolicy.section.${section}` as MessageKey)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <h2>{sectionTitle}</h2>
      <ErrorSummary t={t} errors={errors} />
      <form method="post" action={policySectionHref(props.section)} novalidate>
        <CsrfField page={props.page} />
        {props.section === "properties" && (
          <>
            <Radios
              name="enabledFor"
              legend={t("resetPolicy.enabledFor")}
              value={value("enabledFor")}
              choices={[
                { value: "none", label: t("resetPolicy.enabledFor.none") },
                { value: "group", label: t("resetPolicy.enabledFor.group") },
                { value: "all", label: t("resetPolicy.enabledFor.all") },
              ]}
              errors={errors}
            />
            <SelectField
              name="groupId"
              label={t("resetPolicy.groupId")}
              hint={t("resetPolicy.groupIdHint")}
              value={value("groupId")}
              choices={[
                { value: "", label: t("resetPolicy.noGroup") },
                ...props.groups.map((group) => ({ value: group.id, label: group.displayName })),
              ]}
              errors={errors}
            />
            {yesNo(
              "allowEmailingPasswords",
              "resetPolicy.allowEmailingPasswords",
              "resetPolicy.allowEmailingPasswordsHint",
            )}
            {yesNo("strictPrivacy", "resetPolicy.strictPrivacy", "resetPolicy.strictPrivacyHint")}
          </>
        )}
        {props.section === "methods" && (
          <>
            <Radios
              name="methodsRequired"
              legend={t("resetPolicy.methodsRequired")}
              hint={t("resetPolicy.methodsRequiredHint")}
              value={value("methodsRequired")}
              choices={[
                { value: "1", label: "1" },
                { value: "2", label: "2" },
              ]}
              errors={errors}
            />
            <ChoiceGroup name="methods" legend={t("resetPolicy.methods")} errors={errors}>
              {RESET_METHODS.map((method) => (
                <Check
                  id={`methods-${method}`}
                  name={`methods.${method}`}
                  label={t(`resetPolicy.method.${method}` as MessageKey)}
                  checked={value(`methods.${method}`) !== ""}
                />
              ))}
            </ChoiceGroup>
            <SelectField
              name="securityQuestionsToRegister"
              label={t("resetPolicy.securityQuestionsToRegister")}
              value={value("securityQuestionsToRegister")}
              choices={questionChoices}
              errors={errors}
            />
            <SelectField
              name="securityQuestionsToReset"
              label={t("resetPolicy.securityQuestionsToReset")}
              value={value("securityQuestionsToReset")}
              choices={questionChoices}
              errors={errors}
            />
            <TextArea
              name="customSecurityQuestions"
              label={t("resetPolicy.customSecurityQuestions")}
              hint={t("resetPolicy.customSecurityQuestionsHint")}
              value={value("customSecurityQuestions")}
              rows={6}
              errors={errors}
            />
          </>
        )}
        {props.section === "registration" && (
          <>
            {yesNo("requireRegistration", "resetPolicy.requireRegistration")}
            <TextField
              name="reconfirmDays"
              label={t("resetPolicy.reconfirmDays")}
              hint={t("resetPolicy.reconfirmDaysHint")}
              value={value("reconfirmDays")}
              autocomplete="off"
              errors={errors}
              required
            />
          </>
        )}
        {props.section === "notifications" && (
          <>
            {yesNo("notifyUsers", "resetPolicy.notifyUsers")}
            {yesNo("notifyAdmins", "resetPolicy.notifyAdmins")}
          </>
        )}
        {props.section === "customization" && (
          <>
            <Radios
              name="helpdeskKind"
              legend={t("resetPolicy.helpdesk")}
              hint={t("resetPolicy.helpdeskHint")}
              value={value("helpdeskKind")}
              choices={[
                { value: "none", label: t("resetPolicy.helpdesk.none") },
                { value: "email", label: t("resetPolicy.helpdesk.email") },
                { value: "url", label: t("resetPolicy.helpdesk.url") },
              ]}
              errors={errors}
            />
            <TextField
              name="helpdesk"
              label={t("resetPolicy.helpdeskValue")}
              value={value("helpdeskValue")}
              autocomplete="off"
              errors={errors}
            />
          </>
        )}
        {props.section === "onPremises" && (
          <>
            {yesNo("writeback", "resetPolicy.writeback", "resetPolicy.writebackHint")}
            {yesNo("allowUnlock", "resetPolicy.allowUnlock")}
          </>
        )}
        <p class="actions">
          <button type="submit" class="primary">
            {t("resetPolicy.save")}
          </button>
        </p>
      </form>
    </AdminFrame>
  );
}
