import { v7 as timeOrderedUuid } from "uuid";
import { verifiedKinds, type SecurityMethodKind } from "../../domain/methods.js";
import {
  DEFAULT_QUESTIONS_TO_REGISTER,
  offeredQuestions,
} from "../../domain/security-questions.js";
import type { Queryable } from "../../store/database.js";
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
import { audit } from "../audit.js";
import type { RequestOrigin, ServiceDeps } from "../context.js";
import { invalidCode, SesameError } from "../errors.js";
import type { Methods } from "../methods/index.js";
import type { Notifications } from "../notifications.js";
import { createAdding } from "./adding.js";
import { createAfterChange, type SecurityInfoChange } from "./changes.js";
import { createSessionChecks, type SecurityInfoSession } from "./session.js";

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

const DEFAULT_REGISTRATION_RULES: RegistrationRules = {
  securityQuestionsToRegister: DEFAULT_QUESTIONS_TO_REGISTER,
  methodsRequired: 1,
  customSecurityQuestions: [],
};

/**
 * A signed-in user's own security info (SPEC [S8]): the records of their methods, each
 * registered, shown and confirmed the way its module (services/methods) says.
 */
export function createSecurityInfo(
  deps: Pick<ServiceDeps, "store" | "now">,
  services: {
    methods: Methods;
    notifications: Notifications;
    /** The organisation's rules (its reset policy); SPEC [S9] defaults without one. */
    rulesOf?: (organisationId: string) => Promise<RegistrationRules>;
  },
) {
  const { store, now } = deps;
  const { methods } = services;
  const rulesOf = services.rulesOf ?? (async () => DEFAULT_REGISTRATION_RULES);
  const afterChange = createAfterChange(deps, services.notifications);

  const toView = (method: SecurityMethod): SecurityMethodView => ({
    id: method.id,
    kind: method.kind,
    display: methods.registrationOf(method.kind).display(method.value),
    verified: method.verifiedAt !== null,
  });

  const { assertRecentSignIn, organisationOf } = createSessionChecks(deps);
  const adding = createAdding(deps, services);

  /**
   * Runs `change` on the user's methods with their row locked (so a check and the change it
   * allows cannot interleave with another instance's), then what follows every change.
   */
  async function changeMethods(
    user: User,
    change: Omit<
      SecurityInfoChange,
      "user" | "organisationName" | "kindsBefore" | "methodsRequired"
    >,
    apply: (tx: Queryable) => Promise<boolean>,
  ) {
    const organisation = await organisationOf(user);
    const { methodsRequired } = await rulesOf(user.organisationId);
    await store.transaction(async (tx) => {
      const kindsBefore = verifiedKinds(await listSecurityMethodsForUpdate(tx, user.id)).size;
      if (!(await apply(tx))) return;
      await afterChange(tx, {
        ...change,
        user,
        organisationName: organisation.name,
        kindsBefore,
        methodsRequired,
      });
    });
  }

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

    ...adding,

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
        (await methods.registrationOf(method.kind).confirm(method, entered));
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
      const change = { change: "added", kind: method.kind, origin: input.origin } as const;
      await changeMethods(user, { ...change, extraRecipients: [] }, async (tx) => {
        // One of each kind: the new one replaces the one before.
        await deleteSecurityMethods(tx, user.id, { kind: method.kind, exceptId: method.id });
        await markSecurityMethodVerified(tx, method.id, now());
        return true;
      });
    },

    /** Removes one of the user's methods, with what goes with it (answers, secrets). */
    async remove(input: {
      session: SecurityInfoSession;
      methodId: string;
      origin: RequestOrigin;
    }): Promise<void> {
      assertRecentSignIn(input.session);
      const { user } = input.session;
      const method = await findSecurityMethod(store, user.id, input.methodId);
      if (!method) throw new SesameError("notFound", "There is no such method.");
      const change = {
        change: "deleted",
        kind: method.kind,
        origin: input.origin,
        // A removed alternate address hears of it too: the notice is for whoever owned it.
        extraRecipients: method.kind === "email" && method.value ? [method.value] : [],
      } as const;
      await changeMethods(user, change, async (tx) => {
        await deleteSecurityMethods(tx, user.id, { id: method.id });
        await methods.registrationOf(method.kind).removed(tx, user.id);
        // An unproven method was never registered: nothing to tell.
        return method.verifiedAt !== null;
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
      const hashed = await methods.securityQuestions.answersToStore(input.answers, {
        count: rules.securityQuestionsToRegister,
        customQuestions: rules.customSecurityQuestions,
      });
      const change = { change: "added", kind: "securityQuestions", origin: input.origin } as const;
      await changeMethods(user, { ...change, extraRecipients: [] }, async (tx) => {
        const at = now();
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
        return true;
      });
    },
  };
}

export type SecurityInfo = ReturnType<typeof createSecurityInfo>;
