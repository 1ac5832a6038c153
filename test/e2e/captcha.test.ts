import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { h } from "preact";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { CAPTCHA_VALIDITY_MS } from "../../src/domain/captcha.js";
import type { Language } from "../../src/domain/languages.js";
import { createServices } from "../../src/wiring.js";
import { Captcha } from "../../src/views/captcha.js";
import { CsrfField, Layout, type FieldError } from "../../src/views/components.js";
import { translator } from "../../src/views/i18n.js";
import { renderDocument } from "../../src/views/render.js";
import { buildTestApp } from "../support/http.js";
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
import { solveCaptchaInPage } from "./support/captcha.js";

// Not a route of the app: the test serves this page itself, the rest comes from the app.
const PAGE = "/captcha-under-test";

/**
 * The CAPTCHA widget in Chromium under the app's own CSP, served by the app listening on
 * loopback (a secure context, which WebCrypto needs): solved by the browser's workers,
 * posted with the form and accepted once by the server, in English and Dutch.
 */
describeInBrowser("CAPTCHA in the browser", () => {
  let fx: StoreFixture;
  let dispose: () => Promise<void>;
  let app: FastifyInstance;
  let origin: string;
  let csp: string;
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
    await app.listen({ host: "127.0.0.1", port: 0 });
    origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    // The page gets exactly the policy of the app's own pages.
    csp = String(
      (await app.inject({ method: "GET", url: "/signin" })).headers["content-security-policy"],
    );
    expect(csp).toContain("script-src 'self'");
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await dispose?.();
  });

  function captchaPage(language: Language, errors: FieldError[] = []): string {
    const page = { t: translator(language), language, csrfToken: "unused", path: PAGE };
    return renderDocument(
      Layout({
        page,
        title: "CAPTCHA",
        children: [
          h("h1", null, "CAPTCHA"),
          h(
            "form",
            { method: "post", action: PAGE },
            h(CsrfField, { page }),
            h(Captcha, { page, errors }),
            h("button", { type: "submit" }, "Send"),
          ),
        ],
      }),
    );
  }

  /** Serves the test page; its form's post is answered with what the server made of it. */
  async function open(
    html: string,
    options: { javaScriptEnabled?: boolean; fakeClock?: boolean } = {},
  ) {
    const context = await browser.newContext({
      javaScriptEnabled: options.javaScriptEnabled ?? true,
    });
    if (options.fakeClock) await context.clock.install();
    const page = await context.newPage();
    const problems = watchConsole(page);
    const posted: string[] = [];
    await page.route(`${origin}${PAGE}`, async (route) => {
      const request = route.request();
      let body = html;
      if (request.method() === "POST") {
        const altcha = new URLSearchParams(request.postData() ?? "").get("altcha") ?? "";
        posted.push(altcha);
        body = `<!doctype html><title>Sent</title><p id="result">${String(await fx.services.captcha.verify(altcha))}</p>`;
      }
      await route.fulfill({
        status: 200,
        headers: { "content-type": "text/html; charset=utf-8", "content-security-policy": csp },
        body,
      });
    });
    await page.goto(`${origin}${PAGE}`);
    return { context, page, problems, posted };
  }

  /** Ticks the box, labelled in the page's language, and waits for the proof. */
  async function solve(page: Page, language: Language, by: "mouse" | "keyboard") {
    const t = translator(language);
    await expect(page.getByLabel(t("captcha.widget.label")).count()).resolves.toBe(1);
    await solveCaptchaInPage(page, { by });
    await page.getByText(t("captcha.widget.verified")).waitFor();
    await expect(page.locator('input[name="altcha"]').inputValue()).resolves.not.toBe("");
  }

  it.each([
    ["en", "mouse"],
    ["nl", "keyboard"],
  ] as const)(
    "is solved in the browser and accepted once by the server (%s, %s)",
    async (language, by) => {
      const { context, page, problems, posted } = await open(captchaPage(language));
      const t = translator(language);
      await expect(page.getByRole("group", { name: t("captcha.legend") }).count()).resolves.toBe(1);
      await expectAccessible(page);

      await solve(page, language, by);
      await expectAccessible(page);
      await page.getByRole("button", { name: "Send" }).click();
      await expect(page.locator("#result").textContent()).resolves.toBe("true");
      expect(posted).toHaveLength(1);
      // The same payload posted again is a replay.
      expect(await fx.services.captcha.verify(posted[0])).toBe(false);
      expect(problems).toEqual([]);
      await context.close();
    },
  );

  it("asks for the check again before the server would refuse it as expired", async () => {
    const t = translator("en");
    const { context, page, problems } = await open(captchaPage("en"), { fakeClock: true });
    await solve(page, "en", "mouse");
    await page.clock.fastForward(CAPTCHA_VALIDITY_MS - 61_000);
    await expect(page.locator('input[name="altcha"]').inputValue()).resolves.not.toBe("");
    await page.clock.fastForward(2_000);
    await page.getByText(t("captcha.widget.expired")).waitFor();
    await expect(page.locator('input[name="altcha"]').count()).resolves.toBe(1);
    await expect(page.locator('input[name="altcha"]').inputValue()).resolves.toBe("");
    expect(problems).toEqual([]);
    await context.close();
  });

  it.each(["en", "nl"] as const)("shows the field's error accessibly (%s)", async (language) => {
    const t = translator(language);
    const { context, page, problems } = await open(
      captchaPage(language, [{ field: "altcha", message: t("captcha.failed") }]),
    );
    const group = page.getByRole("group", { name: t("captcha.legend") });
    await expect(group.getAttribute("aria-describedby")).resolves.toBe("altcha-hint altcha-error");
    await expect(page.locator("#altcha-error").textContent()).resolves.toBe(t("captcha.failed"));
    await expectAccessible(page);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("says where to go without JavaScript", async () => {
    const t = translator("en");
    const { context, page } = await open(captchaPage("en"), { javaScriptEnabled: false });
    const link = page.getByRole("link", { name: t("captcha.noScriptAsk") });
    await expect(link.getAttribute("href")).resolves.toBe("/recover#ask");
    await context.close();
  });
});
