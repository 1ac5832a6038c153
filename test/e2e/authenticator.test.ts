import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { Client } from "../support/http.js";
import { seedOrganisation, USER_PASSWORD } from "../support/seed.js";
import type { StoreFixture } from "../support/stores.js";
import { describeInBrowser, launchBrowser } from "./support/browser.js";
import { expectPageAccessible, startInProcess } from "./support/in-process.js";

const BASE = "/myaccount/security-info";
type Inspect = (page: Page) => Promise<void>;

/**
 * Setting up an authenticator app, in Chromium with the real stylesheet and the app's CSP:
 * the setup page (its QR code must render: a data: image) and the code page with its error,
 * in English and Dutch, pass axe.
 */
describeInBrowser("authenticator app pages are accessible", () => {
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

  it.each([
    ["en-GB", "en-GB,en;q=0.9"],
    ["nl-NL", "nl-NL,nl;q=0.9"],
  ])(
    "the setup and code pages pass axe, and the QR code renders (%s)",
    async (locale, language) => {
      const org = await seedOrganisation(fx.services);
      const name = `totp${locale.slice(0, 2)}`;
      await org.addUser(name);
      const client = new Client(app, { "accept-language": language });
      await client.signIn(`${name}@${org.domain}`, USER_PASSWORD);
      const show = (path: string, response: LightMyRequestResponse, inspect?: Inspect) =>
        expectPageAccessible(
          browser,
          app,
          {
            path,
            html: response.body,
            locale,
            csp: String(response.headers["content-security-policy"]),
          },
          inspect,
        );

      await show(BASE, await client.get(BASE));
      const started = await client.submit(BASE, `${BASE}/authenticator`, {});
      const setupUrl = String(started.headers.location);
      await show(setupUrl, await client.get(setupUrl), async (page) => {
        const qr = page.locator("main img");
        await expect(qr.getAttribute("alt")).resolves.toContain(`${name}@${org.domain}`);
        const rendered = await qr.evaluate((img: HTMLImageElement) => [
          img.complete,
          img.naturalWidth,
          img.getBoundingClientRect().width,
        ]);
        expect(rendered).toEqual([true, 200, 200]);
      });

      const verifyUrl = `${BASE}/verify/${setupUrl.split("/").at(-1) ?? ""}`;
      await show(verifyUrl, await client.get(verifyUrl));
      const wrong = await client.submit(verifyUrl, verifyUrl, { code: "12" });
      expect(wrong.statusCode).toBe(400);
      await show(verifyUrl, wrong);
    },
  );
});
