import type { FastifyInstance } from "fastify";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { principalOfUser } from "../../src/services/admin/principal.js";
import { createServices } from "../../src/wiring.js";
import { listSecurityQuestions } from "../../src/store/security-info.js";
import { buildTestApp } from "../support/http.js";
import { ADMIN_PASSWORD, origin, seedOrganisation, USER_PASSWORD } from "../support/seed.js";
import {
  manualClock,
  sqliteKind,
  TEST_SERVICE_CONFIG,
  type StoreFixture,
} from "../support/stores.js";
import {
  describeInBrowser,
  expectAccessible,
  launchBrowser,
  watchConsole,
} from "./support/browser.js";

const INTERRUPT = "/myaccount/security-info/register";
const CUSTOM = "What was the first concert you went to?";

/**
 * Registration at sign-in (SPEC [S8]) and custom security questions (SPEC [S9]) in Chromium,
 * English and Dutch, checked with axe-core.
 */
describeInBrowser("registration at sign-in and custom questions in a real browser", () => {
  let fx: StoreFixture;
  let app: FastifyInstance;
  let browser: Browser;
  let url: string;
  let dispose: () => Promise<void>;
  let org: Awaited<ReturnType<typeof seedOrganisation>>;

  beforeAll(async () => {
    const created = await sqliteKind.create();
    dispose = created.dispose;
    const clock = manualClock(Date.now());
    fx = {
      store: created.store,
      dataDir: created.dataDir,
      databaseUrl: created.databaseUrl,
      kind: "sqlite",
      clock,
      services: await createServices(created.store, TEST_SERVICE_CONFIG, clock.now),
    };
    org = await seedOrganisation(fx.services);
    await fx.services.admin.resetPolicy.update(
      await principalOfUser(fx.store, org.user),
      { methods: { securityQuestions: true }, customSecurityQuestions: [CUSTOM] },
      origin,
    );
    app = await buildTestApp(fx, { SESAME_SIGNIN_RATE_LIMIT: "1000" });
    await app.listen({ host: "127.0.0.1", port: 0 });
    const address = app.server.address();
    url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await dispose?.();
  });

  async function signIn(page: Page, userId: string, password: string, dutch: boolean) {
    await page.goto(`${url}/signin`);
    await page.getByLabel(dutch ? "Gebruikers-ID" : "User ID").fill(userId);
    await page.getByLabel(dutch ? "Wachtwoord" : "Password", { exact: true }).fill(password);
    await page.getByRole("button", { name: dutch ? "Aanmelden" : "Sign in" }).click();
  }

  for (const dutch of [false, true]) {
    it(`the interrupt and the custom questions field pass axe (${dutch ? "nl" : "en"})`, async () => {
      const context = await browser.newContext({ locale: dutch ? "nl-NL" : "en-GB" });
      const page = await context.newPage();
      const problems = watchConsole(page);
      await signIn(page, `admin@${org.domain}`, ADMIN_PASSWORD, dutch);
      await page.waitForURL(`**${INTERRUPT}`);
      await expect(
        page
          .getByRole("heading", {
            level: 1,
            name: dutch ? "Houd uw account veilig" : "Keep your account secure",
          })
          .isVisible(),
      ).resolves.toBe(true);
      await expectAccessible(page);

      await page.goto(`${url}/admin/password-reset/methods`);
      const field = page.getByLabel(
        dutch ? "Eigen beveiligingsvragen" : "Custom security questions",
      );
      await expect(field.inputValue()).resolves.toBe(CUSTOM);
      await expectAccessible(page);
      await field.fill(`${CUSTOM}\nab`);
      await page.getByRole("button", { name: dutch ? "Opslaan" : "Save" }).click();
      await expect(page.getByRole("alert").textContent()).resolves.toContain(
        dutch ? "Regel 2: gebruik 3 tot 200 tekens." : "Line 2: use 3 to 200 characters.",
      );
      await expectAccessible(page);
      expect(problems).toEqual([]);
      await context.close();
    });
  }

  it("a new user is asked at sign-in, may skip, and sets up questions the next time", async () => {
    const { user } = await org.addUser("newcomer");
    const context = await browser.newContext({ locale: "en-GB" });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await signIn(page, user.userPrincipalName, USER_PASSWORD, false);
    await page.waitForURL(`**${INTERRUPT}`);
    await expect(
      page.getByText("You haven't registered any methods yet.").isVisible(),
    ).resolves.toBe(true);
    await page.getByRole("button", { name: "Skip for now" }).click();
    await page.waitForURL("**/myaccount");

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/signin?notice=signed-out");
    await signIn(page, user.userPrincipalName, USER_PASSWORD, false);
    await page.waitForURL(`**${INTERRUPT}`);
    await page.getByRole("link", { name: "Set up methods" }).click();
    await page.waitForURL("**/myaccount/security-info");
    await page.getByRole("link", { name: "Set up security questions" }).click();
    await page.getByLabel("Question 1", { exact: true }).selectOption({ label: CUSTOM });
    await page.getByLabel("Answer 1", { exact: true }).fill("Doe Maar");
    await page.getByLabel("Question 2", { exact: true }).selectOption("question.2");
    await page.getByLabel("Answer 2", { exact: true }).fill("Leiden");
    await page.getByLabel("Question 3", { exact: true }).selectOption("question.3");
    await page.getByLabel("Answer 3", { exact: true }).fill("Zwolle");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.waitForURL("**/myaccount/security-info?notice=questions");
    expect(await listSecurityQuestions(fx.store, user.id)).toContain(`custom:${CUSTOM}`);

    // Registered: the next sign-in goes straight to My account.
    await page.goto(`${url}/myaccount`);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/signin?notice=signed-out");
    await signIn(page, user.userPrincipalName, USER_PASSWORD, false);
    await page.waitForURL("**/myaccount");
    expect(problems).toEqual([]);
    await context.close();
  });
});
