import { hasCapability, mayManageUser, mayResetPassword } from "../../domain/permissions.js";
import { isLocked } from "../../domain/lockout.js";
import type { RoleKey } from "../../domain/roles.js";
import { findLockout, lockedAmong } from "../../store/lockouts.js";
import {
  decodeCursor,
  encodeCursor,
  listUsers,
  MAX_USER_LIST_LIMIT,
  type UserListQuery,
} from "../../store/user-list.js";
import { findUserByKey, type User } from "../../store/users.js";
import type { UserFilter } from "../../domain/user-filters.js";
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

const FILTERS: Record<UserFilter, UserListQuery["filter"]> = {
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
  allowed: AllowedActions;
}

/** Reading the directory as an administrator. */
export function createUsersRead(deps: Pick<ServiceDeps, "store" | "now">) {
  const { store, now } = deps;
  return {
    /**
     * A page of the organisation's users by display name, with what the principal may do
     * to each (for the key icon). `after` is the opaque token of the previous page's end.
     */
    async list(
      principal: Principal,
      query: { search?: string; filter?: UserFilter; after?: string; limit?: number },
    ): Promise<{ rows: UserRow[]; next?: string }> {
      assertCanReadDirectory(principal);
      const after = query.after ? decodeCursor(query.after) : undefined;
      if (query.after && !after)
        throw invalidInput(
          "after",
          "This page link is not valid; start again from the first page.",
        );
      const limit = query.limit ?? 50;
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_USER_LIST_LIMIT) {
        throw invalidInput("limit", `Ask for 1 to ${MAX_USER_LIST_LIMIT} users at a time.`);
      }
      const page = await listUsers(store, {
        organisationId: principal.organisationId,
        search: query.search?.trim().slice(0, 256) || undefined,
        filter: FILTERS[query.filter ?? "all"],
        after,
        limit,
      });
      const ids = page.users.map((user) => user.id);
      const roles = await rolesOfUsers(store, ids);
      const locked = await lockedAmong(store, ids, now());
      return {
        rows: page.users.map((user) => {
          const target = { id: user.id, user, roles: roles.get(user.id) ?? [] };
          return {
            user,
            roles: target.roles,
            locked: locked.has(user.id),
            allowed: allowedActions(principal, target),
          };
        }),
        ...(page.next ? { next: encodeCursor(page.next) } : {}),
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
