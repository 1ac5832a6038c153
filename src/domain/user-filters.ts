/** The filters of Users > All users, in the order the page offers them. */
export const USER_FILTERS = ["all", "enabled", "blocked", "admins", "onPremises"] as const;
export type UserFilter = (typeof USER_FILTERS)[number];
