import type { registrationEn } from "./registration-en.js";

/** Registratie bij aanmelden (SPEC [S8]) en eigen beveiligingsvragen (SPEC [S9]); spread into nl.ts. */
export const registrationNl: Record<keyof typeof registrationEn, string> = {
  "registration.title": "Houd uw account veilig",
  "registration.registerOne":
    "Uw organisatie heeft meer gegevens nodig om u te helpen uw wachtwoord opnieuw in te stellen als u het vergeet. Voeg ten minste één methode toe.",
  "registration.registerTwo":
    "Uw organisatie heeft meer gegevens nodig om u te helpen uw wachtwoord opnieuw in te stellen als u het vergeet. Voeg ten minste twee verschillende methoden toe.",
  "registration.reconfirm":
    "U heeft uw beveiligingsgegevens al een tijd niet gecontroleerd. Kloppen deze methoden nog?",
  "registration.registered": "Wat u heeft geregistreerd",
  "registration.none": "U heeft nog geen methoden geregistreerd.",
  "registration.setUp": "Methoden instellen",
  "registration.update": "Beveiligingsgegevens bijwerken",
  "registration.looksGood": "Ziet er goed uit",
  "registration.skip": "Nu overslaan",
  "registration.skipHint": "Als u overslaat, vragen we het opnieuw wanneer u zich weer aanmeldt.",
  "registration.tooFew": "Voeg eerst meer methoden toe: u heeft er nog niet genoeg.",
  "resetPolicy.customSecurityQuestions": "Eigen beveiligingsvragen",
  "resetPolicy.customSecurityQuestionsHint":
    "Eén vraag per regel, hoogstens 20, elk 3 tot 200 tekens. Gebruikers zien ze na de vooraf gedefinieerde vragen, precies zoals u ze hier typt.",
  "resetPolicy.invalid.customSecurityQuestions": "Voer hoogstens 20 vragen in, één per regel.",
  "resetPolicy.invalid.customQuestion.length": "Regel {line}: gebruik 3 tot 200 tekens.",
  "resetPolicy.invalid.customQuestion.duplicate": "Regel {line}: deze vraag staat er al.",
  "resetPolicy.invalid.customQuestion.control": "Regel {line}: gebruik platte tekst zonder tabs.",
};
