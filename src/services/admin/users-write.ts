import { supportedLanguage } from "../../domain/languages.js";
import { hasCapability, mayManageUser, mayResetPassword } from "../../domain/permissions.js";
import {
  updateAccountEnabled,
  updateUserProfile,
  type ProfileChange,
  type User,
} from "../../store/users.js";
import { audit } from "../audit.js";
import type { RequestOrigin, ServiceDeps } from "../context.js";
import type { AddUserInput, CreatedUser, Directory } from "../directory.js";
import { forbidden, invalidInput, userNotFound } from "../errors.js";
import type { Sessions } from "../sessions.js";
import { createDeletedUsers } from "./deleted-users.js";
import { optionalEmail, optionalPhone, optionalText, requiredText } from "../validate.js";
import { actorOf, assertMayManageUsers, findTarget, type Principal } from "./principal.js";

export const MAX_OTHER_MAILS = 5;

/**
 * The directory's new user as an administrator adds one: the actor is the principal, and a
 * typed password is temporary unless the administrator says otherwise.
 */
export type AdminAddUserInput = Omit<AddUserInput, "temporary" | "actor"> & {
  /** Default on: the user must choose their own password at next sign-in. */
  forceChangePasswordNextSignIn?: boolean | undefined;
};

/** Profile fields to change; an absent field stays as it is, null (or "") clears it. */
export interface UpdateUserInput {
  displayName?: string | undefined;
  givenName?: string | null | undefined;
  surname?: string | null | undefined;
  mail?: string | null | undefined;
  otherMails?: readonly string[] | undefined;
  mobilePhone?: string | null | undefined;
  officePhone?: string | null | undefined;
  preferredLanguage?: string | null | undefined;
  /** Block (false) or allow (true) sign-in, as the right to manage the user allows. */
  accountEnabled?: boolean | undefined;
  origin: RequestOrigin;
}

/** SPEC [S3]: whoever may reset the password may edit these; nobody else may. */
const SECURITY_CONTACT_FIELDS = ["otherMails", "mobilePhone", "officePhone"] as const;

function validateChange(input: UpdateUserInput): ProfileChange {
  const change: ProfileChange = {};
  if (input.displayName !== undefined) {
    change.displayName = requiredText("displayName", input.displayName);
  }
  if (input.givenName !== undefined) {
    change.givenName = optionalText("givenName", input.givenName, 64);
  }
  if (input.surname !== undefined) change.surname = optionalText("surname", input.surname, 64);
  if (input.mail !== undefined) change.mail = optionalEmail("mail", input.mail);
  if (input.otherMails !== undefined) change.otherMails = validateOtherMails(input.otherMails);
  if (input.mobilePhone !== undefined) {
    change.mobilePhone = optionalPhone("mobilePhone", input.mobilePhone);
  }
  if (input.officePhone !== undefined) {
    change.officePhone = optionalPhone("officePhone", input.officePhone);
  }
  if (input.preferredLanguage !== undefined) {
    if (input.preferredLanguage === null || input.preferredLanguage.trim() === "") {
      change.preferredLanguage = null;
    } else {
      const language = supportedLanguage(input.preferredLanguage);
      if (!language) throw invalidInput("preferredLanguage", "Choose en or nl.");
      change.preferredLanguage = language;
    }
  }
  return change;
}

function validateOtherMails(value: unknown): string[] {
  if (!Array.isArray(value)) throw invalidInput("otherMails", "otherMails must be a list.");
  const addresses: string[] = [];
  for (const item of value) {
    const address = optionalEmail("otherMails", item);
    if (address === null) continue;
    if (!addresses.some((known) => known.toLowerCase() === address.toLowerCase())) {
      addresses.push(address);
    }
  }
  if (addresses.length > MAX_OTHER_MAILS) {
    throw invalidInput(
      "otherMails",
      `A user has at most ${MAX_OTHER_MAILS} alternate email addresses.`,
    );
  }
  return addresses;
}

/** Only the fields whose value differs from the user's: what is authorised and audited. */
function differences(user: User, change: ProfileChange): ProfileChange {
  const changed: ProfileChange = {};
  for (const field of Object.keys(change) as (keyof ProfileChange)[]) {
    const next = change[field];
    if (JSON.stringify(next) !== JSON.stringify(user[field])) {
      Object.assign(changed, { [field]: next });
    }
  }
  return changed;
}

