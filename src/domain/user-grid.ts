/**
 * What Users > All users can show: its filters, the columns it sorts by and the columns a
 * person can choose (the grid of the admin center). Pure: parsing what a URL asks for.
 */

/** The filters, in the order the page offers them. */
export const USER_FILTERS = [
  "all",
  "enabled",
  "blocked",
  "locked",
  "mustChange",
  "admins",
  "onPremises",
] as const;
export type UserFilter = (typeof USER_FILTERS)[number];

/** The columns the list sorts by; the display name is the default and the only one a search sorts by. */
export const USER_SORT_COLUMNS = ["name", "userId", "lastSignIn", "passwordChanged"] as const;
export type UserSortColumn = (typeof USER_SORT_COLUMNS)[number];

export interface UserSort {
  by: UserSortColumn;
  descending: boolean;
}

export const DEFAULT_USER_SORT: UserSort = { by: "name", descending: false };

/** "userId" is ascending and "-userId" descending, as in the URL's `sort`; anything else: undefined. */
export function parseUserSort(text: string): UserSort | undefined {
  const descending = text.startsWith("-");
  const by = USER_SORT_COLUMNS.find((column) => column === (descending ? text.slice(1) : text));
  return by && { by, descending };
}

export function formatUserSort(sort: UserSort): string {
  return sort.descending ? `-${sort.by}` : sort.by;
}

export function isDefaultUserSort(sort: UserSort): boolean {
  return sort.by === DEFAULT_USER_SORT.by && sort.descending === DEFAULT_USER_SORT.descending;
}

/** The columns a person may show or hide (name and User ID always show). */
export const USER_OPTIONAL_COLUMNS = [
  "status",
  "lastSignIn",
  "passwordChanged",
  "roles",
  "methods",
] as const;
export type UserOptionalColumn = (typeof USER_OPTIONAL_COLUMNS)[number];

export const DEFAULT_USER_COLUMNS: readonly UserOptionalColumn[] = ["status", "lastSignIn"];

/**
 * The columns a URL's `columns` asks for, in the grid's order, unknown names ignored; none asked
 * for: the default ones. An empty choice is possible (`columns=` with nothing ticked is sent
 * as the hidden "none" the picker's form adds).
 */
export function parseUserColumns(values: readonly string[]): UserOptionalColumn[] {
  if (values.length === 0) return [...DEFAULT_USER_COLUMNS];
  return USER_OPTIONAL_COLUMNS.filter((column) => values.includes(column));
}
