import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ROLES } from "../../../src/domain/roles.js";
import { findRoleTemplateIds } from "../../../src/store/roles.js";
import { adminCenterScene } from "../../support/admin-center.js";
import { buildTestApp, Client, csrfTokenOf } from "../../support/http.js";
import { seedOrganisation, USER_PASSWORD } from "../../support/seed.js";
import { describeEachStore } from "../../support/stores.js";

const HELPDESK = ROLES.helpdeskAdministrator.id;
const GLOBAL = ROLES.globalAdministrator.id;

describeEachStore("admin center: roles", (fx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp(fx, { SESAME_SIGNIN_RATE_LIMIT: "1000" });
  });
  afterAll(() => app.close());

  const scene = () => adminCenterScene(app, fx.services, fx.store);
  const signedInMember = async (userId: string) => {
    const client = new Client(app);
    await client.signIn(userId, USER_PASSWORD);
    return client;
  };

  it("assigns a role from the user's page and removes it again", async () => {
    const { org, global } = await scene();
    const { user } = await org.addUser("promoted");
    const userPage = await global.get(`/admin/users/${user.id}`);
    // The user's page links to the question (a panel with JavaScript, a page without).
    expect(userPage.body).toContain(`href="/admin/users/${user.id}/roles" data-panel="true"`);
    const page = await global.get(`/admin/users/${user.id}/roles`);
    expect(page.body).toContain(`action="/admin/users/${user.id}/roles"`);
    expect(page.body).toMatch(
      new RegExp(`value="${HELPDESK}"[^>]*/><label[^>]*>Helpdesk Administrator</label>`),
    );
    expect(page.body).toContain("Allows: reading the directory, resetting passwords.");

    const assigned = await global.post(`/admin/users/${user.id}/roles`, {
      _csrf: csrfTokenOf(page.body),
      role: HELPDESK,
    });
    expect(assigned.headers.location).toBe(`/admin/users/${user.id}?done=role-assigned`);
    const after = await global.get(assigned.headers.location as string);
    expect(after.body).toContain("The role is assigned to promoted Tester.");
    expect(after.body).toContain('aria-label="Remove Helpdesk Administrator"');
    // Already held: not offered again, and refused when forced.
    const offered = await global.get(`/admin/users/${user.id}/roles`);
    expect(offered.body).not.toContain(`value="${HELPDESK}"`);
    const again = await global.post(`/admin/users/${user.id}/roles`, {
      _csrf: csrfTokenOf(after.body),
      role: HELPDESK,
    });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain("This user already holds that role.");

    const roles = await global.get("/admin/roles");
    expect(roles.statusCode).toBe(200);
    expect(roles.body).toMatch(
      new RegExp(
        `Helpdesk Administrator[^]*?<a href="/admin/users/${user.id}">promoted Tester</a>`,
      ),
    );
    expect(roles.body).toContain(`<a href="/admin/users/${org.user.id}">Ada Admin</a>`);

    const removed = await global.post(`/admin/users/${user.id}/roles/remove`, {
      _csrf: csrfTokenOf(after.body),
      role: HELPDESK,
    });
    expect(removed.headers.location).toBe(`/admin/users/${user.id}?done=role-removed`);
    expect(await findRoleTemplateIds(fx.store, user.id)).toEqual([]);
  });

  it("explains why the last Global Administrator keeps the role", async () => {
    const { org, global } = await scene();
    const page = await global.get(`/admin/users/${org.user.id}`);
    const refused = await global.post(`/admin/users/${org.user.id}/roles/remove`, {
      _csrf: csrfTokenOf(page.body),
      role: GLOBAL,
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain(
      "An organisation always keeps at least one Global Administrator. Assign the role to someone else first.",
    );
    expect(refused.body).toContain('class="error-summary"');
    expect(await findRoleTemplateIds(fx.store, org.user.id)).toEqual([GLOBAL]);
  });

  it("asks to choose a role when none is chosen", async () => {
    const { org, global } = await scene();
    const { user } = await org.addUser("undecided");
    const page = await global.get(`/admin/users/${user.id}`);
    const response = await global.post(`/admin/users/${user.id}/roles`, {
      _csrf: csrfTokenOf(page.body),
      role: "",
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(
      '<p class="error" id="role-error">Choose a role from the list.</p>',
    );
  });

  it("offers role changes only to those who manage roles", async () => {
    const { org, signInAs } = await scene();
    const { user } = await org.addUser("target");
    for (const role of ["helpdeskAdministrator", "userAdministrator", "reportsReader"] as const) {
      const { client } = await signInAs([role]);
      const page = await client.get(`/admin/users/${user.id}`);
      expect(page.body).not.toContain(`/admin/users/${user.id}/roles`);
      expect((await client.get(`/admin/users/${user.id}/roles`)).statusCode).toBe(403);
      const forced = await client.post(`/admin/users/${user.id}/roles`, {
        _csrf: csrfTokenOf(page.body),
        role: GLOBAL,
      });
      expect(forced.statusCode).toBe(403);
      // Everyone with an admin role may see who holds what.
      expect((await client.get("/admin/roles")).statusCode).toBe(200);
    }
    expect(await findRoleTemplateIds(fx.store, user.id)).toEqual([]);
    const { client: roleAdmin } = await signInAs(["privilegedRoleAdministrator"]);
    const page = await roleAdmin.get(`/admin/users/${user.id}`);
    const assigned = await roleAdmin.post(`/admin/users/${user.id}/roles`, {
      _csrf: csrfTokenOf(page.body),
      role: HELPDESK,
    });
    expect(assigned.statusCode).toBe(303);
  });

  it("keeps people without an admin role out of every section", async () => {
    const { org } = await scene();
    const { user } = await org.addUser("plain");
    const member = await signedInMember(user.userPrincipalName);
    for (const path of [
      "/admin/users/new",
      "/admin/users/deleted",
      `/admin/users/${user.id}/edit`,
      "/admin/groups",
      "/admin/groups/new",
      "/admin/roles",
      "/admin/audit",
      "/admin/api-keys",
      "/admin/api-keys/new",
    ]) {
      const page = await member.get(path);
      expect(page.statusCode, path).toBe(403);
      expect(page.body).toContain(
        "You don&#39;t have access to the admin center".replace("&#39;", "'"),
      );
    }
  });

  it("refuses a role change without the CSRF token", async () => {
    const { org, global } = await scene();
    const { user } = await org.addUser("nocsrf");
    const response = await global.post(`/admin/users/${user.id}/roles`, { role: GLOBAL });
    expect(response.statusCode).toBe(403);
    expect(await findRoleTemplateIds(fx.store, user.id)).toEqual([]);
  });

  it("answers 404 for another organisation's user", async () => {
    const { global } = await scene();
    const other = await seedOrganisation(fx.services, "Faraway");
    const token = csrfTokenOf((await global.get("/admin/roles")).body);
    const response = await global.post(`/admin/users/${other.user.id}/roles/remove`, {
      _csrf: token,
      role: GLOBAL,
    });
    expect(response.statusCode).toBe(404);
    expect((await global.get("/admin/roles")).body).not.toContain(other.user.id);
  });
});
