import { randomBytes } from "node:crypto";
import { maxHeaderSize } from "node:http";
import path from "node:path";
import fastifyCookie from "@fastify/cookie";
import fastifyCsrf from "@fastify/csrf-protection";
import fastifyFormbody from "@fastify/formbody";
import fastifyHelmet from "@fastify/helmet";
import fastifyRateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RouteOptions,
} from "fastify";
import { Redis } from "ioredis";
import { isHttps } from "../config.js";
import { PACKAGE_ROOT } from "../package-root.js";
import type { Services } from "../wiring.js";
import { capabilitiesOf, isAdministrator } from "../domain/permissions.js";
import { principalOfUser } from "../services/admin/principal.js";
import { isSesameError } from "../services/errors.js";
import type { Store } from "../store/database.js";
import { chooseLanguage, translator, type Translate } from "../views/i18n.js";
import { MessagePage } from "../views/pages/message.js";
import { renderDocument } from "../views/render.js";
import { apiPlugin } from "./api/index.js";
import type { AppConfig, HttpContext } from "./context.js";
import { asServiceError, ERROR_ANSWERS, temporary } from "./errors.js";
import { registerAccountRoutes } from "./routes/account.js";
import { registerAdminCenter } from "./routes/admin/center.js";
import { registerHealthRoutes } from "./routes/health.js";
import { registerLanguageRoutes } from "./routes/language.js";
import { registerSetupRoutes } from "./routes/setup.js";
import { registerSignInRoutes } from "./routes/sign-in.js";
import { registerRecoverRoutes } from "./routes/recover.js";
import { registerSecurityInfoRoutes } from "./routes/security-info.js";
import { registerRegistrationRoutes } from "./routes/registration.js";
import { registerCaptchaRoutes } from "./routes/captcha.js";
import { registerBrandingRoutes } from "./routes/branding.js";
import { rateLimitKey, rememberClientAddress } from "./client-address.js";
import { connectedOrNot, sharedCounters } from "./rate-limit-store.js";
import { refuseUnacceptableInput, routableAddress, UnacceptableInput } from "./input-boundary.js";
import { formReloading } from "./form-reload.js";

export interface AppOptions {
  config: AppConfig;
  store: Store;
  services: Services;
  logger?: boolean;
  /** Where the log goes (standard output unless given): tests read it. */
  logStream?: NodeJS.WritableStream;
  /** Told of every route as it is added: the fuzz suite finds the routes so. */
  onRoute?: (route: RouteOptions) => void;
}

