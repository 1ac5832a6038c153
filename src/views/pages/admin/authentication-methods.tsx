import {
  CONTACT_KINDS,
  isContactKind,
  valueFieldOf,
  type ContactKind,
  type SecurityMethodKind,
} from "../../../domain/methods.js";
import { PostButton, type FieldError, type PageContext } from "../../components.js";
import type { Named } from "./models.js";
import { TextField } from "./parts.js";
import { UserEditForm } from "./user-edit.js";

/** A registered method as an administrator sees it; never an answer or a secret. */
export interface RegisteredMethodSummary {
  kind: SecurityMethodKind;
  /** The address or number in full; null for security questions and authenticator apps. */
  value: string | null;
}

const methodsUrl = (userId: string, kind: ContactKind, action: "add" | "edit" | "delete") =>
  `/admin/users/${encodeURIComponent(userId)}/authentication-methods/${kind}/${action}`;

/**
 * A user's page, "Authentication methods" (for whoever may reset the password): addresses and
 * numbers in full, security questions and authenticator apps only as registered.
 */
export function AuthenticationMethodsSection(props: {
  page: PageContext;
  userId: string;
  methods: readonly RegisteredMethodSummary[];
}) {
  const { t } = props.page;
  const { userId, methods } = props;
  const missing = CONTACT_KINDS.filter((kind) => !methods.some((m) => m.kind === kind));
  return (
    <section aria-labelledby="auth-methods-heading">
      <h2 id="auth-methods-heading">{t("authMethods.title")}</h2>
      <p>{t("authMethods.intro")}</p>
      {methods.length === 0 ? (
        <p>{t("authMethods.none")}</p>
      ) : (
        <table class="records">
          <thead>
            <tr>
              <th scope="col">{t("authMethods.method")}</th>
              <th scope="col">{t("authMethods.detail")}</th>
              <th scope="col">{t("authMethods.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {methods.map((method) => {
              const name = t(`securityInfo.kind.${method.kind}`);
              const kind = method.kind;
              return (
                <tr>
                  <th scope="row">{name}</th>
                  <td>{method.value ?? t("authMethods.registered")}</td>
                  <td>
                    {isContactKind(kind) && (
                      <>
                        <a
                          href={methodsUrl(userId, kind, "edit")}
                          aria-label={t("authMethods.editLabel", { method: name })}
                        >
                          {t("authMethods.edit")}
                        </a>{" "}
                        <PostButton
                          page={props.page}
                          action={methodsUrl(userId, kind, "delete")}
                          label={t("authMethods.delete")}
                          accessibleName={t("authMethods.deleteLabel", { method: name })}
                          look="danger"
                        />
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {missing.length > 0 && (
        <ul class="actions" aria-label={t("authMethods.add")}>
          {missing.map((kind) => (
            <li>
              <a href={methodsUrl(userId, kind, "add")}>{t(`authMethods.add.${kind}`)}</a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Adding or changing one phone or the alternate email: one field, a CSRF form without script. */
export function AuthenticationMethodFormPage(props: {
  page: PageContext;
  user: Named;
  kind: ContactKind;
  mode: "add" | "edit";
  value: string;
  errors: FieldError[];
}) {
  const { t } = props.page;
  const { user, kind, errors } = props;
  const title = t(props.mode === "add" ? "authMethods.addTitle" : "authMethods.editTitle", {
    name: user.displayName,
  });
  const field = valueFieldOf(kind);
  return (
    <UserEditForm
      page={props.page}
      user={user}
      title={title}
      intro={t("authMethods.emailed")}
      action={`authentication-methods/${kind}/${props.mode}`}
      errors={errors}
    >
      <TextField
        name={field}
        label={`${t(`securityInfo.kind.${kind}`)}: ${t(`authMethods.field.${field}`)}`}
        hint={kind === "email" ? undefined : t("securityInfo.field.phoneHint")}
        type={kind === "email" ? "email" : "tel"}
        value={props.value}
        errors={errors}
        autocomplete="off"
        required
      />
    </UserEditForm>
  );
}
