import { hasCapability, mayManageUser, mayResetPassword } from "../../domain/permissions.js";
import { isLocked } from "../../domain/lockout.js";
import type { RoleKey } from "../../domain/roles.js";
import type { SecurityMethodKind } from "../../domain/methods.js";
import { verifiedMethodKindsOf } from "../../store/security-info.js";
import { findLockout, lockedAmong } from "../../store/lockouts.js";
import {
  decodeCursor,
  encodeCursor,
  listUsers,
  MAX_USER_LIST_LIMIT,
  type UserListQuery,
} from "../../store/user-list.js";
import { findUserByKey, type User } from "../../store/users.js";
import {
  DEFAULT_USER_SORT,
  isDefaultUserSort,
  type UserFilter,
  type UserSort,
} from "../../domain/user-grid.js";
import { decodeGridCursor, encodeGridCursor, listUsersSorted } from "../../store/user-grid.js";
import { parseUserId } from "../../domain/user-id.js";
import type { ServiceDeps } from "../context.js";
import { forbidden, invalidInput, userNotFound } from "../errors.js";
import {
  findTarget,
  mayManageRoles,
  rolesOfUsers,
  type Principal,
  type TargetUser,
} from "./principal.js";

/** What the principal may do to one user: the pages offer only these (decided here, not in templates). */
export interface AllowedActions {
  resetPassword: boolean;
  unlock: boolean;
  revokeSessions: boolean;
  blockSignIn: boolean;
  /** Display name, given name, surname, email, preferred language. */
  editProfile: boolean;
  /** Phones and alternate emails: whoever may reset the password (SPEC [S3]). */
  editContactInfo: boolean;
  deleteUser: boolean;
  /** Assign and remove admin roles (not specific to the user, but offered on their page). */
  manageRoles: boolean;
}

export function allowedActions(principal: Principal, target: TargetUser): AllowedActions {
  const reset = mayResetPassword(principal, target) && target.user.passwordManaged === "cloud";
  const manage = mayManageUser(principal, target);
  return {
    resetPassword: reset,
    unlock: mayResetPassword(principal, target),
    revokeSessions: mayResetPassword(principal, target),
    blockSignIn: manage,
    editProfile: manage,
    editContactInfo: mayResetPassword(principal, target),
    deleteUser: manage,
    manageRoles: mayManageRoles(principal),
  };
}

export interface UserDetails {
  user: User;
  roles: RoleKey[];
  locked: boolean;
  allowed: AllowedActions;
}

export function assertCanReadDirectory(principal: Principal): void {
  if (!hasCapability(principal.roles, "readDirectory")) {
    throw forbidden("Your roles don't give access to the directory.");
  }
}

/** The filters store/user-list.ts serves in name order (and searches); the others go to the grid. */
const LIST_FILTERS: Partial<Record<UserFilter, UserListQuery["filter"]>> = {
  all: {},
  enabled: { enabled: true },
  blocked: { enabled: false },
  admins: { adminsOnly: true },
  onPremises: { onPremises: true },
};

export interface UserRow {
  user: User;
  roles: RoleKey[];
  /** Locked out by smart lockout right now. */
  locked: boolean;
  /** The kinds of security info the user registered and proved. */
  methods: SecurityMethodKind[];
  allowed: AllowedActions;
}

/** Reading the directory as an administrator. */
export function createUsersRead(deps: Pick<ServiceDeps, "store" | "now">) {
  const { store, now } = deps;
  const invalidPageLink = () =>
    invalidInput("after", "This page link is not valid; start again from the first page.");

  /**
   * The name-ordered list (store/user-list.ts, which searches the whole directory fast) for
   * its filters, the grid's sorted lists for the rest. A search is in name order only.
   */
  const pageOf = async (
    organisationId: string,
    query: {
      search?: string | undefined;
      filter?: UserFilter;
      sort?: UserSort;
      after?: string;
      limit: number;
    },
  ): Promise<{ users: User[]; next?: string }> => {
    const { search, limit } = query;
    const filter = query.filter ?? "all";
    const sort = query.sort ?? DEFAULT_USER_SORT;
    if (search && !isDefaultUserSort(sort)) {
      throw invalidInput(
        "sort",
        "Search results are sorted by name; clear the search to sort by another column.",
      );
    }
    const listFilter = LIST_FILTERS[filter];
    if (listFilter && isDefaultUserSort(sort)) {
      const after = query.after === undefined ? undefined : decodeCursor(query.after);
      if (query.after !== undefined && !after) throw invalidPageLink();
      const page = await listUsers(store, {
        organisationId,
        search,
        filter: listFilter,
        after,
        limit,
      });
      return { users: page.users, ...(page.next ? { next: encodeCursor(page.next) } : {}) };
    }
    const after = query.after === undefined ? undefined : decodeGridCursor(query.after, sort);
    if (query.after !== undefined && !after) throw invalidPageLink();
    const page = await listUsersSorted(store, {
      organisationId,
      sort,
      filter,
      now: now(),
      search,
      after,
      limit,
    });
    return {
      users: page.users,
      ...(page.next ? { next: encodeGridCursor(sort, page.next) } : {}),
    };
  };

  return {
    /**
     * A page of the organisation's users, by display name unless another sort is asked for,
     * with what the principal may do to each (for the key icon) and the methods each
     * registered. `after` is the opaque token of the previous page's end.
     */
    async list(
      principal: Principal,
      query: {
        search?: string;
        filter?: UserFilter;
        sort?: UserSort;
        after?: string;
        limit?: number;
      },
    ): Promise<{ rows: UserRow[]; next?: string }> {
      assertCanReadDirectory(principal);
      const limit = query.limit ?? 50;
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_USER_LIST_LIMIT) {
        throw invalidInput("limit", `Ask for 1 to ${MAX_USER_LIST_LIMIT} users at a time.`);
      }
      const search = query.search?.trim().slice(0, 256) || undefined;
      const page = await pageOf(principal.organisationId, { ...query, search, limit });
      const ids = page.users.map((user) => user.id);
      const roles = await rolesOfUsers(store, ids);
      const locked = await lockedAmong(store, ids, now());
      const methods = await verifiedMethodKindsOf(store, ids);
      return {
        rows: page.users.map((user) => {
          const target = { id: user.id, user, roles: roles.get(user.id) ?? [] };
          return {
            user,
            roles: target.roles,
            locked: locked.has(user.id),
            methods: methods.get(user.id) ?? [],
            allowed: allowedActions(principal, target),
          };
        }),
        ...(page.next ? { next: page.next } : {}),
      };
    },

    /** A live user of the principal's organisation by User ID (any case), or notFound. */
    async findByUserId(principal: Principal, userId: string): Promise<User> {
      assertCanReadDirectory(principal);
      const parsed = typeof userId === "string" ? parseUserId(userId) : undefined;
      const user = parsed && (await findUserByKey(store, principal.organisationId, parsed.key));
      if (!user || user.deletedAt !== null) throw userNotFound();
      return user;
    },

    async details(principal: Principal, userId: string): Promise<UserDetails> {
      assertCanReadDirectory(principal);
      const target = await findTarget(store, principal, userId);
      const lockout = await findLockout(store, target.user.id);
      return {
        user: target.user,
        roles: target.roles,
        locked: isLocked(lockout, now()),
        allowed: allowedActions(principal, target),
      };
    },
  };
}

export type UsersRead = ReturnType<typeof createUsersRead>;
