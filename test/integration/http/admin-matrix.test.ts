import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { RESET_MATRIX, type TargetRole } from "../../../src/domain/permissions.js";
import { ROLES, type RoleKey } from "../../../src/domain/roles.js";
import type { User } from "../../../src/store/users.js";
import { grantRoles } from "../../support/admins.js";
import { buildTestApp, Client, csrfTokenOf } from "../../support/http.js";
import { seedOrganisation, USER_PASSWORD } from "../../support/seed.js";
import { describeEachStore } from "../../support/stores.js";

const ALL_ROLES = Object.keys(ROLES) as RoleKey[];
const TARGET_ROLES = Object.keys(RESET_MATRIX) as TargetRole[];

/** SPEC [S3] through the admin center: the same one matrix, every role pair, over HTTP. */
describeEachStore("admin center enforces who may reset whom", (fx) => {
  let app: FastifyInstance;
  const actors = new Map<RoleKey, Client>();
  const targets = new Map<TargetRole, User>();

  beforeAll(async () => {
    app = await buildTestApp(fx, { SESAME_SIGNIN_RATE_LIMIT: "1000" });
    const org = await seedOrganisation(fx.services);
    for (const role of ALL_ROLES) {
      const { user } = await org.addUser(`web-actor-${role.toLowerCase()}`);
      await grantRoles(fx.store, user, [role]);
      const client = new Client(app);
      await client.signIn(user.userPrincipalName, USER_PASSWORD);
      actors.set(role, client);
    }
    for (const role of TARGET_ROLES) {
      const { user } = await org.addUser(`web-target-${role.toLowerCase()}`);
      if (role !== "none") await grantRoles(fx.store, user, [role]);
      targets.set(role, user);
    }
  });
  afterAll(() => app.close());

  for (const actorRole of ALL_ROLES) {
    for (const targetRole of TARGET_ROLES) {
      const allowed = (RESET_MATRIX[targetRole] as readonly RoleKey[]).includes(actorRole);
      it(`${actorRole} ${allowed ? "resets" : "is refused for"} ${targetRole}`, async () => {
        const client = actors.get(actorRole);
        const target = targets.get(targetRole);
        if (!client || !target) throw new Error("fixture missing");
        const details = await client.get(`/admin/users/${target.id}`);
        expect(details.statusCode).toBe(200);
        expect(details.body.includes(`/admin/users/${target.id}/reset-password`)).toBe(allowed);
        const response = await client.post(`/admin/users/${target.id}/reset-password`, {
          _csrf: csrfTokenOf(details.body),
          mode: "generate",
          forceChange: "on",
        });
        expect(response.statusCode).toBe(allowed ? 303 : 403);
      });
    }
  }
});
