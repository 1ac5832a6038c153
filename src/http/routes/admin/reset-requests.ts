import type { FastifyInstance } from "fastify";
import { findUser } from "../../../store/users.js";
import { ResetRequestsPage } from "../../../views/pages/admin/reset-requests.js";
import type { HttpContext } from "../../context.js";
import { adminCenterKit } from "./center-kit.js";

/** Admin center > Password reset requests (SPEC [S4]). */
export function registerAdminResetRequestRoutes(app: FastifyInstance, http: HttpContext) {
  const { resetRequests } = http.services;
  const { adminOnly, principalOf } = adminCenterKit(http);

  app.get<{ Querystring: { dismissed?: string } }>(
    "/admin/requests",
    { preHandler: adminOnly },
    async (request, reply) => {
      const principal = principalOf(request);
      const requests = await resetRequests.listOpen(principal);
      const dismissed =
        request.query.dismissed && (await findUser(http.store, request.query.dismissed));
      return http.sendPage(
        reply,
        ResetRequestsPage({
          page: http.pageContext(request, reply),
          requests,
          notice:
            dismissed && dismissed.organisationId === principal.organisationId
              ? request.t("admin.requests.dismissed", { name: dismissed.displayName })
              : undefined,
        }),
      );
    },
  );

  app.post<{ Params: { id: string } }>(
    "/admin/requests/:id/dismiss",
    { preHandler: adminOnly },
    async (request, reply) => {
      await resetRequests.dismiss(principalOf(request), request.params.id, http.origin(request));
      return reply.redirect(
        `/admin/requests?dismissed=${encodeURIComponent(request.params.id)}`,
        303,
      );
    },
  );
}
