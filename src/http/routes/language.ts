import type { FastifyInstance } from "fastify";
import { supportedLanguage } from "../../domain/languages.js";
import type { HttpContext } from "../context.js";
import { textOf, type Form } from "../forms.js";

const HERE = new URL("http://sesame.invalid/");

/**
 * Where to go back to: a path on this site, percent-encoded as a URL holds it (so that no
 * character can make the Location header invalid), else the start page. Never another site,
 * however the path is written ("//host", "/\\host", "/..//host").
 */
function sameSitePath(text: string): string {
  if (!text.startsWith("/")) return "/";
  let url: URL;
  try {
    url = new URL(text, HERE);
  } catch {
    return "/";
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  return url.origin === HERE.origin && !/^\/[/\\]/.test(path) ? path : "/";
}

/** The footer's language switch: remembered in a cookie, and as the user's preference when signed in. */
export function registerLanguageRoutes(app: FastifyInstance, http: HttpContext) {
  app.post<{ Body: Form }>(
    "/language",
    { config: { allowPendingPasswordChange: true } },
    async (request, reply) => {
      const language = supportedLanguage(String(request.body?.language ?? ""));
      const target = sameSitePath(textOf(request.body ?? {}, "return"));
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
