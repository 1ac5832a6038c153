import fs from "node:fs";
import axe from "axe-core";
import { chromium, type Browser, type Page } from "playwright-core";
import { describe, expect } from "vitest";

const CHROMIUM = process.env.SESAME_CHROMIUM ?? "/usr/bin/chromium";
const available = fs.existsSync(CHROMIUM);

/**
 * A browser test walks a whole journey, with axe on every page, while another test file runs
 * beside it: it gets longer than the 30 s of the other tests.
 */
const BROWSER_TEST_TIMEOUT_MS = 90_000;

/** Browser suites run where Debian's chromium is; CI (SESAME_REQUIRE_BROWSER=1) insists on it. */
const suite: typeof describe = (() => {
  if (available) return describe;
  if (process.env.SESAME_REQUIRE_BROWSER === "1") {
    throw new Error(
      `SESAME_REQUIRE_BROWSER=1 but ${CHROMIUM} is missing: apt-get install chromium`,
    );
  }
  console.warn(
    `\n*** Browser tests SKIPPED: ${CHROMIUM} not found (apt-get install chromium, or set SESAME_CHROMIUM). ***\n`,
  );
  return describe.skip;
})() as typeof describe;

export const describeInBrowser = (name: string, body: () => void): void => {
  suite(name, { timeout: BROWSER_TEST_TIMEOUT_MS }, body);
};

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
}

/** Fails on any serious or critical WCAG 2.2 A/AA finding of axe-core. */
export async function expectAccessible(page: Page): Promise<void> {
  // Evaluated over the DevTools protocol, so the page's strict CSP stays as it is.
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  });
  expect(violations, `axe on ${page.url()}`).toEqual([]);
  await expectNoStrayMarkers(page);
}

/**
 * No User ID breaks inside a word: where one wraps, the new line starts at its "@", at a dot of
 * its domain (views' Breakable) or after a hyphen, never in the middle of a name.
 */
export async function expectUnbrokenUserIds(page: Page): Promise<void> {
  const broken = await page.evaluate(() => {
    const found: string[] = [];
    // Every element whose own text is a User ID (name@domain), wherever it is shown.
    const holders = [...document.querySelectorAll("main *")].filter((element) =>
      /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(element.textContent?.trim() ?? ""),
    );
    for (const element of holders) {
      // The innermost only: a row holding a User ID and more is not itself one.
      if (holders.some((other) => other !== element && element.contains(other))) continue;
      const text = element.textContent ?? "";
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      let offset = 0;
      let lastTop: number | undefined;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const length = node.textContent?.length ?? 0;
        for (let i = 0; i < length; i++) {
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const rect = range.getBoundingClientRect();
          if (rect.width === 0 && rect.height === 0) continue;
          const char = text[offset + i] ?? "";
          const before = text[offset + i - 1] ?? "";
          const atBoundary = char === "@" || char === "." || before === "-";
          if (lastTop !== undefined && rect.top > lastTop + 1 && !atBoundary) {
            found.push(`${text.trim()} (before "${text.slice(offset + i)}")`);
          }
          lastTop = rect.top;
        }
        offset += length;
      }
    }
    return found;
  });
  expect(broken, `User IDs broken mid-word on ${page.url()}`).toEqual([]);
}

/**
 * A list laid out in a row or a grid keeps no bullets: each marker would sit over the end of
 * the item before it (as it did over "Add an alternate email" on a user's page).
 */
export async function expectNoStrayMarkers(page: Page): Promise<void> {
  const stray = await page.evaluate(() =>
    [...document.querySelectorAll("li")]
      .filter((item) => {
        const list = item.parentElement;
        if (!list || getComputedStyle(item).display !== "list-item") return false;
        const layout = getComputedStyle(list).display;
        const marker = getComputedStyle(item).listStyleType;
        return /flex|grid/.test(layout) && marker !== "none";
      })
      .map((item) => item.textContent?.trim() ?? ""),
  );
  expect(stray, `list markers over neighbours on ${page.url()}`).toEqual([]);
}

/** Records CSP violations, script errors and missing assets, none of which may happen. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (message) => {
    // A page answered 401 or 403 on purpose is logged as "Failed to load resource"; assets are checked below.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
      problems.push(message.text());
    }
  });
  page.on("response", (response) => {
    if (response.request().resourceType() !== "document" && response.status() >= 400) {
      problems.push(`${response.status()} ${response.url()}`);
    }
  });
  page.on("pageerror", (error) => problems.push(error.message));
  return problems;
}

/**
 * Past the registration interrupt (SPEC [S8]) that the default policy shows a user without
 * security info after signing in: "Skip for now", in any language, on to My account.
 */
export async function skipRegistration(page: Page): Promise<void> {
  await page.waitForURL("**/myaccount/security-info/register");
  await page.locator('form[action$="/register/skip"] button[type="submit"]').click();
  await page.waitForURL("**/myaccount");
}
