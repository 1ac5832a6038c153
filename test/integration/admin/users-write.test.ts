import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { principalOfUser, type Principal } from "../../../src/services/admin/principal.js";
import { listAuditEvents } from "../../../src/store/audit.js";
import { findUser } from "../../../src/store/users.js";
import { grantRoles, principalWithRoles } from "../../support/admins.js";
import { origin, seedOrganisation, USER_PASSWORD } from "../../support/seed.js";
import { describeEachStore } from "../../support/stores.js";

const DAY = 24 * 3_600_000;

describeEachStore("administrators add, edit, delete and restore users", (fx) => {
  const users = () => fx.services.admin.usersWrite;
  const signIn = (userId: string, password: string) =>
    fx.services.signIn({ userId, password, origin }).then(
      (ok) => (ok.mustChangePassword ? "mustChange" : "ok"),
      (error: { code?: string }) => error.code ?? "error",
    );
  const activities = async (organisationId: string, targetId: string) =>
    (await listAuditEvents(fx.store, organisationId, { limit: 50, targetId })).map(
      (event) => event.activity,
    );

  async function scene() {
    const org = await seedOrganisation(fx.services);
    const admin = async (name: string, roles: Parameters<typeof principalWithRoles>[2]) =>
      principalWithRoles(fx.store, (await org.addUser(name)).user, roles);
    const global = await principalOfUser(fx.store, org.user);
    const manager = await admin("manager", ["userAdministrator"]);
    const helpdesk = await admin("helpdesk", ["helpdeskAdministrator"]);
    const passwords = await admin("passwords", ["passwordAdministrator"]);
    const reader = await admin("reader", ["reportsReader"]);
    const { user } = await org.addUser("member");
    return { org, global, manager, helpdesk, passwords, reader, user };
  }

  describe("adding a user", () => {
    it("adds a user with a temporary password shown once, and records who did it", async () => {
      const { org, manager } = await scene();
      const created = await users().addUser(manager, {
        userId: `new.hire@${org.domain}`,
        displayName: "New Hire",
        mail: "new.hire@example.org",
        preferredLanguage: "nl",
        origin,
      });
      expect(created.temporaryPassword).toMatch(/^\S{16,}$/);
      expect(created.user).toMatchObject({ displayName: "New Hire", preferredLanguage: "nl" });
      expect(await signIn(`new.hire@${org.domain}`, created.temporaryPassword ?? "")).toBe(
        "mustChange",
      );
      const [event] = await listAuditEvents(fx.store, org.organisation.id, {
        limit: 1,
        activity: "Add user",
        targetId: created.user.id,
      });
      expect(event).toMatchObject({ actorId: manager.id, actorName: manager.name });
    });

    it("refuses a role without manageUsers, another organisation's domain and bad input", async () => {
      const { org, manager, helpdesk } = await scene();
      const other = await seedOrganisation(fx.services, "Elsewhere");
      const add = (principal: Principal, userId: string, extra = {}) =>
        users().addUser(principal, { userId, displayName: "Someone", origin, ...extra });
      await expect(add(helpdesk, `x@${org.domain}`)).rejects.toMatchObject({ code: "forbidden" });
      await expect(add(manager, `x@${other.domain}`)).rejects.toMatchObject({
        code: "unknownDomain",
        field: "userId",
      });
      await expect(add(manager, "not-a-user-id")).rejects.toMatchObject({ field: "userId" });
      await expect(add(manager, `x@${org.domain}`, { mail: "nope" })).rejects.toMatchObject({
        code: "invalidInput",
        field: "mail",
      });
      await expect(add(manager, `x@${org.domain}`, { displayName: " " })).rejects.toMatchObject({
        field: "displayName",
      });
      await expect(add(manager, `manager@${org.domain}`)).rejects.toMatchObject({
        code: "duplicateUser",
      });
      expect(await signIn(`x@${org.domain}`, USER_PASSWORD)).toBe("invalidCredentials");
      const row = await fx.store.db
        .selectFrom("users")
        .select("id")
        .where("user_principal_name_key", "=", `x@${other.domain}`)
        .executeTakeFirst();
      expect(row).toBeUndefined();
    });
  });

  describe("editing a profile", () => {
    it("changes names, mail and language, keeping the search keys in step, and audits it", async () => {
      const { manager, user } = await scene();
      const updated = await users().updateUser(manager, user.id, {
        displayName: "  Émile Zola ",
        givenName: "Émile",
        surname: "Zola",
        mail: "Emile.Zola@Example.org",
        preferredLanguage: "nl-NL",
        origin,
      });
      expect(updated).toMatchObject({
        displayName: "Émile Zola",
        givenName: "Émile",
        mail: "Emile.Zola@Example.org",
        preferredLanguage: "nl",
      });
      const row = await fx.store.db
        .selectFrom("users")
        .select(["display_name", "display_name_key", "given_name_key", "surname_key", "mail_key"])
        .where("id", "=", user.id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({
        display_name: "Émile Zola",
        display_name_key: "émile zola",
        given_name_key: "émile",
        surname_key: "zola",
        mail_key: "emile.zola@example.org",
      });
      const [event] = await listAuditEvents(fx.store, user.organisationId, {
        limit: 1,
        activity: "Update user",
        targetId: user.id,
      });
      expect(event).toMatchObject({ actorId: manager.id });
      expect(event?.details.modifiedProperties).toEqual([
        "displayName",
        "givenName",
        "surname",
        "mail",
        "preferredLanguage",
      ]);

      await users().updateUser(manager, user.id, { givenName: null, mail: "", origin });
      const cleared = await fx.store.db
        .selectFrom("users")
        .select(["given_name", "given_name_key", "mail", "mail_key", "surname"])
        .where("id", "=", user.id)
        .executeTakeFirstOrThrow();
      expect(cleared).toEqual({
        given_name: null,
        given_name_key: null,
        mail: null,
        mail_key: null,
        surname: "Zola",
      });
    });

    it("stores phones in E.164 and alternate emails, and names the field of bad input", async () => {
      const { manager, user } = await scene();
      const updated = await users().updateUser(manager, user.id, {
        mobilePhone: "+31 6 1234 5678",
        officePhone: "+1 425 555 0100",
        otherMails: ["a@example.org", "A@example.org", "b@example.org"],
        origin,
      });
      expect(updated).toMatchObject({
        mobilePhone: "+31612345678",
        officePhone: "+14255550100",
        otherMails: ["a@example.org", "b@example.org"],
      });
      const update = (input: object) => users().updateUser(manager, user.id, { origin, ...input });
      for (const [input, field] of [
        [{ mobilePhone: "06 12345678" }, "mobilePhone"],
        [{ mobilePhone: "+1234567" }, "mobilePhone"],
        [{ officePhone: "+1234567890123456" }, "officePhone"],
        [{ officePhone: "+31 6 12ab5678" }, "officePhone"],
        [{ otherMails: ["a@example.org", "not an address"] }, "otherMails"],
        [
          { otherMails: ["1@x.org", "2@x.org", "3@x.org", "4@x.org", "5@x.org", "6@x.org"] },
          "otherMails",
        ],
        [{ displayName: "" }, "displayName"],
        [{ givenName: "x".repeat(65) }, "givenName"],
        [{ mail: "two@at@example.org" }, "mail"],
        [{ preferredLanguage: "fr" }, "preferredLanguage"],
      ] as const) {
        await expect(update(input), JSON.stringify(input)).rejects.toMatchObject({
          code: "invalidInput",
          field,
        });
      }
      const after = await findUser(fx.store, user.id);
      expect(after).toMatchObject({
        mobilePhone: "+31612345678",
        otherMails: ["a@example.org", "b@example.org"],
        displayName: user.displayName,
      });
    });

    it("lets whoever may reset the password edit phones and alternate emails, and nobody else", async () => {
      const { org, global, helpdesk, passwords, reader, user } = await scene();
      // A Password Administrator may edit a plain user's phone, but not their name.
      await expect(
        users().updateUser(passwords, user.id, { mobilePhone: "+31611111111", origin }),
      ).resolves.toMatchObject({ mobilePhone: "+31611111111" });
      await expect(
        users().updateUser(passwords, user.id, { displayName: "Renamed", origin }),
      ).rejects.toMatchObject({ code: "forbidden" });
      // Sending the unchanged name along with a phone is fine (forms post every field).
      await expect(
        users().updateUser(passwords, user.id, {
          displayName: user.displayName,
          otherMails: ["alt@example.org"],
          origin,
        }),
      ).resolves.toMatchObject({ otherMails: ["alt@example.org"] });

      // A Helpdesk Administrator may not edit a Global Administrator's phone.
      await expect(
        users().updateUser(helpdesk, org.user.id, { mobilePhone: "+31622222222", origin }),
      ).rejects.toMatchObject({ code: "forbidden" });
      await expect(
        users().updateUser(helpdesk, org.user.id, { otherMails: ["x@example.org"], origin }),
      ).rejects.toMatchObject({ code: "forbidden" });
      expect(await findUser(fx.store, org.user.id)).toMatchObject({
        mobilePhone: null,
        otherMails: [],
      });
      // A Reports Reader edits nothing; nobody edits their own profile through the admin path.
      await expect(
        users().updateUser(reader, user.id, { mobilePhone: "+31633333333", origin }),
      ).rejects.toMatchObject({ code: "forbidden" });
      await expect(
        users().updateUser(global, global.id, { displayName: "Me", origin }),
      ).rejects.toMatchObject({ code: "forbidden" });
      expect(await findUser(fx.store, user.id)).toMatchObject({ mobilePhone: "+31611111111" });
    });

    it("answers notFound for another organisation's user", async () => {
      const { global } = await scene();
      const other = await seedOrganisation(fx.services, "Elsewhere");
      const { user: stranger } = await other.addUser("stranger");
      await expect(
        users().updateUser(global, stranger.id, { displayName: "Mine now", origin }),
      ).rejects.toMatchObject({ code: "notFound" });
      expect(await findUser(fx.store, stranger.id)).toMatchObject({
        displayName: stranger.displayName,
      });
    });
  });

  describe("deleting and restoring", () => {
    it("deletes a user: their sessions end, sign-in fails, and it is audited", async () => {
      const { manager, user } = await scene();
      const userId = user.userPrincipalName;
      const session = await fx.services.signIn({ userId, password: USER_PASSWORD, origin });
      await users().deleteUser(manager, user.id, origin);
      expect(await fx.services.sessions.resolve(session.token)).toBeUndefined();
      expect(await signIn(userId, USER_PASSWORD)).toBe("invalidCredentials");
      await expect(fx.services.admin.usersRead.details(manager, user.id)).rejects.toMatchObject({
        code: "notFound",
      });
      await expect(users().deleteUser(manager, user.id, origin)).rejects.toMatchObject({
        code: "notFound",
      });
      const [event] = await listAuditEvents(fx.store, user.organisationId, {
        limit: 1,
        activity: "Delete user",
        targetId: user.id,
      });
      expect(event).toMatchObject({ actorId: manager.id, details: { sessionsEnded: 1 } });
    });

    it("refuses a wrong role, oneself, a protected administrator and another organisation", async () => {
      const { org, global, manager, helpdesk, user } = await scene();
      const other = await seedOrganisation(fx.services, "Elsewhere");
      const { user: stranger } = await other.addUser("stranger");
      await expect(users().deleteUser(helpdesk, user.id, origin)).rejects.toMatchObject({
        code: "forbidden",
      });
      await expect(users().deleteUser(global, global.id, origin)).rejects.toMatchObject({
        code: "forbidden",
      });
      await expect(users().deleteUser(manager, org.user.id, origin)).rejects.toMatchObject({
        code: "forbidden",
      });
      await expect(users().deleteUser(global, stranger.id, origin)).rejects.toMatchObject({
        code: "notFound",
      });
      expect(await signIn(user.userPrincipalName, USER_PASSWORD)).toBe("ok");
      expect(await signIn(stranger.userPrincipalName, USER_PASSWORD)).toBe("ok");
      expect(await activities(org.organisation.id, user.id)).not.toContain("Delete user");
    });

    it("never deletes the organisation's last Global Administrator", async () => {
      const { org, user } = await scene();
      // A Global Administrator's API key acting on the only Global Administrator user.
      const key: Principal = {
        kind: "apiKey",
        id: randomUUID(),
        name: "automation",
        organisationId: org.organisation.id,
        roles: ["globalAdministrator"],
      };
      await expect(users().deleteUser(key, org.user.id, origin)).rejects.toMatchObject({
        code: "lastGlobalAdministrator",
      });
      expect(await signIn(org.user.userPrincipalName, "correct horse battery staple")).toBe("ok");
      // With a second Global Administrator, one of them may go.
      await grantRoles(fx.store, user, ["globalAdministrator"]);
      await users().deleteUser(key, org.user.id, origin);
      expect(await findUser(fx.store, org.user.id)).toMatchObject({ deletedAt: fx.clock.now() });
    });

    it("lists the deleted users, most recently deleted first, page by page", async () => {
      const { org, manager, reader } = await scene();
      const deleted: string[] = [];
      for (const name of ["d1", "d2", "d3", "d4", "d5"]) {
        const { user } = await org.addUser(name);
        await users().deleteUser(manager, user.id, origin);
        deleted.unshift(user.id);
        fx.clock.advance(1000);
      }
      const seen: string[] = [];
      let after;
      for (let page = 0; page < 5; page++) {
        const result = await users().listDeleted(reader, { after, limit: 2 });
        seen.push(...result.users.map((u) => u.id));
        after = result.next;
        if (!after) break;
      }
      expect(seen).toEqual(deleted);
      // Another organisation's deleted users never show.
      const other = await seedOrganisation(fx.services, "Elsewhere");
      const otherAdmin = await principalOfUser(fx.store, other.user);
      expect((await users().listDeleted(otherAdmin)).users).toEqual([]);
    });

    it("restores within 30 days, not after; the user signs in again", async () => {
      const { manager, user } = await scene();
      await users().deleteUser(manager, user.id, origin);
      fx.clock.advance(29 * DAY);
      const restored = await users().restoreUser(manager, user.id, origin);
      expect(restored).toMatchObject({ id: user.id, deletedAt: null });
      expect(await signIn(user.userPrincipalName, USER_PASSWORD)).toBe("ok");
      expect(await activities(user.organisationId, user.id)).toContain("Restore user");
      await expect(users().restoreUser(manager, user.id, origin)).rejects.toMatchObject({
        code: "notFound",
      });

      await users().deleteUser(manager, user.id, origin);
      fx.clock.advance(30 * DAY);
      await expect(users().restoreUser(manager, user.id, origin)).rejects.toMatchObject({
        code: "notFound",
      });
      expect((await users().listDeleted(manager)).users.map((u) => u.id)).not.toContain(user.id);
      expect(await signIn(user.userPrincipalName, USER_PASSWORD)).toBe("invalidCredentials");
    });

    it("refuses to restore over a live user who took the User ID, changing nothing", async () => {
      const { org, manager, helpdesk, user } = await scene();
      await users().deleteUser(manager, user.id, origin);
      await expect(users().restoreUser(helpdesk, user.id, origin)).rejects.toMatchObject({
        code: "forbidden",
      });
      const other = await seedOrganisation(fx.services, "Elsewhere");
      const otherAdmin = await principalOfUser(fx.store, other.user);
      await expect(users().restoreUser(otherAdmin, user.id, origin)).rejects.toMatchObject({
        code: "notFound",
      });

      const { user: newcomer } = await org.addUser("member", {
        password: "cobalt lantern fjord ripple",
      });
      await expect(users().restoreUser(manager, user.id, origin)).rejects.toMatchObject({
        code: "conflict",
        field: "userId",
      });
      expect(await findUser(fx.store, user.id)).toMatchObject({ deletedAt: expect.any(Number) });
      expect(await signIn(user.userPrincipalName, "cobalt lantern fjord ripple")).toBe("ok");

      await users().deleteUser(manager, newcomer.id, origin);
      await users().restoreUser(manager, user.id, origin);
      expect(await signIn(user.userPrincipalName, USER_PASSWORD)).toBe("ok");
    });
  });
});
