import type { selfServiceResetEn } from "./self-service-reset-en.js";

/** Nederlands: zelf uw wachtwoord opnieuw instellen of uw account ontgrendelen (SPEC [S6]). */
export const selfServiceResetNl: Record<keyof typeof selfServiceResetEn, string> = {
  "recover.intro":
    "Vul uw gebruikers-ID in om uw wachtwoord opnieuw in te stellen of uw account te ontgrendelen. Laat eerst zien dat u geen robot bent.",
  "recover.intentLegend": "Wat is er aan de hand?",
  "recover.intentReset": "Ik ben mijn wachtwoord vergeten",
  "recover.intentUnlock": "Ik ken mijn wachtwoord, maar kan me nog steeds niet aanmelden",
  "recover.next": "Volgende",
  "recover.cancel": "Annuleren",
  "recover.forUser": "Gebruikers-ID: {userId}",
  "recover.step": "Verificatiestap {step} van {of}",
  "recover.chooseMethod": "Kies de contactmethode die we voor de verificatie moeten gebruiken:",
  "recover.tryAnother": "Of gebruik een andere methode:",
  "recover.useThisMethod": "Deze methode gebruiken",
  "recover.method.email": "E-mail naar mijn alternatieve e-mailadres ({destination})",
  "recover.method.mobileSms": "Sms naar mijn mobiele telefoon ({destination})",
  "recover.method.mobileCall": "Bel mijn mobiele telefoon ({destination})",
  "recover.method.officeCall": "Bel mijn telefoon op kantoor ({destination})",
  "recover.method.securityQuestions": "Mijn beveiligingsvragen beantwoorden",
  "recover.method.authenticatorApp": "Een code uit mijn authenticator-app invoeren",
  "recover.methodPlain.email": "E-mail naar mijn alternatieve e-mailadres",
  "recover.methodPlain.mobileSms": "Sms naar mijn mobiele telefoon",
  "recover.methodPlain.mobileCall": "Bel mijn mobiele telefoon",
  "recover.methodPlain.officeCall": "Bel mijn telefoon op kantoor",
  "recover.methodPlain.securityQuestions": "Mijn beveiligingsvragen beantwoorden",
  "recover.methodPlain.authenticatorApp": "Een code uit mijn authenticator-app invoeren",
  "recover.sentIfRegistered":
    "Als uw account deze methode heeft, hebben we er een verificatiecode naartoe gestuurd. Het kan een minuut duren voordat die aankomt.",
  "recover.sent.email": "We hebben een e-mail met een verificatiecode naar {destination} gestuurd.",
  "recover.sent.mobileSms":
    "We hebben een sms met een verificatiecode naar {destination} gestuurd.",
  "recover.sent.mobileCall": "We bellen {destination}. Luister naar de verificatiecode.",
  "recover.sent.officeCall": "We bellen {destination}. Luister naar de verificatiecode.",
  "recover.sent.authenticatorApp":
    "Open uw authenticator-app en vul de code in die de app voor dit account toont.",
  "recover.code": "Verificatiecode",
  "recover.codeHint": "8 cijfers. De code werkt één keer, 10 minuten lang.",
  "recover.codeHintApp": "6 cijfers. De code verandert elke 30 seconden.",
  "recover.sendAgain": "Nieuwe code sturen",
  "recover.answerQuestions":
    "Beantwoord deze beveiligingsvragen. Hoofdletters en kleine letters maken niet uit.",
  "recover.verifyTitle": "Uw identiteit verifiëren",
  "recover.newPasswordTitle": "Kies een nieuw wachtwoord",
  "recover.finish": "Voltooien",
  "recover.unlockTitle": "Uw account ontgrendelen",
  "recover.unlockIntro":
    "U hebt bewezen dat u het bent. Ontgrendel uw account en meld u daarna aan met het wachtwoord dat u kent.",
  "recover.unlock": "Mijn account ontgrendelen",
  "recover.resetDoneTitle": "Uw wachtwoord is opnieuw ingesteld",
  "recover.resetDone":
    "Meld u aan met uw nieuwe wachtwoord. U bent overal elders afgemeld en uw account is ontgrendeld.",
  "recover.unlockDoneTitle": "Uw account is ontgrendeld",
  "recover.unlockDone":
    "Meld u aan met het wachtwoord dat u kent. Uw wachtwoord is niet gewijzigd.",
  "recover.signIn": "Aanmelden",
  "recover.startAgain": "Opnieuw beginnen",
  "recover.refusedTitle": "Neem contact op met uw beheerder",
  "recover.blockedTitle": "Te veel pogingen",
  "recover.refused.organisationDisabled":
    "Uw organisatie heeft wachtwoordherstel niet ingeschakeld. Neem contact op met uw beheerder om uw wachtwoord opnieuw in te stellen.",
  "recover.refused.notInScope":
    "Uw account is niet ingeschakeld voor wachtwoordherstel. Neem contact op met uw beheerder om uw wachtwoord opnieuw in te stellen.",
  "recover.refused.managedOnPremises":
    "We hebben vastgesteld dat het wachtwoord van uw gebruikersaccount niet door ons wordt beheerd, dus we kunnen het hier niet opnieuw instellen. Neem contact op met uw beheerder.",
  "recover.refused.notRegistered":
    "We kunnen uw account niet verifiëren: de contactgegevens die we nodig hebben ontbreken. Neem contact op met uw beheerder en voeg uw beveiligingsgegevens toe zodra u weer toegang hebt.",
  "recover.refused.blocked":
    "U hebt te vaak geprobeerd uw account te verifiëren. Voor uw veiligheid is wachtwoordherstel 24 uur geblokkeerd. Probeer het later opnieuw of neem contact op met uw beheerder.",
  "recover.refused.accountDisabled":
    "Aanmelden is geblokkeerd voor uw account. Alleen een beheerder kan de blokkering opheffen.",
  "recover.referenceCode": "Referentiecode voor uw helpdesk: {code}",
  "recover.contact": "Contact opnemen met een beheerder",
  "recover.contactHelpdesk": "Naar uw helpdesk",
  "recover.contactedTitle": "We hebben om hulp gevraagd",
  "recover.contacted":
    "Uw beheerders is gevraagd u te helpen; zij nemen contact met u op. Niemand van IT zal u ooit om uw wachtwoord vragen.",
  "recover.contactedHelpdesk":
    "Uw verzoek is vastgelegd. Uw helpdesk behandelt wachtwoordvragen op een eigen site: ga daar verder.",
  "recover.expiredTitle": "Deze wachtwoordherstelpoging is verlopen",
  "recover.expired":
    "Voor uw veiligheid duurt wachtwoordherstel 15 minuten en werkt het één keer. Begin opnieuw.",
  "recover.error.captcha": "Laat zien dat u geen robot bent en kies daarna Volgende.",
  "recover.error.unknownUser":
    "We kunnen geen account met die gebruikers-ID vinden. Controleer de ID, ook het deel na de @.",
  "recover.error.invalidCode":
    "Die code werkte niet. Controleer de code of laat een nieuwe sturen. Na meerdere foute pogingen wordt wachtwoordherstel 24 uur geblokkeerd.",
  "recover.error.wrongAnswers":
    "Minstens één antwoord klopte niet. Beantwoord deze nieuwe vragen. Na meerdere foute pogingen wordt wachtwoordherstel 24 uur geblokkeerd.",
  "recover.error.tooManyStarts":
    "Er zijn te veel wachtwoordherstelpogingen gestart voor deze gebruikers-ID. Wacht 15 minuten en probeer het dan opnieuw.",
  "recover.error.answerRequired": "Beantwoord elke vraag.",
  "recover.error.method": "Kies een van de getoonde methoden.",
  "recover.error.tooManyCodes":
    "Er zijn te veel codes verstuurd. Wacht even of kies een andere methode.",
  "recover.error.stepNotAllowed": "Die stap is nu niet mogelijk. Ga verder vanaf deze pagina.",

  "email.helpdesk": "Helpdesk",
  "email.resetRequest.selfServiceRefused":
    "Zelf het wachtwoord opnieuw instellen lukte niet (referentiecode {code}).",
  "email.resetCode.subject": "Uw verificatiecode voor {organisation}",
  "email.resetCode.what":
    "Uw verificatiecode is {code}. Gebruik deze om het wachtwoord van {userId} opnieuw in te stellen of het account te ontgrendelen.",
  "email.resetCode.validity": "De code werkt één keer, 10 minuten lang.",
  "email.resetCode.ignore":
    "Hebt u niet geprobeerd uw wachtwoord opnieuw in te stellen? Negeer dan deze e-mail: er verandert niets. Geef deze code nooit aan iemand, ook niet aan IT.",
  "text.resetCode":
    "{code} is uw code om uw wachtwoord voor {organisation} opnieuw in te stellen. Deel deze nooit.",
  "email.selfService.reset.subject": "Uw wachtwoord is opnieuw ingesteld",
  "email.selfService.reset.what":
    "Het wachtwoord van uw account {userId} bij {organisation} is op {date} via zelfservice opnieuw ingesteld. U bent overal afgemeld.",
  "email.selfService.unlock.subject": "Uw account is ontgrendeld",
  "email.selfService.unlock.what":
    "Uw account {userId} bij {organisation} is op {date} via zelfservice ontgrendeld. Het wachtwoord is niet gewijzigd.",
  "email.selfService.ifNotYou":
    "Was u dit niet? Neem dan meteen contact op met uw IT-afdeling of uw beheerder: iemand anders heeft misschien toegang tot uw account.",
  "email.adminSelfReset.subject": "{name} heeft het eigen beheerderswachtwoord opnieuw ingesteld",
  "email.adminSelfReset.what":
    "{name} ({userId}), een beheerder van uw organisatie, heeft op {date} het eigen wachtwoord via zelfservice opnieuw ingesteld.",
  "email.adminSelfReset.check":
    "Verwachtte u dit niet? Vraag het na via een nummer dat u kent: een beheerdersaccount in verkeerde handen kan alles veranderen.",
};
