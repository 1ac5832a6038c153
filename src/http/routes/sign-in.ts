import type { FastifyInstance, FastifyReply } from "fastify";
import { isSesameError, type ErrorCode } from "../../services/errors.js";
import type { MessageKey } from "../../views/i18n.js";
import { SignInPage } from "../../views/pages/sign-in.js";
import type { AppConfig, HttpContext } from "../context.js";
import { statusOf } from "../errors.js";
import { lockedMinutesOf, requiredFields } from "../form-errors.js";
import { textOf, type Form } from "../forms.js";
import { afterSignIn } from "./registration.js";

/** Sign-in's own words for why it refused: never which of User ID and password was wrong. */
const REFUSALS: Partial<Record<ErrorCode, MessageKey>> = {
  invalidCredentials: "signIn.invalidCredentials",
  accountLocked: "signIn.locked",
  signInBlocked: "signIn.blocked",
};

const NOTICES = {
  "signed-out": "signIn.signedOut",
  "password-changed": "signIn.passwordChanged",
} as const;

export function registerSignInRoutes(app: FastifyInstance, http: HttpContext, config: AppConfig) {
  const { services } = http;

  const setSessionCookie = (reply: FastifyReply, token: string) =>
    reply.setCookie(http.cookies.session, token, {
      path: "/",
      httpOnly: true,
      sameSite: "lax",
      secure: http.secureCookies,
    });

  app.get("/", async (request, reply) =>
    reply.redirect(request.auth ? "/myaccount" : "/signin", 303),
  );

  app.get<{ Querystring: { notice?: string } }>("/signin", async (request, reply) => {
    if (request.auth) return reply.redirect("/myaccount", 303);
    const notice = NOTICES[request.query.notice as keyof typeof NOTICES];
    return http.sendPage(
      reply,
      SignInPage({
        page: http.pageContext(request, reply),
        errors: [],
        notice: notice && request.t(notice),
      }),
    );
  });

  app.post<{ Body: Form }>(
    "/signin",
    {
      config: {
        rateLimit: { max: config.signInRateLimitPerMinute, timeWindow: "1 minute" },
        allowPendingPasswordChange: true,
      },
    },
    async (request, reply) => {
      const t = request.t;
      const body = request.body ?? {};
      const userId = textOf(body, "userId").trim();
      const render = (status: number, errors: { field?: string; message: string }[]) =>
        http.sendPage(
          reply,
          SignInPage({ page: http.pageContext(request, reply), userId, errors }),
          status,
        );

      const missing = requiredFields(t, body, {
        userId: "required.userId",
        password: "required.password",
      });
      if (missing.length > 0) return render(400, missing);
      try {
        const signedIn = await services.signIn({
          userId,
          password: textOf(body, "password"),
          origin: http.origin(request),
        });
        // The old session (if any) ends: a fresh id at every sign-in.
        await services.sessions.end(request.cookies[http.cookies.session]);
        setSessionCookie(reply, signedIn.token);
        // A temporary password is changed first; registration (SPEC [S8]) comes after it.
        if (signedIn.mustChangePassword) return reply.redirect("/password/update", 303);
        return reply.redirect(await afterSignIn(http, signedIn), 303);
      } catch (error) {
        if (!isSesameError(error)) throw error;
        const refusal = REFUSALS[error.code];
        if (!refusal) throw error;
        const minutes = lockedMinutesOf(error);
        if (minutes !== undefined) {
          return render(statusOf(error), [{ message: t("signIn.lockedFor", { minutes }) }]);
        }
        return render(statusOf(error), [{ message: t(refusal) }]);
      }
    },
  );

  app.post("/signout", { config: { allowPendingPasswordChange: true } }, async (request, reply) => {
    if (request.auth) await services.sessions.signOut(request.auth, http.origin(request));
    reply.clearCookie(http.cookies.session, { path: "/", secure: http.secureCookies });
    return reply.redirect("/signin?notice=signed-out", 303);
  });
}
