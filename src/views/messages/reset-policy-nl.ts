import type { resetPolicyEn } from "./reset-policy-en.js";

/** Beheercentrum > Wachtwoord opnieuw instellen (SPEC [S9]); spread into nl.ts. */
export const resetPolicyNl: Record<keyof typeof resetPolicyEn, string> = {
  "admin.nav.passwordReset": "Wachtwoord opnieuw instellen",
  "apiDocs.tag.policies": "Beleid",
  "apiDocs.op.getPasswordResetPolicy": "Het beleid voor selfservice voor wachtwoordherstel ophalen",
  "apiDocs.op.updatePasswordResetPolicy":
    "Het beleid voor selfservice voor wachtwoordherstel wijzigen",
  "resetPolicy.title": "Wachtwoord opnieuw instellen",
  "resetPolicy.sections": "Instellingen voor wachtwoordherstel",
  "resetPolicy.section.properties": "Eigenschappen",
  "resetPolicy.section.methods": "Verificatiemethoden",
  "resetPolicy.section.registration": "Registratie",
  "resetPolicy.section.notifications": "Meldingen",
  "resetPolicy.section.customization": "Aanpassing",
  "resetPolicy.section.onPremises": "On-premises-integratie",
  "resetPolicy.save": "Opslaan",
  "resetPolicy.saved": "Uw wijzigingen in het beleid voor wachtwoordherstel zijn opgeslagen.",
  "resetPolicy.yes": "Ja",
  "resetPolicy.no": "Nee",
  "resetPolicy.enabledFor": "Selfservice voor wachtwoordherstel ingeschakeld",
  "resetPolicy.enabledFor.none": "Geen",
  "resetPolicy.enabledFor.group": "Geselecteerde groep",
  "resetPolicy.enabledFor.all": "Alle",
  "resetPolicy.groupId": "Geselecteerde groep",
  "resetPolicy.groupIdHint":
    "Leden van deze groep kunnen hun eigen wachtwoord opnieuw instellen als Geselecteerde groep is gekozen.",
  "resetPolicy.noGroup": "Geen groep",
  "resetPolicy.allowEmailingPasswords": "Beheerders toestaan tijdelijke wachtwoorden te e-mailen",
  "resetPolicy.allowEmailingPasswordsHint":
    "Bij Nee toont het opnieuw instellen door een beheerder het tijdelijke wachtwoord alleen en verstuurt het dit nooit per e-mail.",
  "resetPolicy.strictPrivacy": "Strikte privacy",
  "resetPolicy.strictPrivacyHint":
    "Minder tonen van e-mailadressen en telefoonnummers van gebruikers tijdens het herstellen van hun wachtwoord.",
  "resetPolicy.methodsRequired": "Aantal methoden dat nodig is om opnieuw in te stellen",
  "resetPolicy.methodsRequiredHint": "Beheerders hebben altijd twee methoden nodig.",
  "resetPolicy.methods": "Methoden die beschikbaar zijn voor gebruikers",
  "resetPolicy.method.email": "E-mail",
  "resetPolicy.method.mobileSms": "Mobiele telefoon (sms)",
  "resetPolicy.method.mobileCall": "Mobiele telefoon (spraakoproep)",
  "resetPolicy.method.officeCall": "Kantoortelefoon (spraakoproep)",
  "resetPolicy.method.securityQuestions": "Beveiligingsvragen",
  "resetPolicy.method.authenticatorApp": "Authenticator-app",
  "resetPolicy.securityQuestionsToRegister": "Aantal vragen dat nodig is om te registreren",
  "resetPolicy.securityQuestionsToReset": "Aantal vragen dat nodig is om opnieuw in te stellen",
  "resetPolicy.requireRegistration": "Gebruikers verplichten zich te registreren bij het aanmelden",
  "resetPolicy.reconfirmDays":
    "Aantal dagen voordat gebruikers wordt gevraagd hun verificatiegegevens opnieuw te bevestigen",
  "resetPolicy.reconfirmDaysHint": "Van 0 tot 730; 0 betekent nooit.",
  "resetPolicy.notifyUsers": "Gebruikers informeren over het opnieuw instellen van wachtwoorden",
  "resetPolicy.notifyAdmins":
    "Alle beheerders informeren wanneer andere beheerders hun wachtwoord opnieuw instellen",
  "resetPolicy.helpdesk": "Koppeling naar de helpdesk aanpassen",
  "resetPolicy.helpdeskHint":
    "Waar gebruikers die hun wachtwoord niet opnieuw kunnen instellen hulp krijgen. Zonder koppeling gaat hun verzoek naar de beheerders.",
  "resetPolicy.helpdesk.none": "Nee: verzoeken gaan naar de beheerders",
  "resetPolicy.helpdesk.email": "E-mailadres",
  "resetPolicy.helpdesk.url": "Webadres (URL)",
  "resetPolicy.helpdeskValue": "E-mailadres of URL van de helpdesk",
  "resetPolicy.writeback": "Wachtwoorden terugschrijven naar uw on-premises directory",
  "resetPolicy.writebackHint": "Sesame heeft nog geen verbinding met een on-premises directory.",
  "resetPolicy.allowUnlock":
    "Gebruikers toestaan accounts te ontgrendelen zonder hun wachtwoord opnieuw in te stellen",
  "resetPolicy.invalid.enabledFor": "Kies Geen, Geselecteerde groep of Alle.",
  "resetPolicy.invalid.groupId": "Kies een groep van uw organisatie.",
  "resetPolicy.invalid.allowEmailingPasswords": "Kies Ja of Nee.",
  "resetPolicy.invalid.strictPrivacy": "Kies Ja of Nee.",
  "resetPolicy.invalid.methodsRequired": "Kies 1 of 2.",
  "resetPolicy.invalid.methods":
    "Schakel minstens zoveel methoden in als nodig zijn om opnieuw in te stellen.",
  "resetPolicy.invalid.securityQuestionsToRegister":
    "Kies 3 tot 5, minstens zoveel als nodig zijn om opnieuw in te stellen.",
  "resetPolicy.invalid.securityQuestionsToReset": "Kies 3 tot 5.",
  "resetPolicy.invalid.requireRegistration": "Kies Ja of Nee.",
  "resetPolicy.invalid.reconfirmDays": "Voer een aantal dagen in van 0 tot 730.",
  "resetPolicy.invalid.notifyUsers": "Kies Ja of Nee.",
  "resetPolicy.invalid.notifyAdmins": "Kies Ja of Nee.",
  "resetPolicy.invalid.helpdesk":
    "Voer een geldig e-mailadres in of een webadres dat begint met https://.",
  "resetPolicy.invalid.writeback": "Kies Ja of Nee.",
  "resetPolicy.invalid.allowUnlock": "Kies Ja of Nee.",
  "resetPolicy.invalid.policy": "Deze instellingen konden niet worden opgeslagen.",
};
