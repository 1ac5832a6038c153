import { randomUUID } from "node:crypto";
import { readerLanguage } from "../domain/languages.js";
import type { Helpdesk } from "../domain/reset-policy.js";
import {
  contactTiersFor,
  hasCapability,
  MAX_ADMINISTRATORS_TOLD,
  mayResetPassword,
} from "../domain/permissions.js";
import { parseUserId } from "../domain/user-id.js";
import type { Queryable } from "../store/database.js";
import { findOrganisationByDomain, type Organisation } from "../store/organisations.js";
import {
  findOpenResetRequest,
  insertResetRequest,
  listOpenResetRequests,
  markResetRequestsHandled,
} from "../store/reset-requests.js";
import { findRoleHolders, findRoleTemplateIds } from "../store/roles.js";
import { findUserByKey, type User } from "../store/users.js";
import {
  actorOf,
  findTarget,
  rolesOfUsers,
  toRoleKeys,
  type Principal,
} from "./admin/principal.js";
import { audit } from "./audit.js";
import type { RequestOrigin, ServiceDeps } from "./context.js";
import { forbidden } from "./errors.js";
import type { Notifications } from "./notifications.js";
import { paced } from "./pacing.js";

/** A new request for the same user within this window adds nothing (no second email). */
const REPEAT_WINDOW_MS = 60 * 60_000;

/**
 * SPEC [S4]: a user asks the administrators for a new password. The answer never says
 * whether the User ID exists; the administrators who may reset that user get an email
 * with a link, and the request waits in the admin center until handled.
 */
export function createResetRequests(
  deps: Pick<ServiceDeps, "store" | "now" | "publicUrl">,
  notifications: Notifications,
) {
  const { store, now, publicUrl } = deps;

  async function notifyAdministrators(
    tx: Queryable,
    organisation: Organisation,
    user: User,
    at: number,
    ip: string | null,
    referenceCode: string | undefined,
  ) {
    const target = { id: user.id, roles: toRoleKeys(await findRoleTemplateIds(tx, user.id)) };
    for (const tier of contactTiersFor(target)) {
      const administrators = (
        await findRoleHolders(tx, organisation.id, tier, MAX_ADMINISTRATORS_TOLD + 1)
      ).filter((admin) => admin.id !== user.id);
      if (administrators.length === 0) continue;
      for (const admin of administrators.slice(0, MAX_ADMINISTRATORS_TOLD)) {
        await notifications.email(tx, {
          organisationId: organisation.id,
          to: [admin.mail ?? admin.userPrincipalName],
          language: readerLanguage(admin),
          notice: {
            event: "resetRequested",
            organisationName: organisation.name,
            administratorName: admin.displayName,
            userName: user.displayName,
            userId: user.userPrincipalName,
            at,
            ip,
            userPageUrl: new URL(`/admin/users/${user.id}`, publicUrl).href,
            referenceCode,
          },
        });
      }
      return administrators.length;
    }
    return 0;
  }

  /**
   * Files a request for `user` and tells whoever helps: the organisation's helpdesk address
   * when it has one, nobody when its helpdesk is a web page the user goes to, else the
   * administrators who may reset the user. A second request within the hour adds nothing,
   * so nobody gets flooded.
   */
  async function file(
    organisation: Organisation,
    user: User,
    origin: RequestOrigin,
    options: { helpdesk?: Helpdesk; referenceCode?: string | undefined } = {},
  ): Promise<void> {
    const helpdesk = options.helpdesk ?? null;
    await store.transaction(async (tx) => {
      const at = now();
      const open = await findOpenResetRequest(tx, user.id);
      if (open && at - open.createdAt < REPEAT_WINDOW_MS) return;
      await insertResetRequest(tx, {
        id: randomUUID(),
        organisationId: organisation.id,
        userId: user.id,
        createdAt: at,
        ip: origin.ip,
      });
      let notified = 0;
      if (helpdesk === null) {
        notified = await notifyAdministrators(
          tx,
          organisation,
          user,
          at,
          origin.ip,
          options.referenceCode,
        );
      } else if ("email" in helpdesk) {
        await notifyHelpdesk(tx, organisation, user, at, origin.ip, {
          to: helpdesk.email,
          referenceCode: options.referenceCode,
        });
      }
      await audit(tx, at, {
        organisationId: organisation.id,
        activity: "askForPasswordReset",
        result: "success",
        actor: { id: user.id, name: user.userPrincipalName },
        target: { id: user.id, name: user.userPrincipalName },
        origin,
        details: {
          administratorsNotified: notified,
          ...(helpdesk ? { helpdesk: "email" in helpdesk ? "email" : "url" } : {}),
          ...(options.referenceCode ? { referenceCode: options.referenceCode } : {}),
        },
      });
    });
  }

  async function notifyHelpdesk(
    tx: Queryable,
    organisation: Organisation,
    user: User,
    at: number,
    ip: string | null,
    helpdesk: { to: string; referenceCode: string | undefined },
  ) {
    await notifications.email(tx, {
      organisationId: organisation.id,
      to: [helpdesk.to],
      language: readerLanguage(user),
      notice: {
        event: "resetRequested",
        organisationName: organisation.name,
        userName: user.displayName,
        userId: user.userPrincipalName,
        at,
        ip,
        userPageUrl: new URL(`/admin/users/${user.id}`, publicUrl).href,
        referenceCode: helpdesk.referenceCode,
      },
    });
  }

  return {
    /**
     * Always resolves the same way and at the same pace, whether or not the User ID exists
     * (whatever the policy: asking never tells).
     */
    ask: paced(async (_pacing, input: { userId: string; origin: RequestOrigin }) => {
      const parsed = parseUserId(typeof input.userId === "string" ? input.userId : "");
      const organisation = parsed && (await findOrganisationByDomain(store, parsed.domain));
      const user =
        organisation && parsed && (await findUserByKey(store, organisation.id, parsed.key));
      if (!organisation || !user || user.deletedAt !== null) return;
      await file(organisation, user, input.origin);
    }),

    file,

    /** Open requests of users the principal may reset, newest first. */
    async listOpen(principal: Principal, options: { limit?: number } = {}) {
      if (!hasCapability(principal.roles, "resetPassword")) {
        throw forbidden("Your roles don't allow resetting passwords.");
      }
      const open = await listOpenResetRequests(store, principal.organisationId, {
        limit: options.limit ?? 100,
      });
      const roles = await rolesOfUsers(
        store,
        open.map((entry) => entry.user.id),
      );
      return open.filter(({ user }) =>
        mayResetPassword(principal, { id: user.id, roles: roles.get(user.id) ?? [] }),
      );
    },

    /** The administrator dealt with it another way (called the user, found it was not them). */
    async dismiss(principal: Principal, userId: string, origin: RequestOrigin): Promise<void> {
      const target = await findTarget(store, principal, userId);
      if (!mayResetPassword(principal, target))
        throw forbidden("Your roles don't allow resetting this user's password.");
      await store.transaction(async (tx) => {
        const at = now();
        const handled = await markResetRequestsHandled(tx, target.user.id, principal.id, at);
        await audit(tx, at, {
          organisationId: principal.organisationId,
          activity: "dismissPasswordResetRequest",
          result: "success",
          actor: actorOf(principal),
          target: { id: target.user.id, name: target.user.userPrincipalName },
          origin,
          details: { requests: handled },
        });
      });
    },
  };
}

export type ResetRequests = ReturnType<typeof createResetRequests>;
