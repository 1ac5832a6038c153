import { isToken, tokenHash } from "../../domain/tokens.js";
import { verifiedKinds } from "../../domain/methods.js";
import { isAdministrator } from "../../domain/permissions.js";
import type { ResetPolicy } from "../../domain/reset-policy.js";
import {
  availableMethods,
  type FlowIntent,
  type FlowState,
} from "../../domain/self-service-reset.js";
import type { Queryable } from "../../store/database.js";
import { isGroupMember } from "../../store/groups.js";
import { findOrganisation } from "../../store/organisations.js";
import { findResetFlow, type ResetFlow } from "../../store/reset-flows.js";
import { findRoleTemplateIds } from "../../store/roles.js";
import { listSecurityMethods } from "../../store/security-info.js";
import { findUser, type User } from "../../store/users.js";
import { toRoleKeys } from "../admin/principal.js";
import { readResetPolicy } from "../admin/reset-policy.js";
import { audit } from "../audit.js";
import type { RequestOrigin, ServiceDeps } from "../context.js";
import { flowExpired, stepNotAllowed } from "../errors.js";

/** The flow must be at `state` with the intent given, or the step is refused. */
export function expectState(flow: ResetFlow, state: FlowState, intent?: FlowIntent) {
  if (flow.state !== state || (intent && flow.intent !== intent)) throw stepNotAllowed();
}

/** What every step of a flow shares: loading it, and what the user may prove with. */
export function createFlows(deps: Pick<ServiceDeps, "store" | "now">) {
  const { store, now } = deps;

  /**
   * The live flow behind a token, with its user (none for a strict-privacy decoy) and the
   * organisation's policy; anything else is "expired".
   */
  async function load(token: unknown) {
    if (!isToken(token)) throw flowExpired();
    const flow = await findResetFlow(store, tokenHash(token));
    if (!flow || now() >= flow.expiresAt || flow.organisationId === null) throw flowExpired();
    const organisation = await findOrganisation(store, flow.organisationId);
    if (!organisation) throw flowExpired();
    const policy = await readResetPolicy(store, organisation.id);
    if (flow.userId === null) return { flow, user: undefined, organisation, policy };
    const user = await findUser(store, flow.userId);
    if (!user || user.deletedAt !== null) throw flowExpired();
    return { flow, user, organisation, policy };
  }

  return {
    load,

    /** Steps past verification need a real user; a decoy never gets there. */
    async loadWithUser(token: unknown) {
      const loaded = await load(token);
      if (!loaded.user) throw stepNotAllowed();
      return { ...loaded, user: loaded.user };
    },

    /** The methods the user may prove with: registered, enabled, and fit for their roles. */
    async methodsOf(user: User, policy: ResetPolicy) {
      const [roles, methods] = await Promise.all([
        findRoleTemplateIds(store, user.id),
        listSecurityMethods(store, user.id),
      ]);
      return availableMethods(policy, {
        isAdministrator: isAdministrator(toRoleKeys(roles)),
        registered: verifiedKinds(methods),
      });
    },

    async inScope(policy: ResetPolicy, userId: string): Promise<boolean> {
      if (policy.enabledFor !== "group") return policy.enabledFor === "all";
      return policy.groupId !== null && (await isGroupMember(store, policy.groupId, userId));
    },

    /** One step of the flow in the audit log ("Self-service password reset flow activity progress"). */
    progress: (
      q: Queryable,
      user: User,
      origin: RequestOrigin,
      step: { result: "success" | "failure"; reason?: string; details: Record<string, unknown> },
    ) =>
      audit(q, now(), {
        organisationId: user.organisationId,
        activity: "ssprProgress",
        result: step.result,
        ...(step.reason ? { reason: step.reason } : {}),
        actor: { id: user.id, name: user.userPrincipalName },
        target: { id: user.id, name: user.userPrincipalName },
        origin,
        details: step.details,
      }),
  };
}

export type Flows = ReturnType<typeof createFlows>;
