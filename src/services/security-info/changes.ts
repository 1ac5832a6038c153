import { readerLanguage } from "../../domain/languages.js";
import { verifiedKinds, type SecurityMethodKind } from "../../domain/methods.js";
import type { Queryable } from "../../store/database.js";
import { recordSecurityInfoConfirmation } from "../../store/registration.js";
import { listSecurityMethods } from "../../store/security-info.js";
import type { User } from "../../store/users.js";
import { audit } from "../audit.js";
import type { RequestOrigin, ServiceDeps } from "../context.js";
import type { Notifications } from "../notifications.js";
import { everyAddressOf } from "../recipients.js";

export interface SecurityInfoChange {
  user: User;
  organisationName: string;
  change: "added" | "deleted";
  kind: SecurityMethodKind;
  /** How many kinds the user had registered before the change. */
  kindsBefore: number;
  /** Read before the transaction: the policy is read outside it (one SQLite connection). */
  methodsRequired: number;
  origin: RequestOrigin;
  /** Addresses to tell besides the user's current ones (a deleted alternate email). */
  extraRecipients: string[];
}

/**
 * What follows a user's change to their own security info, in its transaction: the audit
 * event, the confirmation (registering is confirming, SPEC [S8]), the "registered for
 * self-service reset" milestone, and the notice to every address of the user.
 */
export function createAfterChange(deps: Pick<ServiceDeps, "now">, notifications: Notifications) {
  return async (tx: Queryable, input: SecurityInfoChange): Promise<void> => {
    const { user } = input;
    const at = deps.now();
    const target = { id: user.id, name: user.userPrincipalName };
    await audit(tx, at, {
      organisationId: user.organisationId,
      activity: input.change === "added" ? "registerSecurityInfo" : "deleteSecurityInfo",
      result: "success",
      actor: target,
      target,
      origin: input.origin,
      details: { method: input.kind },
    });
    if (input.change === "added") await recordSecurityInfoConfirmation(tx, user.id, at);
    const methods = await listSecurityMethods(tx, user.id);
    const required = input.methodsRequired;
    if (input.kindsBefore < required && verifiedKinds(methods).size >= required) {
      await audit(tx, at, {
        organisationId: user.organisationId,
        activity: "registerForSspr",
        result: "success",
        actor: target,
        target,
        origin: input.origin,
        details: { methods: [...new Set(methods.map((m) => m.kind))] },
      });
    }
    await notifications.email(tx, {
      organisationId: user.organisationId,
      to: everyAddressOf(user, methods, input.extraRecipients),
      language: readerLanguage(user),
      notice: {
        event: "securityInfoChanged",
        organisationName: input.organisationName,
        displayName: user.displayName,
        at,
        change: input.change,
        kind: input.kind,
      },
    });
  };
}
