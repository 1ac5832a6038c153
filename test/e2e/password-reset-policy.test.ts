import type { FastifyInstance } from "fastify";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createServices } from "../../src/wiring.js";
import { buildTestApp } from "../support/http.js";
import { ADMIN_PASSWORD, seedOrganisation } from "../support/seed.js";
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
  skipRegistration,
  watchConsole,
} from "./support/browser.js";

/** The Password reset pages in a real browser, English and Dutch, checked with axe-core. */
describeInBrowser("admin center: password reset policy pages", () => {
  let app: FastifyInstance;
  let browser: Browser;
  let url: string;
  let userId: string;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const created = await sqliteKind.create();
    dispose = created.dispose;
    const clock = manualClock(Date.now());
    const fx = {
      store: created.store,
      dataDir: created.dataDir,
      databaseUrl: created.databaseUrl,
      kind: "sqlite",
      clock,
      services: await createServices(created.store, TEST_SERVICE_CONFIG, clock.now),
    } as StoreFixture;
    const org = await seedOrganisation(fx.services);
    userId = `admin@${org.domain}`;
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

  async function signIn(page: Page, dutch: boolean) {
    await page.goto(`${url}/signin`);
    await page.getByLabel(dutch ? "Gebruikers-ID" : "User ID").fill(userId);
    await page.getByLabel(dutch ? "Wachtwoord" : "Password", { exact: true }).fill(ADMIN_PASSWORD);
    await page.getByRole("button", { name: dutch ? "Aanmelden" : "Sign in" }).click();
    await skipRegistration(page);
  }

  for (const dutch of [false, true]) {
    it(`every section is accessible and shows errors beside the field (${dutch ? "nl" : "en"})`, async () => {
      const context = await browser.newContext({ locale: dutch ? "nl-NL" : "en-GB" });
      const page = await context.newPage();
      const problems = watchConsole(page);
      await signIn(page, dutch);
      for (const section of [
        "properties",
        "methods",
        "registration",
        "notifications",
        "customization",
        "on-premises",
      ]) {
        await page.goto(`${url}/admin/password-reset/${section}`);
        await expect(
          page
            .getByRole("heading", {
              level: 1,
              name: dutch ? "Wachtwoord opnieuw instellen" : "Password reset",
            })
            .isVisible(),
        ).resolves.toBe(true);
        await expectAccessible(page);
      }
      await page.goto(`${url}/admin/password-reset/registration`);
      const days = page.getByLabel(
        dutch
          ? "Aantal dagen voordat gebruikers wordt gevraagd hun verificatiegegevens opnieuw te bevestigen"
          : "Number of days before users are asked to reconfirm their authentication information",
      );
      await days.fill("9999");
      await page.getByRole("button", { name: dutch ? "Opslaan" : "Save" }).click();
      await expect(page.getByRole("alert").textContent()).resolves.toContain(
        dutch ? "Voer een aantal dagen in van 0 tot 730." : "Enter a number of days from 0 to 730.",
      );
      await expectAccessible(page);
      await days.fill("90");
      await page.getByRole("button", { name: dutch ? "Opslaan" : "Save" }).click();
      await expect(page.getByRole("status").textContent()).resolves.toContain(
        dutch ? "zijn opgeslagen" : "were saved",
      );
      await expect(days.inputValue()).resolves.toBe("90");
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});
