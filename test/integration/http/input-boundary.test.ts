import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { principalOfUser } from "../../../src/services/admin/principal.js";
import { findUser } from "../../../src/store/users.js";
import { adminCenterScene } from "../../support/admin-center.js";
import { apiClient, createApiKey } from "../../support/api.js";
import { buildTestApp, Client, csrfTokenOf } from "../../support/http.js";
import { seedOrganisation, USER_PASSWORD } from "../../support/seed.js";
import { describeEachStore } from "../../support/stores.js";

const REFUSED = "This address or form holds characters Sesame doesn't accept";
const REFUSED_NL = "Dit adres of formulier bevat tekens die Sesame niet accepteert";

describeEachStore("the input boundary", (fx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp(fx, { SESAME_SIGNIN_RATE_LIMIT: "1000" });
  });
  afterAll(() => app.close());

  const cookieOf = (client: Client) =>
    [...client.cookies].map(([name, value]) => `${name}=${value}`).join("; ");

  describe("in the API", () => {
    async function api() {
      const org = await seedOrganisation(fx.services);
      const key = await createApiKey(fx.services, org.domain, ["globalAdministrator"]);
      return { org, api: apiClient(app, key) };
    }

    it.each([
      ["/users/x%00", "path"],
      ['/users?$search="displayName:a%00"', "$search"],
      ["/groups/%00/members", "path"],
      ["/users?$top=5&$filter=displayName%20eq%20%27%01%27", "$filter"],
      ["/users/%FF", "path"],
      ["/users/%zz", "path"],
      ["/users?$search=%C0%AF", "$search"],
    ])("refuses %s with a Graph 400 naming %s", async (url, target) => {
      const { api: client } = await api();
      const response = await client.get(url);
      expect(response.statusCode).toBe(400);
      expect(response.headers["content-type"]).toMatch(/^application\/json/);
      expect(response.data.error.code).toBe("Request_BadRequest");
      expect(response.data.error.message).toContain("control characters (such as NUL)");
      expect(response.data.error.details[0].target).toBe(target);
    });

    it("refuses a JSON body with a NUL in a string and changes nothing", async () => {
      const { org, api: client } = await api();
      const { user } = await org.addUser("nul");
      const response = await client.patch(`/users/${user.id}`, { displayName: "Nul\u0000Tester" });
      expect(response.statusCode).toBe(400);
      expect(response.data.error.details[0].target).toBe("displayName");
      expect((await client.get(`/users/${user.id}`)).data.displayName).toBe("nul Tester");
      const surrogate = await client.patch(`/users/${user.id}`, { displayName: "Nul\ud800" });
      expect(surrogate.data.error.details[0].target).toBe("displayName");
    });

    it("keeps any printable text, non-ASCII included", async () => {
      const { org, api: client } = await api();
      const { user } = await org.addUser("zoe");
      const name = "Zoë Ødegård 李小龍 🙂";
      expect((await client.patch(`/users/${user.id}`, { displayName: name })).statusCode).toBe(204);
      expect((await client.get(`/users/${user.id}`)).data.displayName).toBe(name);
      const found = await client.get(`/users?$search="displayName:${encodeURIComponent("Zoë")}"`);
      expect(found.data.value.map((item: { id: string }) => item.id)).toEqual([user.id]);
    });
  });

  describe("in the pages", () => {
    async function signedIn(headers: Record<string, string> = {}) {
      const org = await seedOrganisation(fx.services);
      await org.addUser("ann");
      const client = new Client(app, headers);
      await client.signIn(`ann@${org.domain}`, USER_PASSWORD);
      return { org, client };
    }

    it("refuses a NUL or a broken escape in the path with a 400 page", async () => {
      const { client } = await signedIn();
      for (const url of [
        "/myaccount/security-info/verify/%00",
        "/myaccount/security-info/verify/%FF",
      ]) {
        const response = await client.get(url);
        expect(response.statusCode).toBe(400);
        expect(response.headers["content-type"]).toBe("text/html; charset=utf-8");
        expect(response.body).toContain(REFUSED);
      }
    });

    it("says so in Dutch to a Dutch browser", async () => {
      const { client } = await signedIn({ "accept-language": "nl-NL,nl;q=0.9" });
      const response = await client.get("/signin?notice=%00");
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain(REFUSED_NL);
    });

    it("refuses a form with a NUL and changes nothing", async () => {
      const { org, global } = await adminCenterScene(app, fx.services, fx.store);
      const form = await global.get("/admin/groups/new");
      const token = csrfTokenOf(form.body);
      const response = await app.inject({
        method: "POST",
        url: "/admin/groups/new",
        headers: { cookie: cookieOf(global), "content-type": "application/x-www-form-urlencoded" },
        payload: `_csrf=${encodeURIComponent(token)}&displayName=Fin%00ance&description=x`,
      });
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain(REFUSED);
      const principal = await principalOfUser(fx.store, org.user);
      expect((await fx.services.admin.groups.list(principal)).groups).toEqual([]);
    });

    it("keeps the line breaks of a multi-line field", async () => {
      const { org, global } = await adminCenterScene(app, fx.services, fx.store);
      const { user } = await org.addUser("lines");
      const form = await global.get(`/admin/users/${user.id}/contact-info`);
      const saved = await global.post(`/admin/users/${user.id}/contact-info`, {
        _csrf: csrfTokenOf(form.body),
        otherMails: "home@example.test\r\nspare@example.test",
        mobilePhone: "",
        officePhone: "",
      });
      expect(saved.statusCode).toBe(303);
      expect((await findUser(fx.store, user.id))?.otherMails).toEqual([
        "home@example.test",
        "spare@example.test",
      ]);
    });

    it("lets a password with a tab reach the sign-in, which words its own refusal", async () => {
      const org = await seedOrganisation(fx.services);
      await org.addUser("tab");
      const response = await new Client(app).signIn(`tab@${org.domain}`, "violet\tmango");
      expect(response.statusCode).toBe(401);
      expect(response.body).not.toContain(REFUSED);
    });
  });

  describe("the language switch's way back", () => {
    async function switchBack(payloadReturn: string) {
      const client = new Client(app);
      const token = csrfTokenOf((await client.get("/signin")).body);
      return app.inject({
        method: "POST",
        url: "/language",
        headers: { cookie: cookieOf(client), "content-type": "application/x-www-form-urlencoded" },
        payload: `_csrf=${encodeURIComponent(token)}&language=nl&return=${payloadReturn}`,
      });
    }

    it("refuses a NUL in the path to go back to", async () => {
      const response = await switchBack("/%00");
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain(REFUSED);
    });

    it("encodes a path that is not ASCII", async () => {
      const response = await switchBack(encodeURIComponent("/groepen/日本?q=é"));
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe("/groepen/%E6%97%A5%E6%9C%AC?q=%C3%A9");
    });

    it.each([
      "//evil.test/",
      "/\\evil.test/",
      "/..//evil.test/",
      "/%2e%2e//evil.test",
      "https://evil.test/",
      "signin",
    ])("never leaves the site for %s", async (back) => {
      const response = await switchBack(encodeURIComponent(back));
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe("/");
    });
  });
});
