import {
  type SecurityMethodKind,
  type ContactKind,
  CONTACT_KINDS,
  valueFieldOf,
} from "../../domain/methods.js";
import { v7 as timeOrderedUuid } from "uuid";
import { readerLanguage } from "../../domain/languages.js";
import { hasCapability, mayResetPassword } from "../../domain/permissions.js";
import type { Queryable } from "../../store/database.js";
import { findOrganisation } from "../../store/organisations.js";
import {
  deleteSecurityMethods,
  insertSecurityMethod,
  listSecurityMethods,
  listSecurityMethodsForUpdate,
  updateSecurityMethodValue,
  type SecurityMethod,
} from "../../store/security-info.js";
import type { User } from "../../store/users.js";
import { audit, type ActivityKey } from "../audit.js";
import type { RequestOrigin, ServiceDeps } from "../context.js";
import { conflict, forbidden, invalidInput, notFound } from "../errors.js";
import type { Methods } from "../methods/index.js";
import type { Notifications } from "../notifications.js";
import { everyAddressOf } from "../recipients.js";
import { findTarget, type Principal, type TargetUser } from "./principal.js";

/**
 * A registered method as an administrator sees it: addresses and numbers in full (as Entra
 * shows them to authentication administrators); security questions and authenticator apps
 * only as registered, never their answers or secrets.
 */
export interface RegisteredMethod {
  id: string;
  kind: SecurityMethodKind;
  /** The address or E.164 number; null for security questions and authenticator apps. */
  value: string | null;
  registeredAt: number;
}

export interface AuthenticationMethodsOf {
  user: User;
  methods: RegisteredMethod[];
}

const KIND_NAME: Record<ContactKind, string> = {
  email: "email",
  mobilePhone: "mobile phone",
  officePhone: "office phone",
};

const ACTIVITY: Record<"added" | "changed" | "deleted", ActivityKey> = {
  added: "adminRegisterSecurityInfo",
  changed: "adminUpdateSecurityInfo",
  deleted: "adminDeleteSecurityInfo",
};

function normalise(methods: Methods, kind: ContactKind, raw: unknown): string {
  const field = valueFieldOf(kind);
  const text = typeof raw === "string" ? raw.trim() : "";
  const value = methods.contactRegistrationOf(kind).parse(text);
  if (value === undefined) {
    throw invalidInput(
      field,
      kind === "email"
        ? "Enter a valid email address, such as name@example.com."
        : "Enter a phone number with its country code, such as +31 6 12345678.",
    );
  }
  return value;
}

const registered = (methods: SecurityMethod[]) => methods.filter((m) => m.verifiedAt !== null);

/**
 * Administrators set a user's phones and alternate email as authentication methods (SPEC [S3],
 * [S8]): rows of the same security info the user registers themselves, stored verified, so
 * they count for self-service reset. Whoever may reset the user's password may do this;
 * nobody on their own account (that is My account > Security info, with codes).
 */
