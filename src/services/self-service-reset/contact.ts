import { REFUSALS } from "../../domain/self-service-reset.js";
import type { RequestOrigin } from "../context.js";
import type { PacedStep } from "../pacing.js";
import type { ResetRequests } from "../reset-requests.js";
import type { Flows } from "./flows.js";

/**
 * "Contact an administrator", offered at a refusal and beside verification: files a
 * password reset request and emails the helpdesk address or the administrators who may
 * reset the user; a helpdesk URL is returned to show instead.
 */
export function createContact(flows: Flows, resetRequests: ResetRequests) {
  const contactAdministrators: PacedStep<
    [token: unknown, origin: RequestOrigin],
    { helpdeskUrl: string | null }
  > = async (pacing, token, origin) => {
    const { flow, user, organisation, policy } = await flows.load(token);
    if (!policy.strictPrivacy) pacing.notNeeded();
    const { helpdesk } = policy;
    // A decoy's page looks the same, but there is nobody to ask about.
    if (user) {
      await resetRequests.file(organisation, user, origin, {
        helpdesk,
        referenceCode: flow.refusal ? REFUSALS[flow.refusal] : undefined,
      });
    }
    return { helpdeskUrl: helpdesk && "url" in helpdesk ? helpdesk.url : null };
  };
  return contactAdministrators;
}
