import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  describeInBrowser,
  expectAccessible,
  expectUnbrokenUserIds,
  launchBrowser,
  skipRegistration,
  watchConsole,
} from "./support/browser.js";
import { sesameFor, startServer, type RunningServer } from "./support/server.js";

const DOMAIN = "northwind.test";
const PASSWORD = "granite harbour violin moss";

describeInBrowser("an administrator runs the directory from the admin center", () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer(async (env) => {
      await sesameFor(env, [
        "init",
        "--org",
        "Northwind",
        "--domain",
        DOMAIN,
        "--admin",
        `admin@${DOMAIN}`,
        "--password",
        PASSWORD,
      ]);
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function signIn(page: Page, dutch = false) {
    await page.goto(`${server.url}/signin`);
    await page.getByLabel(dutch ? "Gebruikers-ID" : "User ID").fill(`admin@${DOMAIN}`);
    await page.getByLabel(dutch ? "Wachtwoord" : "Password", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: dutch ? "Aanmelden" : "Sign in" }).click();
    await skipRegistration(page);
  }

  const heading = (page: Page, name: string) =>
    expect(page.getByRole("heading", { name, level: 1 }).isVisible()).resolves.toBe(true);
  const nav = (page: Page, name: string) =>
    page.getByRole("navigation", { name: "Admin center sections" }).getByRole("link", { name });

  it("adds a user, gives a role, groups, deletes and restores them, reads the log, manages API keys", async () => {
    const context = await browser.newContext({
      locale: "en-GB",
      permissions: ["clipboard-read", "clipboard-write"],
    });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await signIn(page);
    await page.goto(`${server.url}/admin/users`);

    // Add a user: the temporary password is shown once, with a copy button.
    await nav(page, "Add user").click();
    await heading(page, "Add a user");
    await expectAccessible(page);
    await expect(page.getByLabel("Password (when you create it)").isVisible()).resolves.toBe(false);
    await expect(
      page
        .getByLabel("Require this user to change their password when they first sign in")
        .isChecked(),
    ).resolves.toBe(true);
    await page.getByRole("button", { name: "Add user" }).click();
    await heading(page, "Add a user");
    await expect(page.getByRole("alert").textContent()).resolves.toContain("Enter the User ID.");
    await expectAccessible(page);
    await page.getByLabel("User ID").fill(`wendy@${DOMAIN}`);
    await page.getByLabel("Display name").fill("Wendy Walker");
    await page.getByLabel("First name").fill("Wendy");
    await page.getByLabel("Last name").fill("Walker");
    await page.getByRole("button", { name: "Add user" }).click();
    await heading(page, "User added");
    const temporary = await page.getByLabel("Temporary password").inputValue();
    expect(temporary).toMatch(/^\S{16,}$/);
    await page.getByRole("button", { name: "Copy password" }).click();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(temporary);
    await expectAccessible(page);

    // Assign a role on the user's page.
    await page.getByRole("link", { name: "Go to Wendy Walker" }).click();
    await heading(page, "Wendy Walker");
    await expectAccessible(page);
    // In the side panel: the roles, each saying what it allows.
    await page.getByRole("link", { name: "Assign a role" }).click();
    const panel = page.getByRole("dialog", { name: "Assign a role" });
    await panel.getByLabel("Helpdesk Administrator").check();
    await expectAccessible(page);
    await panel.getByRole("button", { name: "Assign", exact: true }).click();
    await heading(page, "Wendy Walker");
    await expect(page.getByRole("status").textContent()).resolves.toContain(
      "The role is assigned to Wendy Walker.",
    );
    await expect(
      page.getByRole("button", { name: "Remove Helpdesk Administrator" }).isVisible(),
    ).resolves.toBe(true);
    const userUrl = page.url().split("?")[0] ?? "";

    // Blocking asks first, in the panel; Cancel changes nothing, the button does.
    await page.getByRole("link", { name: "Block sign-in" }).click();
    const question = page.getByRole("dialog", { name: "Block sign-in" });
    await question.getByText("Wendy Walker can no longer sign in").waitFor();
    await expectAccessible(page);
    await page.keyboard.press("Escape");
    await expect(page.getByRole("dialog").count()).resolves.toBe(0);
    await page.getByRole("link", { name: "Block sign-in" }).click();
    await page
      .getByRole("dialog", { name: "Block sign-in" })
      .getByRole("button", { name: "Block sign-in" })
      .click();
    await page.waitForURL(/done=block/);
    await expect(page.getByRole("status").textContent()).resolves.toContain(
      "Sign-in is blocked for Wendy Walker",
    );
    await page.getByRole("link", { name: "Allow sign-in" }).click();
    await page
      .getByRole("dialog", { name: "Allow sign-in" })
      .getByRole("button", { name: "Allow sign-in" })
      .click();
    await page.waitForURL(/done=unblock/);

    // The profile and contact forms.
    await page.getByRole("link", { name: "Edit profile" }).click();
    await heading(page, "Edit the profile of Wendy Walker");
    await expectAccessible(page);
    await page.getByLabel("Email").fill("wendy@example.test");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("status").textContent()).resolves.toContain("is saved");
    await page.getByRole("link", { name: "Edit phones and alternate emails" }).click();
    await expectAccessible(page);
    await page.getByLabel("Mobile phone").fill("06 1234");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("alert").textContent()).resolves.toContain("international form");
    await expectAccessible(page);
    await page.getByLabel("Mobile phone").fill("+31 6 12345678");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("+31612345678").isVisible()).resolves.toBe(true);

    // Roles: who holds what.
    await nav(page, "Roles").click();
    await heading(page, "Roles");
    await expect(page.getByRole("link", { name: "Wendy Walker" }).isVisible()).resolves.toBe(true);
    await expectAccessible(page);

    // A group with Wendy in it.
    await nav(page, "Groups").click();
    await heading(page, "Groups");
    await expectAccessible(page);
    await page.getByRole("link", { name: "Create a group" }).click();
    await expectAccessible(page);
    await page.getByLabel("Name").fill("Field team");
    await page.getByRole("button", { name: "Create group" }).click();
    await heading(page, "Field team");
    await page.getByLabel("Add a member by User ID").fill(`WENDY@${DOMAIN}`);
    await page.getByRole("button", { name: "Add member" }).click();
    await expect(page.getByRole("status").textContent()).resolves.toContain(
      "Wendy Walker is added to Field team.",
    );
    await expect(page.getByRole("link", { name: "Wendy Walker" }).isVisible()).resolves.toBe(true);
    await expectAccessible(page);

    // Delete (after a confirmation page), then restore from Deleted users.
    await page.goto(userUrl);
    await expect(page.getByRole("link", { name: "Field team" }).isVisible()).resolves.toBe(true);
    await page.getByRole("link", { name: "Delete user" }).click();
    await heading(page, "Delete Wendy Walker?");
    await expectAccessible(page);
    await page.getByRole("button", { name: "Delete user" }).click();
    await heading(page, "Deleted users");
    await expect(page.getByRole("status").textContent()).resolves.toContain(
      "Wendy Walker is deleted. You can restore them here until",
    );
    await expectAccessible(page);
    await page.getByRole("button", { name: "Restore Wendy Walker" }).click();
    await heading(page, "Wendy Walker");
    await expect(page.getByRole("status").textContent()).resolves.toContain(
      "Wendy Walker is restored.",
    );

    // The audit log, filtered by activity.
    await nav(page, "Audit log").click();
    await heading(page, "Audit log");
    await expectAccessible(page);
    await page.getByLabel("Activity", { exact: true }).selectOption("Restore user");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect.poll(() => page.url()).toContain("activity=Restore+user");
    const rows = page.locator("table.records tbody tr");
    await expect(rows.count()).resolves.toBe(1);
    await expect(rows.first().textContent()).resolves.toContain(`wendy@${DOMAIN}`);
    await expect(rows.first().textContent()).resolves.toContain("UTC");
    await expectAccessible(page);

    // An API key: shown once with a copy button, then revoked.
    await nav(page, "API keys").click();
    await heading(page, "API keys");
    await expectAccessible(page);
    await page.getByRole("link", { name: "Create an API key" }).click();
    await expectAccessible(page);
    await page.getByLabel("Name").fill("Nightly export");
    await page.getByLabel("Reports Reader").check();
    await page.getByRole("button", { name: "Create key" }).click();
    await heading(page, "API key created");
    const key = await page.getByLabel("API key").inputValue();
    expect(key).toMatch(/^ssk_/);
    await page.getByRole("button", { name: "Copy key" }).click();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(key);
    await expectAccessible(page);
    await page.getByRole("link", { name: "Back to API keys" }).click();
    await expect(page.getByText(key).count()).resolves.toBe(0);
    await page.getByRole("button", { name: "Revoke Nightly export" }).click();
    await expect(page.getByRole("status").textContent()).resolves.toContain(
      "The API key Nightly export is revoked.",
    );
    await expectAccessible(page);
    expect(problems).toEqual([]);
  });

  // A user with an alternate email, so their page shows the methods table too; made once.
  let laraPage: Promise<string> | undefined;
  const laraPageOnce = () =>
    (laraPage ??= (async () => {
      const setup = await (await browser.newContext({ locale: "en-GB" })).newPage();
      await signIn(setup);
      await setup.goto(`${server.url}/admin/users/new`);
      await setup.getByLabel("User ID").fill(`lara.vanderheijdenoosterhuis@${DOMAIN}`);
      await setup.getByLabel("Display name").fill("Lara Layout");
      await setup.getByRole("button", { name: "Add user" }).click();
      await setup.getByRole("link", { name: "Go to Lara Layout" }).click();
      const path = new URL(setup.url()).pathname;
      await setup.getByRole("link", { name: "Add an alternate email" }).click();
      await setup.getByLabel("Alternate email: Email address").fill("lara.home@example.test");
      await setup.getByRole("button", { name: "Save" }).click();
      await setup.close();
      return path;
    })());

  // Both languages at both widths, light and dark, and the smallest phone with forced colours.
  const looks = [
    { locale: "en-GB", width: 1366, colorScheme: "light" },
    { locale: "en-GB", width: 1366, colorScheme: "dark" },
    { locale: "nl-NL", width: 1366, colorScheme: "light" },
    { locale: "en-GB", width: 390, colorScheme: "light" },
    { locale: "nl-NL", width: 390, colorScheme: "dark" },
    { locale: "en-GB", width: 320, colorScheme: "light", forcedColors: "active" },
  ] as const;
  for (const look of looks) {
    const name = `${look.width} px, ${look.colorScheme}${"forcedColors" in look ? ", forced colours" : ""}, ${look.locale}`;
    // Sixteen pages, each with axe and a layout check: 8 s alone, several times that on a CI
    // machine running every suite at once (one run went past the suites' 90 s).
    it(
      `lays out every page at ${name}: no sideways scrolling, content before a closed menu on a phone`,
      { timeout: 300_000 },
      async () => {
        const userPage = await laraPageOnce();
        const pages = [
          "/admin",
          "/admin/users",
          userPage,
          `${userPage}/reset-password`,
          "/admin/audit",
          "/admin/users/new",
          "/admin/users/deleted",
          "/admin/requests",
          "/admin/groups",
          "/admin/roles",
          "/admin/api-keys",
          "/admin/password-reset/properties",
          // The grid with every column, newest sign-in first; a panel's page; branding.
          "/admin/users?sort=-lastSignIn&columns=status&columns=lastSignIn&columns=passwordChanged&columns=roles&columns=methods",
          `${userPage}/block`,
          `${userPage}/roles`,
          "/admin/branding",
        ];
        const { locale, width } = look;
        const sections =
          locale === "nl-NL" ? "Onderdelen van het beheercentrum" : "Admin center sections";
        const context = await browser.newContext({
          locale,
          viewport: { width, height: 800 },
          colorScheme: look.colorScheme,
          forcedColors: "forcedColors" in look ? look.forcedColors : "none",
        });
        const page = await context.newPage();
        const problems = watchConsole(page);
        await signIn(page, locale === "nl-NL");
        const phone = width < 768;
        for (const path of pages) {
          const where = `${path} at ${width} px, ${look.colorScheme}`;
          await page.goto(`${server.url}${path}`);
          await expect(
            page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
            where,
          ).resolves.toBe(true);
          const firstLink = page
            .getByRole("navigation", { name: sections })
            .getByRole("link")
            .first();
          await expect(firstLink.isVisible(), where).resolves.toBe(!phone);
          // The page's own heading is on the first screen, whatever the width.
          const top = await page
            .getByRole("heading", { level: 1 })
            .evaluate((h1) => h1.getBoundingClientRect().top);
          expect(top, where).toBeLessThan(phone ? 400 : 250);
          await expectUnbrokenUserIds(page);
          await expectAccessible(page);
        }
        if (phone) {
          await page.getByText("Menu", { exact: true }).click();
          await page.getByRole("navigation", { name: sections }).getByRole("link").nth(1).click();
          await expect(page.getByRole("heading", { level: 1 }).isVisible()).resolves.toBe(true);
        }
        // The search in the bar finds users from any page.
        await page.goto(`${server.url}/admin/roles`);
        const search = locale === "nl-NL" ? "Gebruikers zoeken" : "Search users";
        await page.getByRole("searchbox", { name: search }).fill("lara");
        await page.getByRole("searchbox", { name: search }).press("Enter");
        await expect(
          page.getByRole("link", { name: "Lara Layout" }).first().isVisible(),
        ).resolves.toBe(true);
        expect(problems).toEqual([]);
        await context.close();
      },
    );
  }

  it("sorts the users grid by a header, picks columns, and moves down it by keyboard", async () => {
    await laraPageOnce();
    const page = await (await browser.newContext({ locale: "en-GB" })).newPage();
    const problems = watchConsole(page);
    await signIn(page);
    await page.goto(`${server.url}/admin/users`);
    const grid = page.getByRole("table");
    await grid.getByRole("link", { name: /^User ID/ }).click();
    await page.waitForURL(/sort=userId/);
    await expect(
      grid.getByRole("columnheader", { name: /User ID/ }).getAttribute("aria-sort"),
    ).resolves.toBe("ascending");
    // The other way round: User IDs from Z to A.
    await grid.getByRole("link", { name: /^User ID/ }).click();
    await page.waitForURL(/sort=-userId/);
    const names = () => grid.locator("tbody tr td:nth-child(2) a").allTextContents();
    const userIds = await grid.locator("tbody tr td:nth-child(3)").allTextContents();
    expect(userIds.length).toBeGreaterThan(1);
    expect(userIds).toEqual([...userIds].sort().reverse());
    const [first, second] = await names();

    await page.getByText("Columns", { exact: true }).click();
    await page.getByLabel("Roles").check();
    await page.getByLabel("Last sign-in").uncheck();
    await page.getByRole("button", { name: "Show these columns" }).click();
    await expect(grid.getByRole("columnheader", { name: "Roles" }).isVisible()).resolves.toBe(true);
    await expect(grid.getByRole("columnheader", { name: /Last sign-in/ }).count()).resolves.toBe(0);
    await expect(grid.getByRole("cell", { name: "Global Administrator" }).count()).resolves.toBe(1);
    // The sort survived the column change.
    expect(page.url()).toContain("sort=-userId");

    await grid.getByRole("link", { name: first ?? "", exact: true }).focus();
    await page.keyboard.press("ArrowDown");
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe(second);
    await page.keyboard.press("ArrowUp");
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe(first);

    // Home's counts lead to the filtered lists.
    await page.goto(`${server.url}/admin`);
    await page.getByRole("link", { name: /Must change password/ }).click();
    await expect(
      page
        .getByRole("link", { name: /Must change password/, exact: false })
        .first()
        .getAttribute("aria-current"),
    ).resolves.toBe("page");
    await expectAccessible(page);
    expect(problems).toEqual([]);
  });

  it("brands the portal: logo, colour, sign-in message and helpdesk, for everyone", async () => {
    const page = await (await browser.newContext({ locale: "en-GB" })).newPage();
    const problems = watchConsole(page);
    await signIn(page);
    await page.goto(`${server.url}/admin/branding`);
    await page.getByLabel("Accent colour").fill("#ffcc00");
    await page.getByRole("button", { name: "Save branding" }).click();
    await expect(page.getByRole("alert").textContent()).resolves.toContain("contrast of 1.");
    await page.getByLabel("Accent colour").fill("#7a1f5c");
    await page.getByLabel("Sign-in page message").fill("Use your Northwind account.");
    await page.getByLabel("Helpdesk").fill("Call 020 123 4567.");
    await page.getByLabel("Upload a logo").setInputFiles({
      name: "logo.png",
      mimeType: "image/png",
      buffer: Buffer.from(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
        "base64",
      ),
    });
    await page.getByRole("button", { name: "Save branding" }).click();
    await expect(page.getByRole("status").first().textContent()).resolves.toContain(
      "Branding saved",
    );
    await expectAccessible(page);

    const visitor = await (await browser.newContext({ locale: "en-GB" })).newPage();
    await visitor.goto(`${server.url}/signin`);
    const logo = visitor.getByRole("img", { name: "Northwind" });
    await expect(logo.evaluate((img: HTMLImageElement) => img.naturalWidth)).resolves.toBe(1);
    await expect(visitor.getByText("Use your Northwind account.").isVisible()).resolves.toBe(true);
    await expect(visitor.getByText("Call 020 123 4567.").isVisible()).resolves.toBe(true);
    // The accent reaches the page's links through the theme's stylesheet (strict CSP: no inline style).
    await expect(
      visitor
        .getByRole("link", { name: "Can't access your account?" })
        .evaluate((a) => getComputedStyle(a).color),
    ).resolves.toBe("rgb(122, 31, 92)");
    await expectAccessible(visitor);
    expect(problems).toEqual([]);
  });

  it("works in Dutch on a phone, without scrolling sideways", async () => {
    const context = await browser.newContext({
      locale: "nl-NL",
      viewport: { width: 390, height: 844 },
    });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await signIn(page, true);
    const noSidewaysScroll = () =>
      page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    // The audit table turns into labelled blocks on a phone.
    await page.goto(`${server.url}/admin/audit?activity=Add+user`);
    const cell = page.locator("table.records tbody tr").first().locator("td").first();
    await expect(
      cell.evaluate((td) => getComputedStyle(td, "::before").content),
    ).resolves.toContain("Datum (UTC)");
    await expect(noSidewaysScroll()).resolves.toBe(true);
    await page.getByLabel("Activiteit", { exact: true }).selectOption("Add user");
    await page.getByRole("button", { name: "Filters toepassen" }).click();
    await expect(page.locator("table.records tbody tr").count()).resolves.toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });
});
