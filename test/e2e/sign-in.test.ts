import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  describeInBrowser,
  expectAccessible,
  launchBrowser,
  skipRegistration,
  watchConsole,
} from "./support/browser.js";
import { sesameFor, startServer, type RunningServer } from "./support/server.js";

const DOMAIN = "contoso.test";
const PASSWORD = "granite harbour violin moss";
const NEW_PASSWORD = "saffron glacier tuba meadow";

describeInBrowser("sign-in, lockout and passwords in a real browser", () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startServer(async (env) => {
      await sesameFor(env, [
        "init",
        "--org",
        "Contoso",
        "--domain",
        DOMAIN,
        "--admin",
        `admin@${DOMAIN}`,
        "--password",
        PASSWORD,
      ]);
      for (const name of ["alice", "bruno", "chris", "dana", "emma"]) {
        await sesameFor(env, [
          "user",
          "add",
          `${name}@${DOMAIN}`,
          "--name",
          `${name[0]?.toUpperCase()}${name.slice(1)} Jansen`,
          "--password",
          PASSWORD,
        ]);
      }
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function open(
    path: string,
    options: { locale?: string; width?: number } = {},
  ): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({
      locale: options.locale ?? "en-GB",
      viewport: { width: options.width ?? 1280, height: 900 },
    });
    contexts.push(context);
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto(`${server.url}${path}`);
    return { page, problems };
  }

  async function signIn(
    page: Page,
    userId: string,
    password: string,
    labels = { userId: "User ID", password: "Password", submit: "Sign in" },
  ) {
    await page.getByLabel(labels.userId).fill(userId);
    await page.getByLabel(labels.password, { exact: true }).fill(password);
    await page.getByRole("button", { name: labels.submit }).click();
  }

  it("signs in to My account and signs out; pages are accessible", async () => {
    const { page, problems } = await open("/");
    await expect.poll(() => page.url()).toContain("/signin");
    await expect(
      page.getByRole("link", { name: "Can't access your account?" }).isVisible(),
    ).resolves.toBe(true);
    await expectAccessible(page);
    await signIn(page, `alice@${DOMAIN}`, PASSWORD);
    await skipRegistration(page);
    await expect(page.getByRole("heading", { name: "My account" }).isVisible()).resolves.toBe(true);
    await expect(page.getByText("Alice Jansen").first().isVisible()).resolves.toBe(true);
    await expectAccessible(page);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/signin?notice=signed-out");
    await expect(page.getByText("You have signed out.").isVisible()).resolves.toBe(true);
    expect(problems).toEqual([]);
  });

  it("shows a clear message for a wrong password, accessibly", async () => {
    const { page } = await open("/signin");
    await signIn(page, `bruno@${DOMAIN}`, "not my password");
    await expect(page.getByRole("alert").textContent()).resolves.toContain(
      "Your User ID or password is incorrect",
    );
    await expect(page.getByLabel("User ID").inputValue()).resolves.toBe(`bruno@${DOMAIN}`);
    await expectAccessible(page);
  });

  it("locks the account after ten wrong passwords, even for the right one", async () => {
    const { page } = await open("/signin");
    for (let i = 1; i <= 10; i++) {
      await signIn(page, `chris@${DOMAIN}`, `wrong password ${i}`);
      await page.getByRole("alert").waitFor();
    }
    await expect(page.getByRole("alert").textContent()).resolves.toContain(
      "Your account is temporarily locked to prevent unauthorized use",
    );
    await signIn(page, `chris@${DOMAIN}`, PASSWORD);
    await expect(page.getByRole("alert").textContent()).resolves.toContain("temporarily locked");
    expect(page.url()).toContain("/signin");
  });

  it("forces a temporary password to be changed at first sign-in", async () => {
    const temporary = await sesameFor(server.env, [
      "user",
      "add",
      `fresh@${DOMAIN}`,
      "--name",
      "Fresh Start",
    ]);
    const { page } = await open("/signin");
    await signIn(page, `fresh@${DOMAIN}`, temporary);
    await page.waitForURL("**/password/update");
    await expect(
      page.getByRole("heading", { name: "Update your password" }).isVisible(),
    ).resolves.toBe(true);
    await expectAccessible(page);
    await page.goto(`${server.url}/myaccount`);
    expect(page.url()).toContain("/password/update");
    await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel("Confirm new password").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Update password" }).click();
    // The change ends the first sign-in; registration (SPEC [S8]) follows it.
    await skipRegistration(page);
    await page.getByRole("button", { name: "Sign out" }).click();
    await signIn(page, `fresh@${DOMAIN}`, temporary);
    await expect(page.getByRole("alert").textContent()).resolves.toContain("incorrect");
    await signIn(page, `fresh@${DOMAIN}`, NEW_PASSWORD);
    await skipRegistration(page);
  });

  it("changes the password from My account and ends the other browser's session", async () => {
    const other = await open("/signin");
    await signIn(other.page, `dana@${DOMAIN}`, PASSWORD);
    await skipRegistration(other.page);

    const { page } = await open("/signin");
    await signIn(page, `dana@${DOMAIN}`, PASSWORD);
    await skipRegistration(page);
    await page.getByRole("link", { name: "Change password" }).click();
    await page.getByLabel("Current password").fill("not it");
    await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel("Confirm new password").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Submit" }).click();
    await expect(page.getByRole("alert").textContent()).resolves.toContain(
      "Your current password is incorrect",
    );
    await expectAccessible(page);
    await page.getByLabel("Current password").fill(PASSWORD);
    await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel("Confirm new password").fill(NEW_PASSWORD);
    await page.getByRole("button", { name: "Submit" }).click();
    await page.waitForURL("**/myaccount?notice=password-changed");
    await expect(page.getByRole("status").textContent()).resolves.toContain(
      "Your password has been changed",
    );

    await other.page.reload();
    expect(other.page.url()).toContain("/signin");
  });

  it("speaks Dutch to a Dutch browser, accessibly, on a phone", async () => {
    const { page, problems } = await open("/signin", { locale: "nl-NL", width: 375 });
    await expect(page.locator("html").getAttribute("lang")).resolves.toBe("nl");
    await expect(
      page.getByRole("link", { name: "Geen toegang tot uw account?" }).isVisible(),
    ).resolves.toBe(true);
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(375);
    await expectAccessible(page);
    await signIn(page, `emma@${DOMAIN}`, "verkeerd wachtwoord", {
      userId: "Gebruikers-ID",
      password: "Wachtwoord",
      submit: "Aanmelden",
    });
    await expect(page.getByRole("alert").textContent()).resolves.toContain(
      "Uw gebruikers-ID of wachtwoord is onjuist",
    );
    await signIn(page, `emma@${DOMAIN}`, PASSWORD, {
      userId: "Gebruikers-ID",
      password: "Wachtwoord",
      submit: "Aanmelden",
    });
    await skipRegistration(page);
    await expect(page.getByRole("heading", { name: "Mijn account" }).isVisible()).resolves.toBe(
      true,
    );
    await expect(
      page.getByRole("heading", { name: "Beveiliging en privacy" }).isVisible(),
    ).resolves.toBe(true);
    await expectAccessible(page);
    await page.getByRole("link", { name: "Wachtwoord wijzigen" }).click();
    await expect(page.getByLabel("Huidig wachtwoord").isVisible()).resolves.toBe(true);
    await expectAccessible(page);
    await page.getByRole("button", { name: "English" }).click();
    await expect(page.getByLabel("Current password").isVisible()).resolves.toBe(true);
    expect(problems).toEqual([]);
  });
});
