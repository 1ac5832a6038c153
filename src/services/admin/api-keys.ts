import { randomUUID } from "node:crypto";
import { newToken, tokenHash } from "../../domain/tokens.js";
import { hasCapability, roleKeyOf } from "../../domain/permissions.js";
import { ROLES, type RoleKey } from "../../domain/roles.js";
import { normaliseDomain } from "../../domain/user-id.js";
import {
  findApiKey,
  findApiKeyByHash,
  insertApiKey,
  listApiKeys,
  revokeApiKey,
  touchApiKey,
  type ApiKey,
} from "../../store/api-keys.js";
import type { Queryable } from "../../store/database.js";
import {
  findOrganisationByDomain,
  listOrganisations,
  type Organisation,
} from "../../store/organisations.js";
import { audit } from "../audit.js";
import type { RequestOrigin, ServiceDeps } from "../context.js";
import { conflict, forbidden, invalidInput, notFound, SesameError } from "../errors.js";
import { requiredText } from "../validate.js";
import { actorOf, toRoleKeys, type Principal } from "./principal.js";

/** `ssk_` and 32 random bytes in base64url (43 characters): 256 bits, so a SHA-256 lookup is enough. */
export const API_KEY_PREFIX = "ssk_";
const API_KEY = /^ssk_[A-Za-z0-9_-]{43}$/;
const NAME_MAX = 100;
// Recording every use would turn each API call into a write.
const TOUCH_INTERVAL_MS = 60_000;

export const hashApiKey = tokenHash;

