import { Type, type TSchema } from "@sinclair/typebox";
import type { FastifyRequest, FastifySchema, preHandlerAsyncHookHandler } from "fastify";
import type { RateLimitOptions } from "@fastify/rate-limit";
import type { Principal } from "../../services/admin/principal.js";
import type { RequestOrigin } from "../../services/context.js";
import type { Services } from "../../wiring.js";
import { en } from "../../views/messages/en.js";
import { rateLimitKey } from "../client-address.js";
import type { HttpContext } from "../context.js";
import { GraphErrorSchema, unauthenticated } from "./errors.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /** An API route reachable without a key (the OpenAPI document and its page). */
    apiPublic?: boolean;
    /** Service field names as this route's Graph properties, for error messages. */
    apiFields?: Readonly<Record<string, string>>;
  }
}

/** What every API resource module needs. */
export interface ApiContext {
  services: Services;
  http: HttpContext;
  /** SESAME_PUBLIC_URL: links in responses (@odata.nextLink) start here. */
  publicUrl: URL;
  /** The API key's principal; the authentication hook has already refused requests without one. */
  principalOf(request: FastifyRequest): Principal;
  origin(request: FastifyRequest): RequestOrigin;
  /**
   * Graph addresses a user as `{id | userPrincipalName}`: a User ID in the `id` path parameter
   * is replaced by the id of that user of the key's organisation (any case), before the handler.
   */
  resolveUserId: preHandlerAsyncHookHandler;
}

/** Operations by tag: the OpenAPI document and the docs page group them so. */
export const OPERATIONS = {
  listUsers: "users",
  createUser: "users",
  getUser: "users",
  updateUser: "users",
  deleteUser: "users",
  resetPassword: "users",
  revokeSignInSessions: "users",
  unlockUser: "users",
  listDeletedUsers: "directory",
  listDeletedUsersByType: "directory",
  restoreDeletedItem: "directory",
  listRoleDefinitions: "roleManagement",
  listRoleAssignments: "roleManagement",
  createRoleAssignment: "roleManagement",
  deleteRoleAssignment: "roleManagement",
  listGroups: "groups",
  createGroup: "groups",
  listGroupMembers: "groups",
  addGroupMember: "groups",
  removeGroupMember: "groups",
  listDirectoryAudits: "auditLogs",
  getPasswordResetPolicy: "policies",
  updatePasswordResetPolicy: "policies",
  listAuthenticationMethods: "authenticationMethods",
  listPhoneMethods: "authenticationMethods",
  getPhoneMethod: "authenticationMethods",
  createPhoneMethod: "authenticationMethods",
  updatePhoneMethod: "authenticationMethods",
  deletePhoneMethod: "authenticationMethods",
  listEmailMethods: "authenticationMethods",
  getEmailMethod: "authenticationMethods",
  createEmailMethod: "authenticationMethods",
  updateEmailMethod: "authenticationMethods",
  deleteEmailMethod: "authenticationMethods",
  listOrganization: "organization",
  getOrganization: "organization",
  listDomains: "organization",
  getDomain: "organization",
} as const;

export type OperationId = keyof typeof OPERATIONS;
export type ApiTag = (typeof OPERATIONS)[OperationId];
export const API_TAGS: readonly ApiTag[] = [
  "users",
  "authenticationMethods",
  "directory",
  "roleManagement",
  "groups",
  "auditLogs",
  "policies",
  "organization",
];

// Per minute and per route: for each API key, and for each address without a valid key.
export const REQUESTS_PER_KEY = 600;
export const REQUESTS_PER_ADDRESS = 30;

export const API_RATE_LIMIT: RateLimitOptions = {
  timeWindow: "1 minute",
  keyGenerator: (request) =>
    request.principal ? `api-key:${request.principal.id}` : `api-ip:${rateLimitKey(request)}`,
  max: (_request, key) => (key.startsWith("api-key:") ? REQUESTS_PER_KEY : REQUESTS_PER_ADDRESS),
};

/** The 204 response of an operation that has nothing to say once done. */
export const NoContent = Type.Null({ description: "Done" });

interface OperationSchema extends FastifySchema {
  response?: Record<number, TSchema>;
}

/**
 * The route options of an API operation: its schema (documented in the OpenAPI document,
 * with the summary from the English catalogue), the API's rate limit, the Graph error
 * responses.
 */
export function operation(
  id: OperationId,
  schema: OperationSchema,
  options: {
    fields?: Readonly<Record<string, string>>;
    preHandler?: preHandlerAsyncHookHandler;
  } = {},
) {
  return {
    schema: {
      operationId: id,
      summary: en[`apiDocs.op.${id}`],
      tags: [OPERATIONS[id]],
      ...schema,
      response: { ...schema.response, "4xx": GraphErrorSchema, "5xx": GraphErrorSchema },
    },
    config: {
      rateLimit: API_RATE_LIMIT,
      ...(options.fields ? { apiFields: options.fields } : {}),
    },
    ...(options.preHandler ? { preHandler: options.preHandler } : {}),
  };
}

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthenticated();
  return request.principal;
}
