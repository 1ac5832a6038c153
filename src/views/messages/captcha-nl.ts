import type { captchaEn } from "./captcha-en.js";

/** De CAPTCHA vóór het opzoeken van een account, en de teksten van de widget; spread into nl.ts. */
export const captchaNl: Record<keyof typeof captchaEn, string> = {
  "captcha.legend": "Laat zien dat u een mens bent",
  "captcha.hint":
    "Vink het vakje aan en wacht even terwijl uw browser een kleine controle uitvoert.",
  "captcha.required": "Vink het vakje aan om te laten zien dat u een mens bent.",
  "captcha.failed": "De controle is mislukt of verlopen. Vink het vakje opnieuw aan.",
  "captcha.noScript":
    "Voor deze controle is JavaScript nodig, maar dat staat uit in uw browser. Zet het aan, of",
  "captcha.noScriptAsk": "vraag uw beheerders om een nieuw wachtwoord",
  "captcha.widget.label": "Ik ben geen robot",
  "captcha.widget.loading": "Laden…",
  "captcha.widget.verificationRequired": "Vink eerst het vakje aan.",
  "captcha.widget.verifying": "Bezig met controleren…",
  "captcha.widget.verified": "Gecontroleerd",
  "captcha.widget.waitAlert": "Bezig met controleren… even geduld.",
  "captcha.widget.error": "De controle is mislukt. Probeer het opnieuw.",
  "captcha.widget.expired": "De controle is verlopen. Vink het vakje opnieuw aan.",
};
