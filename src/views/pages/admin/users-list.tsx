import { USER_FILTERS, type UserFilter } from "../../../domain/user-filters.js";
import type { MessageKey } from "../../i18n.js";
import { CsrfField, type PageContext } from "../../components.js";
import { AdminFrame } from "./frame.js";
import { Breakable } from "./parts.js";
import type { UserActions, UserSummary } from "./models.js";

/** A user in the list, and whether the principal may reset their password (the key icon). */
export interface UserListRow {
  user: UserSummary & {
    accountEnabled: boolean;
    forceChangePassword: boolean;
    passwordManaged: "cloud" | "onPremises";
  };
  roles: readonly string[];
  locked: boolean;
  allowed: Pick<UserActions, "resetPassword">;
}

/** What a row's status badges say, most urgent first; an allowed, ordinary user has one. */
function badgesOf(row: UserListRow): { key: MessageKey; tone: "alert" | "plain" }[] {
  const { user } = row;
  return [
    ...(user.accountEnabled
      ? []
      : [{ key: "admin.status.blocked" as const, tone: "alert" as const }]),
    ...(row.locked ? [{ key: "admin.status.locked" as const, tone: "alert" as const }] : []),
    ...(user.forceChangePassword
      ? [{ key: "admin.status.mustChange" as const, tone: "plain" as const }]
      : []),
    ...(user.passwordManaged === "onPremises"
      ? [{ key: "admin.status.onPremises" as const, tone: "plain" as const }]
      : []),
    ...(row.roles.length > 0
      ? [{ key: "admin.status.admin" as const, tone: "plain" as const }]
      : []),
  ];
}

const FILTER_LABEL: Record<UserFilter, MessageKey> = {
  all: "admin.users.filter.all",
  enabled: "admin.users.filter.enabled",
  blocked: "admin.users.filter.blocked",
  admins: "admin.users.filter.admins",
  onPremises: "admin.users.filter.onPremises",
};

const KEY_ICON = (
  <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" focusable="false">
    <path
      fill="currentColor"
      d="M7 14a3 3 0 1 1 0-6 3 3 0 0 1 0 6zm5.65-4A6 6 0 1 0 12.65 14H16v3h3v-3h2v-4z"
    />
  </svg>
);

/** Users > All users (also Active users): search as you type, filters, keyset pages. */
export function UsersListPage(props: {
  page: PageContext;
  search: string;
  filter: UserFilter;
  rows: readonly UserListRow[];
  nextHref?: string | undefined;
  isFirstPage: boolean;
}) {
  const { t } = props.page;
  return (
    <AdminFrame page={props.page} title={t("admin.users.title")} section="users">
      <h1>{t("admin.users.title")}</h1>
      <form
        method="get"
        action="/admin/users"
        class="search"
        role="search"
        data-live-search="user-results"
      >
        <div class="field">
          <label for="search">{t("admin.users.search")}</label>
          <input
            id="search"
            name="search"
            type="search"
            value={props.search}
            autocomplete="off"
            spellcheck={false}
          />
        </div>
        <div class="field">
          <label for="filter">{t("admin.users.filter")}</label>
          <select id="filter" name="filter">
            {USER_FILTERS.map((filter) => (
              <option value={filter} selected={filter === props.filter}>
                {t(FILTER_LABEL[filter])}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t("admin.users.searchButton")}</button>
      </form>
      <div id="user-results" aria-live="polite">
        {props.rows.length === 0 ? (
          <p>{t("admin.users.none")}</p>
        ) : (
          <form method="post" action="/admin/users/bulk-reset">
            <CsrfField page={props.page} />
            <table class="users">
              <thead>
                <tr>
                  <th scope="col">
                    <span class="visually-hidden">{t("admin.users.column.select")}</span>
                    {/* Ticks every box on this page (with JavaScript; hidden without). */}
                    <input
                      type="checkbox"
                      data-select-all="users"
                      aria-label={t("admin.users.selectAll")}
                      hidden
                    />
                  </th>
                  <th scope="col">{t("admin.users.column.name")}</th>
                  <th scope="col">{t("admin.users.column.userId")}</th>
                  <th scope="col">{t("admin.users.column.status")}</th>
                  <th scope="col">{t("admin.users.column.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {props.rows.map((row) => {
                  const { user, allowed } = row;
                  const badges = badgesOf(row);
                  return (
                    <tr>
                      <td>
                        {allowed.resetPassword && (
                          <input
                            type="checkbox"
                            name="users"
                            value={user.id}
                            aria-label={t("admin.users.select", { name: user.displayName })}
                          />
                        )}
                      </td>
                      <td>
                        <a href={`/admin/users/${user.id}`}>{user.displayName}</a>
                      </td>
                      <td>
                        <Breakable text={user.userPrincipalName} />
                      </td>
                      <td>
                        {badges.length === 0 ? (
                          <span class="badge">{t("admin.status.enabled")}</span>
                        ) : (
                          badges.map((badge) => (
                            <span class={badge.tone === "alert" ? "badge alert" : "badge"}>
                              {t(badge.key)}
                            </span>
                          ))
                        )}
                      </td>
                      <td>
                        {allowed.resetPassword && (
                          <a
                            class="icon-button"
                            href={`/admin/users/${user.id}/reset-password`}
                            data-panel
                            aria-label={t("admin.users.resetFor", { name: user.displayName })}
                            title={t("admin.users.resetFor", { name: user.displayName })}
                          >
                            {KEY_ICON}
                          </a>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {props.rows.some((row) => row.allowed.resetPassword) && (
              <p>
                <button type="submit">{t("admin.users.bulkReset")}</button>
              </p>
            )}
          </form>
        )}
        <nav class="pager" aria-label={t("admin.users.title")}>
          {!props.isFirstPage && (
            <a
              href={`/admin/users?${new URLSearchParams({ search: props.search, filter: props.filter })}`}
            >
              {t("admin.users.first")}
            </a>
          )}
          {props.nextHref && <a href={props.nextHref}>{t("admin.users.next")}</a>}
        </nav>
      </div>
    </AdminFrame>
  );
}
