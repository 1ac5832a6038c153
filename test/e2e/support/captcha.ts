import type { Page } from "playwright-core";

/**
 * Ticks the page's CAPTCHA box (with the mouse on its label, or from the keyboard) and waits
 * until the browser has solved the challenge: the form then carries the `altcha` payload.
 */
export async function solveCaptchaInPage(
  page: Page,
  options: { by?: "mouse" | "keyboard"; timeout?: number } = {},
): Promise<void> {
  const widget = page.locator("altcha-widget");
  if (options.by === "keyboard") {
    await widget.locator('input[type="checkbox"]').focus();
    await page.keyboard.press("Space");
  } else {
    await widget.locator("label").click();
  }
  await widget
    .locator('.altcha[data-state="verified"]')
    .waitFor({ timeout: options.timeout ?? 20_000 });
}
