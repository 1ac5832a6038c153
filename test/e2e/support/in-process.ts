import type { FastifyInstance } from "fastify";
import type { Browser, Page } from "playwright-core";
import { expect } from "vitest";
import { createServices } from "../../../src/wiring.js";
import { buildTestApp } from "../../support/http.js";
import {
  manualClock,
  sqliteKind,
  TEST_SERVICE_CONFIG,
  type StoreFixture,
} from "../../support/stores.js";
import { expectAccessible, watchConsole } from "./browser.js";

const ORIGIN = "http://sesame.test";

/** The app in process over a fresh SQLite store and a clock tests move by hand. */
export async function startInProcess(): Promise<{
  fx: StoreFixture;
  app: FastifyInstance;
  close(): Promise<void>;
}> {
  const created = await sqliteKind.create();
  const clock = manualClock(Date.now());
  const fx: StoreFixture = {
    store: created.store,
    services: await createServices(created.store, TEST_SERVICE_CONFIG, clock.now),
    clock,
    kind: "sqlite",
    databaseUrl: undefined,
    dataDir: created.dataDir,
  };
  const app = await buildTestApp(fx);
  return {
    fx,
    app,
    close: async () => {
      await app.close();
      await created.dispose();
    },
  };
}

/**
 * Shows `html` (a response of `app`) in Chromium at `path`, under its Content-Security-Policy
 * when given, its assets (the real stylesheet) served by the app, and checks it: one h1, axe,
 * no CSP or script problem. `inspect` looks further before the page closes.
 */
export async function expectPageAccessible(
  browser: Browser,
  app: FastifyInstance,
  shown: { path: string; html: string; locale: string; csp?: string | undefined },
  inspect?: (page: Page) => Promise<void>,
): Promise<void> {
  const context = await browser.newContext({ locale: shown.locale });
  const page = await context.newPage();
  const problems = watchConsole(page);
  await page.route(`${ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === shown.path) {
      await route.fulfill({
        status: 200,
        contentType: "text/html; charset=utf-8",
        headers: shown.csp === undefined ? {} : { "content-security-policy": shown.csp },
        body: shown.html,
      });
      return;
    }
    const response = await app.inject({ method: "GET", url: url.pathname });
    await route.fulfill({
      status: response.statusCode,
      contentType: String(response.headers["content-type"] ?? ""),
      body: response.rawPayload,
    });
  });
  await page.goto(`${ORIGIN}${shown.path}`);
  await expect(page.locator("main h1").count()).resolves.toBe(1);
  await expectAccessible(page);
  await inspect?.(page);
  expect(problems).toEqual([]);
  await context.close();
}
