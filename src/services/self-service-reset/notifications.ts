import { LANGUAGES, supportedLanguage } from "../../domain/languages.js";
import { MAX_ADMINISTRATORS_TOLD } from "../../domain/permissions.js";
import type { Queryable } from "../../store/database.js";
import type { Organisation } from "../../store/organisations.js";
import { findRoleHolders } from "../../store/roles.js";
import { listSecurityMethods } from "../../store/security-info.js";
import type { User } from "../../store/users.js";
import {
  renderAdministratorResetEmail,
  renderSelfServiceDoneEmail,
} from "../../views/emails/self-service-reset.js";
import { userEmailAddresses, type Outbox } from "../outbox.js";

const languageOf = (user: User) => supportedLanguage(user.preferredLanguage) ?? LANGUAGES[0];

/**
 * Tells the user at every address they have (primary, alternates, verified alternate email)
 * that their password was reset or their account unlocked, so a stranger's reset is noticed.
 */
export async function notifyUserOfReset(
  tx: Queryable,
  outbox: Outbox,
  input: { user: User; organisation: Organisation; at: number; kind: "reset" | "unlock" },
): Promise<void> {
  const { user } = input;
  const alternates = (await listSecurityMethods(tx, user.id))
    .filter((m) => m.kind === "email" && m.verifiedAt !== null && m.value !== null)
    .map((m) => m.value ?? "");
  const email = renderSelfServiceDoneEmail({
    language: languageOf(user),
    organisationName: input.organisation.name,
    displayName: user.displayName,
    userId: user.userPrincipalName,
    at: input.at,
    kind: input.kind,
  });
  const recipients = userEmailAddresses({
    mail: user.mail,
    otherMails: [...user.otherMails, ...alternates],
  });
  for (const to of recipients) {
    await outbox.enqueueEmail(tx, { organisationId: user.organisationId, to, ...email });
  }
}

/** SPEC [S6]: the Global Administrators hear when another administrator reset their own password. */
export async function notifyAdministratorsOfOwnReset(
  tx: Queryable,
  outbox: Outbox,
  input: { user: User; organisation: Organisation; at: number },
): Promise<void> {
  const { user } = input;
  const administrators = (
    await findRoleHolders(
      tx,
      user.organisationId,
      ["globalAdministrator"],
      MAX_ADMINISTRATORS_TOLD + 1,
    )
  )
    .filter((admin) => admin.id !== user.id)
    .slice(0, MAX_ADMINISTRATORS_TOLD);
  for (const admin of administrators) {
    const email = renderAdministratorResetEmail({
      language: languageOf(admin),
      organisationName: input.organisation.name,
      displayName: admin.displayName,
      administratorName: user.displayName,
      administratorId: user.userPrincipalName,
      at: input.at,
    });
    await outbox.enqueueEmail(tx, {
      organisationId: user.organisationId,
      to: admin.mail ?? admin.userPrincipalName,
      ...email,
    });
  }
}
