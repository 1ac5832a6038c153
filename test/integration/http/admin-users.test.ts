import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { principalOfUser } from "../../../src/services/admin/principal.js";
import { grantRoles } from "../../support/admins.js";
import { buildTestApp, Client, csrfTokenOf } from "../../support/http.js";
import { ADMIN_PASSWORD, origin, seedOrganisation, USER_PASSWORD } from "../../support/seed.js";
import { describeEachStore } from "../../support/stores.js";

describeEachStore("admin center: a user's page and the reset dialog", (fx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp(fx);
  });
  afterAll(() => app.close());

  async function scene() {
    const org = await seedOrganisation(fx.services);
    const { user: helpdeskUser } = await org.addUser("helpdesk");
    await grantRoles(fx.store, helpdeskUser, ["helpdeskAdministrator"]);
    const { user } = await org.addUser("member");
    const helpdesk = new Client(app);
    await helpdesk.signIn(`helpdesk@${org.domain}`, USER_PASSWORD);
    return { org, user, helpdesk, helpdeskUser, userId: `member@${org.domain}` };
  }

  it(
    "lists, searches, filters and pages through users, offering the key icon only where allowed",
    { timeout: 90_000 },
    async () => {
      const { org, helpdesk } = await scene();
      // Side by side: the hashing queue runs one per core, as it would for real traffic.
      await Promise.all(
        Array.from({ length: 55 }, (_, i) => org.addUser(`bulk${String(i).padStart(2, "0")}`)),
      );
      const other = await seedOrganisation(fx.services, "Hidden");
      await other.addUser("bulkstranger");

      const first = await helpdesk.get("/admin/users?search=bulk");
      expect(first.statusCode).toBe(200);
      expect(first.body).not.toContain("bulkstranger");
      const names = (html: string) => [...html.matchAll(/>(bulk\d\d) Tester</g)].map((m) => m[1]);
      expect(names(first.body)).toHaveLength(50);
      const next = /href="(\/admin\/users\?[^"]*after=[^"]+)"/
        .exec(first.body)?.[1]
        ?.replaceAll("&amp;", "&");
      expect(next).toBeDefined();
      const second = await helpdesk.get(next ?? "");
      expect(names(second.body)).toEqual(["bulk50", "bulk51", "bulk52", "bulk53", "bulk54"]);
      expect(second.body).toContain("First page");

      const admins = await helpdesk.get("/admin/users?filter=admins");
      expect(admins.body).toContain("Ada Admin");
      expect(admins.body).not.toContain("member Tester");
      // The Global Administrator's row has no key icon for a helpdesk administrator.
      expect(admins.body).not.toContain(`/admin/users/${org.user.id}/reset-password`);
      const members = await helpdesk.get("/admin/users/active?search=MEMB");
      expect(members.body).toContain("member Tester");
      expect(members.body).toContain("Reset password for member Tester");
      expect((await helpdesk.get("/admin/users?after=forged")).headers.location).toBe(
        "/admin/users",
      );
    },
  );

  it("shows each user's status as badges: blocked, locked out, must change password, administrator", async () => {
    const { org, helpdesk } = await scene();
    const admin = await principalOfUser(fx.store, org.user);
    const { user: blocked } = await org.addUser("badge-blocked");
    await fx.services.admin.accountActions.setSignInBlocked(admin, blocked.id, true, origin);
    await org.addUser("badge-locked");
    for (let i = 1; i <= 10; i++) {
      await fx.services
        .signIn({ userId: `badge-locked@${org.domain}`, password: `wrong ${i} pass`, origin })
        .catch(() => undefined);
    }
    await fx.services.admin.passwordReset.reset(admin, {
      targetId: (await org.addUser("badge-temporary")).user.id,
      origin,
    });
    await org.addUser("badge-plain");
    const page = await helpdesk.get("/admin/users?search=badge");
    const badgesOf = (name: string) => {
      const row = new RegExp(`>${name} Tester</a>.*?</tr>`).exec(page.body)?.[0] ?? "";
      return [...row.matchAll(/<span class="badge( alert)?">([^<]+)</g)].map((m) => m[2]);
    };
    expect(badgesOf("badge-blocked")).toEqual(["Sign-in blocked"]);
    expect(badgesOf("badge-locked")).toEqual(["Locked out"]);
    expect(badgesOf("badge-temporary")).toEqual(["Must change password"]);
    expect(badgesOf("badge-plain")).toEqual(["Sign-in allowed"]);
    expect(page.body).toContain('<span class="badge alert">Locked out</span>');
  });

  it("keeps people without an admin role out", async () => {
    const { org, user } = await scene();
    const member = new Client(app);
    await member.signIn(`member@${org.domain}`, USER_PASSWORD);
    const page = await member.get(`/admin/users/${user.id}`);
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain("You don't have access to the admin center");
    expect((await member.get("/myaccount")).body).not.toContain("Admin center");
    expect((await new Client(app).get(`/admin/users/${user.id}`)).headers.location).toBe("/signin");
  });

  it("resets a password with a generated temporary password shown once", async () => {
    const { user, helpdesk, userId } = await scene();
    const details = await helpdesk.get(`/admin/users/${user.id}`);
    expect(details.body).toContain(`href="/admin/users/${user.id}/reset-password"`);
    const form = await helpdesk.get(`/admin/users/${user.id}/reset-password`);
    expect(form.body).toContain(
      "Require this user to change their password when they first sign in",
    );
    const reset = await helpdesk.post(`/admin/users/${user.id}/reset-password`, {
      _csrf: csrfTokenOf(form.body),
      mode: "generate",
      forceChange: "on",
    });
    const done = await helpdesk.followed(reset);
    expect(done.statusCode).toBe(200);
    expect(done.headers["cache-control"]).toBe("no-store");
    const temporary = /id="temporary-password"[^>]*value="([^"]+)"/.exec(done.body)?.[1] ?? "";
    expect(temporary).toMatch(/^\S{16,}$/);
    const signedIn = await fx.services.signIn({ userId, password: temporary, origin });
    expect(signedIn.mustChangePassword).toBe(true);
    // Shown once: the user's page never shows it again.
    expect((await helpdesk.get(`/admin/users/${user.id}`)).body).not.toContain(temporary);
  });

  it("explains what to fix: a weak typed password, email with a compromised account", async () => {
    const { user, helpdesk, userId } = await scene();
    const typed = await helpdesk.submit(
      `/admin/users/${user.id}/reset-password`,
      `/admin/users/${user.id}/reset-password`,
      {
        mode: "type",
        password: "password1",
        forceChange: "on",
      },
    );
    expect(typed.statusCode).toBe(400);
    expect(typed.body).toContain("This password is too common");
    const compromised = await helpdesk.submit(
      `/admin/users/${user.id}/reset-password`,
      `/admin/users/${user.id}/reset-password`,
      { mode: "generate", compromised: "on", sendEmail: "on", sendTo: "boss@example.test" },
    );
    expect(compromised.statusCode).toBe(400);
    expect(compromised.body).toContain(
      "A compromised account&#39;s password is never emailed".replace("&#39;", "'"),
    );
    // Nothing changed: the old password still works.
    await expect(
      fx.services.signIn({ userId, password: USER_PASSWORD, origin }),
    ).resolves.toBeDefined();
  });

  it("does not offer, and refuses, what the role may not do", async () => {
    const { org, helpdesk } = await scene();
    const details = await helpdesk.get(`/admin/users/${org.user.id}`);
    expect(details.statusCode).toBe(200);
    expect(details.body).not.toContain("reset-password");
    expect(details.body).not.toContain("Block sign-in");
    const form = await helpdesk.get(`/admin/users/${org.user.id}/reset-password`);
    expect(form.statusCode).toBe(403);
    const forced = await helpdesk.post(`/admin/users/${org.user.id}/reset-password`, {
      _csrf: csrfTokenOf(details.body),
      mode: "generate",
    });
    expect(forced.statusCode).toBe(403);
    const block = await helpdesk.post(`/admin/users/${org.user.id}/block`, {
      _csrf: csrfTokenOf(details.body),
    });
    expect(block.statusCode).toBe(403);
  });

  it("unlocks and signs out everywhere from the user's page", async () => {
    const { user, helpdesk, userId } = await scene();
    const session = await fx.services.signIn({ userId, password: USER_PASSWORD, origin });
    for (let i = 1; i <= 10; i++)
      await fx.services.signIn({ userId, password: `bad ${i} pass`, origin }).catch(() => 0);
    const page = await helpdesk.get(`/admin/users/${user.id}`);
    expect(page.body).toContain("Locked out");
    const unlock = await helpdesk.post(`/admin/users/${user.id}/unlock`, {
      _csrf: csrfTokenOf(page.body),
    });
    expect(unlock.headers.location).toBe(`/admin/users/${user.id}?done=unlock`);
    expect((await helpdesk.get(unlock.headers.location as string)).body).toContain("is unlocked");
    await helpdesk.post(`/admin/users/${user.id}/revoke-sessions`, {
      _csrf: csrfTokenOf(page.body),
    });
    expect(await fx.services.sessions.resolve(session.token)).toBeUndefined();
  });

  it("asks before unlocking, signing out or blocking, on a page of its own (the panel's)", async () => {
    const { org, user, userId } = await scene();
    // Blocking is a User Administrator's (or a Global Administrator's), not a helpdesk's.
    const helpdesk = new Client(app);
    await helpdesk.signIn(`admin@${org.domain}`, ADMIN_PASSWORD);
    const page = await helpdesk.get(`/admin/users/${user.id}`);
    // Not locked: no unlock to offer, and its page leads back to the user.
    expect(page.body).not.toContain(`/admin/users/${user.id}/unlock`);
    const notLocked = await helpdesk.get(`/admin/users/${user.id}/unlock`);
    expect(notLocked.statusCode).toBe(303);
    expect(notLocked.headers.location).toBe(`/admin/users/${user.id}`);
    for (const action of ["revoke-sessions", "block"]) {
      expect(page.body).toContain(`href="/admin/users/${user.id}/${action}" data-panel="true"`);
    }
    const ask = await helpdesk.get(`/admin/users/${user.id}/block`);
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain("<h1>Block sign-in</h1>");
    expect(ask.body).toContain("member Tester can no longer sign in");
    expect(ask.body).toContain(`action="/admin/users/${user.id}/block"`);
    expect(ask.body).toContain(`<a href="/admin/users/${user.id}">Cancel</a>`);
    // Asking changes nothing; the button does.
    await fx.services.signIn({ userId, password: USER_PASSWORD, origin });
    const blocked = await helpdesk.post(`/admin/users/${user.id}/block`, {
      _csrf: csrfTokenOf(ask.body),
    });
    expect(blocked.headers.location).toBe(`/admin/users/${user.id}?done=block`);
    // Blocked now: the page offers to allow sign-in again, not to block.
    expect((await helpdesk.get(`/admin/users/${user.id}/block`)).statusCode).toBe(303);
    expect((await helpdesk.get(`/admin/users/${user.id}/unblock`)).body).toContain(
      "member Tester can sign in again",
    );
  });

  it("refuses an admin action without its CSRF token", async () => {
    const { user, helpdesk, userId } = await scene();
    const session = await fx.services.signIn({ userId, password: USER_PASSWORD, origin });
    const response = await helpdesk.post(`/admin/users/${user.id}/revoke-sessions`, {});
    expect(response.statusCode).toBe(403);
    expect(await fx.services.sessions.resolve(session.token)).toBeDefined();
  });

  it("shows another organisation's user as not found", async () => {
    const { helpdesk } = await scene();
    const other = await seedOrganisation(fx.services, "Faraway");
    const page = await helpdesk.get(`/admin/users/${other.user.id}`);
    expect(page.statusCode).toBe(404);
  });

  it("resets several selected users at once, showing each password once, never oneself", async () => {
    const { org, helpdesk, helpdeskUser } = await scene();
    const picked = await Promise.all(["pick1", "pick2"].map((name) => org.addUser(name)));
    const list = await helpdesk.get("/admin/users?search=pick");
    expect(list.body).toContain('name="users"');
    const ids = picked.map((p) => p.user.id);
    const form = new URLSearchParams({ _csrf: csrfTokenOf(list.body) });
    for (const id of [...ids, org.user.id]) form.append("users", id);
    const confirm = await helpdesk.postRaw("/admin/users/bulk-reset", form);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain("Reset the passwords of 3 selected users");
    const done = await helpdesk.followed(
      await helpdesk.postRaw(
        "/admin/users/bulk-reset/confirm",
        new URLSearchParams([...form.entries(), ["forceChange", "on"]]),
      ),
    );
    expect(done.statusCode).toBe(200);
    const passwords = [...done.body.matchAll(/class="secret-value"[^>]*value="([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(passwords).toHaveLength(2);
    // The Global Administrator is beyond a helpdesk administrator: reported, not reset.
    expect(done.body).toContain("You don't have permission to do this for this user.");
    const signedIn = await fx.services.signIn({
      userId: picked[0]?.user.userPrincipalName ?? "",
      password: passwords[0] ?? "",
      origin,
    });
    expect(signedIn.mustChangePassword).toBe(true);

    const withSelf = new URLSearchParams({ _csrf: csrfTokenOf(list.body), users: helpdeskUser.id });
    const self = await helpdesk.postRaw("/admin/users/bulk-reset/confirm", withSelf);
    expect(self.statusCode).toBe(400);
  });
});
