import { mayManageUser, hasCapability } from "../../domain/permissions.js";
import { ROLES } from "../../domain/roles.js";
import { userIdKey } from "../../domain/user-id.js";
import { isUniqueViolation } from "../../store/database.js";
import { findLiveRoleHoldersForUpdate, findRoleTemplateIds } from "../../store/roles.js";
import {
  findUser,
  findUserByKey,
  listDeletedUsers,
  markUserDeleted,
  restoreDeletedUser,
  type DeletedUsersCursor,
  type User,
} from "../../store/users.js";
import { audit } from "../audit.js";
import type { RequestOrigin, ServiceDeps } from "../context.js";
import { conflict, forbidden, lastGlobalAdministrator, userNotFound } from "../errors.js";
import type { Sessions } from "../sessions.js";
import {
  actorOf,
  assertMayManageUsers,
  findTarget,
  rolesOfUsers,
  toRoleKeys,
  type Principal,
  type TargetUser,
} from "./principal.js";

/** A deleted user can be restored this long (SPEC [S1]); after that it is gone. */
export const RESTORE_DAYS = 30;
const RESTORE_MS = RESTORE_DAYS * 24 * 3_600_000;
const MAX_PAGE = 200;

export interface DeletedUserRow {
  user: User;
  /** Until this instant (exclusive) the user can be restored. */
  restorableUntil: number;
  allowed: { restore: boolean };
}

/**
 * Deleting a user is soft for 30 days (SPEC [S1]): sessions end at once, the User ID stays
 * theirs until restored or another user takes it, and the last Global Administrator stays.
 */
export function createDeletedUsers(deps: Pick<ServiceDeps, "store" | "now">, sessions: Sessions) {
  const { store, now } = deps;

  /** A deleted user of the principal's organisation that can still be restored, or notFound. */
  async function findRestorable(principal: Principal, userId: string): Promise<TargetUser> {
    const user = await findUser(store, userId);
    if (
      !user ||
      user.organisationId !== principal.organisationId ||
      user.deletedAt === null ||
      now() - user.deletedAt >= RESTORE_MS
    ) {
      throw userNotFound();
    }
    return { id: user.id, user, roles: toRoleKeys(await findRoleTemplateIds(store, user.id)) };
  }

  /** Users deleted in the last 30 days, most recently deleted first (keyset on deletedAt, id). */
  async function listDeleted(
    principal: Principal,
    options: { after?: DeletedUsersCursor | undefined; limit?: number | undefined } = {},
  ): Promise<{ users: User[]; next?: DeletedUsersCursor }> {
    if (!hasCapability(principal.roles, "readDirectory")) {
      throw forbidden("Your roles don't give access to the directory.");
    }
    const limit = Math.min(Math.max(Math.trunc(options.limit ?? 50), 1), MAX_PAGE);
    return listDeletedUsers(store, {
      organisationId: principal.organisationId,
      deletedSince: now() - RESTORE_MS + 1,
      after: options.after,
      limit,
    });
  }

  return {
    /** Soft-deletes a user (restorable for 30 days) and ends their sessions. Never oneself. */
    async deleteUser(principal: Principal, userId: string, origin: RequestOrigin): Promise<void> {
      assertMayManageUsers(principal);
      const target = await findTarget(store, principal, userId);
      if (target.id === principal.id) throw forbidden("You can't delete your own account.");
      if (!mayManageUser(principal, target)) {
        throw forbidden("Your roles don't allow deleting this user.");
      }
      await store.transaction(async (tx) => {
        if (target.roles.includes("globalAdministrator")) {
          const holders = await findLiveRoleHoldersForUpdate(
            tx,
            principal.organisationId,
            ROLES.globalAdministrator.id,
          );
          if (!holders.some((id) => id !== target.id)) throw lastGlobalAdministrator();
        }
        const at = now();
        if (!(await markUserDeleted(tx, principal.organisationId, target.id, at))) {
          throw userNotFound();
        }
        const sessionsEnded = await sessions.endAllOf(tx, target.id);
        await audit(tx, at, {
          organisationId: principal.organisationId,
          activity: "deleteUser",
          result: "success",
          actor: actorOf(principal),
          target: { id: target.id, name: target.user.userPrincipalName },
          origin,
          details: { sessionsEnded },
        });
      });
    },

    listDeleted,

    /**
     * Deleted users for the admin center: each with the last moment it can be restored and
     * whether the principal may restore it (decided here, not in the page).
     */
    async listDeletedRows(
      principal: Principal,
      options: { after?: DeletedUsersCursor | undefined; limit?: number | undefined } = {},
    ): Promise<{ rows: DeletedUserRow[]; next?: DeletedUsersCursor }> {
      const page = await listDeleted(principal, options);
      const roles = await rolesOfUsers(
        store,
        page.users.map((user) => user.id),
      );
      const mayRestore = hasCapability(principal.roles, "manageUsers");
      return {
        rows: page.users.map((user) => ({
          user,
          restorableUntil: (user.deletedAt ?? now()) + RESTORE_MS,
          allowed: {
            restore:
              mayRestore &&
              mayManageUser(principal, { id: user.id, roles: roles.get(user.id) ?? [] }),
          },
        })),
        ...(page.next ? { next: page.next } : {}),
      };
    },

    /** Restores a user deleted less than 30 days ago, unless a live user took its User ID. */
    async restoreUser(principal: Principal, userId: string, origin: RequestOrigin): Promise<User> {
      assertMayManageUsers(principal);
      const target = await findRestorable(principal, userId);
      if (!mayManageUser(principal, target)) {
        throw forbidden("Your roles don't allow restoring this user.");
      }
      const { user } = target;
      const key = userIdKey(user.userPrincipalName);
      const taken = () =>
        conflict(
          `Another user now has the User ID ${user.userPrincipalName}; change or delete that user first.`,
          "userId",
        );
      const at = now();
      await store.transaction(async (tx) => {
        if (await findUserByKey(tx, user.organisationId, key)) throw taken();
        try {
          if (!(await restoreDeletedUser(tx, user.organisationId, user.id, key, at))) {
            throw userNotFound();
          }
        } catch (error) {
          if (isUniqueViolation(error)) throw taken();
          throw error;
        }
        await audit(tx, at, {
          organisationId: principal.organisationId,
          activity: "restoreUser",
          result: "success",
          actor: actorOf(principal),
          target: { id: user.id, name: user.userPrincipalName },
          origin,
        });
      });
      return { ...user, deletedAt: null, updatedAt: at };
    },
  };
}
