import type { Browser } from "playwright-core";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createServices } from "../../src/services/index.js";
import { buildTestApp, Client, csrfTokenOf } from "../support/http.js";
import { seedOrganisation, USER_PASSWORD } from "../support/seed.js";
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

const BASE = "/myaccount/security-info";
const ORIGIN = "http://sesame.test";

/**
 * The Security info pages, as served by the app in process, checked with axe-core in Chromium
 * (with the real stylesheet), in English and Dutch, including their error states.
 */
describeInBrowser("security info pages are accessible", () => {
  let fx: StoreFixture;
  let dispose: () => Promise<void>;
  let app: FastifyInstance;
  let browser: Browser;

  beforeAll(async () => {
    const created = await sqliteKind.create();
    dispose = created.dispose;
    const clock = manualClock(Date.now());
    fx = {
      store: created.store,
      services: await createServices(created.store, TEST_SERVICE_CONFIG, clock.now),
      clock,
      kind: "sqlite",
      databaseUrl: undefined,
      dataDir: created.dataDir,
    };
    app = await buildTestApp(fx);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await dispose?.();
  });

  /** Shows `html` (a response of the app) in Chromium at `path`; assets come from the app. */
  async function check(path: string, html: string, locale: string) {
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.route(`${ORIGIN}/**`, async (route) => {
      const url = new URL(route.request().url());
      if (url.pathname === path) {
        await route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html });
        return;
      }
      const response = await app.inject({ method: "GET", url: url.pathname });
      await route.fulfill({
        status: response.statusCode,
        contentType: String(response.headers["content-type"] ?? ""),
        body: response.rawPayload,
      });
    });
    await page.goto(`${ORIGIN}${path}`);
    await expect(page.locator("main h1").count()).resolves.toBe(1);
    await expectAccessible(page);
    expect(problems).toEqual([]);
    await context.close();
  }

  it.each([
    ["en-GB", "en-GB,en;q=0.9"],
    ["nl-NL", "nl-NL,nl;q=0.9"],
  ])("every page and its errors pass axe (%s)", async (locale, acceptLanguage) => {
    const org = await seedOrganisation(fx.services);
    const name = `axe${locale.slice(0, 2)}`;
    await org.addUser(name);
    const client = new Client(app, { "accept-language": acceptLanguage });
    await client.signIn(`${name}@${org.domain}`, USER_PASSWORD);

    await check(BASE, (await client.get(BASE)).body, locale);
    await check(`${BASE}/add/email`, (await client.get(`${BASE}/add/email`)).body, locale);
    const invalid = await client.submit(`${BASE}/add/mobilePhone`, `${BASE}/add/mobilePhone`, {
      phone: "0612",
    });
    expect(invalid.statusCode).toBe(400);
    await check(`${BASE}/add/mobilePhone`, invalid.body, locale);

    const sent = await client.submit(`${BASE}/add/email`, `${BASE}/add/email`, {
      email: `${name}-alt@example.org`,
    });
    const verifyUrl = String(sent.headers.location);
    await check(verifyUrl, (await client.get(verifyUrl)).body, locale);
    const wrong = await client.submit(verifyUrl, verifyUrl, { code: "12" });
    await check(verifyUrl, wrong.body, locale);

    const questions = await client.get(`${BASE}/questions`);
    await check(`${BASE}/questions`, questions.body, locale);
    const bad = await client.post(`${BASE}/questions`, {
      _csrf: csrfTokenOf(questions.body),
      question1: "question.1",
      answer1: "ab",
    });
    expect(bad.statusCode).toBe(400);
    await check(`${BASE}/questions`, bad.body, locale);

    // The list with a pending method, then after the sign-in is too old.
    await check(BASE, (await client.get(BASE)).body, locale);
    fx.clock.advance(11 * 60_000);
    await check(BASE, (await client.get(BASE)).body, locale);
  });
});
