import type { Browser } from "playwright-core";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { Client, csrfTokenOf } from "../support/http.js";
import { seedOrganisation, USER_PASSWORD } from "../support/seed.js";
import type { StoreFixture } from "../support/stores.js";
import { describeInBrowser, launchBrowser } from "./support/browser.js";
import { expectPageAccessible, startInProcess } from "./support/in-process.js";

const BASE = "/myaccount/security-info";

/**
 * The Security info pages, as served by the app in process, checked with axe-core in Chromium
 * (with the real stylesheet), in English and Dutch, including their error states.
 */
describeInBrowser("security info pages are accessible", () => {
  let fx: StoreFixture;
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let browser: Browser;

  beforeAll(async () => {
    ({ fx, app, close } = await startInProcess());
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await close?.();
  });

  const check = (path: string, html: string, locale: string) =>
    expectPageAccessible(browser, app, { path, html, locale });

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
