import type { authenticationMethodsEn } from "./authentication-methods-en.js";

/** Authenticatiemethoden die een beheerder voor een gebruiker instelt; opgenomen in nl.ts. */
export const authenticationMethodsNl: Record<keyof typeof authenticationMethodsEn, string> = {
  "apiDocs.tag.authenticationMethods": "Authenticatiemethoden",
  "apiDocs.op.listAuthenticationMethods": "De authenticatiemethoden van een gebruiker opvragen",
  "apiDocs.op.listPhoneMethods": "De telefoonmethoden van een gebruiker opvragen",
  "apiDocs.op.getPhoneMethod": "Eén telefoonmethode van een gebruiker opvragen",
  "apiDocs.op.createPhoneMethod": "Een telefoonmethode voor een gebruiker toevoegen",
  "apiDocs.op.updatePhoneMethod": "Het nummer van een telefoonmethode wijzigen",
  "apiDocs.op.deletePhoneMethod": "Een telefoonmethode van een gebruiker verwijderen",
  "apiDocs.op.listEmailMethods": "De e-mailmethoden van een gebruiker opvragen",
  "apiDocs.op.getEmailMethod": "De e-mailmethode van een gebruiker opvragen",
  "apiDocs.op.createEmailMethod": "Een e-mailmethode voor een gebruiker toevoegen",
  "apiDocs.op.updateEmailMethod": "Het adres van een e-mailmethode wijzigen",
  "apiDocs.op.deleteEmailMethod": "Een e-mailmethode van een gebruiker verwijderen",
  "authMethods.title": "Authenticatiemethoden",
  "authMethods.intro":
    "De methoden waarmee deze gebruiker bewijst wie hij is als hij zijn wachtwoord opnieuw instelt. Methoden die u toevoegt, tellen meteen als geregistreerd.",
  "authMethods.none": "Er zijn geen authenticatiemethoden geregistreerd.",
  "authMethods.method": "Methode",
  "authMethods.detail": "Gegevens",
  "authMethods.actions": "Acties",
  "authMethods.registered": "Geregistreerd",
  "authMethods.edit": "Wijzigen",
  "authMethods.editLabel": "{method} wijzigen",
  "authMethods.delete": "Verwijderen",
  "authMethods.deleteLabel": "{method} verwijderen",
  "authMethods.add": "Authenticatiemethode toevoegen",
  "authMethods.addTitle": "Authenticatiemethode toevoegen voor {name}",
  "authMethods.editTitle": "Authenticatiemethode van {name} wijzigen",
  "authMethods.add.email": "Alternatief e-mailadres toevoegen",
  "authMethods.add.mobilePhone": "Mobiele telefoon toevoegen",
  "authMethods.add.officePhone": "Telefoon op kantoor toevoegen",
  "authMethods.field.emailAddress": "E-mailadres",
  "authMethods.field.phoneNumber": "Telefoonnummer",
  "invalid.emailAddress": "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.",
  "invalid.phoneNumber": "Vul een telefoonnummer in met landcode, zoals +31 6 12345678.",
  "authMethods.emailed":
    "Na opslaan telt de methode meteen als geregistreerd; de gebruiker krijgt bij elke wijziging een e-mail.",
  "authMethods.done.added": "De authenticatiemethode van {name} is toegevoegd.",
  "authMethods.done.changed": "De authenticatiemethode van {name} is gewijzigd.",
  "authMethods.done.deleted": "De authenticatiemethode van {name} is verwijderd.",
  "authMethods.gone":
    "Deze authenticatiemethode bestaat niet (meer). Ga terug naar de pagina van de gebruiker.",
  "authMethods.exists":
    "Deze gebruiker heeft al een methode van deze soort: wijzig of verwijder die.",
  "email.securityInfoChanged.changed": "{method} gewijzigd",
  "email.securityInfoChanged.byAdministrator":
    "Een beheerder van uw organisatie heeft dit gewijzigd. Had u dit niet verwacht? Neem dan contact op met uw IT-afdeling of uw beheerder.",
};
