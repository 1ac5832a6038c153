import type { ResetMethod } from "../../domain/methods.js";
import type { PasswordRules } from "../../domain/password-policy.js";
import type { Helpdesk } from "../../domain/reset-policy.js";
import type { FlowIntent, Refusal } from "../../domain/self-service-reset.js";
import {
  CsrfField,
  ErrorSummary,
  Field,
  FieldErrors,
  Layout,
  type FieldError,
  type PageContext,
} from "../components.js";
import type { Translate } from "../i18n.js";
import { NewPasswordFields } from "../password-rules.js";

const FLOW = "/recover/flow";

const TITLES = {
  refused: "recover.refusedTitle",
  verify: "recover.verifyTitle",
  proven: "recover.newPasswordTitle",
  done: "recover.resetDoneTitle",
} as const;

/** A method still open to the user, and where its code would go. */
export interface MethodChoice {
  method: ResetMethod;
  destination: string;
}

/** What the pages of a self-service flow show of it; nothing secret. */
export interface RecoverFlow {
  /** The states this page has a title for: a new state does not compile until it has one. */
  state: keyof typeof TITLES;
  intent: FlowIntent;
  userPrincipalName: string;
  refusal: { reason: Refusal; referenceCode: string } | null;
  helpdesk: Helpdesk;
  required: number;
  proven: number;
  choices: readonly MethodChoice[];
  pending: { method: ResetMethod; destination: string; questions: readonly string[] } | null;
  rules: PasswordRules;
}

/** With strict privacy, or without contact details (questions, the app), no destination shows. */
function methodLabel(t: Translate, choice: MethodChoice): string {
  return choice.destination
    ? t(`recover.method.${choice.method}`, { destination: choice.destination })
    : t(`recover.methodPlain.${choice.method}`);
}

/** The steps so far, read out as "Verification step 1 of 2". */
function StepHeading(props: { t: Translate; flow: RecoverFlow }) {
  const { t, flow } = props;
  return (
    <p class="hint">
      {t("recover.step", { step: Math.min(flow.proven + 1, flow.required), of: flow.required })}
    </p>
  );
}

/** The methods still open, one radio each; the chosen one gets a code or its questions. */
function MethodChoices(props: {
  page: PageContext;
  choices: readonly MethodChoice[];
  legend: string;
  submit: string;
  errors: FieldError[];
  current?: ResetMethod | undefined;
}) {
  const { t } = props.page;
  const messages = props.errors.filter((e) => e.field === "method");
  return (
    <form method="post" action={`${FLOW}/method`} novalidate>
      <CsrfField page={props.page} />
      <fieldset
        id="method"
        aria-invalid={messages.length > 0 ? "true" : undefined}
        aria-describedby={messages.length > 0 ? "method-error" : undefined}
      >
        <legend>{props.legend}</legend>
        <FieldErrors field="method" errors={props.errors} />
        {props.choices.map((choice, index) => (
          <div class="choice">
            <input
              type="radio"
              id={`method-${choice.method}`}
              name="method"
              value={choice.method}
              checked={props.current ? choice.method === props.current : index === 0}
            />
            <label for={`method-${choice.method}`}>{methodLabel(t, choice)}</label>
          </div>
        ))}
      </fieldset>
      <button type="submit" class={props.current ? undefined : "primary"}>
        {props.submit}
      </button>
    </form>
  );
}

/** The page's input, which the verify step takes whole. */
interface RecoverFlowProps {
  page: PageContext;
  flow: RecoverFlow;
  errors: FieldError[];
  questionText: (question: string) => string;
}

