import type { FastifyInstance } from "fastify";
import { RolesPage } from "../../../views/pages/admin/roles.js";
import type { HttpContext } from "../../context.js";
import { adminCenterKit } from "./center-kit.js";

/** Roles: who holds what (SPEC [S1]); assigning and removing happen on a user's page. */
export function registerAdminRoleRoutes(app: FastifyInstance, http: HttpContext) {
  const { roles } = http.services.admin;
  const kit = adminCenterKit(http);

  app.get("/admin/roles", { preHandler: kit.adminOnly }, async (request, reply) => {
    const principal = kit.principalOf(request);
    const definitions = roles.listDefinitions(principal);
    const assignments = await roles.listAssignments(principal);
    return http.sendPage(
      reply,
      RolesPage({
        page: http.pageContext(request, reply),
        roles: definitions.map((role) => ({
          role,
          holders: assignments
            .filter((assignment) => assignment.roleKey === role.key)
            .sort((a, b) => a.principalDisplayName.localeCompare(b.principalDisplayName)),
        })),
      }),
    );
  });
}
