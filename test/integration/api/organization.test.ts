import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { apiClient, createApiKey } from "../../support/api.js";
import { buildTestApp } from "../../support/http.js";
import { seedOrganisation } from "../../support/seed.js";
import { describeEachStore } from "../../support/stores.js";

describeEachStore("REST API: the organization and its domains, as Graph answers them", (fx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp(fx);
  });
  afterAll(() => app.close());

  it("describes the key's own organisation and domain, and no other", async () => {
    const org = await seedOrganisation(fx.services, "Fourth Coffee", {
      domain: `fourthcoffee-${fx.kind}.test`,
    });
    const other = await seedOrganisation(fx.services, "Elsewhere");
    const api = apiClient(app, await createApiKey(fx.services, org.domain, ["directoryReaders"]));

    const list = await api.get("/organization");
    expect(list.statusCode).toBe(200);
    expect(list.data["@odata.context"]).toMatch(/\/api\/v1\/\$metadata#organization$/);
    expect(list.data.value).toEqual([
      {
        id: org.organisation.id,
        displayName: "Fourth Coffee",
        createdDateTime: new Date(org.organisation.createdAt).toISOString(),
        verifiedDomains: [
          {
            name: org.domain,
            type: "Managed",
            isDefault: true,
            isInitial: true,
            capabilities: "Email",
          },
        ],
      },
    ]);
    const one = await api.get(`/organization/${org.organisation.id.toUpperCase()}`);
    expect(one.statusCode).toBe(200);
    expect(one.data.displayName).toBe("Fourth Coffee");
    expect(one.data["@odata.context"]).toMatch(/#organization\/\$entity$/);
    const theirs = await api.get(`/organization/${other.organisation.id}`);
    expect(theirs.statusCode).toBe(404);
    expect(theirs.data.error.code).toBe("Request_ResourceNotFound");

    const domains = await api.get("/domains");
    expect(domains.data.value).toEqual([
      {
        id: org.domain,
        authenticationType: "Managed",
        isDefault: true,
        isInitial: true,
        isRoot: true,
        isVerified: true,
        supportedServices: ["Email"],
      },
    ]);
    expect((await api.get(`/domains/${org.domain.toUpperCase()}`)).data.id).toBe(org.domain);
    expect((await api.get(`/domains/${other.domain}`)).statusCode).toBe(404);
    expect((await apiClient(app, undefined).get("/organization")).statusCode).toBe(401);
  });
});
