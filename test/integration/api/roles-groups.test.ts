import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ROLES } from "../../../src/domain/roles.js";
import { findRoleTemplateIds } from "../../../src/store/roles.js";
import { apiClient, createApiKey, type ApiResponse } from "../../support/api.js";
import { buildTestApp } from "../../support/http.js";
import { seedOrganisation } from "../../support/seed.js";
import { describeEachStore } from "../../support/stores.js";

const ids = (response: ApiResponse) => response.data.value.map((item: { id: string }) => item.id);

describeEachStore("REST API: role management and groups", (fx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp(fx);
  });
  afterAll(() => app.close());

  it("lists the role definitions with Microsoft's template ids", async () => {
    const org = await seedOrganisation(fx.services);
    const api = apiClient(app, await createApiKey(fx.services, org.domain, ["directoryReaders"]));
    const response = await api.get("/roleManagement/directory/roleDefinitions");
    expect(response.statusCode).toBe(200);
    expect(response.data.value).toHaveLength(Object.keys(ROLES).length);
    expect(response.data.value).toContainEqual({
      id: "729827e3-9c14-49f7-bb1b-9608f156bbb8",
      displayName: "Helpdesk Administrator",
      templateId: "729827e3-9c14-49f7-bb1b-9608f156bbb8",
      isBuiltIn: true,
      isEnabled: true,
    });
  });

  it("assigns roles by template id or display name, filters, removes, and keeps the last Global Administrator", async () => {
    const org = await seedOrganisation(fx.services);
    const api = apiClient(
      app,
      await createApiKey(fx.services, org.domain, ["privilegedRoleAdministrator"]),
    );
    const { user } = await org.addUser("rolf");

    const byTemplate = await api.post("/roleManagement/directory/roleAssignments", {
      principalId: user.id,
      roleDefinitionId: ROLES.helpdeskAdministrator.id,
      directoryScopeId: "/",
    });
    expect(byTemplate.statusCode).toBe(201);
    expect(byTemplate.data).toMatchObject({
      id: expect.any(String),
      principalId: user.id,
      roleDefinitionId: ROLES.helpdeskAdministrator.id,
      directoryScopeId: "/",
    });
    const byName = await api.post("/roleManagement/directory/roleAssignments", {
      principalId: user.id,
      roleDefinitionId: "reports reader",
    });
    expect(byName.statusCode).toBe(201);
    expect(byName.data.roleDefinitionId).toBe(ROLES.reportsReader.id);
    expect(await findRoleTemplateIds(fx.store, user.id)).toEqual(
      expect.arrayContaining([ROLES.helpdeskAdministrator.id, ROLES.reportsReader.id]),
    );

    const again = await api.post("/roleManagement/directory/roleAssignments", {
      principalId: user.id,
      roleDefinitionId: "Helpdesk Administrator",
    });
    expect(again.statusCode).toBe(409);
    expect(again.data.error.code).toBe("Request_Conflict");
    const unknownRole = await api.post("/roleManagement/directory/roleAssignments", {
      principalId: user.id,
      roleDefinitionId: "Chief Wizard",
    });
    expect(unknownRole.statusCode).toBe(400);
    expect(unknownRole.data.error.message).toContain("roleDefinitionId");
    const nobody = await api.post("/roleManagement/directory/roleAssignments", {
      principalId: "00000000-0000-4000-8000-000000000000",
      roleDefinitionId: "Helpdesk Administrator",
    });
    expect(nobody.statusCode).toBe(404);

    const all = await api.get("/roleManagement/directory/roleAssignments");
    expect(all.data.value).toHaveLength(3); // and the seeded Global Administrator
    const mine = await api.get(
      `/roleManagement/directory/roleAssignments?$filter=principalId eq '${user.id}'`,
    );
    expect(ids(mine).sort()).toEqual([byTemplate.data.id, byName.data.id].sort());
    const helpdesks = await api.get(
      `/roleManagement/directory/roleAssignments?$filter=roleDefinitionId eq '${ROLES.helpdeskAdministrator.id}' and principalId eq '${user.id}'`,
    );
    expect(ids(helpdesks)).toEqual([byTemplate.data.id]);
    const badFilter = await api.get(
      "/roleManagement/directory/roleAssignments?$filter=startswith(displayName,'a')",
    );
    expect(badFilter.statusCode).toBe(400);
    expect(badFilter.data.error.message).toContain("$filter");

    const removed = await api.delete(`/roleManagement/directory/roleAssignments/${byName.data.id}`);
    expect(removed.statusCode).toBe(204);
    expect(await findRoleTemplateIds(fx.store, user.id)).toEqual([ROLES.helpdeskAdministrator.id]);
    expect(
      (await api.delete(`/roleManagement/directory/roleAssignments/${byName.data.id}`)).statusCode,
    ).toBe(404);

    const [globalAssignment] = (
      await api.get(
        `/roleManagement/directory/roleAssignments?$filter=roleDefinitionId eq 'Global Administrator'`,
      )
    ).data.value;
    const last = await api.delete(
      `/roleManagement/directory/roleAssignments/${globalAssignment.id}`,
    );
    expect(last.statusCode).toBe(409);
    expect(last.data.error.code).toBe("Directory_LastGlobalAdministrator");
    expect(await findRoleTemplateIds(fx.store, org.user.id)).toEqual([
      ROLES.globalAdministrator.id,
    ]);

    // Only a Global or Privileged Role Administrator manages roles.
    const userAdmin = apiClient(
      app,
      await createApiKey(fx.services, org.domain, ["userAdministrator"]),
    );
    const denied = await userAdmin.post("/roleManagement/directory/roleAssignments", {
      principalId: user.id,
      roleDefinitionId: "Global Administrator",
    });
    expect(denied.statusCode).toBe(403);
    expect(denied.data.error.code).toBe("Authorization_RequestDenied");
    expect(await findRoleTemplateIds(fx.store, user.id)).toEqual([ROLES.helpdeskAdministrator.id]);
  });

  it("creates groups, lists them page by page, and manages their members", async () => {
    const org = await seedOrganisation(fx.services);
    const api = apiClient(
      app,
      await createApiKey(fx.services, org.domain, ["groupsAdministrator"]),
    );
    const created = await api.post("/groups", {
      displayName: "Helpdesk Team",
      description: "First line",
      mailEnabled: false,
      mailNickname: "helpdesk",
      securityEnabled: true,
    });
    expect(created.statusCode).toBe(201);
    expect(created.data).toMatchObject({
      id: expect.any(String),
      displayName: "Helpdesk Team",
      description: "First line",
      securityEnabled: true,
      mailEnabled: false,
      groupTypes: [],
    });
    const group = created.data.id as string;
    const duplicate = await api.post("/groups", { displayName: "helpdesk team" });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.data.error.code).toBe("Request_Conflict");
    const mailGroup = await api.post("/groups", { displayName: "Mail", mailEnabled: true });
    expect(mailGroup.statusCode).toBe(400);
    expect(mailGroup.data.error.message).toContain("mailEnabled");
    for (const name of ["Alpha", "Beta", "Gamma"]) {
      expect((await api.post("/groups", { displayName: name })).statusCode).toBe(201);
    }
    const first = await api.get("/groups?$top=3");
    expect(first.data.value.map((g: { displayName: string }) => g.displayName)).toEqual([
      "Alpha",
      "Beta",
      "Gamma",
    ]);
    const rest = await api.get(first.data["@odata.nextLink"] as string);
    expect(ids(rest)).toEqual([group]);

    const { user: ann } = await org.addUser("ann");
    const { user: ben } = await org.addUser("ben");
    const byRef = await api.post(`/groups/${group}/members/$ref`, {
      "@odata.id": `https://graph.microsoft.com/v1.0/directoryObjects/${ann.id}`,
    });
    expect(byRef.statusCode).toBe(204);
    expect(
      (
        await api.post(`/groups/${group}/members/$ref`, {
          "@odata.id": `${fx.services.deps.publicUrl.origin}/api/v1/users/${ben.id}`,
        })
      ).statusCode,
    ).toBe(204);
    const twice = await api.post(`/groups/${group}/members/$ref`, { id: ann.id });
    expect(twice.statusCode).toBe(409);
    expect((await api.post(`/groups/${group}/members/$ref`, {})).statusCode).toBe(400);

    const members = await api.get(`/groups/${group}/members?$top=1`);
    expect(members.data.value[0]).toMatchObject({
      "@odata.type": "#microsoft.graph.user",
      id: ann.id,
      userPrincipalName: `ann@${org.domain}`,
    });
    const more = await api.get(members.data["@odata.nextLink"] as string);
    expect(ids(more)).toEqual([ben.id]);

    expect((await api.delete(`/groups/${group}/members/${ann.id}/$ref`)).statusCode).toBe(204);
    expect(ids(await api.get(`/groups/${group}/members`))).toEqual([ben.id]);
    expect((await api.delete(`/groups/${group}/members/${ann.id}/$ref`)).statusCode).toBe(404);

    // Another organisation's group and users are not there.
    const other = await seedOrganisation(fx.services, "Fabrikam");
    const { user: stranger } = await other.addUser("stranger");
    expect((await api.post(`/groups/${group}/members/$ref`, { id: stranger.id })).statusCode).toBe(
      404,
    );
    const otherApi = apiClient(
      app,
      await createApiKey(fx.services, other.domain, ["globalAdministrator"]),
    );
    expect((await otherApi.get(`/groups/${group}/members`)).statusCode).toBe(404);
    expect(ids(await otherApi.get("/groups"))).toEqual([]);

    // Readers read, but don't change.
    const reader = apiClient(
      app,
      await createApiKey(fx.services, org.domain, ["directoryReaders"]),
    );
    expect((await reader.get("/groups")).statusCode).toBe(200);
    expect((await reader.post("/groups", { displayName: "Nope" })).statusCode).toBe(403);
    expect((await reader.post(`/groups/${group}/members/$ref`, { id: ann.id })).statusCode).toBe(
      403,
    );
    expect(ids(await api.get(`/groups/${group}/members`))).toEqual([ben.id]);
  });
});
