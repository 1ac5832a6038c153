import { hasCapability } from "../../domain/permissions.js";
import {
  parseStoredPolicy,
  policyChanges,
  validateResetPolicyPatch,
  type PolicyError,
  type ResetPolicy,
} from "../../domain/reset-policy.js";
import type { Queryable } from "../../store/database.js";
import { findGroup } from "../../store/groups.js";
import { findResetPolicy, upsertResetPolicy } from "../../store/reset-policies.js";
import { audit } from "../audit.js";
import type { RequestOrigin, ServiceDeps } from "../context.js";
import { forbidden, SesameError } from "../errors.js";
import { actorOf, type Principal } from "./principal.js";
import { assertCanReadDirectory } from "./users-read.js";

/** An invalid change: `field` is the first field to fix, `errors` names every one. */
export class ResetPolicyInvalid extends SesameError {
  constructor(readonly errors: readonly PolicyError[]) {
    super(
      "invalidInput",
      errors.map((error) => `${error.field}: ${error.message}`).join(" "),
      errors[0]?.field,
    );
  }
}

export function isResetPolicyInvalid(error: unknown): error is ResetPolicyInvalid {
  return error instanceof ResetPolicyInvalid;
}

/** The organisation's policy; the defaults while nobody has saved one. */
export async function readResetPolicy(q: Queryable, organisationId: string): Promise<ResetPolicy> {
  return parseStoredPolicy((await findResetPolicy(q, organisationId))?.policy);
}

export function mayManageResetPolicy(principal: Principal): boolean {
  return hasCapability(principal.roles, "managePasswordResetPolicy");
}

/** The self-service password reset policy of the principal's organisation (SPEC [S9]). */
export function createResetPolicy(deps: Pick<ServiceDeps, "store" | "now">) {
  const { store, now } = deps;

  return {
    async get(principal: Principal): Promise<ResetPolicy> {
      assertCanReadDirectory(principal);
      return readResetPolicy(store, principal.organisationId);
    },

    /**
     * Applies a partial change (the API's field names). With any invalid field nothing
     * changes and ResetPolicyInvalid names each one. Audited with old and new values.
     */
    async update(
      principal: Principal,
      patch: unknown,
      origin: RequestOrigin,
    ): Promise<ResetPolicy> {
      if (!mayManageResetPolicy(principal)) {
        throw forbidden("Only a Global Administrator can change the password reset policy.");
      }
      return store.transaction(async (tx) => {
        const stored = await findResetPolicy(tx, principal.organisationId, { forUpdate: true });
        const before = parseStoredPolicy(stored?.policy);
        const result = validateResetPolicyPatch(before, patch);
        if (!result.ok) throw new ResetPolicyInvalid(result.errors);
        const after = result.policy;
        if (
          after.groupId !== null &&
          after.groupId !== before.groupId &&
          !(await findGroup(tx, principal.organisationId, after.groupId))
        ) {
          throw new ResetPolicyInvalid([{ field: "groupId", message: "There is no such group." }]);
        }
        const changes = policyChanges(before, after);
        if (Object.keys(changes).length === 0) return after;
        const at = now();
        await upsertResetPolicy(tx, {
          organisationId: principal.organisationId,
          policy: JSON.stringify(after),
          updatedAt: at,
          updatedBy: principal.id,
        });
        await audit(tx, at, {
          organisationId: principal.organisationId,
          activity: "updatePasswordResetPolicy",
          result: "success",
          actor: actorOf(principal),
          target: { id: null, name: "Password reset policy" },
          origin,
          details: {
            oldValue: Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v.old])),
            newValue: Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v.new])),
          },
        });
        return after;
      });
    },
  };
}

export type ResetPolicyService = ReturnType<typeof createResetPolicy>;
