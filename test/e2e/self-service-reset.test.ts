import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Secret, TOTP } from "otpauth";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Language } from "../../src/domain/languages.js";
import { CLI_ORIGIN } from "../../src/services/context.js";
import { createServices, type Services } from "../../src/wiring.js";
import { principalOfUser, type Principal } from "../../src/services/admin/principal.js";
import { migrateToLatest, openStore, type Store } from "../../src/store/database.js";
import { saveLockout } from "../../src/store/lockouts.js";
import { findResetFailuresForUpdate, saveResetFailures } from "../../src/store/reset-flows.js";
import type { User } from "../../src/store/users.js";
import { translator } from "../../src/views/i18n.js";
import { grantRoles } from "../support/admins.js";
import { ALTERNATE_EMAIL, registerMethods } from "../support/recover.js";
import { seedOrganisation } from "../support/seed.js";
import { startSmtpServer, type ReceivedMail } from "../support/smtp.js";
import { TEST_SERVICE_CONFIG } from "../support/stores.js";
import {
  describeInBrowser,
  expectAccessible,
  skipRegistration,
  launchBrowser,
  watchConsole,
} from "./support/browser.js";
import { solveCaptchaInPage } from "./support/captcha.js";
import { startServer, type RunningServer } from "./support/server.js";

const PASSWORD = "granite harbour violin moss";
const NEW_PASSWORD = "saffron bicycle orbit 77";
const LANGUAGES: Language[] = ["en", "nl"];

