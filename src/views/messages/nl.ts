import type { MessageKey } from "./en.js";

/** Nederlands (nl-NL). Typed against the English catalogue, so a missing key fails the build. */
export const nl: Record<MessageKey, string> = {
  "app.name": "Sesame",
  "layout.skipToContent": "Naar de inhoud",
  "layout.language": "Taal",
  "layout.signOut": "Afmelden",
  "layout.myAccount": "Mijn account",
  "layout.errorSummary": "Er is een probleem",
  "language.en": "English",
  "language.nl": "Nederlands",

  "signIn.title": "Aanmelden",
  "signIn.userId": "Gebruikers-ID",
  "signIn.userIdHint": "Bijvoorbeeld ada@contoso.com",
  "signIn.password": "Wachtwoord",
  "signIn.submit": "Aanmelden",
  "signIn.cantAccess": "Geen toegang tot uw account?",
  "signIn.invalidCredentials":
    "Uw gebruikers-ID of wachtwoord is onjuist. Controleer ze en probeer het opnieuw, of kies Geen toegang tot uw account?",
  "signIn.locked":
    "Uw account is tijdelijk vergrendeld om onbevoegd gebruik te voorkomen. Probeer het later opnieuw, of kies Geen toegang tot uw account?",
  "signIn.blocked": "Uw account is geblokkeerd. Neem contact op met uw beheerder.",
  "signIn.tooManyRequests":
    "Te veel pogingen vanaf uw netwerk. Wacht een minuut en probeer het dan opnieuw.",
  "signIn.signedOut": "U bent afgemeld.",
  "signIn.passwordChanged": "Uw wachtwoord is gewijzigd. Meld u aan met uw nieuwe wachtwoord.",

  "forcedChange.title": "Uw wachtwoord bijwerken",
  "forcedChange.intro":
    "U moet uw wachtwoord bijwerken, omdat een beheerder het voor u heeft ingesteld. Kies een nieuw wachtwoord dat alleen u kent.",
  "forcedChange.submit": "Wachtwoord bijwerken",

  "myAccount.title": "Mijn account",
  "myAccount.profile": "Profiel",
  "myAccount.displayName": "Naam",
  "myAccount.userId": "Gebruikers-ID",
  "myAccount.mail": "E-mail",
  "myAccount.organisation": "Organisatie",
  "myAccount.notSet": "Niet ingesteld",
  "myAccount.securityPrivacy": "Beveiliging en privacy",
  "myAccount.password": "Wachtwoord",
  "myAccount.passwordLastChanged": "Laatst gewijzigd op {date}",
  "myAccount.changePassword": "Wachtwoord wijzigen",
  "myAccount.passwordChanged":
    "Uw wachtwoord is gewijzigd. U bent op alle andere apparaten afgemeld.",

  "changePassword.title": "Wachtwoord wijzigen",
  "changePassword.currentPassword": "Huidig wachtwoord",
  "changePassword.newPassword": "Nieuw wachtwoord",
  "changePassword.confirmPassword": "Nieuw wachtwoord bevestigen",
  "changePassword.submit": "Verzenden",
  "changePassword.cancel": "Annuleren",
  "changePassword.otherSessions": "Als u uw wachtwoord wijzigt, wordt u overal anders afgemeld.",

  "rules.heading": "Uw nieuwe wachtwoord moet",
  "rules.length":
    "{minLength} tot {maxLength} tekens hebben (spaties en alle letters en symbolen zijn toegestaan)",
  "rules.common": "geen veelgebruikt of makkelijk te raden wachtwoord zijn",
  "rules.names": "uw naam en de naam van uw organisatie niet bevatten",
  "rules.kinds": "3 van deze 4 bevatten: kleine letters, hoofdletters, cijfers, symbolen",

  "error.wrongCurrentPassword": "Uw huidige wachtwoord is onjuist. Typ het opnieuw.",
  "error.passwordMismatch":
    "De wachtwoorden komen niet overeen. Typ twee keer hetzelfde nieuwe wachtwoord.",
  "error.samePassword": "Uw nieuwe wachtwoord moet anders zijn dan uw huidige wachtwoord.",
  "error.accountLocked":
    "Uw account is tijdelijk vergrendeld om onbevoegd gebruik te voorkomen. Probeer het later opnieuw.",
  "error.tooShort": "Gebruik minstens {minLength} tekens.",
  "error.tooLong": "Gebruik hoogstens {maxLength} tekens.",
  "error.controlCharacter": "Verwijder onzichtbare stuurtekens (zoals tabs of regeleinden).",
  "error.common": "Dit wachtwoord komt te vaak voor. Kies er een dat moeilijker te raden is.",
  "error.weak":
    "Dit wachtwoord is makkelijk te raden. Maak het langer, bijvoorbeeld met een paar losse woorden.",
  "error.banned":
    "Dit wachtwoord bevat een woord dat uw organisatie niet toestaat (‘{term}’). Kies een ander wachtwoord.",
  "error.containsUserName": "Gebruik uw naam of gebruikers-ID niet in uw wachtwoord.",
  "error.containsOrganisationName": "Gebruik de naam van uw organisatie niet in uw wachtwoord.",
  "error.needsThreeOfFourKinds":
    "Gebruik minstens 3 van deze: kleine letters, hoofdletters, cijfers en symbolen.",
  "error.invalidInput": "Controleer dit veld: {message}",

  "required.userId": "Vul uw gebruikers-ID in.",
  "required.password": "Vul uw wachtwoord in.",
  "required.currentPassword": "Vul uw huidige wachtwoord in.",
  "required.newPassword": "Vul een nieuw wachtwoord in.",
  "required.confirmPassword": "Typ het nieuwe wachtwoord nogmaals.",
  "required.organisationName": "Vul de naam van de organisatie in.",
  "required.domain": "Vul het domein in.",
  "required.adminUserId": "Vul de gebruikers-ID van de beheerder in.",
  "required.adminDisplayName": "Vul de naam van de beheerder in.",
  "invalid.userId": "Vul een gebruikers-ID in zoals naam@contoso.com.",
  "invalid.domain": "Vul een domeinnaam in zoals contoso.com.",
  "invalid.adminUserId": "Vul een gebruikers-ID in die eindigt op @ en het domein hierboven.",
  "invalid.organisationName": "Gebruik hoogstens 256 tekens, zonder regeleinden.",
  "invalid.displayName": "Gebruik hoogstens 256 tekens, zonder regeleinden.",

  "layout.adminCenter": "Beheercentrum",
  "admin.title": "Beheercentrum",
  "admin.nav": "Onderdelen van het beheercentrum",
  "admin.nav.users": "Gebruikers",
  "admin.noAccess":
    "U hebt geen toegang tot het beheercentrum. Vraag een globale beheerder om u een beheerdersrol te geven.",
  "admin.nav.requests": "Verzoeken om een nieuw wachtwoord",
  "admin.requests.title": "Verzoeken om een nieuw wachtwoord",
  "admin.requests.none": "Niemand wacht op een nieuw wachtwoord.",
  "admin.requests.asked": "Gevraagd op",
  "admin.requests.from": "Vanaf IP-adres",
  "admin.requests.dismiss": "Afhandelen zonder reset",
  "admin.requests.dismissFor": "Het verzoek van {name} afhandelen zonder reset",
  "admin.requests.dismissed": "Het verzoek van {name} is afgehandeld.",
  "admin.users.title": "Alle gebruikers",
  "admin.users.search": "Zoeken op naam, gebruikers-ID of e-mailadres",
  "admin.users.searchButton": "Zoeken",
  "admin.users.filter": "Tonen",
  "admin.users.filter.all": "Alle gebruikers",
  "admin.users.filter.enabled": "Aanmelden toegestaan",
  "admin.users.filter.blocked": "Aanmelden geblokkeerd",
  "admin.users.filter.admins": "Beheerders",
  "admin.users.filter.onPremises": "Wachtwoord on-premises beheerd",
  "admin.users.column.name": "Weergavenaam",
  "admin.users.column.userId": "Gebruikers-ID",
  "admin.users.column.status": "Status",
  "admin.users.column.actions": "Acties",
  "admin.users.none":
    "Geen gebruikers gevonden. Controleer de spelling, of zoek op het begin van een naam.",
  "admin.users.next": "Volgende pagina",
  "admin.users.first": "Eerste pagina",
  "admin.users.resetFor": "Wachtwoord opnieuw instellen voor {name}",
  "admin.status.enabled": "Aanmelden toegestaan",
  "admin.status.blocked": "Aanmelden geblokkeerd",
  "admin.status.locked": "Vergrendeld",
  "admin.user.profile": "Profiel",
  "admin.user.roles": "Beheerdersrollen",
  "admin.user.noRoles": "Geen beheerdersrollen",
  "admin.user.otherMails": "Alternatieve e-mailadressen",
  "admin.user.mobilePhone": "Mobiele telefoon",
  "admin.user.officePhone": "Telefoon op kantoor",
  "admin.user.language": "Voorkeurstaal",
  "admin.user.passwordManaged": "Wachtwoord beheerd",
  "admin.user.managed.cloud": "In Sesame",
  "admin.user.managed.onPremises": "On-premises",
  "admin.user.status": "Aanmeldstatus",
  "admin.user.actions": "Acties",
  "admin.action.resetPassword": "Wachtwoord opnieuw instellen",
  "admin.action.unlock": "Account ontgrendelen",
  "admin.action.revokeSessions": "Afmelden bij alle sessies",
  "admin.action.block": "Aanmelden blokkeren",
  "admin.action.unblock": "Aanmelden toestaan",
  "admin.done.unlock": "Het account van {name} is ontgrendeld.",
  "admin.done.revokeSessions": "{name} is bij alle sessies afgemeld.",
  "admin.done.block": "Aanmelden is geblokkeerd voor {name} en alle sessies zijn beëindigd.",
  "admin.done.unblock": "Aanmelden is weer toegestaan voor {name}.",
  "admin.reset.title": "Wachtwoord opnieuw instellen",
  "admin.reset.intro": "Stel het wachtwoord van {name} ({userId}) opnieuw in.",
  "admin.reset.choice": "Nieuw wachtwoord",
  "admin.reset.autoGenerate": "Automatisch een wachtwoord maken",
  "admin.reset.typePassword": "Ik maak het wachtwoord zelf",
  "admin.reset.password": "Wachtwoord (als u het zelf maakt)",
  "admin.reset.forceChange":
    "Deze gebruiker verplichten het wachtwoord te wijzigen bij de eerste aanmelding",
  "admin.reset.sendEmail": "Het wachtwoord per e-mail verzenden",
  "admin.reset.recipients": "Ontvangers, één per regel (hoogstens 10)",
  "admin.reset.compromised": "Dit account is gecompromitteerd",
  "admin.reset.compromisedHint":
    "Meldt de gebruiker direct overal af. Het wachtwoord wordt nooit per e-mail verzonden.",
  "admin.reset.blockSignIn": "Ook aanmelden blokkeren tot ik het weer toesta",
  "admin.reset.submit": "Wachtwoord opnieuw instellen",
  "admin.reset.cancel": "Annuleren",
  "admin.reset.doneTitle": "Wachtwoord opnieuw ingesteld",
  "admin.reset.doneGenerated":
    "Dit is het nieuwe tijdelijke wachtwoord voor {name}. Het wordt alleen nu getoond: kopieer het en geef het op een veilige manier aan de gebruiker.",
  "admin.reset.doneTyped": "Het wachtwoord van {name} is nu het wachtwoord dat u hebt getypt.",
  "admin.reset.temporaryPassword": "Tijdelijk wachtwoord",
  "admin.reset.copy": "Wachtwoord kopiëren",
  "admin.reset.copied": "Gekopieerd",
  "admin.reset.mustChange": "De gebruiker moet bij het aanmelden een nieuw wachtwoord kiezen.",
  "admin.reset.emailed": "Het wachtwoord is per e-mail verzonden naar: {recipients}.",
  "admin.reset.sessionsEnded": "Beëindigde sessies: {count}.",
  "admin.reset.backToUser": "Terug naar {name}",
  "error.forbidden": "U hebt geen toestemming om dit voor deze gebruiker te doen.",
  "error.managedOnPremises":
    "Het wachtwoord van deze gebruiker wordt on-premises beheerd. Stel het opnieuw in via uw on-premises directory.",
  "error.userNotFound":
    "Deze gebruiker bestaat niet of is verwijderd. Ga terug naar de lijst met gebruikers.",
  "invalid.sendTo":
    "Vul geldige e-mailadressen in, één per regel (hoogstens 10). Het wachtwoord van een gecompromitteerd account wordt nooit gemaild.",
  "invalid.blockSignIn": "Aanmelden blokkeren hoort bij ‘Dit account is gecompromitteerd’.",

  "recover.title": "Geen toegang tot uw account?",
  "recover.comingSoon":
    "Zelf uw wachtwoord opnieuw instellen is binnenkort mogelijk. Tot die tijd kan uw beheerder het voor u opnieuw instellen.",
  "recover.askHeading": "Uw beheerder om een nieuw wachtwoord vragen",
  "recover.askIntro":
    "Vul uw gebruikers-ID in. We vragen de beheerders die uw wachtwoord opnieuw kunnen instellen om contact met u op te nemen.",
  "recover.askSubmit": "Om een nieuw wachtwoord vragen",
  "recover.askedTitle": "Verzoek verzonden",
  "recover.asked":
    "Als {userId} hier een account is, is de beheerders die het wachtwoord opnieuw kunnen instellen gevraagd u te helpen. Zij nemen contact met u op. Niemand van IT zal u ooit om uw wachtwoord vragen.",
  "recover.backToSignIn": "Terug naar aanmelden",

  "setup.title": "Sesame instellen",
  "setup.intro":
    "Maak uw organisatie en de eerste globale beheerder aan. Deze koppeling werkt één keer.",
  "setup.organisationName": "Naam van de organisatie",
  "setup.organisationNameHint": "Staat in e-mails, bijvoorbeeld Contoso",
  "setup.domain": "Domein",
  "setup.domainHint": "Gebruikers-ID's eindigen op @ en dit domein, bijvoorbeeld contoso.com",
  "setup.adminUserId": "Gebruikers-ID van de beheerder",
  "setup.adminDisplayName": "Naam van de beheerder",
  "setup.password": "Wachtwoord",
  "setup.confirmPassword": "Wachtwoord bevestigen",
  "setup.submit": "Organisatie aanmaken",
  "setup.invalidLink":
    "Deze instellingskoppeling is niet meer geldig. Start Sesame opnieuw voor een nieuwe koppeling, of voer npx sesame init uit.",
  "setup.done": "Uw organisatie is klaar. Meld u aan als {userId}.",
  "setup.domainTaken": "Dit domein hoort al bij een organisatie.",

  "error.pageTitle": "Er is iets misgegaan",
  "error.notFound": "We kunnen die pagina niet vinden.",
  "error.generic":
    "Er is bij ons iets misgegaan. Probeer het opnieuw; blijft het gebeuren, meld het dan aan uw beheerder met referentie {reference}.",
  "error.csrf": "Dit formulier was verlopen. We hebben het opnieuw geladen: verzend het nogmaals.",
  "error.goHome": "Naar de startpagina",

  "email.greeting": "Beste {name},",
  "email.footer":
    "Verzonden door Sesame namens {organisation}. Dit is een automatisch bericht; antwoorden worden niet gelezen.",
  "email.passwordChanged.subject": "Uw wachtwoord is gewijzigd",
  "email.passwordChanged.what":
    "Het wachtwoord van uw account bij {organisation} is gewijzigd op {date}.",
  "email.passwordChanged.ifYou": "Heeft u dit zelf gedaan? Dan hoeft u niets te doen.",
  "email.passwordChanged.ifNotYou":
    "Heeft u uw wachtwoord niet zelf gewijzigd? Dan gebruikt mogelijk iemand anders uw account. Neem direct contact op met uw IT-afdeling of uw beheerder.",
  "email.temporaryPassword.subject": "Een nieuw wachtwoord voor uw account bij {organisation}",
  "email.temporaryPassword.what":
    "Een beheerder van {organisation} heeft het wachtwoord van het account {userId} opnieuw ingesteld.",
  "email.temporaryPassword.password": "Tijdelijk wachtwoord: {password}",
  "email.temporaryPassword.signIn": "Meld u aan op {url} met uw gebruikers-ID en dit wachtwoord.",
  "email.temporaryPassword.mustChange":
    "U wordt direct gevraagd zelf een nieuw wachtwoord te kiezen. Verwijder deze e-mail daarna.",
  "email.resetRequest.subject": "{name} vraagt om een nieuw wachtwoord",
  "email.resetRequest.what":
    "{name} ({userId}) heeft op {date} op de aanmeldpagina om een nieuw wachtwoord gevraagd, vanaf IP-adres {ip}.",
  "email.resetRequest.open":
    "Open de pagina van deze gebruiker in het beheercentrum om het wachtwoord opnieuw in te stellen: {url}",
  "email.resetRequest.check":
    "Controleer voordat u een wachtwoord geeft of het echt om deze persoon gaat (bel bijvoorbeeld terug op een nummer dat u kent).",
};
