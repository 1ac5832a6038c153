import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  describeInBrowser,
  expectAccessible,
  launchBrowser,
  skipRegistration,
  watchConsole,
} from "./support/browser.js";
import { sesameFor, startServer, type RunningServer } from "./support/server.js";
import { openStore } from "../../src/store/database.js";
import { findUserByKey } from "../../src/store/users.js";
import { findOrganisationByDomain } from "../../src/store/organisations.js";
import { startSmtpServer, type ReceivedMail } from "../support/smtp.js";

const DOMAIN = "fabrikam.test";
const PASSWORD = "granite harbour violin moss";

describeInBrowser("an administrator resets a password in the admin center", () => {
  let server: RunningServer;
  let browser: Browser;
  let memberId = "";
  const inbox: ReceivedMail[] = [];
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

  beforeAll(async () => {
    smtp = await startSmtpServer(inbox);
    server = await startServer(async (env) => {
      env.SESAME_SMTP_URL = `smtp://127.0.0.1:${smtp.port}`;
      await sesameFor(env, [
        "init",
        "--org",
        "Fabrikam",
        "--domain",
        DOMAIN,
        "--admin",
        `admin@${DOMAIN}`,
        "--password",
        PASSWORD,
      ]);
      await sesameFor(env, [
        "user",
        "add",
        `member@${DOMAIN}`,
        "--name",
        "Mila Member",
        "--password",
        PASSWORD,
      ]);
      const store = openStore({ dataDir: env.SESAME_DATA_DIR ?? "" });
      const organisation = await findOrganisationByDomain(store, DOMAIN);
      memberId = (await findUserByKey(store, organisation?.id ?? "", `member@${DOMAIN}`))?.id ?? "";
      await store.close();
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.stop();
  });

  async function signIn(page: Page, userId: string, password: string, dutch = false) {
    await page.goto(`${server.url}/signin`);
    await page.getByLabel(dutch ? "Gebruikers-ID" : "User ID").fill(userId);
    await page.getByLabel(dutch ? "Wachtwoord" : "Password", { exact: true }).fill(password);
    await page.getByRole("button", { name: dutch ? "Aanmelden" : "Sign in" }).click();
  }

  it("shows the temporary password once; the old one stops working; the new one forces a change", async () => {
    const context = await browser.newContext({
      locale: "en-GB",
      permissions: ["clipboard-read", "clipboard-write"],
    });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await signIn(page, `admin@${DOMAIN}`, PASSWORD);
    await page.getByRole("link", { name: "Admin center" }).click();
    await page.goto(`${server.url}/admin/users/${memberId}`);
    await expect(page.getByRole("heading", { name: "Mila Member" }).isVisible()).resolves.toBe(
      true,
    );
    await expectAccessible(page);
    // With JavaScript, the reset opens in a panel beside the page.
    await page.getByRole("link", { name: "Reset password" }).click();
    const panel = page.getByRole("dialog");
    await panel.getByRole("heading", { name: "Reset password" }).waitFor();
    await expectAccessible(page);
    // With JavaScript, the password field shows only when typing one is chosen.
    await expect(page.getByLabel("Password (when you create it)").isVisible()).resolves.toBe(false);
    await page.getByLabel("This account is compromised").check();
    await expect(page.getByLabel("Send the password in email").isVisible()).resolves.toBe(false);
    await page.getByLabel("This account is compromised").uncheck();
    await page.getByRole("button", { name: "Reset password" }).click();
    await panel.getByRole("heading", { name: "Password reset" }).waitFor();
    const temporary = await page.getByLabel("Temporary password").inputValue();
    expect(temporary).toMatch(/^\S{16,}$/);
    // Dots until asked.
    const shown = page.getByLabel("Temporary password");
    await expect(shown.getAttribute("type")).resolves.toBe("password");
    await page.getByRole("button", { name: "Show" }).click();
    await expect(shown.getAttribute("type")).resolves.toBe("text");
    await expect(
      page.getByRole("button", { name: "Hide" }).getAttribute("aria-pressed"),
    ).resolves.toBe("true");
    await page.getByRole("button", { name: "Copy password" }).click();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(temporary);
    await expectAccessible(page);
    expect(problems).toEqual([]);

    const member = await (await browser.newContext({ locale: "en-GB" })).newPage();
    await signIn(member, `member@${DOMAIN}`, PASSWORD);
    await expect(member.getByRole("alert").textContent()).resolves.toContain("incorrect");
    await signIn(member, `member@${DOMAIN}`, temporary);
    await member.waitForURL("**/password/update");
  });

  it("emails the password to exactly the chosen recipients, in the background", async () => {
    const page = await (await browser.newContext({ locale: "en-GB" })).newPage();
    await signIn(page, `admin@${DOMAIN}`, PASSWORD);
    await page.goto(`${server.url}/admin/users/${memberId}/reset-password`);
    await page.getByLabel("Send the password in email").check();
    const recipients = page.getByLabel("Email recipients, one per line (up to 10)");
    await expect(recipients.inputValue()).resolves.toBe(`admin@${DOMAIN}`);
    await recipients.fill(`admin@${DOMAIN}\nmila.private@example.test`);
    await page.getByRole("button", { name: "Reset password" }).click();
    await expect(page.getByText("The password was sent by email to").isVisible()).resolves.toBe(
      true,
    );
    await expect.poll(() => inbox.length, { timeout: 20_000 }).toBe(2);
    expect(inbox.flatMap((mail) => mail.envelopeTo).sort()).toEqual([
      `admin@${DOMAIN}`,
      "mila.private@example.test",
    ]);
    // A refresh loads the result again, which was shown: nothing is reset or sent again.
    const reloaded = await page.reload();
    expect(reloaded?.status()).toBe(410);
    await expect(page.getByText("This result was shown already.").isVisible()).resolves.toBe(true);
    await expect(page.getByText("The password was sent by email to").count()).resolves.toBe(0);
  });

  it("finds users as you type, and opens the reset dialog from the key icon", async () => {
    const page = await (
      await browser.newContext({ locale: "nl-NL", viewport: { width: 390, height: 844 } })
    ).newPage();
    const problems = watchConsole(page);
    await signIn(page, `admin@${DOMAIN}`, PASSWORD, true);
    await skipRegistration(page);
    await page.goto(`${server.url}/admin/users`);
    await expect(page.getByRole("heading", { name: "Alle gebruikers" }).isVisible()).resolves.toBe(
      true,
    );
    await expectAccessible(page);
    await page.getByLabel("Zoeken op naam, gebruikers-ID of e-mailadres").pressSequentially("mil");
    await expect.poll(() => page.url()).toContain("search=mil");
    await expect(
      page.getByRole("link", { name: "Mila Member", exact: true }).isVisible(),
    ).resolves.toBe(true);
    await expect(page.getByRole("link", { name: "Ada" }).count()).resolves.toBe(0);
    await page.getByRole("link", { name: "Wachtwoord opnieuw instellen voor Mila Member" }).click();
    await page
      .getByRole("dialog")
      .getByRole("heading", { name: "Wachtwoord opnieuw instellen" })
      .waitFor();
    await expectAccessible(page);
    expect(problems).toEqual([]);
  });

  it("resets from the list by keyboard alone, in a panel, and says so on the list after", async () => {
    const page = await (await browser.newContext({ locale: "en-GB" })).newPage();
    const problems = watchConsole(page);
    await signIn(page, `admin@${DOMAIN}`, PASSWORD);
    await page.goto(`${server.url}/admin/users?search=mila`);
    const icon = page.getByRole("link", { name: "Reset password for Mila Member" });
    // Tab until the key icon has focus, as a keyboard user would.
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press("Tab");
      if (await icon.evaluate((link) => link === document.activeElement)) break;
    }
    await expect(icon.evaluate((link) => link === document.activeElement)).resolves.toBe(true);
    await page.keyboard.press("Enter");
    const panel = page.getByRole("dialog", { name: "Reset password" });
    await panel.waitFor();
    // Focus starts in the form, on its first choice; the list behind is out of reach.
    await expect(
      page.evaluate(() => document.activeElement?.closest("dialog") !== null),
    ).resolves.toBe(true);
    await expectAccessible(page);
    const submit = panel.getByRole("button", { name: "Reset password" });
    for (let i = 0; i < 20; i++) {
      if (await submit.evaluate((button) => button === document.activeElement)) break;
      await page.keyboard.press("Tab");
    }
    await page.keyboard.press("Enter");
    // The panel is named by what it shows: now the result.
    const result = page.getByRole("dialog", { name: "Password reset" });
    await result.getByRole("heading", { name: "Password reset" }).waitFor();
    await expect(result.getByLabel("Temporary password").inputValue()).resolves.toMatch(
      /^\S{16,}$/,
    );
    await expectAccessible(page);
    await page.keyboard.press("Escape");
    await expect(page.getByRole("dialog").count()).resolves.toBe(0);
    await expect(page.getByRole("status").last().textContent()).resolves.toBe("Password reset");
    await expect(icon.evaluate((link) => link === document.activeElement)).resolves.toBe(true);
    expect(problems).toEqual([]);
  });

  it("selects every user on the page at once, for a bulk reset", async () => {
    const page = await (await browser.newContext({ locale: "en-GB" })).newPage();
    await signIn(page, `admin@${DOMAIN}`, PASSWORD);
    await page.goto(`${server.url}/admin/users`);
    const boxes = page.locator('input[type=checkbox][name="users"]');
    expect(await boxes.count()).toBeGreaterThan(0);
    await page.getByLabel("Select every user on this page").check();
    for (const box of await boxes.all()) await expect(box.isChecked()).resolves.toBe(true);
    await page.getByLabel("Select every user on this page").uncheck();
    for (const box of await boxes.all()) await expect(box.isChecked()).resolves.toBe(false);
    await expectAccessible(page);
  });
});
