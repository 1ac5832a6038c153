import type { FastifyReply, FastifyRequest } from "fastify";
import type { VNode } from "preact";
import type { Config } from "../config.js";
import type { BrandingLook } from "../domain/branding.js";
import type { Language } from "../domain/languages.js";
import type { Principal } from "../services/admin/principal.js";
import type { RequestOrigin } from "../services/context.js";
import type { Services } from "../wiring.js";
import type { ActiveSession } from "../services/sessions.js";
import type { Store } from "../store/database.js";
import type { PageContext } from "../views/components.js";
import type { Translate } from "../views/i18n.js";

// What the app (app.ts) sets up and every route module uses: kept apart from the app so
// that the routes it registers don't import it back.

declare module "fastify" {
  interface FastifyRequest {
    auth: ActiveSession | undefined;
    /** The signed-in user as an actor, with their admin roles. */
    principal: Principal | undefined;
    language: Language;
    t: Translate;
    /** The organisation's branding for a page (none for the API and assets). */
    look: BrandingLook | undefined;
  }
  interface FastifyContextConfig {
    /** Reachable while a temporary password waits to be changed. */
    allowPendingPasswordChange?: boolean;
  }
}

export type AppConfig = Pick<
  Config,
  "publicUrl" | "trustProxy" | "signInRateLimitPerMinute" | "redisUrl" | "logLevel"
>;

/** What every route needs from the app, handed to route modules so they stay thin. */
export interface HttpContext {
  services: Services;
  store: Store;
  cookies: { session: string; language: string; reset: string };
  secureCookies: boolean;
  pageContext(request: FastifyRequest, reply: FastifyReply): PageContext;
  origin(request: FastifyRequest): RequestOrigin;
  sendPage(reply: FastifyReply, page: VNode, status?: number): FastifyReply;
  /** A page that only says something, with one link onward: an error, a notice, a flow's end. */
  messagePage(
    request: FastifyRequest,
    reply: FastifyReply,
    message: MessagePageText,
    status?: number,
  ): FastifyReply;
}

/** What a message page says, in the reader's language. */
export interface MessagePageText {
  title: string;
  message: string;
  link: { href: string; text: string };
}
