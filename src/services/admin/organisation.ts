import { findOrganisation, listDomainsOf, type Organisation } from "../../store/organisations.js";
import type { ServiceDeps } from "../context.js";
import { notFound } from "../errors.js";
import type { Principal } from "./principal.js";
import { assertCanReadDirectory } from "./users-read.js";

/** The principal's own organisation and its domains (Graph's /organization and /domains). */
export function createOrganisationRead(deps: Pick<ServiceDeps, "store">) {
  const { store } = deps;
  return {
    async describe(
      principal: Principal,
    ): Promise<{ organisation: Organisation; domains: string[] }> {
      assertCanReadDirectory(principal);
      const organisation = await findOrganisation(store, principal.organisationId);
      if (!organisation) throw notFound("The organisation is gone.");
      return { organisation, domains: await listDomainsOf(store, organisation.id) };
    },
  };
}

export type OrganisationRead = ReturnType<typeof createOrganisationRead>;