export function createAuthenticationMethods(
  deps: Pick<ServiceDeps, "store" | "now">,
  services: { notifications: Notifications; methods: Methods },
) {
  const { store, now } = deps;
  const { notifications, methods } = services;

  const toRegistered = (method: SecurityMethod): RegisteredMethod => ({
    id: method.id,
    kind: method.kind,
    value: methods.registrationOf(method.kind).revealed(method.value),
    registeredAt: method.verifiedAt ?? method.createdAt,
  });

  async function authorisedTarget(principal: Principal, userId: string): Promise<TargetUser> {
    if (!hasCapability(principal.roles, "resetPassword")) {
      throw forbidden("Your roles don't allow managing authentication methods.");
    }
    const target = await findTarget(store, principal, userId);
    if (target.id === principal.id) {
      throw forbidden("Change your own methods on My account > Security info.");
    }
    if (!mayResetPassword(principal, target)) {
      throw forbidden("Your roles don't allow managing this user's authentication methods.");
    }
    return target;
  }

  /** Audit and the notice to the user's addresses (and the address that was replaced or removed). */
  async function afterChange(
    tx: Queryable,
    input: {
      principal: Principal;
      target: TargetUser;
      organisationName: string;
      change: "added" | "changed" | "deleted";
      kind: ContactKind;
      at: number;
      origin: RequestOrigin;
      formerAddress?: string | undefined;
    },
  ) {
    const { user } = input.target;
    await audit(tx, input.at, {
      organisationId: user.organisationId,
      activity: ACTIVITY[input.change],
      result: "success",
      actor: { id: input.principal.id, name: input.principal.name },
      target: { id: user.id, name: user.userPrincipalName },
      origin: input.origin,
      // The kind, not the number or address: those are personal data.
      details: { method: input.kind },
    });
    await notifications.email(tx, {
      organisationId: user.organisationId,
      to: everyAddressOf(
        user,
        await listSecurityMethods(tx, user.id),
        input.formerAddress ? [input.formerAddress] : [],
      ),
      language: readerLanguage(user),
      notice: {
        event: "securityInfoChanged",
        organisationName: input.organisationName,
        displayName: user.displayName,
        at: input.at,
        change: input.change,
        kind: input.kind,
        byAdministrator: true,
      },
    });
  }

  async function organisationName(target: TargetUser): Promise<string> {
    const organisation = await findOrganisation(store, target.user.organisationId);
    if (!organisation) throw notFound("There is no such user.");
    return organisation.name;
  }

  function assertContactKind(kind: ContactKind) {
    if (!CONTACT_KINDS.includes(kind)) throw invalidInput("kind", "Unknown method.");
  }

  const missing = (kind: ContactKind) => notFound(`The user has no ${KIND_NAME[kind]} method.`);

  /**
   * Changes (with a new `value`) or deletes the user's method of `kind`: authorised first, then
   * the value checked, then the change, its audit event and the notice in one transaction.
   */
  async function changeExisting(
    principal: Principal,
    userId: string,
    input: { kind: ContactKind; value?: string; origin: RequestOrigin },
    apply: (
      tx: Queryable,
      method: SecurityMethod,
      value: string | undefined,
      at: number,
    ) => Promise<void>,
  ): Promise<{ method: SecurityMethod; value: string | undefined; at: number }> {
    assertContactKind(input.kind);
    const target = await authorisedTarget(principal, userId);
    const value =
      input.value === undefined ? undefined : normalise(methods, input.kind, input.value);
    const name = await organisationName(target);
    const at = now();
    const method = await store.transaction(async (tx) => {
      const current = registered(await listSecurityMethodsForUpdate(tx, target.id)).find(
        (m) => m.kind === input.kind,
      );
      if (!current) throw missing(input.kind);
      await apply(tx, current, value, at);
      await afterChange(tx, {
        principal,
        target,
        organisationName: name,
        change: value === undefined ? "deleted" : "changed",
        kind: input.kind,
        at,
        origin: input.origin,
        // The address that was replaced or removed hears of it: the notice is for its owner.
        formerAddress: input.kind === "email" ? (current.value ?? undefined) : undefined,
      });
      return current;
    });
    return { method, value, at };
  }

  return {
    /** The user's registered methods, oldest first; methods still waiting for a code are left out. */
    async list(principal: Principal, userId: string): Promise<AuthenticationMethodsOf> {
      const target = await authorisedTarget(principal, userId);
      const methods = registered(await listSecurityMethods(store, target.id));
      return { user: target.user, methods: methods.map(toRegistered) };
    },

    /** Adds a phone or alternate email; a user has at most one of each kind (else conflict). */
    async add(
      principal: Principal,
      userId: string,
      input: { kind: ContactKind; value: string; origin: RequestOrigin },
    ): Promise<RegisteredMethod> {
      assertContactKind(input.kind);
      const target = await authorisedTarget(principal, userId);
      const value = normalise(methods, input.kind, input.value);
      const name = await organisationName(target);
      const at = now();
      const id = timeOrderedUuid();
      await store.transaction(async (tx) => {
        // Two administrators adding at once: the second waits, then sees the first's method.
        const existing = await listSecurityMethodsForUpdate(tx, target.id);
        if (registered(existing).some((m) => m.kind === input.kind)) {
          throw conflict(
            "The user already has a method of this kind: change or delete it instead.",
            valueFieldOf(input.kind),
          );
        }
        // A number the user was still proving gives way to the one the administrator set.
        await deleteSecurityMethods(tx, target.id, { kind: input.kind, unverifiedOnly: true });
        await insertSecurityMethod(tx, {
          id,
          userId: target.id,
          organisationId: target.user.organisationId,
          kind: input.kind,
          value,
          verifiedAt: at,
          createdAt: at,
        });
        await afterChange(tx, {
          principal,
          target,
          organisationName: name,
          change: "added",
          kind: input.kind,
          at,
          origin: input.origin,
        });
      });
      return { id, kind: input.kind, value, registeredAt: at };
    },

    /** Changes the number or address of the user's method of `kind` (notFound without one). */
    async update(
      principal: Principal,
      userId: string,
      input: { kind: ContactKind; value: string; origin: RequestOrigin },
    ): Promise<RegisteredMethod> {
      const { method, value, at } = await changeExisting(
        principal,
        userId,
        input,
        (tx, current, next, when) => updateSecurityMethodValue(tx, current.id, next ?? "", when),
      );
      return { id: method.id, kind: input.kind, value: value ?? null, registeredAt: at };
    },

    /** Deletes the user's method of `kind` (notFound without one). */
    async remove(
      principal: Principal,
      userId: string,
      input: { kind: ContactKind; origin: RequestOrigin },
    ): Promise<void> {
      await changeExisting(principal, userId, input, async (tx, current) => {
        await deleteSecurityMethods(tx, current.userId, { id: current.id });
      });
    },
  };
}

export type AuthenticationMethods = ReturnType<typeof createAuthenticationMethods>;
