import { ROLES, type RoleKey } from "../../../domain/roles.js";
import {
  CsrfField,
  ErrorSummary,
  PostButton,
  type FieldError,
  type PageContext,
} from "../../components.js";
import { AdminFrame } from "./frame.js";
import { Check, ChoiceGroup, SecretValue, TextField, UtcTime } from "./parts.js";

/** An API key as its list shows it; the key itself is never shown again. */
export interface ApiKeySummary {
  id: string;
  name: string;
  roles: readonly RoleKey[];
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

/** A key just created, shown this once. */
export interface CreatedKey {
  apiKey: Pick<ApiKeySummary, "name" | "roles">;
  key: string;
}

/** API keys for programs ([B1]): never shown again after creation, revocable. */
export function ApiKeysPage(props: {
  page: PageContext;
  keys: readonly ApiKeySummary[];
  notice?: string | undefined;
}) {
  const { t, language } = props.page;
  const title = t("admin.apiKeys.title");
  const column = {
    name: t("admin.apiKeys.column.name"),
    roles: t("admin.apiKeys.column.roles"),
    created: t("admin.apiKeys.column.created"),
    lastUsed: t("admin.apiKeys.column.lastUsed"),
    status: t("admin.apiKeys.column.status"),
    actions: t("admin.users.column.actions"),
  };
  return (
    <AdminFrame page={props.page} title={title} section="apiKeys" notice={props.notice}>
      <h1>{title}</h1>
      <p>{t("admin.apiKeys.intro")}</p>
      <p>
        <a class="button" href="/admin/api-keys/new">
          {t("admin.apiKeys.create")}
        </a>
      </p>
      {props.keys.length === 0 ? (
        <p>{t("admin.apiKeys.none")}</p>
      ) : (
        <table class="records">
          <caption class="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{column.name}</th>
              <th scope="col">{column.roles}</th>
              <th scope="col">{column.created}</th>
              <th scope="col">{column.lastUsed}</th>
              <th scope="col">{column.status}</th>
              <th scope="col">{column.actions}</th>
            </tr>
          </thead>
          <tbody>
            {props.keys.map((key) => (
              <tr>
                <td data-label={column.name}>{key.name}</td>
                <td data-label={column.roles}>
                  {key.roles.map((role) => ROLES[role].displayName).join(", ")}
                </td>
                <td data-label={column.created}>
                  <UtcTime language={language} at={key.createdAt} />
                </td>
                <td data-label={column.lastUsed}>
                  {key.lastUsedAt === null ? (
                    t("admin.apiKeys.neverUsed")
                  ) : (
                    <UtcTime language={language} at={key.lastUsedAt} />
                  )}
                </td>
                <td data-label={column.status}>
                  {key.revokedAt === null ? (
                    t("admin.apiKeys.active")
                  ) : (
                    <>
                      {t("admin.apiKeys.revokedOn")}{" "}
                      <UtcTime language={language} at={key.revokedAt} />
                    </>
                  )}
                </td>
                <td data-label={column.actions}>
                  {key.revokedAt === null && (
                    <PostButton
                      page={props.page}
                      action={`/admin/api-keys/${key.id}/revoke`}
                      label={t("admin.apiKeys.revoke")}
                      accessibleName={t("admin.apiKeys.revokeNamed", { name: key.name })}
                      look="danger"
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </AdminFrame>
  );
}

export interface ApiKeyValues {
  name: string;
  roles: readonly RoleKey[];
}

export function NewApiKeyPage(props: {
  page: PageContext;
  values: ApiKeyValues;
  /** The roles the principal may give a key (the service decides). */
  assignable: readonly RoleKey[];
  errors: FieldError[];
}) {
  const { t } = props.page;
  const { values, errors } = props;
  const title = t("admin.apiKeys.create");
  return (
    <AdminFrame page={props.page} title={title} section="apiKeys">
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={errors} />
      <form method="post" action="/admin/api-keys/new" novalidate>
        <CsrfField page={props.page} />
        <TextField
          name="name"
          label={t("admin.apiKeys.name")}
          hint={t("admin.apiKeys.nameHint")}
          value={values.name}
          errors={errors}
          autocomplete="off"
          required
        />
        <ChoiceGroup
          name="roles"
          legend={t("admin.apiKeys.roles")}
          hint={t("admin.apiKeys.rolesHint")}
          errors={errors}
        >
          {props.assignable.map((role) => (
            <Check
              id={`role-${role}`}
              name="roles"
              value={ROLES[role].id}
              label={ROLES[role].displayName}
              checked={values.roles.includes(role)}
            />
          ))}
        </ChoiceGroup>
        <p class="actions">
          <button type="submit" class="primary">
            {t("admin.apiKeys.createSubmit")}
          </button>
          <a class="button" href="/admin/api-keys">
            {t("admin.reset.cancel")}
          </a>
        </p>
      </form>
    </AdminFrame>
  );
}

/** The key, this once. */
export function ApiKeyCreatedPage(props: { page: PageContext; created: CreatedKey }) {
  const { t } = props.page;
  const { apiKey, key } = props.created;
  const title = t("admin.apiKeys.createdTitle");
  return (
    <AdminFrame page={props.page} title={title} section="apiKeys">
      <h1>{title}</h1>
      <p>
        {t("admin.apiKeys.created", {
          name: apiKey.name,
          roles: apiKey.roles.map((role) => ROLES[role].displayName).join(", "),
        })}
      </p>
      <p>{t("admin.apiKeys.shownOnce")}</p>
      <SecretValue
        id="api-key"
        label={t("admin.apiKeys.key")}
        value={key}
        copy={t("admin.apiKeys.copy")}
        copied={t("admin.reset.copied")}
      />
      <p>{t("admin.apiKeys.howToUse")}</p>
      <p>
        <a href="/admin/api-keys">{t("admin.apiKeys.back")}</a>
      </p>
    </AdminFrame>
  );
}
