import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  describeInBrowser,
  expectAccessible,
  launchBrowser,
  skipRegistration,
} from "./support/browser.js";
import { startServer, type RunningServer } from "./support/server.js";

describeInBrowser("first start: the one-time setup link", () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("prints a link that creates the organisation and its administrator, once", async () => {
    await expect.poll(() => server.output(), { timeout: 10_000 }).toContain("/setup?token=");
    const link = /(http:\/\/\S+\/setup\?token=\S+)/.exec(server.output())?.[1] ?? "";
    const page = await (await browser.newContext({ locale: "en-GB" })).newPage();
    await page.goto(link);
    await expect(page.getByRole("heading", { name: "Set up Sesame" }).isVisible()).resolves.toBe(
      true,
    );
    await expectAccessible(page);
    await page.getByLabel("Organisation name").fill("Woodgrove");
    await page.getByLabel("Domain").fill("woodgrove.test");
    await page.getByLabel("Administrator's User ID").fill("it@woodgrove.test");
    await page.getByLabel("Administrator's name").fill("Iris Tan");
    await page.getByLabel("Password", { exact: true }).fill("short");
    await page.getByLabel("Confirm password").fill("short");
    await page.getByRole("button", { name: "Create organisation" }).click();
    await expect(page.getByRole("alert").textContent()).resolves.toContain(
      "Use at least 8 characters",
    );
    await expect(page.getByLabel("Organisation name").inputValue()).resolves.toBe("Woodgrove");
    await page.getByLabel("Password", { exact: true }).fill("lilac summit anchor reef");
    await page.getByLabel("Confirm password").fill("lilac summit anchor reef");
    await page.getByRole("button", { name: "Create organisation" }).click();
    await expect(page.getByText("Your organisation is ready").isVisible()).resolves.toBe(true);

    await page.goto(link);
    await expect(page.getByText("This setup link is no longer valid").isVisible()).resolves.toBe(
      true,
    );

    await page.goto(`${server.url}/signin`);
    await page.getByLabel("User ID").fill("it@woodgrove.test");
    await page.getByLabel("Password").fill("lilac summit anchor reef");
    await page.getByRole("button", { name: "Sign in" }).click();
    await skipRegistration(page);
    await expect(page.getByText("Woodgrove").first().isVisible()).resolves.toBe(true);
  });
});
