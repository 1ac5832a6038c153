import { ROLES, type RoleKey } from "../../../domain/roles.js";
import type { SecurityMethodKind } from "../../../domain/methods.js";
import {
  DEFAULT_USER_COLUMNS,
  formatUserSort,
  isDefaultUserSort,
  USER_FILTERS,
  USER_OPTIONAL_COLUMNS,
  type UserFilter,
  type UserOptionalColumn,
  type UserSort,
  type UserSortColumn,
} from "../../../domain/user-grid.js";
import type { Language } from "../../../domain/languages.js";
import type { MessageKey } from "../../i18n.js";
import { CsrfField, type PageContext } from "../../components.js";
import { AdminFrame } from "./frame.js";
import { Breakable, formatAgo, formatCount, formatUtc } from "./parts.js";
import type { UserActions, UserSummary } from "./models.js";

/** A user in the list, and whether the principal may reset their password (the key icon). */
export interface UserListRow {
  user: UserSummary & {
    accountEnabled: boolean;
    forceChangePassword: boolean;
    passwordManaged: "cloud" | "onPremises";
    lastSignInAt: number | null;
    passwordChangedAt: number | null;
  };
  roles: readonly RoleKey[];
  locked: boolean;
  methods: readonly SecurityMethodKind[];
  allowed: Pick<UserActions, "resetPassword">;
}

/** What the list shows: the URL's state, kept by every link and form of the page. */
export interface UsersListState {
  search: string;
  filter: UserFilter;
  sort: UserSort;
  columns: readonly UserOptionalColumn[];
}

/** How a URL asks for these columns: nothing for the default ones, "none" for none. */
function columnsInUrl(columns: readonly UserOptionalColumn[]): readonly string[] {
  const isDefault =
    columns.length === DEFAULT_USER_COLUMNS.length &&
    DEFAULT_USER_COLUMNS.every((column) => columns.includes(column));
  if (isDefault) return [];
  return columns.length === 0 ? ["none"] : columns;
}

/** The list's address for this state (and a page's cursor). */
export function usersListHref(state: UsersListState, after?: string): string {
  const query = new URLSearchParams();
  if (state.search) query.set("search", state.search);
  if (state.filter !== "all") query.set("filter", state.filter);
  if (!isDefaultUserSort(state.sort)) query.set("sort", formatUserSort(state.sort));
  for (const column of columnsInUrl(state.columns)) query.append("columns", column);
  if (after) query.set("after", after);
  return query.size === 0 ? "/admin/users" : `/admin/users?${query}`;
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
  locked: "admin.users.filter.locked",
  mustChange: "admin.users.filter.mustChange",
  admins: "admin.users.filter.admins",
  onPremises: "admin.users.filter.onPremises",
};

const COLUMN_LABEL: Record<UserSortColumn | UserOptionalColumn, MessageKey> = {
  name: "admin.users.column.name",
  userId: "admin.users.column.userId",
  status: "admin.users.column.status",
  lastSignIn: "admin.users.column.lastSignIn",
  passwordChanged: "admin.users.column.passwordChanged",
  roles: "admin.users.column.roles",
  methods: "admin.users.column.methods",
};

/** The columns of moments, shown as "3 days ago" and sortable. */
const TIME_COLUMNS = ["lastSignIn", "passwordChanged"] as const;

const KEY_ICON = (
  <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" focusable="false">
    <path
      fill="currentColor"
      d="M7 14a3 3 0 1 1 0-6 3 3 0 0 1 0 6zm5.65-4A6 6 0 1 0 12.65 14H16v3h3v-3h2v-4z"
    />
  </svg>
);

/** A moment as "3 days ago", the exact time on hover and for assistive technology; or "Never". */
function When(props: { language: Language; at: number | null; now: number; never: string }) {
  if (props.at === null) return <span class="muted">{props.never}</span>;
  const exact = formatUtc(props.language, props.at);
  return (
    <time dateTime={new Date(props.at).toISOString()} title={exact}>
      {formatAgo(props.language, props.at, props.now)}
      <span class="visually-hidden"> ({exact})</span>
    </time>
  );
}

