import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { listAuditEvents } from "../../../src/store/audit.js";
import { findUser } from "../../../src/store/users.js";
import { apiClient, createApiKey, type ApiResponse } from "../../support/api.js";
import { buildTestApp } from "../../support/http.js";
import { origin, seedOrganisation, USER_PASSWORD } from "../../support/seed.js";
import { describeEachStore } from "../../support/stores.js";

describeEachStore("REST API: users and deleted items", (fx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp(fx);
  });
  afterAll(() => app.close());

  async function scene() {
    const org = await seedOrganisation(fx.services);
    const api = apiClient(app, await createApiKey(fx.services, org.domain, ["userAdministrator"]));
    return { org, api };
  }

  /** The organisation's users and audit events: what must stay as it is after an error. */
  async function snapshot(organisationId: string) {
    const users = await fx.store.db
      .selectFrom("users")
      .selectAll()
      .where("organisation_id", "=", organisationId)
      .orderBy("id")
      .execute();
    const events = await listAuditEvents(fx.store, organisationId, { limit: 1000 });
    return { users, events: events.length };
  }

  it("adds, reads, updates and deletes a user with Graph's property names", async () => {
    const { org, api } = await scene();
    const upn = `Grace.Hopper@${org.domain}`;
    const created = await api.post("/users", {
      accountEnabled: true,
      displayName: "Grace Hopper",
      givenName: "Grace",
      surname: "Hopper",
      userPrincipalName: upn,
      mailNickname: "grace",
      mail: "grace@example.test",
      otherMails: ["grace.home@example.test"],
      mobilePhone: "+31 6 1234 5678",
      businessPhones: ["+31201234567"],
      preferredLanguage: "nl-NL",
      passwordProfile: { forceChangePasswordNextSignIn: true },
    });
    expect(created.statusCode).toBe(201);
    const user = created.data;
    expect(user).toMatchObject({
      userPrincipalName: upn,
      displayName: "Grace Hopper",
      givenName: "Grace",
      surname: "Hopper",
      mail: "grace@example.test",
      otherMails: ["grace.home@example.test"],
      mobilePhone: "+31612345678",
      businessPhones: ["+31201234567"],
      preferredLanguage: "nl",
      accountEnabled: true,
      onPremisesSyncEnabled: false,
      deletedDateTime: null,
      createdDateTime: new Date(fx.clock.now()).toISOString(),
      passwordProfile: { forceChangePasswordNextSignIn: true },
    });
    const generated = String(user.passwordProfile.password);
    const signedIn = await fx.services.signIn({ userId: upn, password: generated, origin });
    expect(signedIn.mustChangePassword).toBe(true);

    // Read by id and by userPrincipalName in any case; the password is never shown again.
    const byId = await api.get(`/users/${user.id}`);
    expect(byId.statusCode).toBe(200);
    expect(byId.data).not.toHaveProperty("passwordProfile");
    expect(byId.data.lastPasswordChangeDateTime).toBe(new Date(fx.clock.now()).toISOString());
    expect((await api.get(`/users/${encodeURIComponent(upn.toLowerCase())}`)).data.id).toBe(
      user.id,
    );

    const patched = await api.patch(`/users/${upn}`, {
      displayName: "Rear Admiral Grace Hopper",
      mobilePhone: null,
      businessPhones: [],
      accountEnabled: false,
    });
    expect(patched.statusCode).toBe(204);
    const after = (await api.get(`/users/${user.id}`)).data;
    expect(after).toMatchObject({
      displayName: "Rear Admiral Grace Hopper",
      mobilePhone: null,
      businessPhones: [],
      accountEnabled: false,
      surname: "Hopper",
    });
    expect(await fx.services.sessions.resolve(signedIn.token)).toBeUndefined();
    const represented = await api.patch(
      `/users/${user.id}`,
      { accountEnabled: true },
      { prefer: "return=representation" },
    );
    expect(represented.statusCode).toBe(200);
    expect(represented.data).toMatchObject({ id: user.id, accountEnabled: true });

    const typed = await api.post("/users", {
      userPrincipalName: `linus@${org.domain}`,
      displayName: "Linus",
      accountEnabled: false,
      passwordProfile: {
        password: "quartz lantern orbit fable",
        forceChangePasswordNextSignIn: false,
      },
    });
    expect(typed.statusCode).toBe(201);
    expect(typed.data).not.toHaveProperty("passwordProfile");
    expect(typed.data.accountEnabled).toBe(false);

    const deleted = await api.delete(`/users/${user.id}`);
    expect(deleted.statusCode).toBe(204);
    expect((await api.get(`/users/${user.id}`)).statusCode).toBe(404);
  });

  it("reads a user by the longest User ID there can be (113 characters)", async () => {
    // Fastify's router refused path parameters over 100 characters with a 414 of its own.
    const domain = `${"d".repeat(40)}-${process.pid}.test`.slice(-48);
    const org = await seedOrganisation(fx.services, "Long", { domain });
    const api = apiClient(app, await createApiKey(fx.services, org.domain, ["userAdministrator"]));
    const localPart = "l".repeat(64);
    const { user } = await org.addUser(localPart);
    expect(user.userPrincipalName).toHaveLength(113);
    const read = await api.get(`/users/${user.userPrincipalName}`);
    expect(read.statusCode).toBe(200);
    expect(read.data.id).toBe(user.id);
    const tooLong = await api.get(`/users/${"x".repeat(5_000)}`);
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.data.error.details[0].target).toBe("id");
  });

  it("refuses a duplicate (409) and a bad field (400, naming it), creating nothing", async () => {
    const { org, api } = await scene();
    await org.addUser("dup");
    const before = await snapshot(org.organisation.id);

    const duplicate = await api.post("/users", {
      userPrincipalName: `DUP@${org.domain}`,
      displayName: "Another Dup",
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.data.error.code).toBe("Request_Conflict");
    expect(duplicate.data.error.message).toContain("userPrincipalName");

    const cases: [Record<string, unknown>, string][] = [
      [{ displayName: "No UPN" }, "userPrincipalName"],
      [{ userPrincipalName: "not-an-upn", displayName: "X" }, "userPrincipalName"],
      [{ userPrincipalName: `x@elsewhere.example`, displayName: "X" }, "userPrincipalName"],
      [{ userPrincipalName: `x@${org.domain}`, displayName: "   " }, "displayName"],
      [{ userPrincipalName: `x@${org.domain}`, displayName: "X", mail: "nope" }, "mail"],
      [
        { userPrincipalName: `x@${org.domain}`, displayName: "X", mobilePhone: "12" },
        "mobilePhone",
      ],
      [
        { userPrincipalName: `x@${org.domain}`, displayName: "X", businessPhones: ["+1", "+2"] },
        "businessPhones",
      ],
      [
        { userPrincipalName: `x@${org.domain}`, displayName: "X", businessPhones: ["123"] },
        "businessPhones",
      ],
      [{ userPrincipalName: `x@${org.domain}`, displayName: "X", otherMails: ["a"] }, "otherMails"],
      [
        { userPrincipalName: `x@${org.domain}`, displayName: "X", preferredLanguage: "fr" },
        "preferredLanguage",
      ],
      [{ userPrincipalName: `x@${org.domain}`, displayName: "X", jobTitle: "CEO" }, "jobTitle"],
      [
        { userPrincipalName: `x@${org.domain}`, displayName: "X", accountEnabled: "yes" },
        "accountEnabled",
      ],
      [
        {
          userPrincipalName: `x@${org.domain}`,
          displayName: "X",
          passwordProfile: { password: "password" },
        },
        "passwordProfile.password",
      ],
      [
        {
          userPrincipalName: `x@${org.domain}`,
          displayName: "X",
          passwordProfile: { password: 1 },
        },
        "passwordProfile.password",
      ],
    ];
    for (const [body, field] of cases) {
      const response = await api.post("/users", body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.data.error.code).toBe("Request_BadRequest");
      expect(response.data.error.message, JSON.stringify(body)).toContain(field);
      expect(response.data.error.details[0].target).toBe(field);
    }
    const notJson = await app.inject({
      method: "POST",
      url: "/api/v1/users",
      headers: {
        authorization: `Bearer ${await createApiKey(fx.services, org.domain, ["userAdministrator"])}`,
        "content-type": "application/json",
      },
      payload: '{"userPrincipalName": ',
    });
    expect(notJson.statusCode).toBe(400);
    const afterKey = await snapshot(org.organisation.id);
    expect(afterKey.users).toEqual(before.users);
    // Only the second key's creation was recorded.
    expect(afterKey.events).toBe(before.events + 1);

    // A bad PATCH changes nothing either.
    const { user } = await org.addUser("kept");
    const snap = await findUser(fx.store, user.id);
    const badPatch = await api.patch(`/users/${user.id}`, {
      displayName: "Changed",
      mobilePhone: "call me",
    });
    expect(badPatch.statusCode).toBe(400);
    expect(badPatch.data.error.message).toContain("mobilePhone");
    const renamed = await api.patch(`/users/${user.id}`, { userPrincipalName: "x@y.z" });
    expect(renamed.statusCode).toBe(400);
    expect(renamed.data.error.message).toContain("userPrincipalName");
    expect(await findUser(fx.store, user.id)).toEqual(snap);
  });

  it("refuses what the key's roles don't allow (403), changing nothing", async () => {
    const org = await seedOrganisation(fx.services);
    const helpdesk = apiClient(
      app,
      await createApiKey(fx.services, org.domain, ["helpdeskAdministrator"]),
    );
    const { user } = await org.addUser("harry");
    const before = await snapshot(org.organisation.id);
    const attempts: ApiResponse[] = [
      await helpdesk.post("/users", { userPrincipalName: `h2@${org.domain}`, displayName: "H" }),
      await helpdesk.patch(`/users/${user.id}`, { displayName: "Renamed" }),
      await helpdesk.patch(`/users/${user.id}`, { accountEnabled: false }),
      await helpdesk.delete(`/users/${user.id}`),
      // A helpdesk administrator may not touch a Global Administrator's phones.
      await helpdesk.patch(`/users/${org.user.id}`, { mobilePhone: "+31612345678" }),
    ];
    for (const response of attempts) {
      expect(response.statusCode).toBe(403);
      expect(response.data.error.code).toBe("Authorization_RequestDenied");
    }
    expect(await snapshot(org.organisation.id)).toEqual(before);
    // What the helpdesk may do: the phones of a user without an admin role.
    const phone = await helpdesk.patch(`/users/${user.id}`, { mobilePhone: "+31612345678" });
    expect(phone.statusCode).toBe(204);
  });

  it("keeps another organisation's users out of reach (404)", async () => {
    const { api } = await scene();
    const other = await seedOrganisation(fx.services, "Fabrikam");
    const { user } = await other.addUser("secret");
    const upn = `secret@${other.domain}`;
    for (const response of [
      await api.get(`/users/${user.id}`),
      await api.get(`/users/${upn}`),
      await api.patch(`/users/${user.id}`, { displayName: "Pwned" }),
      await api.delete(`/users/${user.id}`),
      await api.post(`/users/${user.id}/resetPassword`),
      await api.post(`/users/${upn}/unlock`),
      await api.post(`/directory/deletedItems/${user.id}/restore`),
    ]) {
      expect(response.statusCode).toBe(404);
      expect(response.data.error.code).toBe("Request_ResourceNotFound");
    }
    const search = await api.get("/users?$search=secret");
    expect(search.data.value).toEqual([]);
    await expect(
      fx.services.signIn({ userId: upn, password: USER_PASSWORD, origin }),
    ).resolves.toBeDefined();
  });

  it("pages through every user exactly once with $top and $skiptoken", async () => {
    const { org, api } = await scene();
    for (let i = 0; i < 23; i++) await org.addUser(`page${String(i).padStart(2, "0")}`);
    const seen: string[] = [];
    let link: string | undefined = "/users?$top=5";
    let pages = 0;
    while (link) {
      const page: ApiResponse = await api.get(link);
      expect(page.statusCode).toBe(200);
      expect(page.data["@odata.context"]).toBe(
        new URL("/api/v1/$metadata#users", fx.services.deps.publicUrl).href,
      );
      expect(page.data.value.length).toBeLessThanOrEqual(5);
      seen.push(...page.data.value.map((user: { id: string }) => user.id));
      link = page.data["@odata.nextLink"] as string | undefined;
      if (link) {
        expect(link.startsWith(`${fx.services.deps.publicUrl.origin}/api/v1/users?`)).toBe(true);
        expect(link).toContain("$top=5");
        expect(link).toContain("$skiptoken=");
      }
      pages += 1;
    }
    // 23 users, the admin and nobody else's.
    expect(seen).toHaveLength(24);
    expect(new Set(seen).size).toBe(24);
    expect(pages).toBe(5);

    const forged = await api.get("/users?$skiptoken=forged");
    expect(forged.statusCode).toBe(400);
    expect(forged.data.error.message).toContain("$skiptoken");
  });

  it("searches with Graph's $search forms, paging the results too", async () => {
    const { org, api } = await scene();
    for (const name of ["ada", "adam", "adelaide", "bob"]) await org.addUser(name);
    const names = (response: ApiResponse) =>
      response.data.value.map((user: { displayName: string }) => user.displayName);
    // The seeded administrator is "Ada Admin".
    expect(names(await api.get('/users?$search="displayName:ada"'))).toEqual([
      "Ada Admin",
      "ada Tester",
      "adam Tester",
    ]);
    expect(names(await api.get("/users?$search=AD"))).toEqual([
      "Ada Admin",
      "ada Tester",
      "adam Tester",
      "adelaide Tester",
    ]);
    expect(names(await api.get(`/users?$search="userPrincipalName:bob@${org.domain}"`))).toEqual([
      "bob Tester",
    ]);
    const first = await api.get('/users?$search="displayName:ad"&$top=2');
    expect(names(first)).toEqual(["Ada Admin", "ada Tester"]);
    const second = await api.get(first.data["@odata.nextLink"] as string);
    expect(names(second)).toEqual(["adam Tester", "adelaide Tester"]);
    expect(second.data).not.toHaveProperty("@odata.nextLink");

    const bad = await api.get('/users?$search="jobTitle:ceo"');
    expect(bad.statusCode).toBe(400);
    expect(bad.data.error.message).toContain("$search");
  });

  it("lists deleted users and restores them", async () => {
    const { org, api } = await scene();
    const { user } = await org.addUser("gone");
    const { user: other } = await org.addUser("alsogone");
    expect((await api.delete(`/users/${user.id}`)).statusCode).toBe(204);
    fx.clock.advance(1000);
    expect((await api.delete(`/users/gone@${org.domain}`)).statusCode).toBe(404);
    expect((await api.delete(`/users/${other.id}`)).statusCode).toBe(204);

    for (const path of [
      "/directory/deletedItems/users",
      "/directory/deletedItems/microsoft.graph.user",
    ]) {
      const listed = await api.get(path);
      expect(listed.statusCode).toBe(200);
      expect(listed.data.value.map((u: { id: string }) => u.id)).toEqual([other.id, user.id]);
      expect(listed.data.value[1].deletedDateTime).toBe(
        new Date(fx.clock.now() - 1000).toISOString(),
      );
    }
    const page = await api.get("/directory/deletedItems/users?$top=1");
    expect(page.data.value).toHaveLength(1);
    const rest = await api.get(page.data["@odata.nextLink"] as string);
    expect(rest.data.value.map((u: { id: string }) => u.id)).toEqual([user.id]);

    const restored = await api.post(`/directory/deletedItems/${user.id}/restore`);
    expect(restored.statusCode).toBe(200);
    expect(restored.data).toMatchObject({ id: user.id, deletedDateTime: null });
    expect((await api.get(`/users/gone@${org.domain}`)).data.id).toBe(user.id);
    expect(
      (await api.get("/directory/deletedItems/users")).data.value.map((u: { id: string }) => u.id),
    ).toEqual([other.id]);
    expect((await api.post(`/directory/deletedItems/${user.id}/restore`)).statusCode).toBe(404);

    // A User ID taken meanwhile blocks the restore: 409, and the user stays deleted.
    await org.addUser("alsogone");
    const taken = await api.post(`/directory/deletedItems/${other.id}/restore`);
    expect(taken.statusCode).toBe(409);
    expect(taken.data.error.code).toBe("Request_Conflict");
    expect((await findUser(fx.store, other.id))?.deletedAt).not.toBeNull();
  });

  it("never deletes the last Global Administrator", async () => {
    const org = await seedOrganisation(fx.services);
    const api = apiClient(
      app,
      await createApiKey(fx.services, org.domain, ["globalAdministrator"]),
    );
    const response = await api.delete(`/users/${org.user.id}`);
    expect(response.statusCode).toBe(409);
    expect(response.data.error.code).toBe("Directory_LastGlobalAdministrator");
    expect((await findUser(fx.store, org.user.id))?.deletedAt).toBeNull();
  });
});