const PUBLIC_DIR = path.join(PACKAGE_ROOT, "public");

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, services, store } = options;
  const secure = isHttps(config);
  const app = Fastify({
    trustProxy: config.trustProxy,
    bodyLimit: 64 * 1024,
    logger:
      options.logger === false
        ? false
        : {
            level: config.logLevel,
            ...(options.logStream ? { stream: options.logStream } : {}),
            // Secrets never reach the log: request bodies are not logged, and these paths are censored.
            redact: [
              "req.headers.cookie",
              "req.headers.authorization",
              'res.headers["set-cookie"]',
            ],
            serializers: {
              // Query strings can carry single-use tokens (the setup link): log the path only.
              req: (request: { method: string; url: string; ip?: string }) => ({
                method: request.method,
                path: request.url.split("?")[0],
                ip: request.ip,
              }),
            },
          },
    genReqId: () => randomBytes(6).toString("hex"),
    // Every address reaches a route, even one the router could not decode: the route's
    // own way of answering (a page, or the API's error) then refuses it.
    rewriteUrl: (raw) => routableAddress(raw.url ?? "/"),
    // The router's default (100) refused the longest User IDs (113) with a 414 of its own;
    // no route has a pattern a long text could slow down, and Node caps an address anyway.
    routerOptions: { maxParamLength: maxHeaderSize },
  });
  if (options.onRoute) app.addHook("onRoute", options.onRoute);
  rememberClientAddress(app);

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(secure ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    referrerPolicy: { policy: "no-referrer" },
    hsts: secure ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    frameguard: { action: "deny" },
  });
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody);
  await app.register(fastifyCsrf, {
    cookieKey: secure ? "__Host-sesame-csrf" : "sesame-csrf",
    cookieOpts: { path: "/", sameSite: "lax", httpOnly: true, secure },
    getToken: (request) => (request.body as Record<string, string> | undefined)?._csrf,
  });
  // Counters shared through Redis when configured, so N instances enforce one limit.
  // While Redis is down or unreachable, a command fails at once (no offline queue) or after
  // half a second (a server that stopped answering), and the counters fall back to this
  // instance's own (http/rate-limit-store.ts).
  const redis = config.redisUrl
    ? new Redis(config.redisUrl, {
        connectTimeout: 500,
        commandTimeout: 500,
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
      })
    : undefined;
  // ioredis reports each failed reconnection; the store says what it means, once.
  redis?.on("error", () => undefined);
  // Without an offline queue, a request before the connection is up would count here alone.
  if (redis) await connectedOrNot(redis, 2_000);
  if (redis) app.addHook("onClose", async () => void (await redis.quit().catch(() => undefined)));
  const reloading = formReloading(app);
  await app.register(fastifyRateLimit, {
    global: true,
    max: 600,
    timeWindow: "1 minute",
    ...(redis ? { store: sharedCounters(redis, (message) => app.log.warn(message)) } : {}),
    skipOnError: false,
    keyGenerator: rateLimitKey,
    // A form shown again after a refused CSRF token: its request was counted already.
    allowList: (request) => reloading.isReload(request),
  });
  await app.register(fastifyStatic, { root: PUBLIC_DIR, prefix: "/assets/", maxAge: "1h" });

  const cookies = {
    session: secure ? "__Host-sesame-session" : "sesame-session",
    language: secure ? "__Host-sesame-language" : "sesame-language",
    // A self-service reset flow's token (SPEC [S6]).
    reset: secure ? "__Host-sesame-reset" : "sesame-reset",
  };

  app.decorateRequest("auth", undefined);
  app.decorateRequest("principal", undefined);
  app.decorateRequest("language", "en");
  app.decorateRequest("t", undefined as unknown as Translate);
  app.decorateRequest("look", undefined);

  refuseUnacceptableInput(app);

  // A form that shows a temporary error beside its fields (busy) still tells machines when.
  app.addHook("onSend", async (_request, reply) => {
    if (reply.statusCode === 503 && !reply.hasHeader("retry-after")) {
      reply.header("retry-after", String(ERROR_ANSWERS.busy.retryAfterSeconds));
    }
  });

  app.addHook("onRequest", async (request) => {
    if (request.url.startsWith("/assets/") || request.url.startsWith("/healthz")) return;
    // The REST API authenticates with a bearer key only, never with the session cookie.
    request.auth = isApiRequest(request)
      ? undefined
      : await services.sessions.resolve(request.cookies[cookies.session]);
    request.principal = request.auth && (await principalOfUser(store, request.auth.user));
    request.language = chooseLanguage({
      preference: request.auth?.user.preferredLanguage,
      cookie: request.cookies[cookies.language],
      acceptLanguage: request.headers["accept-language"],
    });
    request.t = translator(request.language);
    if (!isApiRequest(request) && !request.url.startsWith("/branding/")) {
      request.look = await services.branding.look(request.auth?.user.organisationId);
    }
  });

  // CSRF on every state-changing request (the sign-in form included, against login CSRF).
  app.addHook("preHandler", (request, reply, done) => {
    if (request.method === "GET" || request.method === "HEAD" || request.method === "OPTIONS") {
      return done();
    }
    // The API reads no cookies (bearer keys only), so a cross-site request carries nothing.
    if (isApiRequest(request)) return done();
    app.csrfProtection(request, reply, done);
  });

  // A temporary password must be changed before anything else is reachable.
  app.addHook("preHandler", async (request, reply) => {
    if (!request.auth?.user.forceChangePassword) return;
    if (request.routeOptions.config.allowPendingPasswordChange) return;
    return reply.redirect("/password/update", 303);
  });

  const pageContext: HttpContext["pageContext"] = (request, reply) => ({
    t: request.t,
    language: request.language,
    csrfToken: reply.generateCsrf(),
    path: request.url.split("?")[0] ?? "/",
    alert: request.refill && request.t("error.csrf"),
    look: request.look,
    signedIn: request.auth && {
      displayName: request.auth.user.displayName,
      organisationName: request.auth.organisationName,
      isAdmin: isAdministrator(request.principal?.roles ?? []),
      capabilities: capabilitiesOf(request.principal?.roles ?? []),
    },
  });
  const sendPage: HttpContext["sendPage"] = (reply, page, status = 200) =>
    reply
      .status(status)
      .header("cache-control", "no-store")
      .type("text/html; charset=utf-8")
      .send(renderDocument(page, reply.request.refill));

  const context: HttpContext = {
    services,
    store,
    cookies,
    secureCookies: secure,
    pageContext,
    origin: (request) => ({
      ip: request.clientAddress,
      userAgent: request.headers["user-agent"]?.slice(0, 512) ?? null,
    }),
    sendPage,
    messagePage: (request, reply, text, status = 200) =>
      sendPage(reply, MessagePage({ page: pageContext(request, reply), ...text }), status),
  };

  /** What went wrong, with a way back to the start (or to `href`). */
  const errorPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    message: string,
    status: number,
    href = "/",
  ) =>
    context.messagePage(
      request,
      reply,
      {
        title: request.t("error.pageTitle"),
        message,
        link: { href, text: request.t("error.goHome") },
      },
      status,
    );

  // Static files skip the language hook, and a refused request ends before it: their pages
  // are in the language of the page switch or the browser.
  const languageWithoutSession = (request: FastifyRequest) =>
    translator(
      chooseLanguage({
        cookie: request.cookies[cookies.language],
        acceptLanguage: request.headers["accept-language"],
      }),
    );

  app.setNotFoundHandler((request, reply) => {
    request.t ??= languageWithoutSession(request);
    return errorPage(request, reply, request.t("error.notFound"), 404);
  });

  app.setErrorHandler(
    async (error: Error & { statusCode?: number; code?: string }, request, reply) => {
      request.t ??= languageWithoutSession(request);
      const t = request.t;
      const status = error.statusCode ?? 500;
      if (error.code?.startsWith("FST_CSRF")) {
        const reloaded = await reloading.reload(request, reply);
        if (reloaded) return reloaded;
        return errorPage(
          request,
          reply,
          t("error.csrfNoForm"),
          403,
          request.url.split("?")[0] ?? "/",
        );
      }
      if (status === 429) return errorPage(request, reply, t("signIn.tooManyRequests"), 429);
      if (error instanceof UnacceptableInput) {
        return errorPage(request, reply, t("error.unacceptableInput"), 400);
      }
      const serviceError = asServiceError(error);
      if (isSesameError(serviceError) && temporary(serviceError.code)) {
        // An outage or an overload, not a bug: one line per request, no stack.
        request.log.warn({ error: error.message, code: error.code }, serviceError.message);
        const answer = ERROR_ANSWERS[serviceError.code];
        reply.header("retry-after", String(answer.retryAfterSeconds));
        return errorPage(request, reply, t(answer.page), answer.status);
      }
      if (status < 500) {
        return reply
          .status(status)
          .send({ error: { code: error.code ?? "badRequest", message: error.message } });
      }
      request.log.error({ err: error }, "request failed");
      return errorPage(request, reply, t("error.generic", { reference: request.id }), 500);
    },
  );

  registerHealthRoutes(app, context);
  registerSignInRoutes(app, context, config);
  registerRecoverRoutes(app, context);
  registerAccountRoutes(app, context);
  registerSecurityInfoRoutes(app, context);
  registerRegistrationRoutes(app, context);
  await registerCaptchaRoutes(app, context);
  registerSetupRoutes(app, context);
  registerLanguageRoutes(app, context);
  registerBrandingRoutes(app, context);
  await registerAdminCenter(app, context);
  await app.register(apiPlugin, { prefix: "/api/v1", http: context });
  return app;
}

/** Requests under /api/ belong to the REST API (src/http/api), which never uses cookies. */
function isApiRequest(request: FastifyRequest): boolean {
  return request.url.startsWith("/api/");
}
