import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachStore } from "../../support/stores.js";
import { origin, seedOrganisation, USER_PASSWORD } from "../../support/seed.js";
import { buildTestApp, Client, csrfTokenOf } from "../../support/http.js";

const NEW_PASSWORD = "amber willow canyon echo";

describeEachStore("sign-in and account pages", (fx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp(fx);
  });
  afterAll(() => app.close());

  it("signs in, shows My account, and signs out", async () => {
    const org = await seedOrganisation(fx.services);
    await org.addUser("tara");
    const client = new Client(app);
    const signIn = await client.signIn(`tara@${org.domain}`, USER_PASSWORD);
    expect(signIn.statusCode).toBe(303);
    // No security info yet: the default policy asks for it first (SPEC [S8]), skippable.
    expect(signIn.headers.location).toBe("/myaccount/security-info/register");
    const account = await client.get("/myaccount");
    expect(account.statusCode).toBe(200);
    expect(account.body).toContain("tara Tester");
    expect(account.body).toContain("Security &amp; privacy");
    const out = await client.post("/signout", { _csrf: csrfTokenOf(account.body) });
    expect(out.headers.location).toBe("/signin?notice=signed-out");
    expect((await client.get("/myaccount")).headers.location).toBe("/signin");
  });

  it("answers a wrong password and an unknown user with the same page and status", async () => {
    const org = await seedOrganisation(fx.services);
    await org.addUser("uma");
    const wrong = await new Client(app).signIn(`uma@${org.domain}`, "not the password");
    const unknown = await new Client(app).signIn(`umx@${org.domain}`, "not the password");
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const strip = (html: string) => html.replace(/value="[^"]*"/g, "");
    expect(strip(wrong.body)).toBe(strip(unknown.body));
    expect(wrong.body).toContain("Your User ID or password is incorrect");
  });

  it("shows the lock message after ten wrong passwords", async () => {
    const org = await seedOrganisation(fx.services);
    await org.addUser("vic");
    const client = new Client(app);
    let last;
    for (let i = 1; i <= 10; i++)
      last = await client.signIn(`vic@${org.domain}`, `wrong ${i} password`);
    expect(last?.statusCode).toBe(403);
    expect(last?.body).toContain(
      "Your account is temporarily locked to prevent unauthorized use. Try again in 1 min,",
    );
  });

  it("escapes what the user typed", async () => {
    const response = await new Client(app).signIn(
      '<script>alert("x")</script>@x.test',
      "whatever it is",
    );
    expect(response.body).not.toContain("<script>alert");
    expect(response.body).toContain("&lt;script>");
  });

  it("says which fields are missing", async () => {
    const response = await new Client(app).signIn("", "");
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain("Enter your User ID.");
    expect(response.body).toContain("Enter your password.");
  });

  it("gives a new session id at every sign-in; the old cookie stops working", async () => {
    const org = await seedOrganisation(fx.services);
    await org.addUser("wes");
    const client = new Client(app);
    await client.signIn(`wes@${org.domain}`, USER_PASSWORD);
    const first = client.cookies.get("sesame-session");
    const account = await client.get("/myaccount");
    await client.post("/signin", {
      _csrf: csrfTokenOf(account.body),
      userId: `wes@${org.domain}`,
      password: USER_PASSWORD,
    });
    const second = client.cookies.get("sesame-session");
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    expect(await fx.services.sessions.resolve(first)).toBeUndefined();
  });

  it("forces a temporary password to be changed before anything else", async () => {
    const org = await seedOrganisation(fx.services);
    await org.addUser("xia", { temporary: true });
    const client = new Client(app);
    const signIn = await client.signIn(`xia@${org.domain}`, USER_PASSWORD);
    expect(signIn.headers.location).toBe("/password/update");
    expect((await client.get("/myaccount")).headers.location).toBe("/password/update");
    expect((await client.get("/myaccount/password")).headers.location).toBe("/password/update");
    const page = await client.get("/password/update");
    expect(page.body).toContain("Update your password");
    expect(page.body).not.toContain('name="currentPassword"');
    const done = await client.post("/password/update", {
      _csrf: csrfTokenOf(page.body),
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    // The change ends the sign-in; the default policy then asks for security info (SPEC [S8]).
    expect(done.headers.location).toBe("/myaccount/security-info/register");
    expect((await client.get("/myaccount")).statusCode).toBe(200);
    expect((await client.get("/password/update")).headers.location).toBe("/myaccount");
  });

  it("changes the password from My account, shows each mistake on the form, ends other sessions", async () => {
    const org = await seedOrganisation(fx.services);
    await org.addUser("yan");
    const userId = `yan@${org.domain}`;
    const other = await fx.services.signIn({ userId, password: USER_PASSWORD, origin });
    const client = new Client(app);
    await client.signIn(userId, USER_PASSWORD);
    const mistakes = [
      [
        { currentPassword: "wrong one!", newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD },
        "Your current password is incorrect",
      ],
      [
        { currentPassword: USER_PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: "different" },
        "The passwords don't match",
      ],
      [
        { currentPassword: USER_PASSWORD, newPassword: "short", confirmPassword: "short" },
        "Use at least 8 characters",
      ],
      [
        {
          currentPassword: USER_PASSWORD,
          newPassword: "yan Tester 2026!",
          confirmPassword: "yan Tester 2026!",
        },
        "Don't use your name",
      ],
    ] as const;
    for (const [form, message] of mistakes) {
      const response = await client.submit("/myaccount/password", "/myaccount/password", form);
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain(message);
      expect(response.body).toContain('aria-invalid="true"');
    }
    const ok = await client.submit("/myaccount/password", "/myaccount/password", {
      currentPassword: USER_PASSWORD,
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(ok.headers.location).toBe("/myaccount?notice=password-changed");
    expect((await client.get("/myaccount?notice=password-changed")).body).toContain(
      "Your password has been changed",
    );
    expect(await fx.services.sessions.resolve(other.token)).toBeUndefined();
  });

  it("speaks Dutch to a Dutch browser, and remembers a chosen language", async () => {
    const dutch = new Client(app, { "accept-language": "nl-NL,nl;q=0.9,en;q=0.5" });
    const page = await dutch.get("/signin");
    expect(page.body).toContain('<html lang="nl">');
    expect(page.body).toContain("Gebruikers-ID");
    expect(page.body).toContain("Geen toegang tot uw account?");
    const english = new Client(app, { "accept-language": "nl" });
    const switched = await english.submit("/signin", "/language", {
      language: "en",
      return: "/signin",
    });
    expect(switched.headers.location).toBe("/signin");
    expect((await english.get("/signin")).body).toContain('<html lang="en">');
  });

  it("never redirects off-site from the language switch", async () => {
    const client = new Client(app);
    const response = await client.submit("/signin", "/language", {
      language: "nl",
      return: "//evil.test/x",
    });
    expect(response.headers.location).toBe("/");
  });

  it("leads Can't access your account? to a page that says what to do", async () => {
    const page = await new Client(app).get("/recover");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Ask your administrator for a new password");
  });

  it("reports health and readiness", async () => {
    expect((await app.inject("/healthz")).json()).toEqual({ status: "ok" });
    expect((await app.inject("/readyz")).json()).toEqual({ status: "ready", database: fx.kind });
  });
});
