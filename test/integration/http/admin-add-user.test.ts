import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { findUserByKey } from "../../../src/store/users.js";
import { adminCenterScene } from "../../support/admin-center.js";
import { buildTestApp, csrfTokenOf } from "../../support/http.js";
import { origin } from "../../support/seed.js";
import { describeEachStore } from "../../support/stores.js";

describeEachStore("admin center: Users > Add user", (fx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp(fx, { SESAME_SIGNIN_RATE_LIMIT: "1000" });
  });
  afterAll(() => app.close());

  const scene = () => adminCenterScene(app, fx.services, fx.store);
  const exists = async (organisationId: string, userId: string) =>
    (await findUserByKey(fx.store, organisationId, userId.toLowerCase())) !== undefined;

  it("adds a user with a generated temporary password, shown once, that must be changed", async () => {
    const { org, global } = await scene();
    const form = await global.get("/admin/users/new");
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('aria-current="page">Add user</a>');
    // "Require a change at next sign-in" is on by default.
    expect(form.body).toMatch(/id="forceChange"[^>]*checked/);
    const added = await global.post("/admin/users/new", {
      _csrf: csrfTokenOf(form.body),
      userId: `Nora.New@${org.domain}`,
      displayName: "Nora New",
      givenName: "Nora",
      surname: "New",
      mail: "nora@example.test",
      preferredLanguage: "nl",
      mode: "generate",
      forceChange: "on",
    });
    const done = await global.followed(added);
    expect(done.statusCode).toBe(200);
    expect(done.headers["cache-control"]).toBe("no-store");
    expect(done.body).toContain(`Nora New (Nora.New@${org.domain}) is added.`);
    const temporary = /id="temporary-password"[^>]*value="([^"]+)"/.exec(done.body)?.[1] ?? "";
    expect(temporary).toMatch(/^\S{16,}$/);
    expect(done.body).toContain('data-copy="temporary-password"');
    const signedIn = await fx.services.signIn({
      userId: `nora.new@${org.domain}`,
      password: temporary,
      origin,
    });
    expect(signedIn.mustChangePassword).toBe(true);
    expect(signedIn.user.preferredLanguage).toBe("nl");
    const page = await global.get(`/admin/users/${signedIn.user.id}`);
    expect(page.body).toContain("Nora New");
    expect(page.body).not.toContain(temporary);
  });

  it("adds a user with a typed password, and may leave the change at next sign-in off", async () => {
    const { org, global } = await scene();
    const done = await global.followed(
      await global.submit("/admin/users/new", "/admin/users/new", {
        userId: `typed@${org.domain}`,
        displayName: "Tia Typed",
        mode: "type",
        password: "quiet meadow lantern seven",
      }),
    );
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain("Tia Typed signs in with the password you typed.");
    expect(done.body).not.toContain("temporary-password");
    const signedIn = await fx.services.signIn({
      userId: `typed@${org.domain}`,
      password: "quiet meadow lantern seven",
      origin,
    });
    expect(signedIn.mustChangePassword).toBe(false);
  });

  it("shows what to fix next to each field, and adds nobody", async () => {
    const { org, global } = await scene();
    const empty = await global.submit("/admin/users/new", "/admin/users/new", {
      userId: "",
      displayName: "",
      mode: "type",
      password: "",
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('<p class="error" id="userId-error">Enter the User ID.</p>');
    expect(empty.body).toContain(
      '<p class="error" id="displayName-error">Enter the display name.</p>',
    );
    expect(empty.body).toMatch(/id="userId"[^>]*aria-invalid="true"/);
    expect(empty.body).toContain('href="#password"');

    const badId = await global.submit("/admin/users/new", "/admin/users/new", {
      userId: "not a user id",
      displayName: "Bad Id",
      mode: "generate",
    });
    expect(badId.statusCode).toBe(400);
    expect(badId.body).toContain("Enter a User ID like name@contoso.com.");
    expect(badId.body).toContain('value="Bad Id"');

    const foreign = await global.submit("/admin/users/new", "/admin/users/new", {
      userId: "someone@elsewhere.test",
      displayName: "Foreign",
      mode: "generate",
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.body).toContain("This domain isn't one of your organisation's.");

    const weak = await global.submit("/admin/users/new", "/admin/users/new", {
      userId: `weak@${org.domain}`,
      displayName: "Weak Password",
      mode: "type",
      password: "password1",
      mail: "not-an-address",
    });
    expect(weak.statusCode).toBe(400);
    expect(await exists(org.organisation.id, `weak@${org.domain}`)).toBe(false);

    const badMail = await global.submit("/admin/users/new", "/admin/users/new", {
      userId: `mail@${org.domain}`,
      displayName: "Bad Mail",
      mail: "not-an-address",
      mode: "generate",
    });
    expect(badMail.statusCode).toBe(400);
    expect(badMail.body).toContain(
      '<p class="error" id="mail-error">Enter an email address like name@example.com.</p>',
    );
    expect(await exists(org.organisation.id, `mail@${org.domain}`)).toBe(false);

    const duplicate = await global.submit("/admin/users/new", "/admin/users/new", {
      userId: `ADMIN@${org.domain}`,
      displayName: "Second Admin",
      mode: "generate",
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.body).toContain("A user with this User ID already exists.");
  });

  it("is only for roles that manage users: Helpdesk and Reports Reader are refused", async () => {
    const { org, signInAs } = await scene();
    for (const role of ["helpdeskAdministrator", "reportsReader"] as const) {
      const { client } = await signInAs([role]);
      const users = await client.get("/admin/users");
      expect(users.body).not.toContain("/admin/users/new");
      const form = await client.get("/admin/users/new");
      expect(form.statusCode).toBe(403);
      const forced = await client.post("/admin/users/new", {
        _csrf: csrfTokenOf(users.body),
        userId: `forced-${role}@${org.domain}`,
        displayName: "Forced",
        mode: "generate",
      });
      expect(forced.statusCode).toBe(403);
      expect(await exists(org.organisation.id, `forced-${role}@${org.domain}`)).toBe(false);
    }
    const { client: userAdmin } = await signInAs(["userAdministrator"]);
    expect((await userAdmin.get("/admin/users/new")).statusCode).toBe(200);
  });

  it("refuses the form without its CSRF token and adds nobody", async () => {
    const { org, global } = await scene();
    const response = await global.post("/admin/users/new", {
      userId: `csrf@${org.domain}`,
      displayName: "No Token",
      mode: "generate",
    });
    expect(response.statusCode).toBe(403);
    expect(await exists(org.organisation.id, `csrf@${org.domain}`)).toBe(false);
  });
});
