import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { ROLES, type RoleKey } from "../../src/domain/roles.js";
import type { Services } from "../../src/wiring.js";
import { origin } from "./seed.js";

/** A key for the organisation of `domain` with the given roles, as `sesame apikey create` makes it. */
export async function createApiKey(
  services: Services,
  domain: string,
  roles: readonly RoleKey[],
  name = `key ${roles.join(" ")}`,
): Promise<string> {
  const created = await services.admin.apiKeys.createForDomain({
    name,
    roles: roles.map((role) => ROLES[role].displayName),
    domain,
    origin,
  });
  return created.key;
}

export interface ApiResponse extends LightMyRequestResponse {
  /** The body parsed as JSON (undefined when empty). */
  data: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A JSON client of /api/v1 over app.inject, with a bearer key. Paths are relative to /api/v1. */
export function apiClient(app: FastifyInstance, key: string | undefined) {
  async function call(
    method: "GET" | "POST" | "PATCH" | "DELETE",
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse> {
    const url = path.startsWith("http") ? new URL(path).pathname + new URL(path).search : path;
    const response = await app.inject({
      method,
      url: url.startsWith("/api/") ? url : `/api/v1${url}`,
      headers: {
        ...(key === undefined ? {} : { authorization: `Bearer ${key}` }),
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    const data: unknown = response.body === "" ? undefined : safeJson(response.body);
    return Object.assign(response, { data });
  }
  return {
    get: (path: string, headers?: Record<string, string>) => call("GET", path, undefined, headers),
    post: (path: string, body?: unknown, headers?: Record<string, string>) =>
      call("POST", path, body, headers),
    patch: (path: string, body?: unknown, headers?: Record<string, string>) =>
      call("PATCH", path, body, headers),
    delete: (path: string, headers?: Record<string, string>) =>
      call("DELETE", path, undefined, headers),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
