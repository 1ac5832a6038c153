import { randomBytes } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Refill } from "../views/render.js";

declare module "fastify" {
  interface FastifyRequest {
    /** The form this page shows again as it was sent, when its CSRF token was refused. */
    refill: Refill | undefined;
  }
}

// Names the fields an internal request puts back; from outside it finds nothing.
const REFILL_HEADER = "x-sesame-refill";

/**
 * A form refused for its CSRF token (expired, or its cookie gone) comes back as the person
 * left it: the page that shows the form is loaded again inside the server, with a fresh token,
 * what they typed (never a secret: passwords, answers, codes) and the message above it.
 * `reload` returns undefined when no page shows that form (an action button's own address),
 * for the caller's plain message page.
 */
export function formReloading(app: FastifyInstance) {
  const pending = new Map<string, Refill>();
  app.decorateRequest("refill", undefined);
  const refillOf = (request: FastifyRequest) => {
    const id = request.headers[REFILL_HEADER];
    return typeof id === "string" ? pending.get(id) : undefined;
  };
  app.addHook("onRequest", async (request) => {
    request.refill = refillOf(request);
  });

  const reload = async (
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<FastifyReply | undefined> => {
    const action = request.url.split("?")[0] ?? "/";
    if (request.method !== "POST" || !action.startsWith("/")) return undefined;
    const id = randomBytes(16).toString("base64url");
    pending.set(id, { action, fields: fieldsOf(request.body) });
    try {
      // The form's page is at its own address (Add user, Reset password) or, for a button,
      // one step up (a user's page for /admin/users/{id}/unlock).
      for (const url of [action, action.replace(/\/[^/]+\/?$/, "") || "/"]) {
        const page = await app.inject({
          method: "GET",
          url,
          headers: {
            cookie: request.headers.cookie ?? "",
            "accept-language": request.headers["accept-language"] ?? "",
            "user-agent": request.headers["user-agent"] ?? "",
            [REFILL_HEADER]: id,
          },
        });
        const html = String(page.headers["content-type"] ?? "").startsWith("text/html");
        if (page.statusCode !== 200 || !html) continue;
        // A new CSRF secret, when the old cookie was gone.
        const cookies = page.headers["set-cookie"];
        if (cookies) reply.header("set-cookie", cookies);
        return reply
          .status(403)
          .header("cache-control", "no-store")
          .type("text/html; charset=utf-8")
          .send(page.body);
      }
      return undefined;
    } finally {
      pending.delete(id);
    }
  };
  return {
    reload,
    /** An internal request showing a form again (from outside, the header finds nothing). */
    isReload: (request: FastifyRequest) => refillOf(request) !== undefined,
  };
}

/** A parsed form body as each field's values, in order. */
function fieldsOf(body: unknown): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  if (typeof body !== "object" || body === null) return fields;
  for (const [name, value] of Object.entries(body)) {
    const values = (Array.isArray(value) ? value : [value]).filter(
      (item): item is string => typeof item === "string",
    );
    if (values.length > 0) fields[name] = values;
  }
  return fields;
}
