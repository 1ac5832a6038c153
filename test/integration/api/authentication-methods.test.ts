import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { RoleKey } from "../../../src/domain/roles.js";
import { principalOfUser } from "../../../src/services/admin/principal.js";
import { listAuditEvents } from "../../../src/store/audit.js";
import { listOutboxMessagesTo } from "../../../src/store/outbox.js";
import { insertSecurityMethod, listSecurityMethods } from "../../../src/store/security-info.js";
import { grantRoles } from "../../support/admins.js";
import { apiClient, createApiKey } from "../../support/api.js";
import { buildTestApp } from "../../support/http.js";
import { raceAgainstHeldUserRow } from "../../support/row-lock.js";
import { origin, seedOrganisation } from "../../support/seed.js";
import { describeEachStore } from "../../support/stores.js";

const MOBILE = "3179e48a-750b-4051-897c-87b9720928f7";
const ALTERNATE_MOBILE = "b6332ec1-7057-4abe-9331-3d72feddfe41";
const OFFICE = "e37fc753-ff3b-4958-9484-eaa9425c82bc";
const EMAIL = "3ddfcfc8-9383-446f-83cc-3ab9be4be18f";

describeEachStore("REST API: /users/{id}/authentication phone and email methods", (fx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp(fx);
  });
  afterAll(() => app.close());

  async function scene(roles: RoleKey[] = ["authenticationAdministrator"]) {
    const org = await seedOrganisation(fx.services);
    const api = apiClient(app, await createApiKey(fx.services, org.domain, roles));
    const { user } = await org.addUser("grace");
    // A primary address, so the user's notices have somewhere to go.
    await fx.services.admin.usersWrite.updateUser(
      await principalOfUser(fx.store, org.user),
      user.id,
      { mail: `grace.mail@${org.domain}`, origin },
    );
    const base = `/users/${user.id}/authentication`;
    return { org, api, user, base };
  }

  const activities = async (organisationId: string, targetId: string) =>
    (await listAuditEvents(fx.store, organisationId, { limit: 100, targetId })).map(
      (event) => event.activity,
    );
  const methodsOf = async (userId: string) =>
    (await listSecurityMethods(fx.store, userId)).map((m) => ({
      kind: m.kind,
      value: m.value,
      verified: m.verifiedAt !== null,
    }));
  const subjectsTo = async (address: string) =>
    (await listOutboxMessagesTo(fx.store, address)).map(
      (message) => fx.services.outbox.unseal(message.id, message.payload ?? "").subject,
    );

  it("adds, lists, reads, changes and deletes phone methods in Graph's shape", async () => {
    const { org, api, user, base } = await scene();
    const created = await api.post(`${base}/phoneMethods`, {
      phoneNumber: "+31 6 1234 5678",
      phoneType: "mobile",
    });
    expect(created.statusCode).toBe(201);
    expect(created.data).toEqual({
      id: MOBILE,
      phoneNumber: "+31612345678",
      phoneType: "mobile",
      smsSignInState: "notSupported",
    });
    const office = await api.post(`/users/${user.userPrincipalName}/authentication/phoneMethods`, {
      phoneNumber: "0031 20 123 4567",
      phoneType: "office",
    });
    expect(office.statusCode).toBe(201);
    expect(office.data.id).toBe(OFFICE);

    const list = await api.get(`${base}/phoneMethods`);
    expect(list.statusCode).toBe(200);
    expect(list.data.value.map((m: { id: string }) => m.id)).toEqual([MOBILE, OFFICE]);
    expect((await api.get(`${base}/phoneMethods/${OFFICE}`)).data).toMatchObject({
      phoneNumber: "+31201234567",
      phoneType: "office",
    });

    // Stored as the user's own security info, verified: it counts for self-service reset.
    expect(await methodsOf(user.id)).toEqual([
      { kind: "mobilePhone", value: "+31612345678", verified: true },
      { kind: "officePhone", value: "+31201234567", verified: true },
    ]);

    const changed = await api.patch(`${base}/phoneMethods/${MOBILE}`, {
      phoneNumber: "+31 6 8765 4321",
    });
    expect(changed.statusCode).toBe(204);
    expect((await api.get(`${base}/phoneMethods/${MOBILE}`)).data.phoneNumber).toBe("+31687654321");

    expect((await api.delete(`${base}/phoneMethods/${OFFICE}`)).statusCode).toBe(204);
    const gone = await api.get(`${base}/phoneMethods/${OFFICE}`);
    expect(gone.statusCode).toBe(404);
    expect(gone.data.error.code).toBe("Request_ResourceNotFound");
    expect((await api.delete(`${base}/phoneMethods/${OFFICE}`)).statusCode).toBe(404);
    expect(await methodsOf(user.id)).toEqual([
      { kind: "mobilePhone", value: "+31687654321", verified: true },
    ]);

    expect(await activities(org.organisation.id, user.id)).toEqual(
      expect.arrayContaining([
        "Admin registered security info",
        "Admin updated security info",
        "Admin deleted security info",
      ]),
    );
    const events = await listAuditEvents(fx.store, org.organisation.id, {
      limit: 10,
      targetId: user.id,
      activity: "Admin registered security info",
    });
    expect(events[0]).toMatchObject({ actorName: "key authenticationAdministrator" });
    // The kind of method, never the number.
    expect(JSON.stringify(events)).not.toContain("612345678");

    const notices = await subjectsTo(`grace.mail@${org.domain}`);
    expect(notices).toHaveLength(4);
    expect(new Set(notices)).toEqual(new Set(["Your security info changed"]));
  });

  it("adds, changes and deletes the email method; the old address hears of the change", async () => {
    const { org, api, user, base } = await scene();
    const created = await api.post(`${base}/emailMethods`, { emailAddress: "grace@example.org" });
    expect(created.statusCode).toBe(201);
    expect(created.data).toEqual({ id: EMAIL, emailAddress: "grace@example.org" });
    expect((await api.get(`${base}/emailMethods`)).data.value).toEqual([created.data]);
    expect((await api.get(`${base}/emailMethods/${EMAIL}`)).data).toEqual(created.data);

    const changed = await api.patch(`${base}/emailMethods/${EMAIL}`, {
      emailAddress: "hopper@example.org",
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.data).toEqual({ id: EMAIL, emailAddress: "hopper@example.org" });
    expect(await subjectsTo("grace@example.org")).toHaveLength(2);
    expect(await subjectsTo("hopper@example.org")).toHaveLength(1);

    expect((await api.delete(`${base}/emailMethods/${EMAIL}`)).statusCode).toBe(204);
    expect((await api.get(`${base}/emailMethods`)).data.value).toEqual([]);
    expect(await subjectsTo("hopper@example.org")).toHaveLength(2);
    expect(await subjectsTo(`grace.mail@${org.domain}`)).toHaveLength(3);
    expect(await methodsOf(user.id)).toEqual([]);
  });

  it("refuses a second method of a type, alternateMobile and a change of type", async () => {
    const { api, base } = await scene();
    await api.post(`${base}/phoneMethods`, { phoneNumber: "+31612345678", phoneType: "mobile" });
    const again = await api.post(`${base}/phoneMethods`, {
      phoneNumber: "+31611111111",
      phoneType: "mobile",
    });
    expect(again.statusCode).toBe(409);
    expect(again.data.error.code).toBe("Request_Conflict");
    await api.post(`${base}/emailMethods`, { emailAddress: "a@example.org" });
    expect(
      (await api.post(`${base}/emailMethods`, { emailAddress: "b@example.org" })).statusCode,
    ).toBe(409);

    const alternate = await api.post(`${base}/phoneMethods`, {
      phoneNumber: "+31611111111",
      phoneType: "alternateMobile",
    });
    expect(alternate.statusCode).toBe(400);
    expect(alternate.data.error.details[0].target).toBe("phoneType");
    expect((await api.get(`${base}/phoneMethods/${ALTERNATE_MOBILE}`)).statusCode).toBe(404);

    const retype = await api.patch(`${base}/phoneMethods/${MOBILE}`, {
      phoneNumber: "+31611111111",
      phoneType: "office",
    });
    expect(retype.statusCode).toBe(400);
    expect(retype.data.error.details[0].target).toBe("phoneType");
    expect((await api.get(`${base}/phoneMethods/${MOBILE}`)).data.phoneNumber).toBe("+31612345678");
  });

  it.skipIf(fx.kind !== "postgres")(
    "waits for another instance adding a phone of the type, then answers 409",
    async () => {
      const { api, user, base } = await scene();
      const added = await raceAgainstHeldUserRow(
        fx.store,
        user.id,
        (tx) =>
          insertSecurityMethod(tx, {
            id: randomUUID(),
            userId: user.id,
            organisationId: user.organisationId,
            kind: "mobilePhone",
            value: "+31611111111",
            verifiedAt: fx.clock.now(),
            createdAt: fx.clock.now(),
          }),
        () =>
          api.post(`${base}/phoneMethods`, { phoneNumber: "+31612345678", phoneType: "mobile" }),
      );
      expect(added.statusCode).toBe(409);
      expect((await methodsOf(user.id)).filter((m) => m.kind === "mobilePhone")).toEqual([
        { kind: "mobilePhone", value: "+31611111111", verified: true },
      ]);
    },
  );

  it("refuses invalid numbers and addresses with 400 naming the field, changing nothing", async () => {
    const { org, api, user, base } = await scene();
    await api.post(`${base}/phoneMethods`, { phoneNumber: "+31612345678", phoneType: "mobile" });
    const before = {
      methods: await methodsOf(user.id),
      events: (await activities(org.organisation.id, user.id)).length,
      notices: (await subjectsTo(`grace.mail@${org.domain}`)).length,
    };
    const attempts = [
      api.post(`${base}/phoneMethods`, { phoneNumber: "06 12345678", phoneType: "office" }),
      api.post(`${base}/phoneMethods`, { phoneNumber: "call me", phoneType: "office" }),
      api.patch(`${base}/phoneMethods/${MOBILE}`, { phoneNumber: "+0" }),
      api.post(`${base}/emailMethods`, { emailAddress: "not an address" }),
      api.post(`${base}/emailMethods`, { emailAddress: "a@b" }),
    ];
    const responses = await Promise.all(attempts);
    expect(responses.map((r) => [r.statusCode, r.data.error.details?.[0]?.target])).toEqual([
      [400, "phoneNumber"],
      [400, "phoneNumber"],
      [400, "phoneNumber"],
      [400, "emailAddress"],
      [400, "emailAddress"],
    ]);
    expect(responses[0]?.data.error.message).toMatch(/^phoneNumber: /);
    const missing = await api.post(`${base}/phoneMethods`, { phoneType: "office" });
    expect(missing.statusCode).toBe(400);
    expect(missing.data.error.details[0].target).toBe("phoneNumber");
    expect({
      methods: await methodsOf(user.id),
      events: (await activities(org.organisation.id, user.id)).length,
      notices: (await subjectsTo(`grace.mail@${org.domain}`)).length,
    }).toEqual(before);
  });

  it("follows the reset matrix: 403 for roles that can't reset the user, 404 across organisations", async () => {
    const { org, user, base } = await scene();
    const { user: global } = await org.addUser("other-global");
    await grantRoles(fx.store, global, ["globalAdministrator"]);
    const helpdesk = apiClient(
      app,
      await createApiKey(fx.services, org.domain, ["helpdeskAdministrator"]),
    );
    const refused = await helpdesk.post(`/users/${global.id}/authentication/phoneMethods`, {
      phoneNumber: "+31612345678",
      phoneType: "mobile",
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.data.error.code).toBe("Authorization_RequestDenied");
    expect((await helpdesk.get(`/users/${global.id}/authentication/methods`)).statusCode).toBe(403);
    // The same role may for a user without admin roles.
    expect(
      (
        await helpdesk.post(`${base}/phoneMethods`, {
          phoneNumber: "+31612345678",
          phoneType: "mobile",
        })
      ).statusCode,
    ).toBe(201);

    // A key always holds a role; these give no right to reset anyone.
    for (const role of ["directoryReaders", "groupsAdministrator", "reportsReader"] as const) {
      const key = apiClient(app, await createApiKey(fx.services, org.domain, [role]));
      expect((await key.get(`${base}/phoneMethods`)).statusCode).toBe(403);
      expect(
        (await key.post(`${base}/emailMethods`, { emailAddress: "x@example.org" })).statusCode,
      ).toBe(403);
    }

    const other = await seedOrganisation(fx.services, "Elsewhere");
    const outsider = apiClient(
      app,
      await createApiKey(fx.services, other.domain, ["globalAdministrator"]),
    );
    const hidden = await outsider.get(`${base}/phoneMethods`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.data.error.code).toBe("Request_ResourceNotFound");
    expect(
      (await outsider.post(`${base}/emailMethods`, { emailAddress: "x@example.org" })).statusCode,
    ).toBe(404);
    expect(await methodsOf(user.id)).toHaveLength(1);
    expect((await apiClient(app, undefined).get(`${base}/phoneMethods`)).statusCode).toBe(401);
  });

  it("lists every method; security questions and authenticator apps without their secrets", async () => {
    const { api, user, base } = await scene();
    await api.post(`${base}/phoneMethods`, { phoneNumber: "+31612345678", phoneType: "mobile" });
    const at = fx.clock.now();
    for (const kind of ["securityQuestions", "authenticatorApp"] as const) {
      await fx.store.db
        .insertInto("security_methods")
        .values({
          id: `ffffffff-0000-7000-8000-00000000000${kind === "authenticatorApp" ? 2 : 1}`,
          user_id: user.id,
          organisation_id: user.organisationId,
          kind,
          value: kind === "authenticatorApp" ? "JBSWY3DPEHPK3PXP" : null,
          verified_at: at,
          created_at: at,
        })
        .execute();
    }
    const list = await api.get(`${base}/methods`);
    expect(list.statusCode).toBe(200);
    const types = list.data.value.map((m: Record<string, unknown>) => m["@odata.type"]);
    expect(types).toEqual([
      "#microsoft.graph.passwordAuthenticationMethod",
      "#microsoft.graph.phoneAuthenticationMethod",
      "#sesame.securityQuestionsAuthenticationMethod",
      "#microsoft.graph.softwareOathAuthenticationMethod",
    ]);
    expect(list.body).not.toContain("JBSWY3DPEHPK3PXP");
    expect(list.data.value[3]).toMatchObject({ secretKey: null });
    expect(list.data.value[0]).toMatchObject({ password: null });
  });

  it("documents every operation in the OpenAPI document", async () => {
    const spec = (await apiClient(app, undefined).get("/openapi.json")).data;
    const paths = Object.keys(spec.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        "/users/{id}/authentication/methods",
        "/users/{id}/authentication/phoneMethods",
        "/users/{id}/authentication/phoneMethods/{methodId}",
        "/users/{id}/authentication/emailMethods",
        "/users/{id}/authentication/emailMethods/{methodId}",
      ]),
    );
    const phone = spec.paths["/users/{id}/authentication/phoneMethods/{methodId}"];
    expect(Object.keys(phone).sort()).toEqual(["delete", "get", "patch"]);
    expect(phone.patch.tags).toEqual(["authenticationMethods"]);
  });
});
