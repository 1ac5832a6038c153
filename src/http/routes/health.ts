import type { FastifyInstance } from "fastify";
import type { HttpContext } from "../context.js";

/** Liveness (the process answers) and readiness (the store answers), for load balancers. */
export function registerHealthRoutes(app: FastifyInstance, http: HttpContext) {
  const quiet = { logLevel: "warn" as const, config: { rateLimit: false as const } };
  app.get("/healthz", quiet, async () => ({ status: "ok" }));
  app.get("/readyz", quiet, async (request, reply) => {
    try {
      await http.store.ping();
      return { status: "ready", database: http.store.dialect };
    } catch (error) {
      request.log.warn({ err: error }, "store unreachable");
      return reply.status(503).send({ status: "unavailable", database: http.store.dialect });
    }
  });
}
