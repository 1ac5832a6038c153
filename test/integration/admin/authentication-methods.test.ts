import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { listAuditEvents } from "../../../src/store/audit.js";
import { listSecurityMethods } from "../../../src/store/security-info.js";
import { grantRoles } from "../../support/admins.js";
import { adminCenterScene } from "../../support/admin-center.js";
import { buildTestApp, csrfTokenOf } from "../../support/http.js";
import { describeEachStore } from "../../support/stores.js";

describeEachStore("admin center: a user's authentication methods", (fx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp(fx);
  });
  afterAll(() => app.close());

  async function scene() {
    const center = await adminCenterScene(app, fx.services, fx.store);
    const { user } = await center.org.addUser("grace");
    const page = `/admin/users/${user.id}`;
    const methods = `${page}/authentication-methods`;
    const stored = async () =>
      (await listSecurityMethods(fx.store, user.id)).map((m) => ({
        kind: m.kind,
        value: m.value,
        verified: m.verifiedAt !== null,
      }));
    return { ...center, user, page, methods, stored };
  }

  it("adds, changes and deletes a phone with forms that work without script", async () => {
    const { org, global, user, page, methods, stored } = await scene();
    const before = await global.get(page);
    expect(before.body).toContain("Authentication methods");
    expect(before.body).toContain("No authentication methods are registered.");
    expect(before.body).toContain(`href="${methods}/mobilePhone/add"`);

    const added = await global.submit(`${methods}/mobilePhone/add`, `${methods}/mobilePhone/add`, {
      phoneNumber: "+31 6 1234 5678",
    });
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe(`${page}?done=method-added`);
    const after = await global.get(added.headers.location ?? "");
    // Administrators see the whole number, as Entra shows it to them.
    expect(after.body).toContain("+31612345678");
    expect(after.body).toContain(`The authentication method of ${user.displayName} was added.`);
    expect(after.body).not.toContain(`href="${methods}/mobilePhone/add"`);
    expect(await stored()).toEqual([
      { kind: "mobilePhone", value: "+31612345678", verified: true },
    ]);

    const editForm = await global.get(`${methods}/mobilePhone/edit`);
    expect(editForm.body).toContain('value="+31612345678"');
    const changed = await global.submit(
      `${methods}/mobilePhone/edit`,
      `${methods}/mobilePhone/edit`,
      { phoneNumber: "+31 6 8765 4321" },
    );
    expect(changed.headers.location).toBe(`${page}?done=method-changed`);
    expect(await stored()).toEqual([
      { kind: "mobilePhone", value: "+31687654321", verified: true },
    ]);

    const deleted = await global.submit(page, `${methods}/mobilePhone/delete`, {});
    expect(deleted.headers.location).toBe(`${page}?done=method-deleted`);
    expect(await stored()).toEqual([]);
    expect((await global.submit(page, `${methods}/mobilePhone/delete`, {})).statusCode).toBe(404);

    const events = await listAuditEvents(fx.store, org.organisation.id, {
      limit: 10,
      targetId: user.id,
    });
    expect(events.map((event) => event.activity).slice(0, 3)).toEqual([
      "Admin deleted security info",
      "Admin updated security info",
      "Admin registered security info",
    ]);
    expect(events[0]?.actorName).toBe(`admin@${org.domain}`);
  });

  it("shows what's wrong beside the field and changes nothing", async () => {
    const { global, methods, stored } = await scene();
    const invalid = await global.submit(`${methods}/email/add`, `${methods}/email/add`, {
      emailAddress: "not an address",
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toContain('id="emailAddress-error"');
    expect(invalid.body).toContain("Enter a valid email address");
    expect(invalid.body).toContain('value="not an address"');
    const phone = await global.submit(`${methods}/officePhone/add`, `${methods}/officePhone/add`, {
      phoneNumber: "020 1234567",
    });
    expect(phone.statusCode).toBe(400);
    expect(phone.body).toContain("with its country code");
    expect(await stored()).toEqual([]);

    await global.submit(`${methods}/email/add`, `${methods}/email/add`, {
      emailAddress: "grace@example.org",
    });
    const twice = await global.submit(`${methods}/email/add`, `${methods}/email/add`, {
      emailAddress: "other@example.org",
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.body).toContain("already has this kind of method");
    expect(await stored()).toEqual([{ kind: "email", value: "grace@example.org", verified: true }]);

    // Without the form's CSRF token nothing happens.
    const forged = await global.post(`${methods}/email/delete`, {});
    expect(forged.statusCode).toBe(403);
    expect(await stored()).toHaveLength(1);
    expect((await global.get(`${methods}/securityQuestions/add`)).statusCode).toBe(404);
  });

  it("shows security questions only as registered, never their answers", async () => {
    const { global, user, page } = await scene();
    const at = fx.clock.now();
    await fx.store.db
      .insertInto("security_methods")
      .values({
        id: "ffffffff-0000-7000-8000-000000000001",
        user_id: user.id,
        organisation_id: user.organisationId,
        kind: "securityQuestions",
        value: null,
        verified_at: at,
        created_at: at,
      })
      .execute();
    const body = (await global.get(page)).body;
    expect(body).toContain("Security questions");
    expect(body).toContain("Registered");
    expect(body).not.toContain("securityQuestions/edit");
  });

  it("offers nothing to roles that can't reset the user, and refuses their forms", async () => {
    const { org, signInAs, methods: memberMethods, page: memberPage } = await scene();
    const { user: target } = await org.addUser("global-two");
    await grantRoles(fx.store, target, ["globalAdministrator"]);
    const { client: helpdesk } = await signInAs(["helpdeskAdministrator"]);
    const page = `/admin/users/${target.id}`;
    const body = (await helpdesk.get(page)).body;
    expect(body).not.toContain("Authentication methods");
    expect((await helpdesk.get(`${page}/authentication-methods/mobilePhone/add`)).statusCode).toBe(
      403,
    );
    const token = csrfTokenOf(body);
    const refused = await helpdesk.post(`${page}/authentication-methods/mobilePhone/add`, {
      _csrf: token,
      phoneNumber: "+31612345678",
    });
    expect(refused.statusCode).toBe(403);
    expect(await listSecurityMethods(fx.store, target.id)).toEqual([]);

    // The same role may for a user without admin roles; a reader sees no section at all.
    expect((await helpdesk.get(memberPage)).body).toContain("Authentication methods");
    const { client: reader } = await signInAs(["directoryReaders"]);
    expect((await reader.get(memberPage)).body).not.toContain("Authentication methods");
    expect((await reader.get(`${memberMethods}/email/add`)).statusCode).toBe(403);
  });

  it("speaks Dutch", async () => {
    const { global, page } = await scene();
    await global.submit(page, "/language", { language: "nl", return: page });
    const body = (await global.get(page)).body;
    expect(body).toContain("Authenticatiemethoden");
  });
});