function VerifyStep(props: RecoverFlowProps) {
  const { t } = props.page;
  const { flow } = props;
  const pending = flow.pending;
  const others = flow.choices.filter((choice) => choice.method !== pending?.method);
  return (
    <>
      <StepHeading t={t} flow={flow} />
      <ErrorSummary t={t} errors={props.errors} />
      {!pending && (
        <MethodChoices
          page={props.page}
          choices={flow.choices}
          legend={t("recover.chooseMethod")}
          submit={t("recover.next")}
          errors={props.errors}
        />
      )}
      {pending && pending.method === "securityQuestions" && (
        <form method="post" action={`${FLOW}/verify`} novalidate>
          <CsrfField page={props.page} />
          <p>{t("recover.answerQuestions")}</p>
          {pending.questions.map((question, index) => (
            <Field
              name={`answer${index + 1}`}
              label={props.questionText(question)}
              type="password"
              autocomplete="off"
              errors={props.errors}
              autofocus={index === 0}
            />
          ))}
          <button type="submit" class="primary">
            {t("recover.next")}
          </button>
        </form>
      )}
      {pending && pending.method !== "securityQuestions" && (
        <form method="post" action={`${FLOW}/verify`} novalidate>
          <CsrfField page={props.page} />
          <p role="status">
            {pending.destination || pending.method === "authenticatorApp"
              ? t(`recover.sent.${pending.method}`, { destination: pending.destination })
              : t("recover.sentIfRegistered")}
          </p>
          <Field
            name="code"
            label={t("recover.code")}
            hint={t(
              pending.method === "authenticatorApp" ? "recover.codeHintApp" : "recover.codeHint",
            )}
            autocomplete="one-time-code"
            inputMode="numeric"
            errors={props.errors}
            autofocus
          />
          <button type="submit" class="primary">
            {t("recover.next")}
          </button>
        </form>
      )}
      {pending &&
        pending.method !== "securityQuestions" &&
        pending.method !== "authenticatorApp" && (
          <form method="post" action={`${FLOW}/method`} novalidate>
            <CsrfField page={props.page} />
            <input type="hidden" name="method" value={pending.method} />
            <button type="submit" class="link">
              {t("recover.sendAgain")}
            </button>
          </form>
        )}
      {pending && others.length > 0 && (
        <MethodChoices
          page={props.page}
          choices={others}
          legend={t("recover.tryAnother")}
          submit={t("recover.useThisMethod")}
          errors={[]}
          current={others[0]?.method}
        />
      )}
    </>
  );
}

function ContactAction(props: { page: PageContext; flow: RecoverFlow }) {
  const { t } = props.page;
  const helpdesk = props.flow.helpdesk;
  return (
    <form method="post" action={`${FLOW}/contact`} novalidate>
      <CsrfField page={props.page} />
      <button type="submit" class="primary">
        {helpdesk && "url" in helpdesk ? t("recover.contactHelpdesk") : t("recover.contact")}
      </button>
    </form>
  );
}

function RefusedStep(props: { page: PageContext; flow: RecoverFlow }) {
  const { t } = props.page;
  const refusal = props.flow.refusal;
  if (!refusal) return null;
  return (
    <>
      <p>{t(`recover.refused.${refusal.reason}`)}</p>
      <p>{t("recover.referenceCode", { code: refusal.referenceCode })}</p>
      <ContactAction page={props.page} flow={props.flow} />
    </>
  );
}

function ProvenStep(props: { page: PageContext; flow: RecoverFlow; errors: FieldError[] }) {
  const { t } = props.page;
  if (props.flow.intent === "unlock") {
    return (
      <form method="post" action={`${FLOW}/unlock`} novalidate>
        <CsrfField page={props.page} />
        <p>{t("recover.unlockIntro")}</p>
        <button type="submit" class="primary">
          {t("recover.unlock")}
        </button>
      </form>
    );
  }
  return (
    <form method="post" action={`${FLOW}/password`} novalidate>
      <CsrfField page={props.page} />
      <ErrorSummary t={t} errors={props.errors} />
      <NewPasswordFields t={t} rules={props.flow.rules} errors={props.errors} autofocus />
      <button type="submit" class="primary">
        {t("recover.finish")}
      </button>
    </form>
  );
}

function titleOf(flow: RecoverFlow): Parameters<Translate>[0] {
  if (flow.state === "proven" && flow.intent === "unlock") return "recover.unlockTitle";
  if (flow.state === "done" && flow.intent === "unlock") return "recover.unlockDoneTitle";
  if (flow.state === "refused" && flow.refusal?.reason === "blocked") return "recover.blockedTitle";
  return TITLES[flow.state];
}

/** Every page of a flow after page 1, chosen by the flow's state. */
export function RecoverFlowPage(props: RecoverFlowProps) {
  const { t } = props.page;
  const { flow } = props;
  const title = t(titleOf(flow));
  return (
    <Layout page={props.page} title={title}>
      <h1>{title}</h1>
      {flow.userPrincipalName && (
        <p class="hint">{t("recover.forUser", { userId: flow.userPrincipalName })}</p>
      )}
      {flow.state === "refused" && <RefusedStep page={props.page} flow={flow} />}
      {flow.state === "verify" && <VerifyStep {...props} />}
      {flow.state === "proven" && (
        <ProvenStep page={props.page} flow={flow} errors={props.errors} />
      )}
      {flow.state === "done" && (
        <>
          <p role="status">
            {t(flow.intent === "unlock" ? "recover.unlockDone" : "recover.resetDone")}
          </p>
          <p>
            <a href="/signin" class="button primary">
              {t("recover.signIn")}
            </a>
          </p>
        </>
      )}
      {flow.state === "verify" && (
        <p>
          <a href="/recover">{t("recover.startAgain")}</a>
        </p>
      )}
    </Layout>
  );
}
