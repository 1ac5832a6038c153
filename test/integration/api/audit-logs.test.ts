import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { apiClient, createApiKey, type ApiResponse } from "../../support/api.js";
import { buildTestApp } from "../../support/http.js";
import { seedOrganisation } from "../../support/seed.js";
import { describeEachStore } from "../../support/stores.js";

const HOUR = 3_600_000;

describeEachStore("REST API: GET /auditLogs/directoryAudits", (fx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp(fx);
  });
  afterAll(() => app.close());

  it("lists events in Graph's shape, filtered by activity and time, page by page", async () => {
    const start = fx.clock.now();
    const org = await seedOrganisation(fx.services);
    const admin = apiClient(
      app,
      await createApiKey(fx.services, org.domain, ["userAdministrator"]),
    );
    const reader = apiClient(app, await createApiKey(fx.services, org.domain, ["reportsReader"]));
    // Five users added an hour apart, each reset the hour after.
    const added: string[] = [];
    for (let i = 0; i < 5; i++) {
      fx.clock.advance(HOUR);
      const created = await admin.post("/users", {
        userPrincipalName: `audit${i}@${org.domain}`,
        displayName: `Audit ${i}`,
      });
      added.push(created.data.id as string);
      fx.clock.advance(HOUR);
      expect((await admin.post(`/users/${created.data.id}/resetPassword`)).statusCode).toBe(200);
    }
    const at = (hours: number) => new Date(start + hours * HOUR).toISOString();

    const adds = await reader.get(
      "/auditLogs/directoryAudits?$filter=activityDisplayName eq 'Add user'",
    );
    expect(adds.statusCode).toBe(200);
    expect(adds.data["@odata.context"]).toContain("$metadata#auditLogs/directoryAudits");
    // Newest first.
    expect(
      adds.data.value.map(
        (event: { targetResources: { id: string }[] }) => event.targetResources[0]?.id,
      ),
    ).toEqual([...added].reverse().concat(org.user.id)); // the seeded administrator first of all
    expect(adds.data.value[0]).toMatchObject({
      id: expect.any(String),
      activityDateTime: at(9),
      activityDisplayName: "Add user",
      category: "UserManagement",
      result: "success",
      resultReason: "",
      initiatedBy: {
        user: {
          id: expect.any(String),
          userPrincipalName: "key userAdministrator",
          ipAddress: "127.0.0.1",
        },
      },
      targetResources: [{ id: added[4], displayName: `audit4@${org.domain}`, type: "User" }],
    });

    // A window of time, both ends inclusive with ge/le, and activity together.
    const window = await reader.get(
      `/auditLogs/directoryAudits?$filter=activityDateTime ge ${at(3)} and activityDateTime le ${at(6)} and activityDisplayName eq 'Reset password (by admin)'`,
    );
    expect(window.data.value.map((e: { activityDateTime: string }) => e.activityDateTime)).toEqual([
      at(6),
      at(4),
    ]);
    const exclusive = await reader.get(
      `/auditLogs/directoryAudits?$filter=activityDateTime gt ${at(4)} and activityDateTime lt ${at(8)}`,
    );
    expect(
      exclusive.data.value.map((e: { activityDateTime: string }) => e.activityDateTime),
    ).toEqual([at(7), at(6), at(5)]);

    // Page by page, every event of the organisation exactly once.
    const everything = await reader.get("/auditLogs/directoryAudits?$top=999");
    expect(everything.data).not.toHaveProperty("@odata.nextLink");
    const seen: string[] = [];
    let link: string | undefined = "/auditLogs/directoryAudits?$top=3";
    while (link) {
      const page: ApiResponse = await reader.get(link);
      expect(page.data.value.length).toBeLessThanOrEqual(3);
      seen.push(...page.data.value.map((event: { id: string }) => event.id));
      link = page.data["@odata.nextLink"] as string | undefined;
    }
    expect(seen).toEqual(everything.data.value.map((event: { id: string }) => event.id));
    expect(new Set(seen).size).toBe(seen.length);

    const filteredPages = await reader.get(
      "/auditLogs/directoryAudits?$filter=activityDisplayName eq 'Add user'&$top=2",
    );
    expect(filteredPages.data.value).toHaveLength(2);
    const next = await reader.get(filteredPages.data["@odata.nextLink"] as string);
    expect(
      next.data.value.map((e: { activityDisplayName: string }) => e.activityDisplayName),
    ).toEqual(["Add user", "Add user"]);
    expect(next.data["@odata.nextLink"]).toContain("activityDisplayName");
  });

  it("refuses bad filters, naming $filter or $skiptoken", async () => {
    const org = await seedOrganisation(fx.services);
    const reader = apiClient(app, await createApiKey(fx.services, org.domain, ["reportsReader"]));
    for (const query of [
      "$filter=activityDisplayName eq 'Made up activity'",
      "$filter=activityDateTime ge yesterday",
      "$filter=category eq 'UserManagement'",
      "$filter=activityDisplayName eq 'Add user' or activityDisplayName eq 'Delete user'",
      "$filter=activityDateTime ge 2026-11-23T00:00:00Z and activityDateTime le 2026-11-22T00:00:00Z",
    ]) {
      const response = await reader.get(`/auditLogs/directoryAudits?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.data.error.code).toBe("Request_BadRequest");
      expect(response.data.error.message, query).toContain("$filter");
    }
    const forged = await reader.get("/auditLogs/directoryAudits?$skiptoken=eyJhdCI6Im5vIn0");
    expect(forged.statusCode).toBe(400);
    expect(forged.data.error.message).toContain("$skiptoken");
  });

  it("needs a role that reads the audit log (403), and shows only the key's organisation", async () => {
    const org = await seedOrganisation(fx.services);
    for (const role of [
      "helpdeskAdministrator",
      "userAdministrator",
      "directoryReaders",
    ] as const) {
      const api = apiClient(app, await createApiKey(fx.services, org.domain, [role]));
      const response = await api.get("/auditLogs/directoryAudits");
      expect(response.statusCode, role).toBe(403);
      expect(response.data.error.code).toBe("Authorization_RequestDenied");
    }
    const other = await seedOrganisation(fx.services, "Fabrikam");
    await other.addUser("elsewhere");
    const reader = apiClient(
      app,
      await createApiKey(fx.services, org.domain, ["privilegedRoleAdministrator"]),
    );
    const response = await reader.get("/auditLogs/directoryAudits?$top=999");
    expect(response.statusCode).toBe(200);
    const targets = response.data.value.flatMap(
      (event: { targetResources: { displayName: string }[] }) =>
        event.targetResources.map((target) => target.displayName),
    );
    expect(targets).not.toContain(`elsewhere@${other.domain}`);
    expect(targets).toContain(`admin@${org.domain}`);
  });
});
