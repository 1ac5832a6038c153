import path from "node:path";
import { createRequire } from "node:module";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import { ALTCHA_ASSETS, CAPTCHA_CHALLENGE_PATH } from "../../views/captcha.js";
import type { HttpContext } from "../context.js";

// The strict-CSP build (no inline styles, no blob: workers), its stylesheet and the one
// worker our algorithm needs; nothing else of the package is reachable.
const ALTCHA_FILES = new Set(["/external/altcha.js", "/external/altcha.css", "/workers/pbkdf2.js"]);

const ALTCHA_DIST = path.dirname(
  path.dirname(createRequire(import.meta.url).resolve("altcha/external")),
);

export async function registerCaptchaRoutes(app: FastifyInstance, http: HttpContext) {
  // Each browser may solve a challenge a couple of times a minute; more is a script.
  app.get(
    CAPTCHA_CHALLENGE_PATH,
    { config: { rateLimit: { max: 30, timeWindow: "1 minute" } } },
    async (_request, reply) =>
      reply.header("cache-control", "no-store").send(await http.services.captcha.challenge()),
  );

  await app.register(fastifyStatic, {
    root: ALTCHA_DIST,
    prefix: ALTCHA_ASSETS,
    decorateReply: false,
    maxAge: "1h",
    allowedPath: (pathName) => ALTCHA_FILES.has(pathName),
  });
}
