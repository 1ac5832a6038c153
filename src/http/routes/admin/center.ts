import type { FastifyInstance } from "fastify";
import type { HttpContext } from "../../context.js";
import { registerAdminApiKeyRoutes } from "./api-keys.js";
import { registerAdminAuditRoutes } from "./audit.js";
import { registerAdminAuthenticationMethodRoutes } from "./authentication-methods.js";
import { registerAdminBrandingRoutes } from "./branding.js";
import { adminCenterKit } from "./center-kit.js";
import { registerAdminGroupRoutes } from "./groups.js";
import { registerAdminPasswordResetPolicyRoutes } from "./password-reset-policy.js";
import { registerAdminResetRequestRoutes } from "./reset-requests.js";
import { registerAdminResultRoutes } from "./results.js";
import { registerAdminRoleRoutes } from "./roles.js";
import { registerAdminUserManagementRoutes } from "./user-management.js";
import { registerAdminUserRoutes } from "./users.js";

/**
 * The admin center (SPEC [S1], [S3]–[S5], [S9], [S12]): users, password resets and requests,
 * groups, roles, the audit log, API keys, the reset policy and company branding, in a scope of their own whose
 * error handler turns a typed service error into its page, so the routes need not.
 */
export async function registerAdminCenter(app: FastifyInstance, http: HttpContext) {
  await app.register(async (admin) => {
    admin.setErrorHandler(adminCenterKit(http).errorHandler);
    registerAdminUserRoutes(admin, http);
    registerAdminResetRequestRoutes(admin, http);
    registerAdminUserManagementRoutes(admin, http);
    registerAdminAuthenticationMethodRoutes(admin, http);
    registerAdminGroupRoutes(admin, http);
    registerAdminRoleRoutes(admin, http);
    registerAdminAuditRoutes(admin, http);
    registerAdminApiKeyRoutes(admin, http);
    registerAdminPasswordResetPolicyRoutes(admin, http);
    registerAdminResultRoutes(admin, http);
    await registerAdminBrandingRoutes(admin, http);
  });
}
