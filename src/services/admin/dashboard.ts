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

export function createDashboard(deps: Pick<ServiceDeps, "store" | "now">) {
  const { store, now } = deps;
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
        users: await countLiveUsers(store, organisationId),
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
