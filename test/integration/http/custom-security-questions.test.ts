import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { principalOfUser } from "../../../src/services/admin/principal.js";
import { listSecurityQuestions } from "../../../src/store/security-info.js";
import { adminCenterScene } from "../../support/admin-center.js";
import { apiClient, createApiKey } from "../../support/api.js";
import { buildTestApp, Client, csrfTokenOf } from "../../support/http.js";
import { ADMIN_PASSWORD, origin, USER_PASSWORD } from "../../support/seed.js";
import { describeEachStore } from "../../support/stores.js";

const CONCERT = "What was the first concert you went to?";
const STREET = "Op welke straat stond uw basisschool?";

describeEachStore("custom security questions (SPEC [S9])", (fx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp(fx, { SESAME_SIGNIN_RATE_LIMIT: "1000" });
  });
  afterAll(() => app.close());

  const scene = () => adminCenterScene(app, fx.services, fx.store);
  const policyOf = async (org: Awaited<ReturnType<typeof scene>>["org"]) =>
    fx.services.admin.resetPolicy.get(await principalOfUser(fx.store, org.user));

  it("API: PATCH sets them trimmed; each bad one is a 400 naming it, changing nothing", async () => {
    const { org } = await scene();
    const api = apiClient(
      app,
      await createApiKey(fx.services, org.domain, ["globalAdministrator"]),
    );
    const saved = await api.patch("/policies/passwordReset", {
      customSecurityQuestions: [`  ${CONCERT} `, STREET],
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.data.customSecurityQuestions).toEqual([CONCERT, STREET]);
    expect((await api.get("/policies/passwordReset")).data.customSecurityQuestions).toEqual([
      CONCERT,
      STREET,
    ]);

    const cases: [unknown, string][] = [
      [[CONCERT, "ab"], "customSecurityQuestions[1]"],
      [[CONCERT, STREET, "x".repeat(201)], "customSecurityQuestions[2]"],
      [[CONCERT, CONCERT.toUpperCase()], "customSecurityQuestions[1]"],
      [["Tab\tin it?"], "customSecurityQuestions[0]"],
      [Array.from({ length: 21 }, (_, i) => `Question ${i + 1}?`), "customSecurityQuestions"],
      ["one question?", "customSecurityQuestions"],
    ];
    for (const [questions, field] of cases) {
      const response = await api.patch("/policies/passwordReset", {
        customSecurityQuestions: questions,
        notifyUsers: false,
      });
      expect(response.statusCode, field).toBe(400);
      expect(response.data.error.code).toBe("Request_BadRequest");
      expect(response.data.error.message, field).toContain(field);
      expect(response.data.error.details?.[0]?.target, field).toBe(field);
    }
    expect(await policyOf(org)).toMatchObject({
      customSecurityQuestions: [CONCERT, STREET],
      notifyUsers: true,
    });
    const schema = (await api.get("/openapi.json")).data;
    expect(JSON.stringify(schema)).toContain("customSecurityQuestions");
  });

  it("admin center: one question a line, each problem named by its line, in Dutch too", async () => {
    const { org, global } = await scene();
    const form = await global.get("/admin/password-reset/methods");
    expect(form.body).toContain('<textarea id="customSecurityQuestions"');
    const methods = {
      methodsRequired: "1",
      "methods.email": "on",
      "methods.mobileSms": "on",
      securityQuestionsToRegister: "3",
      securityQuestionsToReset: "3",
    };
    const refused = await global.post("/admin/password-reset/methods", {
      _csrf: csrfTokenOf(form.body),
      ...methods,
      customSecurityQuestions: `${CONCERT}\r\n\r\nab\r\n${CONCERT.toLowerCase()}\r\n`,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('id="customSecurityQuestions-error"');
    expect(refused.body).toContain("Line 3: use 3 to 200 characters.");
    expect(refused.body).toContain("Line 4: this question is already listed.");
    expect(refused.body).toContain('href="#customSecurityQuestions"');
    // What was typed comes back to fix.
    expect(refused.body).toContain(`${CONCERT.toLowerCase()}`);
    expect((await policyOf(org)).customSecurityQuestions).toEqual([]);

    const saved = await global.post("/admin/password-reset/methods", {
      _csrf: csrfTokenOf(form.body),
      ...methods,
      customSecurityQuestions: `${CONCERT}\r\n\r\n  ${STREET}\r\n`,
    });
    expect(saved.statusCode).toBe(303);
    expect((await policyOf(org)).customSecurityQuestions).toEqual([CONCERT, STREET]);
    const shown = await global.get("/admin/password-reset/methods");
    expect(shown.body).toContain(`${CONCERT}\n${STREET}</textarea>`);

    const dutch = new Client(app, { "accept-language": "nl" });
    await dutch.signIn(`admin@${org.domain}`, ADMIN_PASSWORD);
    const nlForm = await dutch.get("/admin/password-reset/methods");
    expect(nlForm.body).toContain("Eigen beveiligingsvragen");
    const nlSaved = await dutch.post("/admin/password-reset/methods", {
      _csrf: csrfTokenOf(nlForm.body),
      ...methods,
      customSecurityQuestions: "ok?",
    });
    expect(nlSaved.statusCode).toBe(303);
    expect((await policyOf(org)).customSecurityQuestions).toEqual(["ok?"]);
    const nlBad = await dutch.post("/admin/password-reset/methods", {
      _csrf: csrfTokenOf(nlForm.body),
      ...methods,
      customSecurityQuestions: "no",
    });
    expect(nlBad.body).toContain("Regel 1: gebruik 3 tot 200 tekens.");
  });

  it("users choose them after the predefined ones; removed or foreign ones are refused", async () => {
    const { org } = await scene();
    const other = await scene();
    const admin = await principalOfUser(fx.store, org.user);
    await fx.services.admin.resetPolicy.update(
      admin,
      { customSecurityQuestions: [CONCERT, STREET] },
      origin,
    );
    await fx.services.admin.resetPolicy.update(
      await principalOfUser(fx.store, other.org.user),
      { customSecurityQuestions: ["Another organisation's question?"] },
      origin,
    );
    const { user } = await org.addUser("chooser");
    const client = new Client(app);
    await client.signIn(user.userPrincipalName, USER_PASSWORD);
    const form = await client.get("/myaccount/security-info/questions");
    const select = /<select id="question1"[\s\S]*?<\/select>/.exec(form.body)?.[0] ?? "";
    const perSelect = [...select.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]);
    expect(perSelect.slice(0, 35)).toEqual(
      Array.from({ length: 35 }, (_, i) => `question.${i + 1}`),
    );
    expect(perSelect.slice(35)).toEqual([`custom:${CONCERT}`, `custom:${STREET}`]);
    expect(form.body).toContain(`>${STREET}</option>`);
    expect(form.body).not.toContain("Another organisation");

    const answers = (question1: string) => ({
      _csrf: csrfTokenOf(form.body),
      question1,
      answer1: "Doe Maar",
      question2: `custom:${STREET}`,
      answer2: "Dorpsstraat",
      question3: "question.3",
      answer3: "Zwolle",
    });
    const foreign = await client.post(
      "/myaccount/security-info/questions",
      answers("custom:Another organisation's question?"),
    );
    expect(foreign.statusCode).toBe(400);
    expect(foreign.body).toContain('id="question1-error"');
    expect(await listSecurityQuestions(fx.store, user.id)).toEqual([]);

    const saved = await client.post(
      "/myaccount/security-info/questions",
      answers(`custom:${CONCERT}`),
    );
    expect(saved.statusCode).toBe(303);
    expect((await listSecurityQuestions(fx.store, user.id)).sort()).toEqual(
      [`custom:${CONCERT}`, `custom:${STREET}`, "question.3"].sort(),
    );

    // Once the administrators remove a question, nobody can choose it any more.
    await fx.services.admin.resetPolicy.update(
      admin,
      { customSecurityQuestions: [STREET] },
      origin,
    );
    const again = await client.get("/myaccount/security-info/questions");
    expect(again.body).not.toContain(`value="custom:${CONCERT}"`);
    const removed = await client.post("/myaccount/security-info/questions", {
      ...answers(`custom:${CONCERT}`),
      _csrf: csrfTokenOf(again.body),
    });
    expect(removed.statusCode).toBe(400);
    expect(removed.body).toContain('id="question1-error"');
    await expect(
      fx.services.securityInfo.setSecurityQuestions({
        session: { user, createdAt: fx.clock.now() },
        answers: [
          { question: `custom:${CONCERT}`, answer: "Doe Maar" },
          { question: `custom:${STREET}`, answer: "Dorpsstraat" },
          { question: "question.3", answer: "Zwolle" },
        ],
        origin,
      }),
    ).rejects.toMatchObject({ code: "invalidInput", field: "question1" });
  });
});