/** What is shown of a key: never the key itself. */
export interface ApiKeyInfo {
  id: string;
  name: string;
  roles: RoleKey[];
  createdBy: string | null;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export interface CreatedApiKey {
  apiKey: ApiKeyInfo;
  /** The key, shown once; only its hash is kept. */
  key: string;
}

export interface CreateApiKeyInput {
  name: string;
  /** Role display names or Microsoft template ids. */
  roles: readonly string[];
  origin: RequestOrigin;
}

const toInfo = (key: ApiKey): ApiKeyInfo => ({
  id: key.id,
  name: key.name,
  roles: toRoleKeys(key.roleTemplateIds),
  createdBy: key.createdBy,
  createdAt: key.createdAt,
  lastUsedAt: key.lastUsedAt,
  revokedAt: key.revokedAt,
});

function validate(input: { name: unknown; roles: unknown }): { name: string; roles: RoleKey[] } {
  const name = requiredText("name", input.name, NAME_MAX);
  if (!Array.isArray(input.roles) || input.roles.length === 0) {
    throw invalidInput("roles", "Give the key at least one role.");
  }
  const roles: RoleKey[] = [];
  for (const role of input.roles as unknown[]) {
    const key = typeof role === "string" ? roleKeyOf(role) : undefined;
    if (!key) {
      throw invalidInput(
        "roles",
        `There is no role "${String(role)}"; use its name (e.g. "Helpdesk Administrator") or template id.`,
      );
    }
    if (!roles.includes(key)) roles.push(key);
  }
  return { name, roles };
}

/**
 * The roles the principal may give a new key: any role when it may manage roles, else only
 * the roles it holds itself (what `create` enforces; the admin center offers only these).
 */
export function assignableApiKeyRoles(principal: Principal): RoleKey[] {
  if (!hasCapability(principal.roles, "manageApiKeys")) return [];
  if (hasCapability(principal.roles, "manageRoles")) return Object.keys(ROLES) as RoleKey[];
  return (Object.keys(ROLES) as RoleKey[]).filter((role) => principal.roles.includes(role));
}

function assertMayManageApiKeys(principal: Principal): void {
  if (!hasCapability(principal.roles, "manageApiKeys")) {
    throw forbidden("Your roles don't allow managing API keys.");
  }
}

const keyNotFound = () => notFound("There is no such API key.");

/** API keys for programs ([B1]): created and shown once, stored as a hash, revocable. */
export function createApiKeys(deps: Pick<ServiceDeps, "store" | "now">) {
  const { store, now } = deps;

  async function insert(
    q: Queryable,
    organisationId: string,
    valid: { name: string; roles: RoleKey[] },
    actor: { id: string; name: string },
    createdBy: string | null,
    origin: RequestOrigin,
  ): Promise<CreatedApiKey> {
    const key = API_KEY_PREFIX + newToken();
    const apiKey: ApiKey = {
      id: randomUUID(),
      organisationId,
      name: valid.name,
      roleTemplateIds: valid.roles.map((role) => ROLES[role].id),
      createdBy,
      createdAt: now(),
      lastUsedAt: null,
      revokedAt: null,
    };
    await insertApiKey(q, apiKey, hashApiKey(key));
    await audit(q, apiKey.createdAt, {
      organisationId,
      activity: "addApiKey",
      result: "success",
      actor,
      target: { id: apiKey.id, name: apiKey.name },
      origin,
      details: { roles: valid.roles.map((role) => ROLES[role].displayName) },
    });
    return { apiKey: toInfo(apiKey), key };
  }

  async function organisationForCli(domainInput: string | undefined): Promise<Organisation> {
    if (domainInput === undefined) {
      const organisations = await listOrganisations(store, 2);
      if (organisations.length === 1 && organisations[0]) return organisations[0];
      throw organisations.length === 0
        ? new SesameError(
            "unknownDomain",
            "There is no organisation yet: run sesame init first.",
            "domain",
          )
        : invalidInput(
            "domain",
            "Several organisations share this Sesame: name one with --domain.",
          );
    }
    const domain = normaliseDomain(domainInput);
    const organisation = await findOrganisationByDomain(store, domain);
    if (!organisation) {
      throw new SesameError(
        "unknownDomain",
        `No organisation uses the domain ${domain}. Use the domain given to sesame init.`,
        "domain",
      );
    }
    return organisation;
  }

  return {
    /**
     * A key for the principal's organisation, with roles the principal could give a person:
     * any role when it may manage roles, else only roles it holds itself.
     */
    async create(principal: Principal, input: CreateApiKeyInput): Promise<CreatedApiKey> {
      assertMayManageApiKeys(principal);
      const valid = validate(input);
      const assignable = assignableApiKeyRoles(principal);
      const notHeld = valid.roles.filter((role) => !assignable.includes(role));
      if (notHeld.length > 0) {
        throw forbidden(
          `A key can't get a role you don't hold: ${notHeld.map((role) => ROLES[role].displayName).join(", ")}.`,
        );
      }
      return store.transaction((tx) =>
        insert(
          tx,
          principal.organisationId,
          valid,
          { id: principal.id, name: principal.name },
          principal.id,
          input.origin,
        ),
      );
    },

    /**
     * The system's path (the `sesame apikey create` command): a key for the organisation of
     * a domain, acting as nobody but recorded as "sesame-cli".
     */
    /**
     * The CLI's key: for the organisation of `domain`, or for the only organisation when no
     * domain is given (a single-organisation Sesame, the common case).
     */
    async createForDomain(
      input: CreateApiKeyInput & { domain?: string | undefined },
    ): Promise<CreatedApiKey & { organisationId: string }> {
      const valid = validate(input);
      const organisation = await organisationForCli(input.domain);
      const created = await store.transaction((tx) =>
        insert(
          tx,
          organisation.id,
          valid,
          { id: "sesame-cli", name: "sesame-cli" },
          null,
          input.origin,
        ),
      );
      return { ...created, organisationId: organisation.id };
    },

    /** The organisation's keys, newest first; never the keys themselves. */
    async list(principal: Principal): Promise<ApiKeyInfo[]> {
      assertMayManageApiKeys(principal);
      return (await listApiKeys(store, principal.organisationId)).map(toInfo);
    },

    async revoke(principal: Principal, keyId: string, origin: RequestOrigin): Promise<void> {
      assertMayManageApiKeys(principal);
      const apiKey = await findApiKey(store, principal.organisationId, keyId);
      if (!apiKey) throw keyNotFound();
      if (apiKey.revokedAt !== null)
        throw conflict(`The API key "${apiKey.name}" is already revoked.`);
      await store.transaction(async (tx) => {
        const at = now();
        if (!(await revokeApiKey(tx, principal.organisationId, apiKey.id, at))) {
          throw keyNotFound();
        }
        await audit(tx, at, {
          organisationId: principal.organisationId,
          activity: "revokeApiKey",
          result: "success",
          actor: actorOf(principal),
          target: { id: apiKey.id, name: apiKey.name },
          origin,
        });
      });
    },

    /**
     * The principal behind a bearer key, or undefined (malformed, unknown or revoked). The
     * lookup is by SHA-256 of a 256-bit secret, so it reveals nothing through timing.
     */
    async authenticate(bearer: string): Promise<Principal | undefined> {
      if (typeof bearer !== "string" || !API_KEY.test(bearer)) return undefined;
      const apiKey = await findApiKeyByHash(store, hashApiKey(bearer));
      if (!apiKey || apiKey.revokedAt !== null) return undefined;
      const at = now();
      if (apiKey.lastUsedAt === null || at - apiKey.lastUsedAt >= TOUCH_INTERVAL_MS) {
        await touchApiKey(store, apiKey.id, at, at - TOUCH_INTERVAL_MS);
      }
      return {
        kind: "apiKey",
        id: apiKey.id,
        name: apiKey.name,
        organisationId: apiKey.organisationId,
        roles: toRoleKeys(apiKey.roleTemplateIds),
      };
    },
  };
}

export type ApiKeys = ReturnType<typeof createApiKeys>;
