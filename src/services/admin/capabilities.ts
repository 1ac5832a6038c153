import { hasCapability } from "../../domain/permissions.js";
import { assignableApiKeyRoles } from "./api-keys.js";
import { mayManageRoles, type Principal } from "./principal.js";

/**
 * What the principal may do in the admin center beyond one user's page (where
 * `allowedActions` answers): the pages offer only these, and the services enforce the same.
 */
export interface AdminAllowed {
  readDirectory: boolean;
  addUsers: boolean;
  manageGroups: boolean;
  manageRoles: boolean;
  readAudit: boolean;
  manageApiKeys: boolean;
}

export function adminAllowed(principal: Principal): AdminAllowed {
  const { roles } = principal;
  return {
    readDirectory: hasCapability(roles, "readDirectory"),
    addUsers: hasCapability(roles, "manageUsers"),
    manageGroups: hasCapability(roles, "manageGroups"),
    manageRoles: mayManageRoles(principal),
    readAudit: hasCapability(roles, "readAudit"),
    manageApiKeys: assignableApiKeyRoles(principal).length > 0,
  };
}
