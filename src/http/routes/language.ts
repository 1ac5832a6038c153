import type { FastifyInstance } from "fastify";
import { supportedLanguage } from "../../domain/languages.js";
import type { HttpContext } from "../context.js";
import type { Form } from "../forms.js";

/** The footer's language switch: remembered in a cookie, and as the user's preference when signed in. */
export function registerLanguageRoutes(app: FastifyInstance, http: HttpContext) {
  app.post<{ Body: Form }>(
    "/language",
    { config: { allowPendingPasswordChange: true } },
    async (request, reply) => {
      const language = supportedLanguage(String(request.body?.language ?? ""));
      const back = String(request.body?.return ?? "/");
      // Only a local path: never an open redirect.
      const target = /^\/(?![/\\])[^\s]*$/.test(back) ? back : "/";
      if (language) {
        reply.setCookie(http.cookies.language, language, {
          path: "/",
          httpOnly: true,
          sameSite: "lax",
          secure: http.secureCookies,
          maxAge: 365 * 24 * 3600,
        });
        if (request.auth)
          await http.services.directory.setPreferredLanguage(request.auth.user.id, language);
      }
      return reply.redirect(target, 303);
    },
  );
}
