import { v7 as timeOrderedUuid } from "uuid";
import { isContactKind, type ContactKind, type SecurityMethodKind } from "../../domain/methods.js";
import type { Queryable } from "../../store/database.js";
import {
  deleteSecurityMethods,
  insertSecurityMethod,
  listSecurityMethods,
} from "../../store/security-info.js";
import type { User } from "../../store/users.js";
import type { RequestOrigin, ServiceDeps } from "../context.js";
import { conflict, invalidInput } from "../errors.js";
import type { AuthenticatorSetup } from "../methods/authenticator-secrets.js";
import type { Methods } from "../methods/index.js";
import { createSessionChecks, type SecurityInfoSession } from "./session.js";

/**
 * Adding a method that must be proven first: it waits unverified (replacing one of its kind
 * still waiting) until `verify` gets its code. The proof itself is its module's.
 */
export function createAdding(
  deps: Pick<ServiceDeps, "store" | "now">,
  services: { methods: Methods },
) {
  const { store, now } = deps;
  const { methods } = services;
  const { assertRecentSignIn, organisationOf } = createSessionChecks(deps);

  /** A new method waiting for its proof, replacing one of its kind still waiting. */
  async function insertWaiting(
    tx: Queryable,
    user: User,
    kind: SecurityMethodKind,
    value: string | null,
  ) {
    const methodId = timeOrderedUuid();
    await deleteSecurityMethods(tx, user.id, { kind, unverifiedOnly: true });
    await insertSecurityMethod(tx, {
      id: methodId,
      userId: user.id,
      organisationId: user.organisationId,
      kind,
      value,
      verifiedAt: null,
      createdAt: now(),
    });
    return methodId;
  }

  return {
    /**
     * Starts adding an alternate email or a phone: the method waits unverified while a code
     * goes to it (by email, or a text to a phone).
     */
    async startRegistration(input: {
      session: SecurityInfoSession;
      kind: ContactKind;
      value: string;
      origin: RequestOrigin;
    }): Promise<{ methodId: string; destination: string }> {
      assertRecentSignIn(input.session);
      const { user } = input.session;
      if (!isContactKind(input.kind)) throw invalidInput("kind", "Unknown method.");
      const registration = methods.contactRegistrationOf(input.kind);
      const value = registration.parse(typeof input.value === "string" ? input.value.trim() : "");
      const { field } = registration;
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
      const methodId = await store.transaction(async (tx) => {
        const id = await insertWaiting(tx, user, input.kind, value);
        await registration.sendProof(tx, {
          methodId: id,
          user,
          organisationName: organisation.name,
          to: value,
        });
        return id;
      });
      return { methodId, destination: registration.display(value) };
    },

    /**
     * Starts setting up an authenticator app: a new secret waits with an unverified method
     * (replacing one still waiting) until `verify` gets the app's first code. A confirmed app
     * stays until then, and goes when the new one is confirmed.
     */
    async startAuthenticatorSetup(session: SecurityInfoSession): Promise<{ methodId: string }> {
      assertRecentSignIn(session);
      const { user } = session;
      const methodId = await store.transaction(async (tx) => {
        const id = await insertWaiting(tx, user, "authenticatorApp", null);
        await methods.authenticatorApp.startSetup(tx, { methodId: id, userId: user.id });
        return id;
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
      return methods.authenticatorApp.pendingSetup({
        userId: user.id,
        userPrincipalName: user.userPrincipalName,
        organisationName: organisation.name,
        methodId,
      });
    },
  };
}
