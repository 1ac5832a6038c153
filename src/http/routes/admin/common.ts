import type { FastifyReply, FastifyRequest } from "fastify";
import { isAdministrator } from "../../../domain/permissions.js";
import type { Principal } from "../../../services/admin/principal.js";
import { isSesameError, type SesameError } from "../../../services/errors.js";
import type { MessageKey } from "../../../views/i18n.js";
import { MessagePage } from "../../../views/pages/message.js";
import type { HttpContext } from "../../context.js";

const ERROR_PAGE: Partial<Record<SesameError["code"], { status: number; key: MessageKey }>> = {
  forbidden: { status: 403, key: "error.forbidden" },
  notFound: { status: 404, key: "error.userNotFound" },
  managedOnPremises: { status: 409, key: "error.managedOnPremises" },
};

/** What every admin center route shares: the gate, the acting principal, error pages. */
export function adminRouteKit(http: HttpContext) {
  const messagePage = (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    key: MessageKey,
  ) =>
    http.sendPage(
      reply,
      MessagePage({
        page: http.pageContext(request, reply),
        title: request.t("admin.title"),
        message: request.t(key),
        link: { href: "/admin/users", text: request.t("admin.users.title") },
      }),
      status,
    );

  return {
    messagePage,

    /** Signed in with at least one admin role; what each role may do is decided by the services. */
    adminOnly: async (request: FastifyRequest, reply: FastifyReply) => {
      if (!request.auth) return reply.redirect("/signin", 303);
      if (!isAdministrator(request.principal?.roles ?? [])) {
        return messagePage(request, reply, 403, "admin.noAccess");
      }
    },

    principalOf: (request: FastifyRequest): Principal => {
      if (!request.principal) throw new Error("adminOnly runs first");
      return request.principal;
    },

    /** A typed service error as its page (403, 404, 409); anything else is a real failure. */
    handleError: (request: FastifyRequest, reply: FastifyReply, error: unknown) => {
      const page = isSesameError(error) ? ERROR_PAGE[error.code] : undefined;
      if (!page) throw error;
      return messagePage(request, reply, page.status, page.key);
    },
  };
}
