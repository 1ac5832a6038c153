import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEFAULT_RESET_POLICY } from "../../../src/domain/reset-policy.js";
import { principalOfUser } from "../../../src/services/admin/principal.js";
import { adminCenterScene, postPairs } from "../../support/admin-center.js";
import { apiClient, createApiKey } from "../../support/api.js";
import { buildTestApp, Client, csrfTokenOf } from "../../support/http.js";
import { ADMIN_PASSWORD, origin } from "../../support/seed.js";
import { describeEachStore } from "../../support/stores.js";

const SECTIONS = [
  "properties",
  "methods",
  "registration",
  "notifications",
  "customization",
  "on-premises",
];

describeEachStore("admin center and API: the password reset policy", (fx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp(fx, { SESAME_SIGNIN_RATE_LIMIT: "1000" });
  });
  afterAll(() => app.close());

  const scene = () => adminCenterScene(app, fx.services, fx.store);
  const policyOf = async (org: Awaited<ReturnType<typeof scene>>["org"]) =>
    fx.services.admin.resetPolicy.get(await principalOfUser(fx.store, org.user));

  it("shows every section to a Global Administrator, with the defaults", async () => {
    const { global } = await scene();
    const home = await global.get("/admin/users");
    expect(home.body).toContain('href="/admin/password-reset/properties"');
    const root = await global.get("/admin/password-reset");
    expect(root.statusCode).toBe(303);
    for (const section of SECTIONS) {
      const page = await global.get(`/admin/password-reset/${section}`);
      expect(page.statusCode, section).toBe(200);
      expect(page.body).toContain(`action="/admin/password-reset/${section}"`);
      expect(page.body).toContain('name="_csrf"');
      // The sections are tabs, the open one marked.
      const tabs = /<nav class="tabs"[^>]*>(.*?)<\/nav>/.exec(page.body)?.[1] ?? "";
      expect(tabs.match(/<a /g), section).toHaveLength(SECTIONS.length);
      expect(tabs).toContain(`href="/admin/password-reset/${section}" aria-current="page"`);
    }
    const properties = await global.get("/admin/password-reset/properties");
    expect(properties.body).toMatch(/id="enabledFor-all"[^>]*checked/);
    const registration = await global.get("/admin/password-reset/registration");
    expect(registration.body).toMatch(/name="reconfirmDays"[^>]*value="180"/);
    expect((await global.get("/admin/password-reset/nowhere")).statusCode).toBe(404);
  });

  it("saves a section, keeps the others, and audits it", async () => {
    const { org, global } = await scene();
    const form = await global.get("/admin/password-reset/methods");
    const saved = await postPairs(app, global, "/admin/password-reset/methods", [
      ["_csrf", csrfTokenOf(form.body)],
      ["methodsRequired", "2"],
      ["methods.email", "on"],
      ["methods.securityQuestions", "on"],
      ["securityQuestionsToRegister", "5"],
      ["securityQuestionsToReset", "4"],
    ]);
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe("/admin/password-reset/methods?saved=1");
    const after = await global.get(saved.headers.location as string);
    expect(after.body).toContain("Your changes to the password reset policy were saved.");
    expect(await policyOf(org)).toMatchObject({
      methodsRequired: 2,
      methods: { email: true, mobileSms: false, securityQuestions: true },
      securityQuestionsToRegister: 5,
      securityQuestionsToReset: 4,
      reconfirmDays: 180,
    });

    const custom = await global.get("/admin/password-reset/customization");
    const helpdesk = await global.post("/admin/password-reset/customization", {
      _csrf: csrfTokenOf(custom.body),
      helpdeskKind: "email",
      helpdesk: "help@contoso.test",
    });
    expect(helpdesk.statusCode).toBe(303);
    expect((await policyOf(org)).helpdesk).toEqual({ email: "help@contoso.test" });
  });

  it("shows errors next to the field, in Dutch too, and changes nothing", async () => {
    const { org, global } = await scene();
    const form = await global.get("/admin/password-reset/registration");
    const refused = await global.post("/admin/password-reset/registration", {
      _csrf: csrfTokenOf(form.body),
      requireRegistration: "no",
      reconfirmDays: "1000",
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('id="reconfirmDays-error"');
    expect(refused.body).toContain("Enter a number of days from 0 to 730.");
    expect(refused.body).toContain('href="#reconfirmDays"');
    expect(refused.body).toMatch(/name="reconfirmDays"[^>]*value="1000"/);
    expect(await policyOf(org)).toEqual(DEFAULT_RESET_POLICY);

    const dutch = new Client(app, { "accept-language": "nl" });
    await dutch.signIn(`admin@${org.domain}`, ADMIN_PASSWORD);
    const nlForm = await dutch.get("/admin/password-reset/properties");
    expect(nlForm.body).toContain("Wachtwoord opnieuw instellen");
    expect(nlForm.body).toContain("Eigenschappen");
    const nlRefused = await dutch.post("/admin/password-reset/properties", {
      _csrf: csrfTokenOf(nlForm.body),
      enabledFor: "group",
      groupId: "",
      allowEmailingPasswords: "yes",
      strictPrivacy: "no",
    });
    expect(nlRefused.statusCode).toBe(400);
    expect(nlRefused.body).toContain("Kies een groep van uw organisatie.");
    expect(await policyOf(org)).toEqual(DEFAULT_RESET_POLICY);
  });

  it("refuses other roles (403) and a form without its CSRF token", async () => {
    const { org, global, signInAs } = await scene();
    for (const roles of [
      ["userAdministrator"],
      ["privilegedAuthenticationAdministrator"],
    ] as const) {
      const { client } = await signInAs(roles);
      const home = await client.get("/admin/users");
      expect(home.body).not.toContain('href="/admin/password-reset/properties"');
      expect((await client.get("/admin/password-reset/properties")).statusCode).toBe(403);
      const users = await client.get("/admin/users");
      const post = await client.post("/admin/password-reset/notifications", {
        _csrf: csrfTokenOf(users.body),
        notifyUsers: "no",
        notifyAdmins: "no",
      });
      expect(post.statusCode).toBe(403);
    }
    const noToken = await global.post("/admin/password-reset/notifications", {
      notifyUsers: "no",
      notifyAdmins: "no",
    });
    expect(noToken.statusCode).toBe(403);
    expect(await policyOf(org)).toEqual(DEFAULT_RESET_POLICY);
  });

  it("hides the email option of the reset dialog when emailing passwords is off", async () => {
    const { org, global } = await scene();
    const { user } = await org.addUser("member");
    const before = await global.get(`/admin/users/${user.id}/reset-password`);
    expect(before.body).toContain('name="sendTo"');
    const form = await global.get("/admin/password-reset/properties");
    const saved = await global.post("/admin/password-reset/properties", {
      _csrf: csrfTokenOf(form.body),
      enabledFor: "all",
      groupId: "",
      allowEmailingPasswords: "no",
      strictPrivacy: "no",
    });
    expect(saved.statusCode).toBe(303);
    const after = await global.get(`/admin/users/${user.id}/reset-password`);
    expect(after.statusCode).toBe(200);
    expect(after.body).not.toContain('name="sendTo"');
    const refused = await global.post(`/admin/users/${user.id}/reset-password`, {
      _csrf: csrfTokenOf(after.body),
      mode: "generate",
      forceChange: "on",
      sendEmail: "on",
      sendTo: "someone@example.test",
    });
    expect(refused.statusCode).toBe(400);
  });

  it("API: GET and PATCH /policies/passwordReset", async () => {
    const { org } = await scene();
    const key = await createApiKey(fx.services, org.domain, ["globalAdministrator"]);
    const api = apiClient(app, key);
    const got = await api.get("/policies/passwordReset");
    expect(got.statusCode).toBe(200);
    expect(got.data).toEqual(DEFAULT_RESET_POLICY);

    const group = await fx.services.admin.groups.create(await principalOfUser(fx.store, org.user), {
      displayName: "SSPR users",
      origin,
    });
    const patched = await api.patch("/policies/passwordReset", {
      enabledFor: "group",
      groupId: group.id,
      methods: { securityQuestions: true },
      helpdesk: { url: "https://help.contoso.test" },
      reconfirmDays: 0,
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.data).toMatchObject({
      enabledFor: "group",
      groupId: group.id,
      methods: { email: true, mobileSms: true, securityQuestions: true },
      helpdesk: { url: "https://help.contoso.test" },
      reconfirmDays: 0,
      notifyUsers: true,
    });
    expect((await api.get("/policies/passwordReset")).data).toEqual(patched.data);
  });

  it("API: an invalid PATCH is a 400 naming the field and changes nothing", async () => {
    const { org } = await scene();
    const api = apiClient(
      app,
      await createApiKey(fx.services, org.domain, ["globalAdministrator"]),
    );
    const cases: [unknown, string][] = [
      [{ reconfirmDays: 731, notifyUsers: false }, "reconfirmDays"],
      [{ methodsRequired: 3 }, "methodsRequired"],
      [{ enabledFor: "everyone" }, "enabledFor"],
      [{ methods: { fax: true } }, "methods.fax"],
      [{ securityQuestionsToReset: 5 }, "securityQuestionsToRegister"],
      [{ enabledFor: "group", groupId: "00000000-0000-0000-0000-000000000000" }, "groupId"],
      [{ helpdesk: { email: "nobody" } }, "helpdesk.email"],
      [{ colour: "blue" }, "colour"],
    ];
    for (const [body, field] of cases) {
      const response = await api.patch("/policies/passwordReset", body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.data.error.code).toBe("Request_BadRequest");
      expect(response.data.error.message, JSON.stringify(body)).toContain(field);
    }
    expect((await api.get("/policies/passwordReset")).data).toEqual(DEFAULT_RESET_POLICY);
  });

  it("API: a key without Global Administrator may read but not change the policy", async () => {
    const { org } = await scene();
    const api = apiClient(app, await createApiKey(fx.services, org.domain, ["userAdministrator"]));
    expect((await api.get("/policies/passwordReset")).statusCode).toBe(200);
    const refused = await api.patch("/policies/passwordReset", { notifyUsers: false });
    expect(refused.statusCode).toBe(403);
    expect(refused.data.error.code).toBe("Authorization_RequestDenied");
    expect((await policyOf(org)).notifyUsers).toBe(true);
    expect((await apiClient(app, undefined).get("/policies/passwordReset")).statusCode).toBe(401);
  });
});
