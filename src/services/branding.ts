import {
  NO_BRANDING,
  parseColour,
  validateBranding,
  type Branding,
  type BrandingInput,
  type BrandingLook,
  type BrandingProblem,
  type Logo,
} from "../domain/branding.js";
import { hasCapability } from "../domain/permissions.js";
import { findBranding, saveBranding } from "../store/branding.js";
import {
  findOrganisation,
  findSoleOrganisationId,
  renameOrganisation,
} from "../store/organisations.js";
import { actorOf, type Principal } from "./admin/principal.js";
import { audit } from "./audit.js";
import type { RequestOrigin, ServiceDeps } from "./context.js";
import { forbidden, SesameError } from "./errors.js";
import { keptFor } from "./kept.js";

/** An invalid change: `field` is the first field to fix, `problems` names every one. */
export class BrandingInvalid extends SesameError {
  constructor(readonly problems: readonly BrandingProblem[]) {
    super(
      "invalidInput",
      problems.map((p) => `${p.field}: ${p.problem}`).join(" "),
      problems[0]?.field,
    );
  }
}

export function isBrandingInvalid(error: unknown): error is BrandingInvalid {
  return error instanceof BrandingInvalid;
}

/**
 * How long a page's look is reused before it is read again: another instance's change shows
 * within this; this instance's at once.
 */
export const LOOK_SECONDS = 30;

/** Company branding: the admin center's page, and the look every page and email takes from it. */
export function createBranding(deps: Pick<ServiceDeps, "store" | "now">) {
  const { store, now } = deps;

  const readLook = async (organisationId: string): Promise<BrandingLook | undefined> => {
    const organisation = await findOrganisation(store, organisationId);
    if (!organisation) return undefined;
    const branding = await findBranding(store, organisationId);
    return {
      organisationId,
      name: organisation.name,
      // Checked again on the way out: only a colour ever reaches a stylesheet.
      accentColour: parseColour(branding?.accentColour ?? "") ?? null,
      signInMessage: branding?.signInMessage ?? null,
      helpdeskText: branding?.helpdeskText ?? null,
      hasLogo: Boolean(branding?.logo),
      version: branding?.updatedAt ?? 0,
    };
  };

  const looks = keptFor(LOOK_SECONDS, now, readLook);
  // Whether the instance has one organisation changes as rarely: one key for the instance.
  const soleOrganisation = keptFor(LOOK_SECONDS, now, () => findSoleOrganisationId(store));

  const mayManage = (principal: Principal) => {
    if (!hasCapability(principal.roles, "manageBranding")) {
      throw forbidden("Only a Global Administrator can change the company branding.");
    }
  };

  return {
    /**
     * The look of a page for this organisation; with none (nobody signed in), the instance's
     * only organisation's, since with several a page can't know whose it is yet.
     */
    async look(organisationId: string | undefined): Promise<BrandingLook | undefined> {
      const id = organisationId ?? (await soleOrganisation.get("instance"));
      return id === undefined ? undefined : looks.get(id);
    },

    /** The organisation's logo, for anyone (the sign-in page shows it). */
    async logo(organisationId: string): Promise<Logo | undefined> {
      return (await findBranding(store, organisationId))?.logo ?? undefined;
    },

    async get(principal: Principal): Promise<{ name: string; branding: Branding }> {
      mayManage(principal);
      const organisation = await findOrganisation(store, principal.organisationId);
      const branding = await findBranding(store, principal.organisationId);
      return { name: organisation?.name ?? "", branding: branding ?? NO_BRANDING };
    },

    /**
     * Saves the name and branding. With any problem nothing changes and BrandingInvalid names
     * each one. Audited with the old and new values (the logo as "set" or "none", not bytes).
     */
    async update(principal: Principal, input: BrandingInput, origin: RequestOrigin): Promise<void> {
      mayManage(principal);
      const organisationId = principal.organisationId;
      await store.transaction(async (tx) => {
        const organisation = await findOrganisation(tx, organisationId);
        const before = (await findBranding(tx, organisationId)) ?? NO_BRANDING;
        const result = validateBranding(before, input);
        if (!result.ok) throw new BrandingInvalid(result.problems);
        const at = now();
        const summary = (name: string | undefined, branding: Branding) => ({
          name,
          accentColour: branding.accentColour,
          signInMessage: branding.signInMessage,
          helpdeskText: branding.helpdeskText,
          logo: branding.logo ? `${branding.logo.type}, ${branding.logo.bytes.length} bytes` : null,
        });
        const [old, next] = [
          summary(organisation?.name, before),
          summary(result.name, result.branding),
        ];
        const changed = (Object.keys(old) as (keyof typeof old)[]).filter(
          (key) => old[key] !== next[key] || (key === "logo" && !input.logo.keep),
        );
        if (changed.length === 0) return;
        if (result.name !== organisation?.name)
          await renameOrganisation(tx, organisationId, result.name);
        await saveBranding(tx, organisationId, result.branding, at);
        await audit(tx, at, {
          organisationId,
          activity: "updateCompanyBranding",
          result: "success",
          actor: actorOf(principal),
          target: { id: organisationId, name: result.name },
          origin,
          details: {
            oldValue: Object.fromEntries(changed.map((key) => [key, old[key]])),
            newValue: Object.fromEntries(changed.map((key) => [key, next[key]])),
          },
        });
      });
      looks.forget(organisationId);
    },
  };
}

export type BrandingService = ReturnType<typeof createBranding>;
