import { randomUUID } from "node:crypto";
import { ROLES, type RoleKey } from "../../src/domain/roles.js";
import { principalOfUser, type Principal } from "../../src/services/admin/principal.js";
import type { Store } from "../../src/store/database.js";
import { insertRoleAssignment } from "../../src/store/roles.js";
import type { User } from "../../src/store/users.js";

export async function grantRoles(
  store: Store,
  user: User,
  roles: readonly RoleKey[],
): Promise<void> {
  for (const role of roles) {
    await insertRoleAssignment(store, {
      id: randomUUID(),
      organisationId: user.organisationId,
      principalId: user.id,
      roleTemplateId: ROLES[role].id,
      createdAt: Date.now(),
    });
  }
}

export async function principalWithRoles(
  store: Store,
  user: User,
  roles: readonly RoleKey[],
): Promise<Principal> {
  await grantRoles(store, user, roles);
  return principalOfUser(store, user);
}
