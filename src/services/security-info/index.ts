import type { SecurityMethodKind } from "../../domain/methods.js";
import { v7 as timeOrderedUuid } from "uuid";
import { LANGUAGES, supportedLanguage, type Language } from "../../domain/languages.js";
import { maskEmail, maskPhone } from "../../domain/mask.js";
import { parsePhoneNumber } from "../../domain/phone-number.js";
import {
  checkSecurityAnswers,
  DEFAULT_QUESTIONS_TO_REGISTER,
  normaliseAnswer,
  offeredQuestions,
} from "../../domain/security-questions.js";
import type { Queryable } from "../../store/database.js";
import { findOrganisation } from "../../store/organisations.js";
import { recordSecurityInfoConfirmation } from "../../store/registration.js";
import {
  deleteSecurityMethods,
  findSecurityMethod,
  insertSecurityMethod,
  listSecurityMethods,
  listSecurityMethodsForUpdate,
  listSecurityQuestions,
  markSecurityMethodVerified,
  replaceSecurityAnswers,
  type SecurityMethod,
} from "../../store/security-info.js";
import type { User } from "../../store/users.js";
import {
  renderSecurityCodeEmail,
  renderSecurityCodeText,
  renderSecurityInfoChangedEmail,
} from "../../views/emails/security-info.js";
import { audit } from "../audit.js";
import type { RequestOrigin, ServiceDeps } from "../context.js";
import {
  conflict,
  invalidCode,
  invalidInput,
  reauthenticationRequired,
  SesameError,
} from "../errors.js";
import { isEmailAddress, userEmailAddresses, type Outbox } from "../outbox.js";
import type { Sealer } from "../../delivery/sealer.js";
import { createAuthenticators, type AuthenticatorSetup } from "./authenticator.js";
import { createOneTimeCodes } from "./codes.js";

/** Changing security info needs a sign-in within this long (SPEC [S8]). */
export const REAUTHENTICATION_WINDOW_MS = 10 * 60_000;

/** The methods registered by code: an address or a number the user proves they receive. */
export type ContactKind = Extract<SecurityMethodKind, "email" | "mobilePhone" | "officePhone">;
export const CONTACT_KINDS: readonly ContactKind[] = ["email", "mobilePhone", "officePhone"];

/** The signed-in user making a change, and when they signed in (ActiveSession fits). */
export interface SecurityInfoSession {
  user: User;
  createdAt: number;
}

/** A method as the user's own page shows it: contact details masked. */
export interface SecurityMethodView {
  id: string;
  kind: SecurityMethodKind;
  /** Masked address or number; empty for security questions and authenticator apps. */
  display: string;
  verified: boolean;
}

export interface SecurityInfoView {
  methods: SecurityMethodView[];
  /** Catalogue keys of the questions the user answered; never the answers. */
  questions: string[];
}

/** What the organisation's reset policy (SPEC [S9]) asks of registration. */
export interface RegistrationRules {
  /** How many security questions a user registers (3–5). */
  securityQuestionsToRegister: number;
  /** How many methods make a user registered for self-service reset (1 or 2). */
  methodsRequired: number;
  /** The organisation's own security questions, as typed. */
  customSecurityQuestions: readonly string[];
}

export const DEFAULT_REGISTRATION_RULES: RegistrationRules = {
  securityQuestionsToRegister: DEFAULT_QUESTIONS_TO_REGISTER,
  methodsRequired: 1,
  customSecurityQuestions: [],
};

export interface SecurityInfoOptions {
  randomInt?: (max: number) => number;
  /** The organisation's rules (its reset policy); SPEC [S9] defaults without one. */
  rulesOf?: (organisationId: string) => Promise<RegistrationRules>;
}

const codePurpose = (methodId: string) => `security-info:${methodId}`;

function display(method: SecurityMethod): string {
  if (method.value === null) return "";
  return method.kind === "email" ? maskEmail(method.value) : maskPhone(method.value);
}

function toView(method: SecurityMethod): SecurityMethodView {
  return {
    id: method.id,
    kind: method.kind,
    display: display(method),
    verified: method.verifiedAt !== null,
  };
}

function languageOf(user: User): Language {
  return supportedLanguage(user.preferredLanguage) ?? LANGUAGES[0];
}

/** How many kinds of verified methods the user has (security questions count once). */
function registeredKinds(methods: SecurityMethod[]): number {
  return new Set(methods.filter((m) => m.verifiedAt !== null).map((m) => m.kind)).size;
}

