import { randomUUID } from "node:crypto";
import { supportedLanguage, type Language } from "../domain/languages.js";
import { ROLES } from "../domain/roles.js";
import { isValidDomain, normaliseDomain, parseUserId } from "../domain/user-id.js";
import { isUniqueViolation, type Queryable } from "../store/database.js";
import {
  countOrganisations,
  domainExists,
  findOrganisationByDomain,
  insertOrganisation,
  type Organisation,
} from "../store/organisations.js";
import { insertRoleAssignment } from "../store/roles.js";
import { findUserByKey, insertUser, updatePreferredLanguage, type User } from "../store/users.js";
import { audit } from "./audit.js";
import type { RequestOrigin, ServiceDeps } from "./context.js";
import { invalidInput, SesameError } from "./errors.js";
import { assertPasswordAcceptable, generateAcceptablePassword } from "./password-rules.js";
import { optionalEmail, optionalPhone, optionalText, requiredText } from "./validate.js";

export interface InitOrganisationInput {
  organisationName: string;
  domain: string;
  adminUserId: string;
  adminDisplayName?: string | undefined;
  /** Without one, a temporary password is generated and must be changed at first sign-in. */
  password?: string | undefined;
  origin: RequestOrigin;
  /** Runs inside the creating transaction; throws to abort (the setup link's single use). */
  guard?: (tx: Queryable) => Promise<void>;
}

export interface AddUserInput {
  userId: string;
  displayName: string;
  givenName?: string | null | undefined;
  surname?: string | null | undefined;
  mail?: string | null | undefined;
  preferredLanguage?: string | null | undefined;
  /** Without one, a temporary password is generated. */
  password?: string | undefined;
  /** The user must change the given password at next sign-in (always so for a generated one). */
  temporary?: boolean | undefined;
  /** Alternate email addresses, each checked here (the admin path also caps and deduplicates them). */
  otherMails?: readonly string[] | undefined;
  mobilePhone?: string | null | undefined;
  officePhone?: string | null | undefined;
  /** Default on; off adds the user with sign-in blocked. */
  accountEnabled?: boolean | undefined;
  actor?: { id: string; name: string } | null | undefined;
  origin: RequestOrigin;
}

export interface CreatedUser {
  user: User;
  /** Shown once; null when the caller chose the password. */
  temporaryPassword: string | null;
}

