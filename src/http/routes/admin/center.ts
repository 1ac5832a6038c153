import type { FastifyInstance } from "fastify";
import type { HttpContext } from "../../context.js";
import { registerAdminApiKeyRoutes } from "./api-keys.js";
import { registerAdminAuditRoutes } from "./audit.js";
import { registerAdminAuthenticationMethodRoutes } from "./authentication-methods.js";
import { registerAdminGroupRoutes } from "./groups.js";
import { registerAdminPasswordResetPolicyRoutes } from "./password-reset-policy.js";
import { registerAdminRoleRoutes } from "./roles.js";
import { registerAdminUserManagementRoutes } from "./user-management.js";

/**
 * The admin center beyond a user's page and the reset dialog (issue 3): add, edit, delete
 * and restore users, groups, who holds which role, the audit log and API keys.
 */
export function registerAdminCenterRoutes(app: FastifyInstance, http: HttpContext) {
  registerAdminUserManagementRoutes(app, http);
  registerAdminAuthenticationMethodRoutes(app, http);
  registerAdminGroupRoutes(app, http);
  registerAdminRoleRoutes(app, http);
  registerAdminAuditRoutes(app, http);
  registerAdminApiKeyRoutes(app, http);
  registerAdminPasswordResetPolicyRoutes(app, http);
}
