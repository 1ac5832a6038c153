/** The CAPTCHA asked before any account lookup, and the strings of its widget; spread into en.ts. */
export const captchaEn = {
  "captcha.legend": "Show you're a person",
  "captcha.hint": "Tick the box, then wait a moment while your browser does a small check.",
  "captcha.required": "Tick the box to show you're a person.",
  "captcha.failed": "The check did not work or has expired. Tick the box again.",
  "captcha.noScript":
    "This check needs JavaScript, which is turned off in your browser. Turn it on, or",
  "captcha.noScriptAsk": "ask your administrators for a new password",
  // The widget's own strings (altcha's i18n keys after the last dot).
  "captcha.widget.label": "I'm not a robot",
  "captcha.widget.loading": "Loading…",
  "captcha.widget.verificationRequired": "Tick the box first.",
  "captcha.widget.verifying": "Checking…",
  "captcha.widget.verified": "Checked",
  "captcha.widget.waitAlert": "Checking… please wait.",
  "captcha.widget.error": "The check failed. Try again.",
  "captcha.widget.expired": "The check has expired. Tick the box again.",
} as const;
