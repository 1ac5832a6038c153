import type { FastifyInstance } from "fastify";
import { isUuid } from "../../domain/page-token.js";
import type { HttpContext } from "../context.js";

/**
 * An organisation's logo and theme for anyone: the sign-in page shows them before anybody
 * signs in. Their links carry the branding's version, so a browser may keep them a day.
 */
export function registerBrandingRoutes(app: FastifyInstance, http: HttpContext) {
  const { branding } = http.services;
  type Params = { Params: { organisationId: string } };

  app.get<Params>("/branding/:organisationId/logo", async (request, reply) => {
    const { organisationId } = request.params;
    const logo = isUuid(organisationId) ? await branding.logo(organisationId) : undefined;
    if (!logo) return reply.status(404).type("text/plain; charset=utf-8").send("No logo.");
    return reply
      .header("cache-control", "public, max-age=86400")
      .type(logo.type)
      .send(Buffer.from(logo.bytes));
  });

  // The accent as a stylesheet of its own: the pages' CSP allows no inline style. The dark
  // theme keeps Sesame's accent, which the chosen colour (checked against white) may not suit.
  app.get<Params>("/branding/:organisationId/theme.css", async (request, reply) => {
    const { organisationId } = request.params;
    const look = isUuid(organisationId) ? await branding.look(organisationId) : undefined;
    const accent = look?.accentColour;
    if (!accent) return reply.status(404).type("text/plain; charset=utf-8").send("No theme.");
    return reply
      .header("cache-control", "public, max-age=86400")
      .type("text/css; charset=utf-8")
      .send(
        `@media not (prefers-color-scheme: dark) {\n  :root {\n    --accent: ${accent};\n  }\n}\n`,
      );
  });
}
