import type { SecurityMethodKind } from "../../domain/methods.js";
import type { RegistrationCheck } from "../../domain/registration.js";
import {
  CsrfField,
  ErrorSummary,
  Layout,
  PostButton,
  type FieldError,
  type PageContext,
} from "../components.js";

export const REGISTRATION_PATH = "/myaccount/security-info/register";

type Due = Extract<RegistrationCheck, { due: true }>;

/** Why the user is asked now, and the methods of theirs a reset accepts. */
export interface RegistrationPrompt {
  reason: Due["reason"];
  required: Due["required"];
  methods: readonly SecurityMethodKind[];
}

/**
 * Registration at sign-in (SPEC [S8]): why the user is asked, what they registered, and
 * the ways on: set up methods, confirm them ("Looks good"), or skip until the next sign-in.
 */
export function RegistrationPage(props: {
  page: PageContext;
  status: RegistrationPrompt;
  errors: FieldError[];
}) {
  const { t } = props.page;
  const { status } = props;
  const register = status.reason === "register";
  return (
    <Layout page={props.page} title={t("registration.title")}>
      <h1>{t("registration.title")}</h1>
      <ErrorSummary t={t} errors={props.errors} />
      <p>
        {register
          ? t(status.required === 2 ? "registration.registerTwo" : "registration.registerOne")
          : t("registration.reconfirm")}
      </p>
      <section aria-labelledby="registered-heading">
        <h2 id="registered-heading">{t("registration.registered")}</h2>
        {status.methods.length === 0 ? (
          <p>{t("registration.none")}</p>
        ) : (
          <ul>
            {status.methods.map((kind) => (
              <li>{t(`securityInfo.kind.${kind}`)}</li>
            ))}
          </ul>
        )}
      </section>
      <div class="actions">
        <a href="/myaccount/security-info" class="button">
          {register ? t("registration.setUp") : t("registration.update")}
        </a>
        {!register && (
          <PostButton
            page={props.page}
            action={`${REGISTRATION_PATH}/confirm`}
            label={t("registration.looksGood")}
            look="primary"
          />
        )}
      </div>
      <form method="post" action={`${REGISTRATION_PATH}/skip`}>
        <CsrfField page={props.page} />
        <p id="skip-hint">{t("registration.skipHint")}</p>
        <button type="submit" aria-describedby="skip-hint">
          {t("registration.skip")}
        </button>
      </form>
    </Layout>
  );
}