/**
 * Administrators add, edit, delete and restore users (SPEC [S1]). Editing phones and
 * alternate emails follows the password-reset matrix; everything else needs the right to
 * manage the user.
 */
export function createUsersWrite(
  deps: Pick<ServiceDeps, "store" | "now">,
  directory: Directory,
  sessions: Sessions,
) {
  const { store, now } = deps;
  return {
    /** Adds a user to the principal's organisation; a generated temporary password is returned once. */
    async addUser(principal: Principal, input: AdminAddUserInput): Promise<CreatedUser> {
      assertMayManageUsers(principal);
      const contacts = validateChange({
        otherMails: input.otherMails,
        mobilePhone: input.mobilePhone,
        officePhone: input.officePhone,
        origin: input.origin,
      });
      return directory.addUserTo(principal.organisationId, {
        userId: input.userId,
        displayName: input.displayName,
        givenName: input.givenName,
        surname: input.surname,
        mail: input.mail,
        preferredLanguage: input.preferredLanguage,
        password: input.password,
        temporary: input.forceChangePasswordNextSignIn ?? true,
        ...contacts,
        accountEnabled: input.accountEnabled,
        actor: actorOf(principal),
        origin: input.origin,
      });
    },

    /** Changes a user's profile; returns the user as it now is. */
    async updateUser(principal: Principal, userId: string, input: UpdateUserInput): Promise<User> {
      if (
        !hasCapability(principal.roles, "manageUsers") &&
        !hasCapability(principal.roles, "resetPassword")
      ) {
        throw forbidden("Your roles don't allow editing users.");
      }
      const target = await findTarget(store, principal, userId);
      const changed = differences(target.user, validateChange(input));
      // Blocking or allowing sign-in counts as a profile field: it needs the right to manage.
      const enable =
        input.accountEnabled !== undefined && input.accountEnabled !== target.user.accountEnabled
          ? input.accountEnabled
          : undefined;
      const fields: (keyof ProfileChange | "accountEnabled")[] = Object.keys(
        changed,
      ) as (keyof ProfileChange)[];
      if (enable !== undefined) fields.push("accountEnabled");
      const contactFields = fields.filter((field) =>
        (SECURITY_CONTACT_FIELDS as readonly string[]).includes(field),
      );
      const profileFields = fields.filter((field) => !contactFields.includes(field));
      if (contactFields.length > 0 && !mayResetPassword(principal, target)) {
        throw forbidden("Your roles don't allow editing this user's phones or alternate emails.");
      }
      if (profileFields.length > 0 && !mayManageUser(principal, target)) {
        throw forbidden("Your roles don't allow editing this user's profile.");
      }
      if (fields.length === 0) {
        if (!mayResetPassword(principal, target) && !mayManageUser(principal, target)) {
          throw forbidden("Your roles don't allow editing this user's profile.");
        }
        return target.user;
      }

      const at = now();
      await store.transaction(async (tx) => {
        if (!(await updateUserProfile(tx, principal.organisationId, target.id, changed, at))) {
          throw userNotFound();
        }
        await audit(tx, at, {
          organisationId: principal.organisationId,
          activity: "updateUser",
          result: "success",
          actor: actorOf(principal),
          target: { id: target.id, name: target.user.userPrincipalName },
          origin: input.origin,
          // The names of what changed, not the values (phones and addresses are personal data).
          details: { modifiedProperties: fields },
        });
        if (enable !== undefined) {
          await updateAccountEnabled(tx, target.id, enable, at);
          // A blocked user's sessions end at once, as with Block sign-in.
          const sessionsEnded = enable ? 0 : await sessions.endAllOf(tx, target.id);
          await audit(tx, at, {
            organisationId: principal.organisationId,
            activity: enable ? "enableAccount" : "disableAccount",
            result: "success",
            actor: actorOf(principal),
            target: { id: target.id, name: target.user.userPrincipalName },
            origin: input.origin,
            details: enable ? {} : { sessionsEnded },
          });
        }
      });
      return {
        ...target.user,
        ...changed,
        ...(enable !== undefined ? { accountEnabled: enable } : {}),
        updatedAt: at,
      };
    },

    ...createDeletedUsers(deps, sessions),
  };
}

export type UsersWrite = ReturnType<typeof createUsersWrite>;