export function createDirectory(deps: Pick<ServiceDeps, "store" | "hasher" | "now">) {
  const { store, hasher, now } = deps;

  async function prepareUser(
    organisation: Organisation,
    input: AddUserInput,
  ): Promise<{ user: User; key: string; temporaryPassword: string | null }> {
    const parsed = parseUserId(input.userId);
    if (!parsed) {
      throw invalidInput(
        "userId",
        "The User ID must look like name@domain (for example ada@contoso.com).",
      );
    }
    const displayName = requiredText("displayName", input.displayName);
    const owner = {
      userPrincipalName: parsed.userId,
      displayName,
      givenName: optionalText("givenName", input.givenName, 64),
      surname: optionalText("surname", input.surname, 64),
    };
    const mail = optionalEmail("mail", input.mail);
    let preferredLanguage: string | null = null;
    if (input.preferredLanguage) {
      preferredLanguage = supportedLanguage(input.preferredLanguage) ?? null;
      if (!preferredLanguage) throw invalidInput("preferredLanguage", "Choose en or nl.");
    }
    let temporaryPassword: string | null = null;
    let password = input.password;
    if (password === undefined || password === "") {
      password = temporaryPassword = generateAcceptablePassword(organisation, owner);
    } else {
      assertPasswordAcceptable(password, organisation, owner);
    }
    const at = now();
    const user: User = {
      id: randomUUID(),
      organisationId: organisation.id,
      ...owner,
      mail,
      otherMails: (input.otherMails ?? [])
        .map((address) => optionalEmail("otherMails", address))
        .filter((address) => address !== null),
      mobilePhone: optionalPhone("mobilePhone", input.mobilePhone),
      officePhone: optionalPhone("officePhone", input.officePhone),
      preferredLanguage,
      accountEnabled: input.accountEnabled ?? true,
      passwordManaged: "cloud",
      passwordHash: await hasher.hash(password),
      passwordChangedAt: at,
      lastSignInAt: null,
      forceChangePassword: temporaryPassword !== null || input.temporary === true,
      createdAt: at,
      updatedAt: at,
      deletedAt: null,
    };
    return { user, key: parsed.key, temporaryPassword };
  }

  async function insertNewUser(q: Queryable, user: User, key: string, input: AddUserInput) {
    if (await findUserByKey(q, user.organisationId, key)) {
      throw new SesameError(
        "duplicateUser",
        `A user with User ID ${user.userPrincipalName} already exists.`,
        "userId",
      );
    }
    try {
      await insertUser(q, user, key);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new SesameError(
          "duplicateUser",
          `A user with User ID ${user.userPrincipalName} already exists.`,
          "userId",
        );
      }
      throw error;
    }
    await audit(q, user.createdAt, {
      organisationId: user.organisationId,
      activity: "addUser",
      result: "success",
      actor: input.actor ?? null,
      target: { id: user.id, name: user.userPrincipalName },
      origin: input.origin,
    });
  }

  /** Adds a user by User ID: its domain picks the organisation, which must be organisationId when given. */
  async function add(input: AddUserInput, organisationId?: string): Promise<CreatedUser> {
    const parsed = parseUserId(input.userId ?? "");
    if (!parsed) {
      throw invalidInput(
        "userId",
        "The User ID must look like name@domain (for example ada@contoso.com).",
      );
    }
    const found = await findOrganisationByDomain(store, parsed.domain);
    // Another organisation's domain answers like an unknown one.
    const organisation =
      organisationId === undefined || found?.id === organisationId ? found : undefined;
    if (!organisation) {
      throw new SesameError(
        "unknownDomain",
        organisationId === undefined
          ? `No organisation uses the domain ${parsed.domain}. Use the domain given to sesame init.`
          : `The domain ${parsed.domain} isn't one of your organisation's domains.`,
        "userId",
      );
    }
    const { user, key, temporaryPassword } = await prepareUser(organisation, input);
    await store.transaction((tx) => insertNewUser(tx, user, key, input));
    return { user, temporaryPassword };
  }

  return {
    async setPreferredLanguage(userId: string, language: Language): Promise<void> {
      await updatePreferredLanguage(store, userId, language, now());
    },

    /** Whether the store has no organisation yet (first start). */
    async isEmpty(): Promise<boolean> {
      return (await countOrganisations(store)) === 0;
    },

    async initOrganisation(
      input: InitOrganisationInput,
    ): Promise<CreatedUser & { organisation: Organisation }> {
      const name = requiredText("organisationName", input.organisationName);
      if (!isValidDomain(input.domain ?? "")) {
        throw invalidInput("domain", "The domain must be a DNS name such as contoso.com.");
      }
      const domain = normaliseDomain(input.domain);
      const admin = parseUserId(input.adminUserId ?? "");
      if (!admin || admin.domain !== domain) {
        throw invalidInput("adminUserId", `The administrator's User ID must end in @${domain}.`);
      }
      const organisation: Organisation = {
        id: randomUUID(),
        name,
        passwordRules: {},
        createdAt: now(),
      };
      const userInput: AddUserInput = {
        userId: admin.userId,
        displayName: input.adminDisplayName || admin.localPart,
        password: input.password,
        origin: input.origin,
      };
      const { user, key, temporaryPassword } = await prepareUser(organisation, userInput);
      await store.transaction(async (tx) => {
        await input.guard?.(tx);
        if (await domainExists(tx, domain)) {
          throw new SesameError(
            "domainTaken",
            `The domain ${domain} already belongs to an organisation.`,
            "domain",
          );
        }
        await insertOrganisation(tx, organisation, domain);
        await audit(tx, organisation.createdAt, {
          organisationId: organisation.id,
          activity: "createOrganisation",
          result: "success",
          target: { id: organisation.id, name },
          origin: input.origin,
          details: { domain },
        });
        await insertNewUser(tx, user, key, userInput);
        await insertRoleAssignment(tx, {
          id: randomUUID(),
          organisationId: organisation.id,
          principalId: user.id,
          roleTemplateId: ROLES.globalAdministrator.id,
          createdAt: organisation.createdAt,
        });
        await audit(tx, organisation.createdAt, {
          organisationId: organisation.id,
          activity: "addRoleMember",
          result: "success",
          target: { id: user.id, name: user.userPrincipalName },
          origin: input.origin,
          details: { role: ROLES.globalAdministrator.displayName },
        });
      });
      return { organisation, user, temporaryPassword };
    },

    async addUser(input: AddUserInput): Promise<CreatedUser> {
      return add(input);
    },

    /**
     * Adds a user to the given organisation (an administrator's add): the User ID's domain
     * must be one of that organisation's own.
     */
    async addUserTo(organisationId: string, input: AddUserInput): Promise<CreatedUser> {
      return add(input, organisationId);
    },
  };
}

export type Directory = ReturnType<typeof createDirectory>;
