// Sets up the altcha widgets of the page (src/views/captcha.tsx): the worker that solves
// challenges, registered by hand because the strict-CSP build bundles none; the widget's
// strings in the page's language, from Sesame's own message catalogues; and the expiry of
// a solved check, which the server keeps in the challenge's signed data where the widget
// does not look (its own expiry would trust the device's clock).
/* global Worker */
"use strict";

for (const widget of document.querySelectorAll("altcha-widget")) {
  const { $altcha } = globalThis;
  const worker = widget.dataset.worker;
  $altcha.algorithms.set("PBKDF2/SHA-256", () => new Worker(worker));
  const language = widget.getAttribute("language");
  $altcha.i18n.set(language, {
    ...$altcha.i18n.get(language),
    ...JSON.parse(widget.dataset.strings),
  });
  let expiry;
  widget.addEventListener("verified", () => {
    clearTimeout(expiry);
    expiry = setTimeout(() => widget.reset("expired"), Number(widget.dataset.expiresAfter));
  });
}
