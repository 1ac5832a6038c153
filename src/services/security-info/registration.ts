import { provenBy, verifiedKinds, type SecurityMethodKind } from "../../domain/methods.js";
import { isAdministrator } from "../../domain/permissions.js";
import { registrationDue, type RegistrationCheck } from "../../domain/registration.js";
import { availableMethods } from "../../domain/self-service-reset.js";
import { isGroupMember } from "../../store/groups.js";
import {
  findSecurityInfoConfirmation,
  recordSecurityInfoConfirmation,
} from "../../store/registration.js";
import { findRoleTemplateIds } from "../../store/roles.js";
import { listSecurityMethods } from "../../store/security-info.js";
import type { User } from "../../store/users.js";
import { readResetPolicy } from "../admin/reset-policy.js";
import { toRoleKeys } from "../admin/principal.js";
import { audit } from "../audit.js";
import type { RequestOrigin, ServiceDeps } from "../context.js";
import { conflict } from "../errors.js";

/** Whether the user is asked to register now, and the methods of theirs a reset accepts. */
export type RegistrationStatus = RegistrationCheck & { methods: SecurityMethodKind[] };

/**
 * Registration at sign-in (SPEC [S8]): after signing in, a user the policy asks is shown
 * what they registered and may set up methods, skip (asked again at the next sign-in) or,
 * with enough methods, confirm they are still right.
 */
export function createRegistration(deps: Pick<ServiceDeps, "store" | "now">) {
  const { store, now } = deps;

  async function status(user: User): Promise<RegistrationStatus> {
    const policy = await readResetPolicy(store, user.organisationId);
    const [roles, methods, confirmedAt, inGroup] = await Promise.all([
      findRoleTemplateIds(store, user.id),
      listSecurityMethods(store, user.id),
      findSecurityInfoConfirmation(store, user.id),
      policy.enabledFor === "group" && policy.groupId !== null
        ? isGroupMember(store, policy.groupId, user.id)
        : false,
    ]);
    const subject = {
      isAdministrator: isAdministrator(toRoleKeys(roles)),
      inGroup,
      registered: verifiedKinds(methods),
      confirmedAt,
    };
    const accepted = availableMethods(policy, subject).map((method) => provenBy(method));
    return { ...registrationDue(policy, subject, now()), methods: [...new Set(accepted)] };
  }

  const target = (user: User) => ({ id: user.id, name: user.userPrincipalName });

  return {
    status,

    /** The user goes on without registering; they are asked again at their next sign-in. */
    async skip(user: User, origin: RequestOrigin): Promise<void> {
      const current = await status(user);
      if (!current.due) return;
      await audit(store, now(), {
        organisationId: user.organisationId,
        activity: "skipSecurityInfoRegistration",
        result: "success",
        actor: target(user),
        target: target(user),
        origin,
        details: { reason: current.reason, methods: current.methods },
      });
    },

    /** "Looks good": the user's methods are still right, so the reconfirmation period restarts. */
    async confirm(user: User, origin: RequestOrigin): Promise<void> {
      const current = await status(user);
      if (current.due && current.reason === "register") {
        throw conflict("Register more methods: confirming too few does not help.");
      }
      await store.transaction(async (tx) => {
        const at = now();
        await recordSecurityInfoConfirmation(tx, user.id, at);
        await audit(tx, at, {
          organisationId: user.organisationId,
          activity: "confirmSecurityInfo",
          result: "success",
          actor: target(user),
          target: target(user),
          origin,
          details: { methods: current.methods },
        });
      });
    },
  };
}

export type Registration = ReturnType<typeof createRegistration>;
