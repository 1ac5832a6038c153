import type { FastifyInstance } from "fastify";
import type { HttpContext } from "../context.js";

/**
 * How long readiness waits for the store. A load balancer's probe wants a quick no: with
 * PostgreSQL unreachable (not refusing), a query would wait for the pool's connection timeout.
 */
export const READY_TIMEOUT_MS = 1_000;

/** Resolves when `work` does, rejects when it fails or takes longer than `ms`. */
async function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Liveness (the process answers) and readiness (the store answers), for load balancers. */
export function registerHealthRoutes(app: FastifyInstance, http: HttpContext) {
  const quiet = { logLevel: "warn" as const, config: { rateLimit: false as const } };
  app.get("/healthz", quiet, async () => ({ status: "ok" }));
  app.get("/readyz", quiet, async (request, reply) => {
    try {
      await within(http.store.ping(), READY_TIMEOUT_MS);
      return { status: "ready", database: http.store.dialect };
    } catch (error) {
      request.log.warn({ error: (error as Error).message }, "store unreachable");
      return reply.status(503).send({ status: "unavailable", database: http.store.dialect });
    }
  });
}
