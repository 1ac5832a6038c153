import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeEachStore } from "../../support/stores.js";
import { seedOrganisation, USER_PASSWORD } from "../../support/seed.js";
import { buildTestApp, Client, csrfTokenOf } from "../../support/http.js";

describeEachStore("HTTP security", (fx) => {
  describe("over plain http (development)", () => {
    let app: FastifyInstance;
    beforeAll(async () => {
      app = await buildTestApp(fx);
    });
    afterAll(() => app.close());

    it("sends a strict CSP without inline script, no framing, no referrer", async () => {
      const response = await app.inject("/signin");
      const csp = String(response.headers["content-security-policy"]);
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain("unsafe-inline");
      expect(response.headers["referrer-policy"]).toBe("no-referrer");
      expect(response.headers["x-frame-options"]).toBe("DENY");
      expect(response.headers["strict-transport-security"]).toBeUndefined();
      expect(response.body).not.toMatch(/<script(?![^>]*src=)/);
    });

    it("refuses a form without its CSRF token, and one with another browser's token", async () => {
      const org = await seedOrganisation(fx.services);
      await org.addUser("zed");
      const victim = new Client(app);
      const noToken = await victim.post("/signin", {
        userId: `zed@${org.domain}`,
        password: USER_PASSWORD,
      });
      expect(noToken.statusCode).toBe(403);
      expect(victim.cookies.get("sesame-session")).toBeUndefined();

      const attacker = new Client(app);
      const token = csrfTokenOf((await attacker.get("/signin")).body);
      await victim.get("/signin");
      const forged = await victim.post("/signin", {
        _csrf: token,
        userId: `zed@${org.domain}`,
        password: USER_PASSWORD,
      });
      expect(forged.statusCode).toBe(403);
      expect(forged.body).toContain("This form had expired");
      expect(victim.cookies.get("sesame-session")).toBeUndefined();
    });

    it("refuses a signed-in form without its CSRF token (no change made)", async () => {
      const org = await seedOrganisation(fx.services);
      await org.addUser("zoe");
      const client = new Client(app);
      await client.signIn(`zoe@${org.domain}`, USER_PASSWORD);
      const response = await client.post("/myaccount/password", {
        currentPassword: USER_PASSWORD,
        newPassword: "cobalt meadow lantern sky",
        confirmPassword: "cobalt meadow lantern sky",
      });
      expect(response.statusCode).toBe(403);
      await new Client(app)
        .signIn(`zoe@${org.domain}`, USER_PASSWORD)
        .then((r) => expect(r.statusCode).toBe(303));
    });

    it("limits sign-in attempts per IP", async () => {
      const limited = await buildTestApp(fx, { SESAME_SIGNIN_RATE_LIMIT: "5" });
      const client = new Client(limited);
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++)
        statuses.push((await client.signIn("nobody@limit.test", `guess ${i}`)).statusCode);
      expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
      expect(statuses[5]).toBe(429);
      expect((await client.get("/signin")).statusCode).toBe(200);
      await limited.close();
    });

    it("sets the session cookie HttpOnly and SameSite=Lax", async () => {
      const org = await seedOrganisation(fx.services);
      await org.addUser("amy");
      const response = await new Client(app).signIn(`amy@${org.domain}`, USER_PASSWORD);
      const cookie = [response.headers["set-cookie"]]
        .flat()
        .find((c) => c?.startsWith("sesame-session="));
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
      expect(cookie).toMatch(/Path=\//);
    });
  });

  describe("behind https", () => {
    let app: FastifyInstance;
    beforeAll(async () => {
      app = await buildTestApp(fx, { SESAME_PUBLIC_URL: "https://id.contoso.test" });
    });
    afterAll(() => app.close());

    it("uses __Host- cookies that are Secure, and sends HSTS", async () => {
      const org = await seedOrganisation(fx.services);
      await org.addUser("ben");
      const page = await app.inject("/signin");
      expect(page.headers["strict-transport-security"]).toContain("max-age=31536000");
      const client = new Client(app);
      const response = await client.signIn(`ben@${org.domain}`, USER_PASSWORD);
      expect(response.statusCode).toBe(303);
      const cookies = [response.headers["set-cookie"]].flat();
      const session = cookies.find((c) => c?.startsWith("__Host-sesame-session="));
      expect(session).toMatch(/; Secure/);
      expect(session).toMatch(/Path=\//);
      expect(session).not.toMatch(/Domain=/);
      expect(client.cookies.has("__Host-sesame-csrf")).toBe(true);
    });
  });
});