/** A real SMS provider's webhook, on loopback: what Sesame texts or calls lands here. */
async function startSmsPeer(received: { to: string; text: string }[]) {
  const server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      received.push(JSON.parse(body) as { to: string; text: string });
      response.writeHead(200).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A distinct mobile number per person, so texts never cross between tests running at once. */
const mobileOf = (localPart: string) =>
  `+3161${String(parseInt(createHash("sha256").update(localPart).digest("hex").slice(0, 8), 16) % 1_000_000).padStart(6, "0")}`;

const codeIn = (text: string) => /\b(\d{8})\b/.exec(text)?.[1] ?? "";

/**
 * "Can't access your account?" end to end: the built server, a real SMTP peer and SMS
 * webhook, Chromium solving the CAPTCHA; every path in English and Dutch, checked by axe.
 */
describeInBrowser("self-service password reset and unlock in the browser", () => {
  let server: RunningServer;
  let browser: Browser;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let sms: Awaited<ReturnType<typeof startSmsPeer>>;
  const inbox: ReceivedMail[] = [];
  const userIds = new Map<string, string>();
  const texts: { to: string; text: string }[] = [];
  const domains = {
    main: "contoso.test",
    twoMethods: "fabrikam.test",
    disabled: "tailspin.test",
    scoped: "northwind.test",
  };

  /** The organisations and people of every scenario, made before the server starts. */
  async function prepare(store: Store, services: Services) {
    type Policy =
      Record<string, unknown> | ((admin: Principal) => Promise<Record<string, unknown>>);
    const init = async (name: string, domain: string, policy: Policy) => {
      const organisation = await seedOrganisation(services, name, { domain, password: PASSWORD });
      const admin = await principalOfUser(store, organisation.user);
      const patch = typeof policy === "function" ? await policy(admin) : policy;
      await services.admin.resetPolicy.update(admin, patch, CLI_ORIGIN);
      return async (localPart: string) => (await organisation.addUser(localPart)).user;
    };
    const methods = { email: true, mobileSms: true, securityQuestions: true };
    const main = await init("Contoso", domains.main, { methods });
    const two = await init("Fabrikam", domains.twoMethods, { methods, methodsRequired: 2 });
    const off = await init("Tailspin", domains.disabled, {
      enabledFor: "none",
      helpdesk: { email: "helpdesk@tailspin.test" },
    });
    // Self-service for a pilot group only, which nobody has joined yet.
    const scoped = await init("Northwind", domains.scoped, async (admin) => {
      const group = await services.admin.groups.create(admin, {
        displayName: "SSPR pilot",
        origin: CLI_ORIGIN,
      });
      return { enabledFor: "group", groupId: group.id };
    });
    const at = Date.now();
    const withEmail = (user: User) =>
      registerMethods(store, user, [{ kind: "email", value: ALTERNATE_EMAIL(user) }], at);
    for (const language of LANGUAGES) {
      await withEmail(await main(`emma-${language}`));
      await registerMethods(
        store,
        await main(`sam-${language}`),
        [{ kind: "mobilePhone", value: mobileOf(`sam-${language}`) }],
        at,
      );
      const quinn = await main(`quinn-${language}`);
      await services.securityInfo.setSecurityQuestions({
        session: { user: quinn, createdAt: at },
        answers: [
          { question: "question.1", answer: "Utrecht" },
          { question: "question.2", answer: "Leiden" },
          { question: "question.3", answer: "Zwolle" },
        ],
        origin: CLI_ORIGIN,
      });
      const tina = await two(`tina-${language}`);
      await registerMethods(
        store,
        tina,
        [
          { kind: "email", value: ALTERNATE_EMAIL(tina) },
          { kind: "mobilePhone", value: mobileOf(`tina-${language}`) },
        ],
        at,
      );
      const helper = await main(`helper-${language}`);
      await grantRoles(store, helper, ["helpdeskAdministrator"]);
      await registerMethods(
        store,
        helper,
        [
          { kind: "email", value: ALTERNATE_EMAIL(helper) },
          { kind: "mobilePhone", value: mobileOf(`helper-${language}`) },
        ],
        at,
      );
      const locked = await main(`lou-${language}`);
      await withEmail(locked);
      await saveLockout(store, locked.id, {
        failedCount: 10,
        lockoutCount: 1,
        lockedUntil: at + 3_600_000,
        lastFailureAt: at,
        recentFailures: [],
      });
      await main(`nora-${language}`);
      const olaf = await main(`olaf-${language}`);
      await withEmail(olaf);
      await store.db
        .updateTable("users")
        .set({ password_managed: "onPremises" })
        .where("id", "=", olaf.id)
        .execute();
      const bo = await main(`bo-${language}`);
      await withEmail(bo);
      await findResetFailuresForUpdate(store, bo.id);
      await saveResetFailures(store, bo.id, {
        failures: 5,
        windowStart: at,
        blockedUntil: at + 24 * 3_600_000,
      });
      await withEmail(await scoped(`nick-${language}`));
      await main(`rita-${language}`);
      userIds.set(`nina-${language}`, (await main(`nina-${language}`)).id);
      await withEmail(await off(`otto-${language}`));
    }
  }

  beforeAll(async () => {
    smtp = await startSmtpServer(inbox);
    sms = await startSmsPeer(texts);
    server = await startServer(async (env) => {
      env.SESAME_SMTP_URL = `smtp://127.0.0.1:${smtp.port}`;
      env.SESAME_SMS_WEBHOOK_URL = sms.url;
      env.SESAME_CAPTCHA_COST = "1";
      const store = openStore({ dataDir: env.SESAME_DATA_DIR ?? "" });
      await migrateToLatest(store);
      await prepare(store, await createServices(store, TEST_SERVICE_CONFIG));
      await store.close();
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.stop();
    await sms?.stop();
  });

  async function open(language: Language) {
    const context = await browser.newContext({ locale: language === "nl" ? "nl-NL" : "en-GB" });
    const page = await context.newPage();
    return { page, problems: watchConsole(page), t: translator(language) };
  }

  async function start(
    page: Page,
    t: ReturnType<typeof translator>,
    userId: string,
    unlock = false,
  ) {
    await page.goto(`${server.url}/signin`);
    await page.getByRole("link", { name: t("signIn.cantAccess") }).click();
    await expect(page.getByRole("heading", { name: t("recover.title") }).isVisible()).resolves.toBe(
      true,
    );
    await expectAccessible(page);
    await page.getByLabel(t("signIn.userId")).first().fill(userId);
    if (unlock) await page.getByLabel(t("recover.intentUnlock")).check();
    await solveCaptchaInPage(page);
    await page.getByRole("button", { name: t("recover.next") }).click();
  }

  async function prove(
    page: Page,
    t: ReturnType<typeof translator>,
    method: string,
    code: () => Promise<string>,
  ) {
    await page
      .getByLabel(new RegExp(`^${t(`recover.methodPlain.${method as "email"}`)}`))
      .first()
      .check();
    await page.getByRole("button", { name: t("recover.next") }).click();
    await expectAccessible(page);
    await page.getByLabel(t("recover.code")).fill(await code());
    await page.getByRole("button", { name: t("recover.next") }).click();
  }

  const mailCode = (to: string) => async () => {
    await expect
      .poll(() => inbox.filter((m) => m.envelopeTo.includes(to)).length, { timeout: 20_000 })
      .toBeGreaterThan(0);
    const last = inbox.filter((m) => m.envelopeTo.includes(to)).at(-1);
    return codeIn(last?.raw ?? "");
  };
  const smsCode = (localPart: string) => async () => {
    const to = mobileOf(localPart);
    await expect.poll(() => texts.some((m) => m.to === to), { timeout: 20_000 }).toBe(true);
    return codeIn(texts.filter((m) => m.to === to).at(-1)?.text ?? "");
  };

  async function choosePassword(page: Page, t: ReturnType<typeof translator>) {
    // Waits for the page the proof leads to: on a loaded CI machine it may not be there yet
    // the moment the click returns.
    await page.getByRole("heading", { name: t("recover.newPasswordTitle") }).waitFor();
    await expectAccessible(page);
    await page.getByLabel(t("changePassword.newPassword"), { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel(t("changePassword.confirmPassword"), { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole("button", { name: t("recover.finish") }).click();
    await page.getByRole("heading", { name: t("recover.resetDoneTitle") }).waitFor();
    await expectAccessible(page);
  }

  for (const language of LANGUAGES) {
    it(`resets by alternate email [${language}]`, async () => {
      const { page, problems, t } = await open(language);
      const userId = `emma-${language}@${domains.main}`;
      await start(page, t, userId);
      await expectAccessible(page);
      await prove(page, t, "email", mailCode(`alt.emma-${language}@mail.${domains.main}`));
      await choosePassword(page, t);
      await page.getByRole("link", { name: t("recover.signIn") }).click();
      await page.getByLabel(t("signIn.userId")).fill(userId);
      await page.getByLabel(t("signIn.password"), { exact: true }).fill(NEW_PASSWORD);
      await page.getByRole("button", { name: t("signIn.submit") }).click();
      // Signed in (perhaps asked to confirm security info first).
      await page.waitForURL(/\/myaccount/);
      expect(problems).toEqual([]);
    });

    it(`resets by SMS [${language}]`, async () => {
      const { page, t } = await open(language);
      await start(page, t, `sam-${language}@${domains.main}`);
      await prove(page, t, "mobileSms", smsCode(`sam-${language}`));
      await choosePassword(page, t);
    });

    it(`resets by security questions [${language}]`, async () => {
      const { page, t } = await open(language);
      await start(page, t, `quinn-${language}@${domains.main}`);
      await page.getByLabel(t("recover.methodPlain.securityQuestions")).check();
      await page.getByRole("button", { name: t("recover.next") }).click();
      await expectAccessible(page);
      const answers: Record<string, string> = {
        [t("question.1")]: "utrecht",
        [t("question.2")]: "LEIDEN",
        [t("question.3")]: "Zwolle ",
      };
      for (const [question, answer] of Object.entries(answers)) {
        await page.getByLabel(question, { exact: true }).fill(answer);
      }
      await page.getByRole("button", { name: t("recover.next") }).click();
      await choosePassword(page, t);
    });

    it(`needs two methods when the policy says so [${language}]`, async () => {
      const { page, t } = await open(language);
      const userId = `tina-${language}@${domains.twoMethods}`;
      await start(page, t, userId);
      await expect(page.getByText(t("recover.step", { step: 1, of: 2 })).isVisible()).resolves.toBe(
        true,
      );
      await prove(page, t, "email", mailCode(`alt.tina-${language}@mail.${domains.twoMethods}`));
      await expect(page.getByText(t("recover.step", { step: 2, of: 2 })).isVisible()).resolves.toBe(
        true,
      );
      await prove(page, t, "mobileSms", smsCode(`tina-${language}`));
      await choosePassword(page, t);
    });

    it(`holds an administrator to two methods [${language}]`, async () => {
      const { page, t } = await open(language);
      await start(page, t, `helper-${language}@${domains.main}`);
      await expect(page.getByText(t("recover.step", { step: 1, of: 2 })).isVisible()).resolves.toBe(
        true,
      );
      await expect(
        page.getByLabel(t("recover.methodPlain.securityQuestions")).count(),
      ).resolves.toBe(0);
      await prove(page, t, "email", mailCode(`alt.helper-${language}@mail.${domains.main}`));
      await prove(page, t, "mobileSms", smsCode(`helper-${language}`));
      await choosePassword(page, t);
      await expect
        .poll(() => inbox.filter((m) => m.envelopeTo.includes(`admin@${domains.main}`)).length, {
          timeout: 20_000,
        })
        .toBeGreaterThan(0);
    });

    it(`unlocks without a new password [${language}]`, async () => {
      const { page, t } = await open(language);
      const userId = `lou-${language}@${domains.main}`;
      await start(page, t, userId, true);
      await prove(page, t, "email", mailCode(`alt.lou-${language}@mail.${domains.main}`));
      await expect(
        page.getByRole("heading", { name: t("recover.unlockTitle") }).isVisible(),
      ).resolves.toBe(true);
      await expectAccessible(page);
      await page.getByRole("button", { name: t("recover.unlock") }).click();
      await expect(
        page.getByRole("heading", { name: t("recover.unlockDoneTitle") }).isVisible(),
      ).resolves.toBe(true);
      await page.getByRole("link", { name: t("recover.signIn") }).click();
      await page.getByLabel(t("signIn.userId")).fill(userId);
      await page.getByLabel(t("signIn.password"), { exact: true }).fill(PASSWORD);
      await page.getByRole("button", { name: t("signIn.submit") }).click();
      await page.waitForURL(/\/myaccount/);
    });

    it(`registers every method at sign-in: email, phones, app, questions [${language}]`, async () => {
      const { page, problems, t } = await open(language);
      const localPart = `rita-${language}`;
      await page.goto(`${server.url}/signin`);
      await page.getByLabel(t("signIn.userId")).fill(`${localPart}@${domains.main}`);
      await page.getByLabel(t("signIn.password"), { exact: true }).fill(PASSWORD);
      await page.getByRole("button", { name: t("signIn.submit") }).click();
      await page.waitForURL("**/myaccount/security-info/register");
      await expectAccessible(page);
      await page.getByRole("link", { name: t("registration.setUp") }).click();
      await page.waitForURL("**/myaccount/security-info");

      const byCode = async (
        kind: "email" | "mobilePhone" | "officePhone",
        value: string,
        code: () => Promise<string>,
      ) => {
        await page.getByRole("link", { name: t(`securityInfo.add.${kind}`) }).click();
        await expectAccessible(page);
        await page
          .getByLabel(t(kind === "email" ? "securityInfo.field.email" : "securityInfo.field.phone"))
          .fill(value);
        await page.getByRole("button", { name: t("securityInfo.sendCode") }).click();
        await expectAccessible(page);
        await page.getByLabel(t("securityInfo.field.code")).fill(await code());
        await page.getByRole("button", { name: t("securityInfo.submitCode") }).click();
        await page.waitForURL(/\/myaccount\/security-info\?/);
      };
      await byCode("email", `${localPart}@home.test`, mailCode(`${localPart}@home.test`));
      await byCode("mobilePhone", mobileOf(localPart), smsCode(localPart));
      await byCode("officePhone", mobileOf(`${localPart}-office`), smsCode(`${localPart}-office`));

      await page.getByRole("button", { name: t("securityInfo.add.authenticatorApp") }).click();
      await expectAccessible(page);
      const key = (await page.locator("code.key").textContent())?.replace(/\s/g, "") ?? "";
      await page.getByRole("link", { name: t("securityInfo.app.next") }).click();
      const code = TOTP.generate({ secret: Secret.fromBase32(key) });
      await page.getByLabel(t("securityInfo.field.code")).fill(code);
      await page.getByRole("button", { name: t("securityInfo.submitCode") }).click();
      await page.waitForURL(/\/myaccount\/security-info\?/);

      await page.getByRole("link", { name: t("securityInfo.add.securityQuestions") }).click();
      await expectAccessible(page);
      for (const [index, answer] of ["Utrecht", "Leiden", "Zwolle"].entries()) {
        const n = index + 1;
        await page
          .getByLabel(t("securityInfo.questionN", { n }), { exact: true })
          .selectOption(`question.${n}`);
        await page.getByLabel(t("securityInfo.answerN", { n }), { exact: true }).fill(answer);
      }
      await page
        .getByRole("button", { name: t("securityInfo.saveQuestions"), exact: true })
        .click();
      await page.waitForURL(/\/myaccount\/security-info\?/);
      for (const kind of [
        "email",
        "mobilePhone",
        "officePhone",
        "authenticatorApp",
        "securityQuestions",
      ] as const) {
        await expect(
          page
            .getByText(t(`securityInfo.kind.${kind}`))
            .first()
            .isVisible(),
        ).resolves.toBe(true);
      }
      await expectAccessible(page);
      expect(problems).toEqual([]);
    }, 90_000);

    it(`counts a phone an administrator added as registered [${language}]`, async () => {
      const admin = await open(language);
      await admin.page.goto(`${server.url}/signin`);
      await admin.page.getByLabel(admin.t("signIn.userId")).fill(`admin@${domains.main}`);
      await admin.page.getByLabel(admin.t("signIn.password"), { exact: true }).fill(PASSWORD);
      await admin.page.getByRole("button", { name: admin.t("signIn.submit") }).click();
      await skipRegistration(admin.page);
      await admin.page.goto(`${server.url}/admin/users/${userIds.get(`nina-${language}`) ?? ""}`);
      await expect(
        admin.page.getByRole("heading", { name: admin.t("authMethods.title") }).isVisible(),
      ).resolves.toBe(true);
      await expectAccessible(admin.page);
      await admin.page.getByRole("link", { name: admin.t("authMethods.add.mobilePhone") }).click();
      await expectAccessible(admin.page);
      await admin.page
        .getByLabel(
          `${admin.t("securityInfo.kind.mobilePhone")}: ${admin.t("authMethods.field.phoneNumber")}`,
        )
        .fill(mobileOf(`nina-${language}`));
      await admin.page.getByRole("button", { name: admin.t("admin.edit.save") }).click();
      // In the methods table (the profile shows it beside the user's own phones too).
      await expect(
        admin.page
          .locator("table")
          .getByText(mobileOf(`nina-${language}`))
          .isVisible(),
      ).resolves.toBe(true);
      await expectAccessible(admin.page);
      expect(admin.problems).toEqual([]);

      const { page, t } = await open(language);
      await start(page, t, `nina-${language}@${domains.main}`);
      await prove(page, t, "mobileSms", smsCode(`nina-${language}`));
      await choosePassword(page, t);
    });

    /** A refusal page: its reference code, axe, and the contact action reaching a real SMTP peer. */
    async function refusal(userId: string, code: string, recipient: string) {
      const { page, t } = await open(language);
      await start(page, t, userId);
      await expect(page.getByText(code).isVisible()).resolves.toBe(true);
      await expectAccessible(page);
      await page.getByRole("button", { name: t("recover.contact") }).click();
      await expect(
        page.getByRole("heading", { name: t("recover.contactedTitle") }).isVisible(),
      ).resolves.toBe(true);
      const localPart = userId.split("@")[0] ?? "";
      await expect
        .poll(
          () =>
            inbox.filter(
              (m) =>
                m.envelopeTo.includes(recipient) &&
                (m.headers.get("subject") ?? "").startsWith(`${localPart} `),
            ).length,
          { timeout: 20_000 },
        )
        .toBe(1);
    }

    it(`explains each refusal with its reference code, and asks for help [${language}]`, async () => {
      // The helpdesk administrators come first among those who may reset a user.
      const helpdesk = `helper-${language}@${domains.main}`;
      await refusal(`nora-${language}@${domains.main}`, "SSPR_0014", helpdesk);
      await refusal(`olaf-${language}@${domains.main}`, "SSPR_0010", helpdesk);
      await refusal(`bo-${language}@${domains.main}`, "SES_0001", helpdesk);
      await refusal(`otto-${language}@${domains.disabled}`, "SSPR_0009", "helpdesk@tailspin.test");
      await refusal(`nick-${language}@${domains.scoped}`, "SSPR_0013", `admin@${domains.scoped}`);
    }, 90_000);
  }
});
