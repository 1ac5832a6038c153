import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { principalOfUser } from "../../../src/services/admin/principal.js";
import { findUser } from "../../../src/store/users.js";
import { adminCenterScene } from "../../support/admin-center.js";
import { buildTestApp, csrfTokenOf } from "../../support/http.js";
import { origin, seedOrganisation, USER_PASSWORD } from "../../support/seed.js";
import { describeEachStore } from "../../support/stores.js";

describeEachStore("admin center: editing, deleting and restoring a user", (fx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp(fx, { SESAME_SIGNIN_RATE_LIMIT: "1000" });
  });
  afterAll(() => app.close());

  const scene = () => adminCenterScene(app, fx.services, fx.store);

  it("edits the profile: errors beside the field change nothing; a valid form saves", async () => {
    const { org, signInAs } = await scene();
    const { client } = await signInAs(["userAdministrator"]);
    const { user } = await org.addUser("profile");
    const page = await client.get(`/admin/users/${user.id}`);
    expect(page.body).toContain(`href="/admin/users/${user.id}/edit"`);
    const form = await client.get(`/admin/users/${user.id}/edit`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="profile Tester"');

    const invalid = await client.post(`/admin/users/${user.id}/edit`, {
      _csrf: csrfTokenOf(form.body),
      displayName: "",
      mail: "nope",
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toContain(
      '<p class="error" id="displayName-error">Enter the display name.</p>',
    );
    const badMail = await client.post(`/admin/users/${user.id}/edit`, {
      _csrf: csrfTokenOf(form.body),
      displayName: "Pia Profile",
      mail: "nope",
    });
    expect(badMail.statusCode).toBe(400);
    expect(badMail.body).toContain(
      '<p class="error" id="mail-error">Enter an email address like name@example.com.</p>',
    );
    expect(badMail.body).toContain('value="Pia Profile"');
    expect((await findUser(fx.store, user.id))?.displayName).toBe("profile Tester");

    const saved = await client.post(`/admin/users/${user.id}/edit`, {
      _csrf: csrfTokenOf(form.body),
      displayName: "Pia Profile",
      givenName: "Pia",
      surname: "Profile",
      mail: "pia@example.test",
      preferredLanguage: "nl",
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/admin/users/${user.id}?done=profile`);
    const after = await client.get(saved.headers.location as string);
    expect(after.body).toContain("The profile of Pia Profile is saved.");
    expect(await findUser(fx.store, user.id)).toMatchObject({
      displayName: "Pia Profile",
      givenName: "Pia",
      surname: "Profile",
      mail: "pia@example.test",
      preferredLanguage: "nl",
    });
  });

  it("lets whoever may reset the password edit phones and alternate emails, and nothing else", async () => {
    const { org, signInAs } = await scene();
    const { client: helpdesk } = await signInAs(["helpdeskAdministrator"]);
    const { user } = await org.addUser("contact");
    const page = await helpdesk.get(`/admin/users/${user.id}`);
    expect(page.body).toContain(`href="/admin/users/${user.id}/contact-info"`);
    expect(page.body).not.toContain(`href="/admin/users/${user.id}/edit"`);
    expect(page.body).not.toContain("Delete user");
    expect((await helpdesk.get(`/admin/users/${user.id}/edit`)).statusCode).toBe(403);
    const forced = await helpdesk.post(`/admin/users/${user.id}/edit`, {
      _csrf: csrfTokenOf(page.body),
      displayName: "Renamed",
    });
    expect(forced.statusCode).toBe(403);
    expect((await findUser(fx.store, user.id))?.displayName).toBe("contact Tester");

    const form = await helpdesk.get(`/admin/users/${user.id}/contact-info`);
    expect(form.statusCode).toBe(200);
    const invalid = await helpdesk.post(`/admin/users/${user.id}/contact-info`, {
      _csrf: csrfTokenOf(form.body),
      otherMails: "home@example.test",
      mobilePhone: "0612345678",
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toContain('id="mobilePhone-error"');
    expect(invalid.body).toContain("international form");
    expect((await findUser(fx.store, user.id))?.otherMails).toEqual([]);

    const saved = await helpdesk.post(`/admin/users/${user.id}/contact-info`, {
      _csrf: csrfTokenOf(form.body),
      otherMails: "home@example.test\nspare@example.test",
      mobilePhone: "+31 6 12345678",
      officePhone: "",
    });
    expect(saved.headers.location).toBe(`/admin/users/${user.id}?done=contact-info`);
    expect(await findUser(fx.store, user.id)).toMatchObject({
      otherMails: ["home@example.test", "spare@example.test"],
      mobilePhone: "+31612345678",
    });

    // A Global Administrator's phones are beyond a Helpdesk Administrator.
    const protectedPage = await helpdesk.get(`/admin/users/${org.user.id}`);
    expect(protectedPage.body).not.toContain("contact-info");
    expect((await helpdesk.get(`/admin/users/${org.user.id}/contact-info`)).statusCode).toBe(403);
  });

  it("shows the authentication methods beside the profile's phones and alternate emails", async () => {
    const { org, global } = await scene();
    const { user } = await org.addUser("methods");
    const admin = await principalOfUser(fx.store, org.user);
    await fx.services.admin.usersWrite.updateUser(admin, user.id, {
      otherMails: ["profile@example.test"],
      mobilePhone: "+31612345678",
      origin,
    });
    for (const [kind, value] of [
      ["email", "method@example.test"],
      ["mobilePhone", "+31 6 12345678"],
    ] as const) {
      await fx.services.admin.authenticationMethods.add(admin, user.id, { kind, value, origin });
    }
    const page = await global.get(`/admin/users/${user.id}`);
    const row = (label: string) =>
      new RegExp(`<dt>${label}</dt><dd>(.*?)</dd>`).exec(page.body)?.[1] ?? "missing";
    expect(row("Alternate emails")).toBe(
      '<span class="contact">profile@example.test</span><span class="contact">method@example.test <span class="muted">(authentication method)</span></span>',
    );
    // The same number as a method adds nothing.
    expect(row("Mobile phone")).toBe('<span class="contact">+31612345678</span>');
    expect(row("Office phone")).toBe("Not set");
  });

  it("deletes after a confirmation page, then restores from Deleted users", async () => {
    const { org, global } = await scene();
    const { user } = await org.addUser("leaver");
    const session = await fx.services.signIn({
      userId: user.userPrincipalName,
      password: USER_PASSWORD,
      origin,
    });
    const page = await global.get(`/admin/users/${user.id}`);
    expect(page.body).toContain(`href="/admin/users/${user.id}/delete"`);
    const confirm = await global.get(`/admin/users/${user.id}/delete`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain("Delete leaver Tester?");
    const deleted = await global.post(`/admin/users/${user.id}/delete`, {
      _csrf: csrfTokenOf(confirm.body),
    });
    expect(deleted.statusCode).toBe(303);
    expect(deleted.headers.location).toBe(`/admin/users/deleted?deleted=${user.id}`);
    expect(await fx.services.sessions.resolve(session.token)).toBeUndefined();
    expect((await global.get(`/admin/users/${user.id}`)).statusCode).toBe(404);

    const list = await global.get(deleted.headers.location as string);
    expect(list.statusCode).toBe(200);
    // The manual clock starts at 22 Nov 2026, 09:00 UTC: restorable for 30 days.
    expect(list.body).toContain(
      "leaver Tester is deleted. You can restore them here until 22 Dec 2026, 09:00:00 UTC.",
    );
    expect(list.body).toContain("22 Nov 2026, 09:00:00 UTC");
    expect(list.body).toContain('aria-label="Restore leaver Tester"');

    const restored = await global.post(`/admin/users/${user.id}/restore`, {
      _csrf: csrfTokenOf(list.body),
    });
    expect(restored.headers.location).toBe(`/admin/users/${user.id}?done=restore`);
    expect((await global.get(restored.headers.location as string)).body).toContain(
      "leaver Tester is restored.",
    );
    await expect(
      fx.services.signIn({ userId: user.userPrincipalName, password: USER_PASSWORD, origin }),
    ).resolves.toBeDefined();
  });

  it("explains a restore that another user's User ID blocks", async () => {
    const { org, global } = await scene();
    const { user } = await org.addUser("twin");
    const confirm = await global.get(`/admin/users/${user.id}/delete`);
    await global.post(`/admin/users/${user.id}/delete`, { _csrf: csrfTokenOf(confirm.body) });
    await org.addUser("twin");
    const list = await global.get("/admin/users/deleted");
    const blocked = await global.post(`/admin/users/${user.id}/restore`, {
      _csrf: csrfTokenOf(list.body),
    });
    expect(blocked.statusCode).toBe(409);
    expect(blocked.body).toContain("another user now has the same User ID");
    expect((await findUser(fx.store, user.id))?.deletedAt).not.toBeNull();
  });

  it("never deletes oneself; a Helpdesk Administrator may not delete", async () => {
    const { org, global, signInAs } = await scene();
    const own = await global.get(`/admin/users/${org.user.id}`);
    expect(own.body).not.toContain(`${org.user.id}/delete`);
    const self = await global.post(`/admin/users/${org.user.id}/delete`, {
      _csrf: csrfTokenOf(own.body),
    });
    expect(self.statusCode).toBe(403);
    expect((await findUser(fx.store, org.user.id))?.deletedAt).toBeNull();

    const { client: helpdesk } = await signInAs(["helpdeskAdministrator"]);
    const { user } = await org.addUser("keeper");
    expect((await helpdesk.get(`/admin/users/${user.id}/delete`)).statusCode).toBe(403);
    const forced = await helpdesk.post(`/admin/users/${user.id}/delete`, {
      _csrf: csrfTokenOf((await helpdesk.get("/admin/users")).body),
    });
    expect(forced.statusCode).toBe(403);
    expect((await findUser(fx.store, user.id))?.deletedAt).toBeNull();
  });

  it("refuses deleting without the CSRF token, and deletes nobody", async () => {
    const { org, global } = await scene();
    const { user } = await org.addUser("csrf");
    const response = await global.post(`/admin/users/${user.id}/delete`, {});
    expect(response.statusCode).toBe(403);
    expect((await findUser(fx.store, user.id))?.deletedAt).toBeNull();
  });

  it("shows another organisation's user as not found on every page", async () => {
    const { global } = await scene();
    const other = await seedOrganisation(fx.services, "Faraway");
    const { user } = await other.addUser("stranger");
    for (const path of ["edit", "contact-info", "delete"]) {
      expect((await global.get(`/admin/users/${user.id}/${path}`)).statusCode).toBe(404);
    }
    const token = csrfTokenOf((await global.get("/admin/users")).body);
    expect(
      (await global.post(`/admin/users/${user.id}/edit`, { _csrf: token, displayName: "X" }))
        .statusCode,
    ).toBe(404);
    expect((await global.post(`/admin/users/${user.id}/delete`, { _csrf: token })).statusCode).toBe(
      404,
    );
    expect(
      (await global.post(`/admin/users/${user.id}/restore`, { _csrf: token })).statusCode,
    ).toBe(404);
    expect((await findUser(fx.store, user.id))?.deletedAt).toBeNull();
  });
});