/** Users > All users (also Active users): a grid with search, filter chips, sorting, columns, keyset pages. */
export function UsersListPage(props: {
  page: PageContext;
  state: UsersListState;
  /** How many users each filter keeps. */
  counts: Readonly<Record<UserFilter, number>>;
  rows: readonly UserListRow[];
  nextHref?: string | undefined;
  isFirstPage: boolean;
  now: number;
}) {
  const { t, language } = props.page;
  const { state } = props;
  const shown = new Set(state.columns);
  const hrefWith = (change: Partial<UsersListState>) => usersListHref({ ...state, ...change });
  const keptFields = (except: keyof UsersListState) => (
    <>
      {except !== "search" && state.search && (
        <input type="hidden" name="search" value={state.search} />
      )}
      {except !== "filter" && state.filter !== "all" && (
        <input type="hidden" name="filter" value={state.filter} />
      )}
      {except !== "sort" && !isDefaultUserSort(state.sort) && (
        <input type="hidden" name="sort" value={formatUserSort(state.sort)} />
      )}
      {except !== "columns" &&
        columnsInUrl(state.columns).map((column) => (
          <input type="hidden" name="columns" value={column} />
        ))}
    </>
  );
  /** A column's header: a link that sorts by it (again: the other way), unless a search is on. */
  const SortableHeader = (header: { column: UserSortColumn }) => {
    const label = t(COLUMN_LABEL[header.column]);
    const current = state.sort.by === header.column;
    const ariaSort = current ? (state.sort.descending ? "descending" : "ascending") : undefined;
    if (state.search) return <th scope="col">{label}</th>;
    const next = { by: header.column, descending: current && !state.sort.descending };
    return (
      <th scope="col" aria-sort={ariaSort}>
        <a class="sort" href={hrefWith({ sort: next })}>
          {label}
          <span aria-hidden="true" class="sort-mark">
            {current ? (state.sort.descending ? " ▼" : " ▲") : ""}
          </span>
          <span class="visually-hidden">
            {" "}
            {t(next.descending ? "admin.users.sortDescending" : "admin.users.sortAscending")}
          </span>
        </a>
      </th>
    );
  };
  const never = t("admin.users.never");
  return (
    <AdminFrame page={props.page} title={t("admin.users.title")} section="users">
      <h1>{t("admin.users.title")}</h1>
      <nav class="chips" aria-label={t("admin.users.filter")}>
        <ul>
          {USER_FILTERS.map((filter) => (
            <li>
              <a
                class="chip"
                href={hrefWith({ filter })}
                aria-current={filter === state.filter ? "page" : undefined}
              >
                {t(FILTER_LABEL[filter])}{" "}
                <span class="chip-count">{formatCount(language, props.counts[filter])}</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
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
            value={state.search}
            autocomplete="off"
            spellcheck={false}
          />
        </div>
        {keptFields("search")}
        <button type="submit">{t("admin.users.searchButton")}</button>
      </form>
      <details class="column-picker">
        <summary>{t("admin.users.columns")}</summary>
        <form method="get" action="/admin/users">
          {keptFields("columns")}
          <input type="hidden" name="columns" value="none" />
          <fieldset>
            <legend>{t("admin.users.columnsLegend")}</legend>
            {USER_OPTIONAL_COLUMNS.map((column) => (
              <div class="check">
                <input
                  type="checkbox"
                  id={`column-${column}`}
                  name="columns"
                  value={column}
                  checked={shown.has(column)}
                />
                <label for={`column-${column}`}>{t(COLUMN_LABEL[column])}</label>
              </div>
            ))}
          </fieldset>
          <button type="submit">{t("admin.users.columnsApply")}</button>
        </form>
      </details>
      <div id="user-results" aria-live="polite">
        {(state.search || state.filter !== "all") && (
          <ul class="chips active-filters" aria-label={t("admin.users.activeFilters")}>
            {state.search && (
              <li>
                <a class="chip removable" href={hrefWith({ search: "" })}>
                  {t("admin.users.searchChip", { search: state.search })}
                  <span class="visually-hidden"> {t("admin.users.removeFilter")}</span>
                  <span aria-hidden="true"> ×</span>
                </a>
              </li>
            )}
            {state.filter !== "all" && (
              <li>
                <a class="chip removable" href={hrefWith({ filter: "all" })}>
                  {t(FILTER_LABEL[state.filter])}
                  <span class="visually-hidden"> {t("admin.users.removeFilter")}</span>
                  <span aria-hidden="true"> ×</span>
                </a>
              </li>
            )}
          </ul>
        )}
        {state.search && <p class="muted">{t("admin.users.searchSorted")}</p>}
        {props.rows.length === 0 ? (
          <p>{t("admin.users.none")}</p>
        ) : (
          <form method="post" action="/admin/users/bulk-reset">
            <CsrfField page={props.page} />
            {/* Focusable, so a keyboard can scroll it sideways when the columns don't fit. */}
            <div class="grid-scroll" role="region" aria-label={t("admin.users.title")} tabindex={0}>
              <table class="users" data-grid>
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
                    <SortableHeader column="name" />
                    <SortableHeader column="userId" />
                    {shown.has("status") && <th scope="col">{t(COLUMN_LABEL.status)}</th>}
                    {TIME_COLUMNS.filter((column) => shown.has(column)).map((column) => (
                      <SortableHeader column={column} />
                    ))}
                    {shown.has("roles") && <th scope="col">{t(COLUMN_LABEL.roles)}</th>}
                    {shown.has("methods") && <th scope="col">{t(COLUMN_LABEL.methods)}</th>}
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
                        {shown.has("status") && (
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
                        )}
                        {TIME_COLUMNS.filter((column) => shown.has(column)).map((column) => (
                          <td data-label={t(COLUMN_LABEL[column])}>
                            <When
                              language={language}
                              at={
                                column === "lastSignIn" ? user.lastSignInAt : user.passwordChangedAt
                              }
                              now={props.now}
                              never={never}
                            />
                          </td>
                        ))}
                        {shown.has("roles") && (
                          <td data-label={t(COLUMN_LABEL.roles)}>
                            {row.roles.length === 0 ? (
                              <span class="muted">{t("admin.users.noRoles")}</span>
                            ) : (
                              row.roles.map((role) => ROLES[role].displayName).join(", ")
                            )}
                          </td>
                        )}
                        {shown.has("methods") && (
                          <td data-label={t(COLUMN_LABEL.methods)}>
                            {row.methods.length === 0 ? (
                              <span class="muted">{t("admin.users.noMethods")}</span>
                            ) : (
                              row.methods.map((kind) => t(`securityInfo.kind.${kind}`)).join(", ")
                            )}
                          </td>
                        )}
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
            </div>
            {props.rows.some((row) => row.allowed.resetPassword) && (
              <p>
                <button type="submit">{t("admin.users.bulkReset")}</button>
              </p>
            )}
          </form>
        )}
        <nav class="pager" aria-label={t("admin.users.title")}>
          {!props.isFirstPage && <a href={hrefWith({})}>{t("admin.users.first")}</a>}
          {props.nextHref && <a href={props.nextHref}>{t("admin.users.next")}</a>}
        </nav>
      </div>
    </AdminFrame>
  );
}
