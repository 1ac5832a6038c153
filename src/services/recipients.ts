import type { SecurityMethod } from "../store/security-info.js";
import type { User } from "../store/users.js";
import { userEmailAddresses } from "./outbox.js";

/**
 * Every address a user reads, each once: the primary, the other mails and the verified
 * alternate email among `methods` (the user's), plus `extra` (an address just replaced or
 * removed: a notice about a change is for whoever owned it). So a stranger's change to an
 * account is noticed.
 */
export function everyAddressOf(
  user: User,
  methods: readonly SecurityMethod[],
  extra: readonly string[] = [],
): string[] {
  const alternates = methods
    .filter((m) => m.kind === "email" && m.verifiedAt !== null && m.value !== null)
    .map((m) => m.value ?? "");
  return userEmailAddresses({
    mail: user.mail,
    otherMails: [...user.otherMails, ...alternates, ...extra],
  });
}
