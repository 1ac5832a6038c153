import { hasCapability } from "../../domain/permissions.js";
import {
  countActivitiesSince,
  countLiveUsers,
  countLockedOut,
  countMustChangePassword,
  countOpenResetRequests,
  countOutboxBacklog,
} from "../../store/dashboard.js";
import { ACTIVITIES } from "../audit.js";
import type { ServiceDeps } from "../context.js";
import { forbidden } from "../errors.js";
import type { Principal } from "./principal.js";

const DAY_MS = 86_400_000;
const RESETS = [ACTIVITIES.resetPasswordByAdmin.activity, ACTIVITIES.ssprReset.activity];

/** The admin center's home: the counts that matter, each only for whoever may act on it. */
export interface Overview {
  /** Counted at most USER_COUNT_SECONDS ago. */
  users: number;
  lockedOut: number;
  mustChangePassword: number;
  /** Password resets since midnight UTC (by administrators and self-service); with readAudit. */
  resetsToday?: number;
  /** Requests for a new password waiting; for those who may reset passwords. */
  openRequests?: number;
  /** Messages waiting to be sent; for those who may manage users. */
  outboxBacklog?: number;
}

/**
 * How long an organisation's user count is reused: counting a million users takes about
 * 130 ms on SQLite (bench/user-list.ts), the other counts read only the few rows they count.
 */
export const USER_COUNT_SECONDS = 60;
const KEPT_ORGANISATIONS = 1_000;

export function createDashboard(deps: Pick<ServiceDeps, "store" | "now">) {
  const { store, now } = deps;
  const userCounts = new Map<string, { count: number; at: number }>();
  const liveUsers = async (organisationId: string, at: number) => {
    const kept = userCounts.get(organisationId);
    if (kept && at - kept.at < USER_COUNT_SECONDS * 1000) return kept.count;
    const count = await countLiveUsers(store, organisationId);
    userCounts.delete(organisationId);
    userCounts.set(organisationId, { count, at });
    // The oldest first: a Map keeps insertion order.
    if (userCounts.size > KEPT_ORGANISATIONS) {
      userCounts.delete(userCounts.keys().next().value ?? "");
    }
    return count;
  };
  return {
    async overview(principal: Principal): Promise<Overview> {
      if (!hasCapability(principal.roles, "readDirectory")) {
        throw forbidden("Your roles don't give access to the directory.");
      }
      const at = now();
      const organisationId = principal.organisationId;
      const may = (capability: Parameters<typeof hasCapability>[1]) =>
        hasCapability(principal.roles, capability);
      return {
        users: await liveUsers(organisationId, at),
        lockedOut: await countLockedOut(store, organisationId, at),
        mustChangePassword: await countMustChangePassword(store, organisationId),
        ...(may("readAudit")
          ? {
              resetsToday: await countActivitiesSince(
                store,
                organisationId,
                RESETS,
                at - (at % DAY_MS),
              ),
            }
          : {}),
        ...(may("resetPassword")
          ? { openRequests: await countOpenResetRequests(store, organisationId) }
          : {}),
        ...(may("manageUsers")
          ? { outboxBacklog: await countOutboxBacklog(store, organisationId) }
          : {}),
      };
    },
  };
}
