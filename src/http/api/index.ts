import fastifySwagger from "@fastify/swagger";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { HttpContext } from "../context.js";
import { registerAuditLogApi } from "./audit-logs.js";
import { registerAuthenticationMethodApi } from "./authentication-methods.js";
import { API_TAGS, principalOf, type ApiContext } from "./context.js";
import { registerDeletedItemsApi } from "./deleted-items.js";
import { registerDocsApi } from "./docs.js";
import { GRAPH_CODES } from "../errors.js";
import { graphErrorBody, toGraphError, unauthenticated } from "./errors.js";
import { registerGroupApi } from "./groups.js";
import { registerOrganizationApi } from "./organization.js";
import { registerPolicyApi } from "./policies.js";
import { API_ROOT } from "./odata.js";
import { registerRoleManagementApi } from "./role-management.js";
import { registerUserApi } from "./users.js";
import { lazySerializerCompiler } from "./serialization.js";
import { typeBoxValidatorCompiler } from "./validation.js";
import { en } from "../../views/messages/en.js";

export interface ApiOptions {
  http: HttpContext;
}

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/**
 * The REST API ([B1]) at /api/v1: JSON shaped and named like Microsoft Graph, called with an
 * API key (`Authorization: Bearer <key>`) that acts as its principal through the same
 * services as the admin center. Cookies are never read here, so no CSRF check applies.
 */
export async function apiPlugin(api: FastifyInstance, options: ApiOptions): Promise<void> {
  const { http } = options;
  const { services } = http;
  const publicUrl = services.deps.publicUrl;

  // Registered in this scope, it documents this scope's routes only.
  await api.register(fastifySwagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Sesame REST API",
        version: "1.0.0",
        description: en["apiDocs.intro"],
      },
      servers: [{ url: new URL(API_ROOT, publicUrl).href }],
      tags: API_TAGS.map((tag) => ({ name: tag, description: en[`apiDocs.tag.${tag}`] })),
      components: {
        securitySchemes: {
          apiKey: {
            type: "http",
            scheme: "bearer",
            description: "An API key from `sesame apikey create` or the admin center.",
          },
        },
      },
      security: [{ apiKey: [] }],
    },
  });

  api.setValidatorCompiler(typeBoxValidatorCompiler);
  api.setSerializerCompiler(lazySerializerCompiler);
  // JSON only; an empty body (actions such as unlock) is no body.
  const json = api.getDefaultJsonParser("error", "error");
  api.removeAllContentTypeParsers();
  api.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    if (body === "") return done(null, undefined);
    return json(request, body as string, done);
  });

  // The key is the only credential: whatever the app resolved from cookies is dropped.
  api.addHook("onRequest", async (request) => {
    request.auth = undefined;
    request.principal = undefined;
    const bearer = BEARER.exec(request.headers.authorization ?? "")?.[1];
    if (bearer) request.principal = await services.admin.apiKeys.authenticate(bearer);
  });
  // After the rate limit (a route onRequest hook), so failed attempts count per address.
  api.addHook("preParsing", async (request) => {
    if (!request.principal && !request.routeOptions.config.apiPublic) throw unauthenticated();
  });
  api.addHook("onSend", async (_request, reply) => {
    reply.header("cache-control", "no-store");
  });

  api.setErrorHandler((error, request, reply) => sendError(request, reply, error));
  // Without a key, an unknown path is a 401 like any other (the preParsing hook runs first).
  api.setNotFoundHandler((request, reply) =>
    reply.status(404).send(
      graphErrorBody(request, {
        status: 404,
        code: GRAPH_CODES.notFound,
        message: `There is no ${request.method} ${request.url.split("?")[0] ?? ""} in this API.`,
      }),
    ),
  );

  const ctx: ApiContext = {
    services,
    http,
    publicUrl,
    principalOf,
    origin: (request) => http.origin(request),
    resolveUserId: async (request) => {
      const params = request.params as { id?: string };
      if (params.id?.includes("@")) {
        params.id = (
          await services.admin.usersRead.findByUserId(principalOf(request), params.id)
        ).id;
      }
    },
  };
  registerUserApi(api, ctx);
  registerAuthenticationMethodApi(api, ctx);
  registerDeletedItemsApi(api, ctx);
  registerRoleManagementApi(api, ctx);
  registerGroupApi(api, ctx);
  registerAuditLogApi(api, ctx);
  registerPolicyApi(api, ctx);
  registerOrganizationApi(api, ctx);
  registerDocsApi(api, ctx);
}

function sendError(request: FastifyRequest, reply: FastifyReply, error: unknown) {
  const graph = toGraphError(error, request.routeOptions.config.apiFields);
  if (graph.retryAfterSeconds !== undefined) {
    reply.header("retry-after", String(graph.retryAfterSeconds));
  }
  if (graph.status === 503) {
    // An outage, not a bug: one line per request, no stack.
    const { message, code } = error as { message?: unknown; code?: unknown };
    request.log.warn({ error: message, code }, "store unavailable");
  } else if (graph.status >= 500) {
    request.log.error({ err: error }, "API request failed");
  }
  if (graph.status === 401) reply.header("www-authenticate", 'Bearer realm="sesame"');
  return reply.status(graph.status).send(graphErrorBody(request, graph));
}
