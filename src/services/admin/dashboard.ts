import { hasCapability } from "../../domain/permissions.js";
import type { UserFilter } from "../../domain/user-grid.js";
import {
  countActivitiesSince,
  countAdministrators,
  countLiveUsers,
  countLockedOut,
  countOpenResetRequests,
  countOutboxBacklog,
} from "../../store/dashboard.js";
import { countingKinds, methodsRequired } from "../../domain/self-service-reset.js";
import {
  countLiveMembers,
  countRegisteredAmong,
  countRegisteredInOrganisation,
  type UsersAmong,
} from "../../store/registration.js";
import { ACTIVITIES } from "../audit.js";
import { keptFor } from "../kept.js";
import { readResetPolicy } from "./reset-policy.js";
import type { ServiceDeps } from "../context.js";
import type { Principal } from "./principal.js";
import { assertCanReadDirectory } from "./users-read.js";

const DAY_MS = 86_400_000;
const RESETS = [ACTIVITIES.resetPasswordByAdmin.activity, ACTIVITIES.ssprReset.activity];

/** The admin center's home: the counts that matter, each only for whoever may act on it. */
export interface Overview {
  /** Counted at most USER_COUNT_SECONDS ago. */
  users: number;
  lockedOut: number;
  /** Counted at most USER_COUNT_SECONDS ago. */
  mustChangePassword: number;
  /**
   * In the reset policy's scope without the methods a reset needs (SPEC [S8]), counted at most
   * USER_COUNT_SECONDS ago; undefined while self-service reset is off. For those who may reset.
   */
  notRegistered?: number | undefined;
  /** Password resets since midnight UTC (by administrators and self-service); with readAudit. */
  resetsToday?: number;
  /** Requests for a new password waiting; for those who may reset passwords. */
  openRequests?: number;
  /** Messages waiting to be sent; for those who may manage users. */
  outboxBacklog?: number;
}

/**
 * How long an organisation's counts of many users are reused: counting a million users takes
 * about 130 ms on SQLite, 200,000 on-premises ones about 25 ms (bench/user-list.ts). The
 * lockouts and administrators are few and counted each time.
 */
export const USER_COUNT_SECONDS = 60;

/** The counts of many users that are reused for USER_COUNT_SECONDS. */
interface DirectoryCounts {
  all: number;
  blocked: number;
  mustChange: number;
  onPremises: number;
}

export function createDashboard(deps: Pick<ServiceDeps, "store" | "now">) {
  const { store, now } = deps;
  const directoryCounts = keptFor(
    USER_COUNT_SECONDS,
    now,
    async (organisationId): Promise<DirectoryCounts> => ({
      all: await countLiveUsers(store, organisationId),
      blocked: await countLiveUsers(store, organisationId, "blocked"),
      mustChange: await countLiveUsers(store, organisationId, "mustChange"),
      onPremises: await countLiveUsers(store, organisationId, "onPremises"),
    }),
  );
  // Who is in the reset policy's scope without enough methods registered to reset: reads
  // every proven method, so it is kept as long as the user counts (and follows a policy
  // change as late).
  const notRegistered = keptFor(USER_COUNT_SECONDS, now, async (organisationId) => {
    const policy = await readResetPolicy(store, organisationId);
    if (policy.enabledFor === "none") return undefined;
    /** The scope's registered users, counted by the rule for administrators or for the others. */
    const among = (set: UsersAmong, rule: { administrators: boolean }) =>
      countRegisteredAmong(
        store,
        organisationId,
        set,
        countingKinds(policy, rule.administrators),
        methodsRequired(policy, rule.administrators),
      );
    const asUsers = { administrators: false };
    const asAdministrators = { administrators: true };
    if (policy.enabledFor === "group") {
      const groupId = policy.groupId ?? "";
      const inScope = await countLiveMembers(store, organisationId, groupId);
      const users = await among({ groupId, administrators: false }, asUsers);
      const admins = await among({ groupId, administrators: true }, asAdministrators);
      return Math.max(0, inScope - users - admins);
    }
    // Everyone with methods at once from the index, less the few deleted users and
    // administrators, who are counted from their side (administrators by their own rule).
    const everyone = await countRegisteredInOrganisation(
      store,
      organisationId,
      countingKinds(policy, false),
      methodsRequired(policy, false),
    );
    const users =
      everyone -
      (await among({ deleted: true }, asUsers)) -
      (await among({ administrators: true }, asUsers));
    const admins = await among({ administrators: true }, asAdministrators);
    return Math.max(0, (await directoryCounts.get(organisationId)).all - users - admins);
  });

  return {
    async overview(principal: Principal): Promise<Overview> {
      assertCanReadDirectory(principal);
      const at = now();
      const organisationId = principal.organisationId;
      const may = (capability: Parameters<typeof hasCapability>[1]) =>
        hasCapability(principal.roles, capability);
      const counts = await directoryCounts.get(organisationId);
      return {
        users: counts.all,
        lockedOut: await countLockedOut(store, organisationId, at),
        mustChangePassword: counts.mustChange,
        ...(may("resetPassword") ? { notRegistered: await notRegistered.get(organisationId) } : {}),
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

    /**
     * How many users each filter of the users list keeps (its chips): the many counted at most
     * USER_COUNT_SECONDS ago, so "enabled" (everyone but the blocked) may be a minute behind.
     */
    async filterCounts(principal: Principal): Promise<Record<UserFilter, number>> {
      assertCanReadDirectory(principal);
      const at = now();
      const organisationId = principal.organisationId;
      const counts = await directoryCounts.get(organisationId);
      return {
        all: counts.all,
        enabled: Math.max(0, counts.all - counts.blocked),
        blocked: counts.blocked,
        locked: await countLockedOut(store, organisationId, at),
        mustChange: counts.mustChange,
        admins: await countAdministrators(store, organisationId),
        onPremises: counts.onPremises,
      };
    },
  };
}
