import { findOrganisation } from "../../store/organisations.js";
import type { User } from "../../store/users.js";
import type { ServiceDeps } from "../context.js";
import { reauthenticationRequired, SesameError } from "../errors.js";

/** Changing security info needs a sign-in within this long (SPEC [S8]). */
export const REAUTHENTICATION_WINDOW_MS = 10 * 60_000;

/** The signed-in user making a change, and when they signed in (ActiveSession fits). */
export interface SecurityInfoSession {
  user: User;
  createdAt: number;
}

/** What every change to one's security info checks first. */
export function createSessionChecks(deps: Pick<ServiceDeps, "store" | "now">) {
  return {
    assertRecentSignIn(session: SecurityInfoSession) {
      if (deps.now() - session.createdAt > REAUTHENTICATION_WINDOW_MS) {
        throw reauthenticationRequired();
      }
    },

    async organisationOf(user: User) {
      const organisation = await findOrganisation(deps.store, user.organisationId);
      if (!organisation) throw new SesameError("notFound", "The user no longer exists.");
      return organisation;
    },
  };
}
