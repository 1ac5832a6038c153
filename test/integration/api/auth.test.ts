import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { principalOfUser } from "../../../src/services/admin/principal.js";
import { apiClient, createApiKey } from "../../support/api.js";
import { buildTestApp, Client, csrfTokenOf } from "../../support/http.js";
import { ADMIN_PASSWORD, origin, seedOrganisation } from "../../support/seed.js";
import { describeEachStore } from "../../support/stores.js";

describeEachStore("REST API: authentication, errors and documentation", (fx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp(fx);
  });
  afterAll(() => app.close());

  const expectUnauthenticated = (response: {
    statusCode: number;
    headers: Record<string, unknown>;
    data: unknown;
  }) => {
    expect(response.statusCode).toBe(401);
    expect(response.headers["www-authenticate"]).toMatch(/^Bearer/);
    expect(response.headers["cache-control"]).toBe("no-store");
    expect(response.data).toMatchObject({ error: { code: "InvalidAuthenticationToken" } });
  };

  it("answers 401 without a key, with a forged or malformed one, and with a revoked one", async () => {
    const org = await seedOrganisation(fx.services);
    const key = await createApiKey(fx.services, org.domain, ["globalAdministrator"]);
    expect((await apiClient(app, key).get("/users")).statusCode).toBe(200);

    expectUnauthenticated(await apiClient(app, undefined).get("/users"));
    const forged = `ssk_${"A".repeat(43)}`;
    expectUnauthenticated(await apiClient(app, forged).get("/users"));
    expectUnauthenticated(await apiClient(app, "not-a-key").get("/users"));
    expectUnauthenticated(
      await apiClient(app, undefined).get("/users", { authorization: `Basic ${key}` }),
    );
    // Unknown paths and state-changing requests alike.
    expectUnauthenticated(await apiClient(app, undefined).get("/nowhere"));
    const refused = await apiClient(app, forged).post("/users", {
      userPrincipalName: `mallory@${org.domain}`,
      displayName: "Mallory",
    });
    expectUnauthenticated(refused);

    const admin = await principalOfUser(fx.store, org.user);
    const [info] = await fx.services.admin.apiKeys.list(admin);
    await fx.services.admin.apiKeys.revoke(admin, info?.id ?? "", origin);
    expectUnauthenticated(await apiClient(app, key).get("/users"));
  });

  it("never accepts a session cookie, and skips the cookie CSRF check for bearer requests", async () => {
    const org = await seedOrganisation(fx.services);
    const browser = new Client(app);
    await browser.signIn(`admin@${org.domain}`, ADMIN_PASSWORD);
    expect((await browser.get("/admin/users")).statusCode).toBe(200);
    const listed = await browser.get("/api/v1/users");
    expectUnauthenticated({ ...listed, data: JSON.parse(listed.body) });
    // A form post with the cookie and even a valid CSRF token is still not authenticated.
    const page = await browser.get("/admin/users");
    const posted = await browser.post("/api/v1/users", {
      _csrf: csrfTokenOf(page.body),
      userPrincipalName: `eve@${org.domain}`,
      displayName: "Eve",
    });
    expect(posted.statusCode).toBe(401);
    // With a key, a POST needs no CSRF token.
    const key = await createApiKey(fx.services, org.domain, ["userAdministrator"]);
    const created = await apiClient(app, key).post("/users", {
      userPrincipalName: `eve@${org.domain}`,
      displayName: "Eve",
    });
    expect(created.statusCode).toBe(201);
  });

  it("answers in Graph's error shape with stable codes, and no-store everywhere", async () => {
    const org = await seedOrganisation(fx.services);
    const api = apiClient(
      app,
      await createApiKey(fx.services, org.domain, ["helpdeskAdministrator"]),
    );
    const ok = await api.get("/users");
    expect(ok.headers["cache-control"]).toBe("no-store");
    expect(ok.headers["content-type"]).toMatch(/^application\/json/);

    const missing = await api.get("/users/00000000-0000-4000-8000-000000000000");
    expect(missing.statusCode).toBe(404);
    expect(missing.data.error).toMatchObject({
      code: "Request_ResourceNotFound",
      innerError: { "request-id": expect.any(String) },
    });
    expect((await api.get("/nowhere")).data.error.code).toBe("Request_ResourceNotFound");

    const denied = await api.post("/users", {
      userPrincipalName: `x@${org.domain}`,
      displayName: "X",
    });
    expect(denied.statusCode).toBe(403);
    expect(denied.data.error.code).toBe("Authorization_RequestDenied");

    const badTop = await api.get("/users?$top=1000");
    expect(badTop.statusCode).toBe(400);
    expect(badTop.data.error).toMatchObject({ code: "Request_BadRequest" });
    expect(badTop.data.error.message).toContain("$top");
    const unknownOption = await api.get("/users?$orderby=displayName");
    expect(unknownOption.statusCode).toBe(400);
    expect(unknownOption.data.error.message).toContain("$orderby");

    const notJson = await app.inject({
      method: "POST",
      url: "/api/v1/users/whoever/unlock",
      headers: {
        authorization: `Bearer ${await createApiKey(fx.services, org.domain, ["globalAdministrator"])}`,
        "content-type": "application/json",
      },
      payload: "{not json",
    });
    expect(notJson.statusCode).toBe(400);
    expect(JSON.parse(notJson.body).error.code).toBe("Request_BadRequest");
    const form = await app.inject({
      method: "POST",
      url: "/api/v1/groups",
      headers: {
        authorization: `Bearer ${await createApiKey(fx.services, org.domain, ["globalAdministrator"])}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      payload: "displayName=Sneaky",
    });
    expect(form.statusCode).toBe(415);
  });

  it("limits requests per key and per address", async () => {
    const limited = await buildTestApp(fx);
    try {
      const anonymous = apiClient(limited, undefined);
      const statuses: number[] = [];
      for (let i = 0; i < 31; i++) statuses.push((await anonymous.get("/groups")).statusCode);
      expect(statuses.slice(0, 30).every((status) => status === 401)).toBe(true);
      const blocked = await anonymous.get("/groups");
      expect(blocked.statusCode).toBe(429);
      expect(blocked.data.error.code).toBe("TooManyRequests");
      expect(blocked.headers["retry-after"]).toBeDefined();
      // A key has its own, larger budget.
      const org = await seedOrganisation(fx.services);
      const key = await createApiKey(fx.services, org.domain, ["directoryReaders"]);
      expect((await apiClient(limited, key).get("/groups")).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it("publishes an OpenAPI 3.1 document listing every operation", async () => {
    const response = await apiClient(app, undefined).get("/openapi.json");
    expect(response.statusCode).toBe(200);
    const spec = response.data;
    expect(spec.openapi).toBe("3.1.0");
    expect(spec.servers[0].url).toBe(new URL("/api/v1", fx.services.deps.publicUrl).href);
    expect(spec.components.securitySchemes.apiKey).toMatchObject({
      type: "http",
      scheme: "bearer",
    });
    expect(spec.security).toEqual([{ apiKey: [] }]);
    const operations = Object.entries(spec.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, item]) =>
        Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
      )
      .sort();
    expect(operations).toEqual(
      [
        "GET /users",
        "POST /users",
        "GET /users/{id}",
        "PATCH /users/{id}",
        "DELETE /users/{id}",
        "POST /users/{id}/resetPassword",
        "POST /users/{id}/revokeSignInSessions",
        "POST /users/{id}/unlock",
        "GET /users/{id}/authentication/methods",
        "GET /users/{id}/authentication/phoneMethods",
        "POST /users/{id}/authentication/phoneMethods",
        "GET /users/{id}/authentication/phoneMethods/{methodId}",
        "PATCH /users/{id}/authentication/phoneMethods/{methodId}",
        "DELETE /users/{id}/authentication/phoneMethods/{methodId}",
        "GET /users/{id}/authentication/emailMethods",
        "POST /users/{id}/authentication/emailMethods",
        "GET /users/{id}/authentication/emailMethods/{methodId}",
        "PATCH /users/{id}/authentication/emailMethods/{methodId}",
        "DELETE /users/{id}/authentication/emailMethods/{methodId}",
        "GET /directory/deletedItems/users",
        "GET /directory/deletedItems/microsoft.graph.user",
        "POST /directory/deletedItems/{id}/restore",
        "GET /roleManagement/directory/roleDefinitions",
        "GET /roleManagement/directory/roleAssignments",
        "POST /roleManagement/directory/roleAssignments",
        "DELETE /roleManagement/directory/roleAssignments/{id}",
        "GET /groups",
        "POST /groups",
        "GET /groups/{id}/members",
        "POST /groups/{id}/members/$ref",
        "DELETE /groups/{id}/members/{memberId}/$ref",
        "GET /auditLogs/directoryAudits",
        "GET /policies/passwordReset",
        "PATCH /policies/passwordReset",
        "GET /organization",
        "GET /organization/{id}",
        "GET /domains",
        "GET /domains/{id}",
      ].sort(),
    );
    const create = spec.paths["/users"].post;
    expect(create.operationId).toBe("createUser");
    expect(create.requestBody.content["application/json"].schema.properties).toHaveProperty(
      "passwordProfile",
    );
    expect(create.responses["201"]).toBeDefined();
    expect(spec.paths["/users/{id}"].get.parameters[0]).toMatchObject({ in: "path", name: "id" });
  });

  it("serves a docs page in English and Dutch under the strict CSP, without scripts", async () => {
    const english = await app.inject({ method: "GET", url: "/api/v1/docs" });
    expect(english.statusCode).toBe(200);
    expect(english.headers["content-type"]).toMatch(/^text\/html/);
    const csp = String(english.headers["content-security-policy"]);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(english.body).not.toContain("<script");
    expect(english.body).toContain("Reset a user&#39;s password".replace("&#39;", "'"));
    expect(english.body).toContain("/users/{id}/resetPassword");
    expect(english.body).toContain("/api/v1/openapi.json");
    const dutch = await app.inject({
      method: "GET",
      url: "/api/v1/docs",
      headers: { "accept-language": "nl-NL,nl;q=0.9" },
    });
    expect(dutch.body).toContain('lang="nl"');
    expect(dutch.body).toContain("Het wachtwoord van een gebruiker opnieuw instellen");
  });
});
