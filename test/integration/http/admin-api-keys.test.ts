import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ROLES } from "../../../src/domain/roles.js";
import { principalOfUser } from "../../../src/services/admin/principal.js";
import { adminCenterScene, postPairs } from "../../support/admin-center.js";
import { buildTestApp, csrfTokenOf } from "../../support/http.js";
import { origin, seedOrganisation } from "../../support/seed.js";
import { describeEachStore } from "../../support/stores.js";

const HELPDESK = ROLES.helpdeskAdministrator.id;
const READER = ROLES.reportsReader.id;

describeEachStore("admin center: API keys", (fx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp(fx, { SESAME_SIGNIN_RATE_LIMIT: "1000" });
  });
  afterAll(() => app.close());

  const scene = () => adminCenterScene(app, fx.services, fx.store);
  const keysOf = async (org: Awaited<ReturnType<typeof scene>>["org"]) =>
    fx.services.admin.apiKeys.list(await principalOfUser(fx.store, org.user));

  it("creates a key shown once, lists it without the key, and revokes it", async () => {
    const { org, global } = await scene();
    const form = await global.get("/admin/api-keys/new");
    expect(form.statusCode).toBe(200);
    // A Global Administrator may give any role.
    for (const role of Object.values(ROLES)) expect(form.body).toContain(`value="${role.id}"`);
    const created = await global.followed(
      await postPairs(app, global, "/admin/api-keys/new", [
        ["_csrf", csrfTokenOf(form.body)],
        ["name", "HR sync"],
        ["roles", HELPDESK],
        ["roles", READER],
      ]),
    );
    expect(created.statusCode).toBe(200);
    expect(created.headers["cache-control"]).toBe("no-store");
    const key = /id="api-key"[^>]*value="([^"]+)"/.exec(created.body)?.[1] ?? "";
    expect(key).toMatch(/^ssk_[A-Za-z0-9_-]{43}$/);
    expect(created.body).toContain('data-copy="api-key"');
    expect(created.body).toContain("Helpdesk Administrator, Reports Reader");
    const principal = await fx.services.admin.apiKeys.authenticate(key);
    expect(principal?.roles.sort()).toEqual(["helpdeskAdministrator", "reportsReader"]);

    const list = await global.get("/admin/api-keys");
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain("HR sync");
    expect(list.body).not.toContain(key);
    expect(list.body).toContain("22 Nov 2026, 09:00:00 UTC");
    expect(list.body).toContain('aria-label="Revoke HR sync"');

    const [info] = await keysOf(org);
    const revoked = await global.post(`/admin/api-keys/${info?.id}/revoke`, {
      _csrf: csrfTokenOf(list.body),
    });
    expect(revoked.headers.location).toBe(`/admin/api-keys?revoked=${info?.id}`);
    const after = await global.get(revoked.headers.location as string);
    expect(after.body).toContain("The API key HR sync is revoked.");
    expect(after.body).not.toContain('aria-label="Revoke HR sync"');
    expect(await fx.services.admin.apiKeys.authenticate(key)).toBeUndefined();
    const again = await global.post(`/admin/api-keys/${info?.id}/revoke`, {
      _csrf: csrfTokenOf(list.body),
    });
    expect(again.statusCode).toBe(409);
  });

  it("shows what to fix beside the field and creates nothing", async () => {
    const { org, global } = await scene();
    const form = await global.get("/admin/api-keys/new");
    const empty = await global.post("/admin/api-keys/new", {
      _csrf: csrfTokenOf(form.body),
      name: "",
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('<p class="error" id="name-error">Enter a name for the key.</p>');
    expect(empty.body).toContain('<p class="error" id="roles-error">Choose at least one role.</p>');
    const long = await global.post("/admin/api-keys/new", {
      _csrf: csrfTokenOf(form.body),
      name: "x".repeat(101),
      roles: READER,
    });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain("Use at most 100 characters, without line breaks.");
    expect(long.body).toMatch(new RegExp(`value="${READER}" checked`));
    expect(await keysOf(org)).toEqual([]);
  });

  it("is closed to roles without manageApiKeys", async () => {
    const { org, signInAs } = await scene();
    for (const role of ["helpdeskAdministrator", "userAdministrator", "reportsReader"] as const) {
      const { client } = await signInAs([role]);
      const users = await client.get("/admin/users");
      expect(users.body).not.toContain('href="/admin/api-keys"');
      expect((await client.get("/admin/api-keys")).statusCode).toBe(403);
      expect((await client.get("/admin/api-keys/new")).statusCode).toBe(403);
      const forced = await client.post("/admin/api-keys/new", {
        _csrf: csrfTokenOf(users.body),
        name: "Sneaky",
        roles: READER,
      });
      expect(forced.statusCode).toBe(403);
    }
    expect(await keysOf(org)).toEqual([]);
  });

  it("refuses creating and revoking without the CSRF token", async () => {
    const { org, global } = await scene();
    const response = await global.post("/admin/api-keys/new", { name: "NoToken", roles: READER });
    expect(response.statusCode).toBe(403);
    expect(await keysOf(org)).toEqual([]);
    const created = await fx.services.admin.apiKeys.create(
      await principalOfUser(fx.store, org.user),
      { name: "Kept", roles: [READER], origin },
    );
    const revoke = await global.post(`/admin/api-keys/${created.apiKey.id}/revoke`, {});
    expect(revoke.statusCode).toBe(403);
    expect(await fx.services.admin.apiKeys.authenticate(created.key)).toBeDefined();
  });

  it("answers 404 for another organisation's key", async () => {
    const { global } = await scene();
    const other = await seedOrganisation(fx.services, "Faraway");
    const created = await fx.services.admin.apiKeys.create(
      await principalOfUser(fx.store, other.user),
      { name: "Theirs", roles: [READER], origin },
    );
    const list = await global.get("/admin/api-keys");
    expect(list.body).not.toContain("Theirs");
    const revoke = await global.post(`/admin/api-keys/${created.apiKey.id}/revoke`, {
      _csrf: csrfTokenOf(list.body),
    });
    expect(revoke.statusCode).toBe(404);
    expect(await fx.services.admin.apiKeys.authenticate(created.key)).toBeDefined();
  });
});