/**
 * A signed-in user's own security info (SPEC [S8]): list, add by code, remove, questions,
 * authenticator app (its secret sealed by `sealer`).
 */
export function createSecurityInfo(
  deps: Pick<ServiceDeps, "store" | "hasher" | "now" | "fingerprint">,
  outbox: Outbox,
  sealer: Sealer,
  options: SecurityInfoOptions = {},
) {
  const { store, hasher, now } = deps;
  const codes = createOneTimeCodes(deps, options.randomInt);
  const authenticators = createAuthenticators(deps, sealer);
  const rulesOf = options.rulesOf ?? (async () => DEFAULT_REGISTRATION_RULES);

  const assertRecentSignIn = (session: SecurityInfoSession) => {
    if (now() - session.createdAt > REAUTHENTICATION_WINDOW_MS) throw reauthenticationRequired();
  };

  const organisationOf = async (user: User) => {
    const organisation = await findOrganisation(store, user.organisationId);
    if (!organisation) throw new SesameError("notFound", "The user no longer exists.");
    return organisation;
  };

  /** Audit, notice to every address of the user, and the registration milestone, in `tx`. */
  const afterChange = async (
    tx: Queryable,
    input: {
      user: User;
      organisationName: string;
      change: "added" | "deleted";
      kind: SecurityMethodKind;
      methodsBefore: number;
      /** Read before the transaction: the policy is read outside it (one SQLite connection). */
      methodsRequired: number;
      origin: RequestOrigin;
      /** Addresses to tell besides the user's current ones (a deleted alternate email). */
      extraRecipients: string[];
    },
  ) => {
    const { user } = input;
    const at = now();
    const target = { id: user.id, name: user.userPrincipalName };
    await audit(tx, at, {
      organisationId: user.organisationId,
      activity: input.change === "added" ? "registerSecurityInfo" : "deleteSecurityInfo",
      result: "success",
      actor: target,
      target,
      origin: input.origin,
      details: { method: input.kind },
    });
    // Registering a method is confirming one's security info (SPEC [S8]): not asked again soon.
    if (input.change === "added") await recordSecurityInfoConfirmation(tx, user.id, at);
    const methods = await listSecurityMethods(tx, user.id);
    const required = input.methodsRequired;
    if (input.methodsBefore < required && registeredKinds(methods) >= required) {
      await audit(tx, at, {
        organisationId: user.organisationId,
        activity: "registerForSspr",
        result: "success",
        actor: target,
        target,
        origin: input.origin,
        details: { methods: [...new Set(methods.map((m) => m.kind))] },
      });
    }
    const email = renderSecurityInfoChangedEmail({
      language: languageOf(user),
      organisationName: input.organisationName,
      displayName: user.displayName,
      at,
      change: input.change,
      kind: input.kind,
    });
    const alternates = methods
      .filter((m) => m.kind === "email" && m.verifiedAt !== null && m.value !== null)
      .map((m) => m.value ?? "");
    // A deleted alternate address hears of it too: the notice is for whoever owned it.
    const recipients = userEmailAddresses({
      mail: user.mail,
      otherMails: [...user.otherMails, ...alternates, ...input.extraRecipients],
    });
    for (const to of recipients) {
      await outbox.enqueueEmail(tx, { organisationId: user.organisationId, to, ...email });
    }
  };

  return {
    /** The user's methods, masked, and the questions they answered (never the answers). */
    async list(userId: string): Promise<SecurityInfoView> {
      const methods = await listSecurityMethods(store, userId);
      return {
        methods: methods.map(toView),
        questions: await listSecurityQuestions(store, userId),
      };
    },

    /** One of the user's methods as shown, or undefined (for the enter-the-code page). */
    async method(userId: string, methodId: string): Promise<SecurityMethodView | undefined> {
      const method = await findSecurityMethod(store, userId, methodId);
      return method && toView(method);
    },

    /**
     * The questions form: how many to choose, the choices (predefined, then the
     * organisation's own) and the organisation's own as typed, to check a choice against.
     */
    async questionRules(organisationId: string) {
      const rules = await rulesOf(organisationId);
      return {
        count: rules.securityQuestionsToRegister,
        questions: offeredQuestions(rules.customSecurityQuestions),
        customQuestions: rules.customSecurityQuestions,
      };
    },

    /**
     * Starts adding an alternate email or a phone: the method waits unverified while a code
     * goes to it (email now; SMS through the outbox's "sms" channel).
     */
    async startRegistration(input: {
      session: SecurityInfoSession;
      kind: ContactKind;
      value: string;
      origin: RequestOrigin;
    }): Promise<{ methodId: string; destination: string }> {
      assertRecentSignIn(input.session);
      const { user } = input.session;
      if (!CONTACT_KINDS.includes(input.kind)) throw invalidInput("kind", "Unknown method.");
      const raw = typeof input.value === "string" ? input.value.trim() : "";
      let value: string | undefined;
      if (input.kind === "email") value = isEmailAddress(raw) ? raw : undefined;
      else value = parsePhoneNumber(raw);
      const field = input.kind === "email" ? "email" : "phone";
      if (value === undefined) throw invalidInput(field, `Enter a valid ${field}.`);
      const existing = await listSecurityMethods(store, user.id);
      if (
        existing.some(
          (m) =>
            m.kind === input.kind &&
            m.verifiedAt !== null &&
            m.value?.toLowerCase() === value.toLowerCase(),
        )
      ) {
        throw conflict("This method is already registered.", field);
      }
      const organisation = await organisationOf(user);
      const methodId = timeOrderedUuid();
      await store.transaction(async (tx) => {
        await deleteSecurityMethods(tx, user.id, { kind: input.kind, unverifiedOnly: true });
        await insertSecurityMethod(tx, {
          id: methodId,
          userId: user.id,
          organisationId: user.organisationId,
          kind: input.kind,
          value,
          verifiedAt: null,
          createdAt: now(),
        });
        const channel = input.kind === "email" ? "email" : "sms";
        const code = await codes.issue(tx, {
          purpose: codePurpose(methodId),
          userId: user.id,
          channel,
        });
        const language = languageOf(user);
        if (channel === "email") {
          await outbox.enqueueEmail(tx, {
            organisationId: user.organisationId,
            to: value,
            ...renderSecurityCodeEmail({
              language,
              organisationName: organisation.name,
              displayName: user.displayName,
              code,
            }),
          });
        } else {
          await outbox.enqueuePhoneMessage(tx, {
            organisationId: user.organisationId,
            channel: "sms",
            to: value,
            text: renderSecurityCodeText({ language, organisationName: organisation.name, code }),
            locale: language,
          });
        }
      });
      return {
        methodId,
        destination: input.kind === "email" ? maskEmail(value) : maskPhone(value),
      };
    },

    /**
     * Starts setting up an authenticator app: a new secret waits with an unverified method
     * (replacing one still waiting) until `verify` gets the app's first code. A confirmed app
     * stays until then, and goes when the new one is confirmed.
     */
    async startAuthenticatorSetup(session: SecurityInfoSession): Promise<{ methodId: string }> {
      assertRecentSignIn(session);
      const { user } = session;
      const methodId = timeOrderedUuid();
      await store.transaction(async (tx) => {
        await deleteSecurityMethods(tx, user.id, {
          kind: "authenticatorApp",
          unverifiedOnly: true,
        });
        await insertSecurityMethod(tx, {
          id: methodId,
          userId: user.id,
          organisationId: user.organisationId,
          kind: "authenticatorApp",
          value: null,
          verifiedAt: null,
          createdAt: now(),
        });
        await authenticators.create(tx, { methodId, userId: user.id });
      });
      return { methodId };
    },

    /** The QR code's URI and the key, only while the setup waits for its first code. */
    async authenticatorSetup(
      session: SecurityInfoSession,
      methodId: string,
    ): Promise<AuthenticatorSetup | undefined> {
      assertRecentSignIn(session);
      const { user } = session;
      const organisation = await organisationOf(user);
      return authenticators.pendingSetup({
        userId: user.id,
        userPrincipalName: user.userPrincipalName,
        organisationName: organisation.name,
        methodId,
      });
    },

    /**
     * Whether `code` is a fresh code of the user's confirmed authenticator app (false without
     * one); a code's time step, once accepted, never passes again. The reset flow's proof.
     */
    verifyAuthenticatorCode: authenticators.verifyCode,

    /** Proves a waiting method with its code; wrong, expired or used codes fail alike. */
    async verify(input: {
      session: SecurityInfoSession;
      methodId: string;
      code: string;
      origin: RequestOrigin;
    }): Promise<void> {
      assertRecentSignIn(input.session);
      const { user } = input.session;
      const target = { id: user.id, name: user.userPrincipalName };
      const method = await findSecurityMethod(store, user.id, input.methodId);
      const entered = typeof input.code === "string" ? input.code : "";
      const proven =
        method !== undefined &&
        method.verifiedAt === null &&
        (method.kind === "authenticatorApp"
          ? await authenticators.confirm(user.id, method.id, entered)
          : await codes.verify(store, {
              purpose: codePurpose(method.id),
              userId: user.id,
              entered,
            }));
      if (!method || !proven) {
        await audit(store, now(), {
          organisationId: user.organisationId,
          activity: "registerSecurityInfo",
          result: "failure",
          reason: "invalidCode",
          actor: target,
          target,
          origin: input.origin,
          details: method ? { method: method.kind } : {},
        });
        throw invalidCode();
      }
      const organisation = await organisationOf(user);
      const { methodsRequired } = await rulesOf(user.organisationId);
      await store.transaction(async (tx) => {
        const before = registeredKinds(await listSecurityMethodsForUpdate(tx, user.id));
        // One of each kind: the new one replaces the one before.
        await deleteSecurityMethods(tx, user.id, { kind: method.kind, exceptId: method.id });
        await markSecurityMethodVerified(tx, method.id, now());
        await afterChange(tx, {
          user,
          organisationName: organisation.name,
          change: "added",
          kind: method.kind,
          methodsBefore: before,
          methodsRequired,
          origin: input.origin,
          extraRecipients: [],
        });
      });
    },

    /** Removes one of the user's methods (security questions: with their answers). */
    async remove(input: {
      session: SecurityInfoSession;
      methodId: string;
      origin: RequestOrigin;
    }): Promise<void> {
      assertRecentSignIn(input.session);
      const { user } = input.session;
      const method = await findSecurityMethod(store, user.id, input.methodId);
      if (!method) throw new SesameError("notFound", "There is no such method.");
      const organisation = await organisationOf(user);
      const { methodsRequired } = await rulesOf(user.organisationId);
      await store.transaction(async (tx) => {
        const before = registeredKinds(await listSecurityMethodsForUpdate(tx, user.id));
        await deleteSecurityMethods(tx, user.id, { id: method.id });
        if (method.kind === "securityQuestions") await replaceSecurityAnswers(tx, user.id, []);
        // An unproven method was never registered: nothing to tell.
        if (method.verifiedAt === null) return;
        await afterChange(tx, {
          user,
          organisationName: organisation.name,
          change: "deleted",
          kind: method.kind,
          methodsBefore: before,
          methodsRequired,
          origin: input.origin,
          extraRecipients: method.kind === "email" && method.value ? [method.value] : [],
        });
      });
    },

    /**
     * Sets (or replaces) the user's security questions: N distinct offered questions,
     * answers 3–40 characters, no two the same, stored as argon2 hashes of the normalised answer.
     */
    async setSecurityQuestions(input: {
      session: SecurityInfoSession;
      answers: { question: string; answer: string }[];
      origin: RequestOrigin;
    }): Promise<void> {
      assertRecentSignIn(input.session);
      const { user } = input.session;
      const rules = await rulesOf(user.organisationId);
      const required = rules.securityQuestionsToRegister;
      const { methodsRequired } = rules;
      const [problem] = checkSecurityAnswers(
        input.answers,
        required,
        rules.customSecurityQuestions,
      );
      if (problem) throw invalidInput(problem.field, problem.problem);
      const organisation = await organisationOf(user);
      const at = now();
      const hashed = await Promise.all(
        input.answers.slice(0, required).map(async (entry) => ({
          id: timeOrderedUuid(),
          question: entry.question,
          answerHash: await hasher.hash(normaliseAnswer(entry.answer)),
          createdAt: at,
        })),
      );
      await store.transaction(async (tx) => {
        const before = registeredKinds(await listSecurityMethodsForUpdate(tx, user.id));
        await replaceSecurityAnswers(tx, user.id, hashed);
        await deleteSecurityMethods(tx, user.id, { kind: "securityQuestions" });
        await insertSecurityMethod(tx, {
          id: timeOrderedUuid(),
          userId: user.id,
          organisationId: user.organisationId,
          kind: "securityQuestions",
          value: null,
          verifiedAt: at,
          createdAt: at,
        });
        await afterChange(tx, {
          user,
          organisationName: organisation.name,
          change: "added",
          kind: "securityQuestions",
          methodsBefore: before,
          methodsRequired,
          origin: input.origin,
          extraRecipients: [],
        });
      });
    },
  };
}

export type SecurityInfo = ReturnType<typeof createSecurityInfo>;
