import { describe, it, expect } from "vitest";
import {
  checkPassword,
  DEFAULT_PASSWORD_RULES,
  normaliseForBannedMatch,
  validatePasswordRules,
  type PasswordContext,
  type PasswordRejection,
  type PasswordRules,
} from "../../../src/domain/password-policy.js";

/** A context whose names appear in none of the test passwords unless a test says so. */
const NO_NAMES: PasswordContext = { userNames: [], organisationName: "" };
const CONTEXT: PasswordContext = {
  userNames: ["Annelies", "Bakker", "Annelies Bakker", "abakker@fabrikam.example"],
  organisationName: "Fabrikam",
};

/** Strong 8-code-point password (zxcvbn score 2), used where only length matters. */
const STRONG_8 = "Zb7#Qw9!";

function rules(overrides: Partial<PasswordRules> = {}): PasswordRules {
  return validatePasswordRules(overrides);
}

function check(
  password: string,
  overrides: Partial<PasswordRules> = {},
  context: PasswordContext = NO_NAMES,
): PasswordRejection[] {
  return checkPassword(password, rules(overrides), context);
}

function codes(rejections: readonly PasswordRejection[]): string[] {
  return rejections.map((rejection) => rejection.code);
}

/** A strong password of exactly `length` code points: varied words, digits and symbols. */
function strongOfLength(length: number): string {
  const words = "Kapstok-Zomerregen-Vijftig-Okapi-Lantaarn-Hooiberg-Mossel-Tjalk-";
  let text = "";
  for (let i = 0; text.length < length; i++) text += `${words}${i}!`;
  return text.slice(0, length);
}

describe("DEFAULT_PASSWORD_RULES", () => {
  it("allows 8 to 256 code points, needs zxcvbn score 2 and has no complexity rule or banned terms", () => {
    expect(DEFAULT_PASSWORD_RULES).toEqual({
      minLength: 8,
      maxLength: 256,
      requireThreeOfFourKinds: false,
      minimumStrength: 2,
      bannedTerms: [],
    });
  });

  it("cannot be modified by a caller", () => {
    expect(Object.isFrozen(DEFAULT_PASSWORD_RULES)).toBe(true);
    expect(Object.isFrozen(DEFAULT_PASSWORD_RULES.bannedTerms)).toBe(true);
  });
});

describe("checkPassword: length", () => {
  it("rejects 7 code points as too short, naming the minimum", () => {
    expect(check("Zb7#Qw9")).toContainEqual({ code: "tooShort", minLength: 8 });
  });

  it("accepts exactly 8 code points", () => {
    expect(check(STRONG_8)).toEqual([]);
  });

  it("accepts a strong password of exactly 256 code points", () => {
    const password = strongOfLength(256);
    expect([...password]).toHaveLength(256);
    expect(check(password)).toEqual([]);
  });

  it("rejects 257 code points as too long, naming the maximum", () => {
    expect(check(strongOfLength(257))).toEqual([{ code: "tooLong", maxLength: 256 }]);
  });

  it("skips the strength estimate when the password is too long", () => {
    expect(codes(check("a".repeat(256)))).toContain("weak");
    expect(check("a".repeat(257))).toEqual([{ code: "tooLong", maxLength: 256 }]);
  });

  it("reports only length and control characters for a huge paste", () => {
    const huge = `Ajax\t${"a".repeat(100_000)}`;
    expect(check(huge, { bannedTerms: ["Ajax"] })).toEqual([
      { code: "tooLong", maxLength: 256 },
      { code: "controlCharacter" },
    ]);
  });

  it("still reports content problems of a moderately too long password", () => {
    const password = `Ajax-${strongOfLength(300)}`;
    expect(check(password, { bannedTerms: ["Ajax"] })).toEqual([
      { code: "tooLong", maxLength: 256 },
      { code: "banned", term: "Ajax" },
    ]);
  });

  it("uses an organisation's higher minimum", () => {
    expect(check("Zb7#Qw9!Lp4", { minLength: 12 })).toContainEqual({
      code: "tooShort",
      minLength: 12,
    });
    expect(check("Zb7#Qw9!Lp4$", { minLength: 12 })).toEqual([]);
  });

  it("uses an organisation's own maximum", () => {
    expect(check(strongOfLength(64), { maxLength: 64 })).toEqual([]);
    expect(check(strongOfLength(65), { maxLength: 64 })).toEqual([
      { code: "tooLong", maxLength: 64 },
    ]);
  });

  it("never applies a minimum below 8, even with unvalidated rules", () => {
    const unvalidated: PasswordRules = { ...DEFAULT_PASSWORD_RULES, minLength: 4 };
    expect(checkPassword("Zb7#Qw9", unvalidated, NO_NAMES)).toContainEqual({
      code: "tooShort",
      minLength: 8,
    });
  });

  it("counts an emoji as one code point, not two UTF-16 units", () => {
    const sevenEmoji = "🦊🌵🎻🧀🚲🌋🦉";
    expect(sevenEmoji).toHaveLength(14);
    expect(codes(check(sevenEmoji))).toContain("tooShort");
    expect(codes(check(`${sevenEmoji}🪁`))).not.toContain("tooShort");
  });

  it("counts 256 astral code points as 256, not 512", () => {
    const emoji = [..."🦊🌵🎻🧀🚲🌋🦉🪁"];
    const password = Array.from({ length: 256 }, (_, i) => emoji[(i * 5 + (i >> 3)) % 8]).join("");
    expect(password).toHaveLength(512);
    expect(codes(check(password))).not.toContain("tooLong");
    expect(check(`${password}🦊`)).toEqual([{ code: "tooLong", maxLength: 256 }]);
  });

  it("counts each code point of a joined emoji sequence", () => {
    const family = "👨‍👩‍👧"; // man, ZWJ, woman, ZWJ, girl: 5 code points
    expect(codes(check(`${family}Zb7`))).not.toContain("tooShort");
    expect(codes(check(`${family}Zb`))).toContain("tooShort");
  });

  it("counts a letter and combining accent as one code point once NFC composes them", () => {
    const decomposed = "Zb7#Qwe\u0301"; // 8 code points as typed, 7 after NFC
    expect([...decomposed]).toHaveLength(8);
    expect(check(decomposed)).toContainEqual({ code: "tooShort", minLength: 8 });
  });

  it("counts a combining mark that has no precomposed form as its own code point", () => {
    const password = "Zb7#Qwq\u0301"; // q + acute stays two code points after NFC
    expect([..."q\u0301".normalize("NFC")]).toHaveLength(2);
    expect(codes(check(password))).not.toContain("tooShort");
  });

  it("never trims: leading and trailing spaces count", () => {
    expect(codes(check(" Zb7#Qw "))).not.toContain("tooShort");
    expect(codes(check(" Zb7#Q "))).toContain("tooShort");
  });
});

describe("checkPassword: control characters", () => {
  it.each([
    ["NUL", "\u0000"],
    ["tab", "\t"],
    ["line feed", "\n"],
    ["carriage return", "\r"],
    ["escape", "\u001b"],
    ["delete", "\u007f"],
    ["next line (C1)", "\u0085"],
  ])("rejects a password containing %s", (_name, control) => {
    expect(codes(check(`Zb7#${control}Qw9!Lp`))).toContain("controlCharacter");
  });

  it("rejects an unpaired surrogate, which UTF-8 cannot encode", () => {
    expect(codes(check("Zb7#Qw9!\ud800Lp"))).toContain("controlCharacter");
    expect(codes(check("Zb7#Qw9!\udc00Lp"))).toContain("controlCharacter");
  });

  it.each([
    ["a space", " "],
    ["a no-break space", "\u00a0"],
    ["a zero-width joiner", "\u200d"],
    ["a private-use character", "\ue000"],
    ["a right-to-left mark", "\u200f"],
  ])("allows %s", (_name, char) => {
    expect(codes(check(`Zb7#${char}Qw9!Lp`))).not.toContain("controlCharacter");
  });

  it("reports a control character once, however many there are", () => {
    expect(codes(check("Zb7#\t\tQw9!\nLp")).filter((c) => c === "controlCharacter")).toHaveLength(
      1,
    );
  });
});

describe("checkPassword: common and weak passwords", () => {
  it.each(["Password1", "password1", "PASSWORD1", "qwerty123", "QwErTy123", "iloveyou"])(
    "rejects %s as common, ignoring case",
    (password) => {
      expect(codes(check(password))).toContain("common");
    },
  );

  it("matches the whole password against the list, not a part of it", () => {
    expect(codes(check("Password1-Kapstok-Zomerregen"))).not.toContain("common");
  });

  it("rejects a guessable password that is not on the list as weak", () => {
    const result = codes(check("zzzzzzzzzzzz"));
    expect(result).toContain("weak");
    expect(result).not.toContain("common");
  });

  it("accepts a weak password when the minimum strength is 0", () => {
    expect(check("zzzzzzzzzzzz", { minimumStrength: 0 })).toEqual([]);
  });

  it("rejects a fair password when the minimum strength is 4", () => {
    expect(check(STRONG_8)).toEqual([]);
    expect(check(STRONG_8, { minimumStrength: 4 })).toEqual([{ code: "weak" }]);
  });

  it("estimates strength on the first 100 code points only, without truncating the password", () => {
    const password = `${"a".repeat(100)}${strongOfLength(100)}`;
    expect(check(password)).toEqual([{ code: "weak" }]);
    expect(check(`${strongOfLength(100)}${"a".repeat(100)}`)).toEqual([]);
  });
});

describe("normaliseForBannedMatch", () => {
  it.each([
    ["0", "o"],
    ["1", "l"],
    ["3", "e"],
    ["4", "a"],
    ["5", "s"],
    ["7", "t"],
    ["$", "s"],
    ["@", "a"],
    ["!", "i"],
  ])("replaces the look-alike %s with %s", (from, to) => {
    expect(normaliseForBannedMatch(`x${from}y`)).toBe(`x${to}y`);
  });

  it("leaves digits and symbols without a look-alike alone", () => {
    expect(normaliseForBannedMatch("2689#%&*-_ .")).toBe("2689#%&*-_ .");
  });

  it("lower-cases", () => {
    expect(normaliseForBannedMatch("CoNtOsO")).toBe("contoso");
  });

  it("removes accents", () => {
    expect(normaliseForBannedMatch("José Müller Ørsted Ångström")).toBe(
      "jose muller ørsted angstrom",
    );
  });

  it("folds compatibility forms such as full-width letters and ligatures", () => {
    expect(normaliseForBannedMatch("ＣＯＮＴＯＳＯ")).toBe("contoso");
    expect(normaliseForBannedMatch("ﬁsh")).toBe("fish");
  });

  it("turns a dotted capital I into a plain i", () => {
    expect(normaliseForBannedMatch("İstanbul")).toBe("istanbul");
  });

  it("keeps other scripts intact", () => {
    expect(normaliseForBannedMatch("한국어 ΣΟΦΙΑ 密码")).toBe("한국어 σοφια 密码");
  });

  it("treats composed and decomposed input alike", () => {
    expect(normaliseForBannedMatch("Cafe\u0301")).toBe(normaliseForBannedMatch("Café"));
  });
});

describe("checkPassword: banned terms", () => {
  const banned = (password: string, bannedTerms: readonly string[]) =>
    check(password, { bannedTerms }).filter((rejection) => rejection.code === "banned");

  it("rejects a password containing a banned term, carrying the term as configured", () => {
    expect(banned("Zb7#TulipWv9!", ["Tulip"])).toEqual([{ code: "banned", term: "Tulip" }]);
  });

  it("matches regardless of case", () => {
    expect(banned("Zb7#tUlIpWv9!", ["TULIP"])).toEqual([{ code: "banned", term: "TULIP" }]);
  });

  it("matches a banned term at the very start and the very end", () => {
    expect(banned("tulipZb7#Wv9!", ["Tulip"])).toHaveLength(1);
    expect(banned("Zb7#Wv9!tulip", ["Tulip"])).toHaveLength(1);
  });

  it("accepts a password without any banned term", () => {
    expect(banned("Zb7#RoseWv9!", ["Tulip", "Ajax"])).toEqual([]);
  });

  // Every occurrence is substituted, so without folding these would be 2+ edits away.
  it.each([
    ["0 for o", "m0t0rb0at", "Motorboat"],
    ["1 for l", "1o11ipop", "Lollipop"],
    ["3 for e", "b33k33p3r", "Beekeeper"],
    ["4 for a", "b4n4n4", "Banana"],
    ["5 for s", "5a55afra5", "Sassafras"],
    ["7 for t", "7a77oo", "Tattoo"],
    ["$ for s", "$a$$afra$", "Sassafras"],
    ["@ for a", "b@n@n@", "Banana"],
    ["! for i", "m!ss!ss!pp!", "Mississippi"],
  ])("sees through %s", (_name, disguised, term) => {
    expect(banned(`Zb#${disguised}#Wv`, [term])).toEqual([{ code: "banned", term }]);
  });

  it("sees through look-alikes in the configured term too", () => {
    expect(banned("Zb#Contoso#Wv", ["C0nt0$o"])).toEqual([{ code: "banned", term: "C0nt0$o" }]);
  });

  it("sees through accents", () => {
    expect(banned("Zb#Crème-Brûlée#Wv", ["creme brulee"])).toHaveLength(1);
    expect(banned("Zb#creme-brulee#Wv", ["Crème Brûlée"])).toHaveLength(1);
  });

  it("rejects a password one edit away from a banned term: an inserted character", () => {
    expect(banned("Zb#Rotterxdam#Wv", ["Rotterdam"])).toHaveLength(1);
  });

  it("rejects a password one edit away from a banned term: a deleted character", () => {
    expect(banned("Zb#Rottedam#Wv", ["Rotterdam"])).toHaveLength(1);
  });

  it("rejects a password one edit away from a banned term: a substituted character", () => {
    expect(banned("Zb#Rotterdum#Wv", ["Rotterdam"])).toHaveLength(1);
  });

  it("rejects one edit at the first and the last character of the term", () => {
    expect(banned("Zb#Xotterdam#Wv", ["Rotterdam"])).toHaveLength(1);
    expect(banned("Zb#otterdam#Wv", ["Rotterdam"])).toHaveLength(1);
    expect(banned("Zb#Rotterdax#Wv", ["Rotterdam"])).toHaveLength(1);
  });

  it("catches a banned term of several words written without the space", () => {
    expect(banned("Zb#SesameStreet#Wv", ["Sesame Street"])).toHaveLength(1);
  });

  it.each([
    ["two substitutions", "Zb#Rotxerdum#Wv"],
    ["two deletions", "Zb#Rtterdm#Wv"],
    ["two insertions", "Zb#Rotxterdaxm#Wv"],
    ["a substitution and a deletion", "Zb#Rotxrdam#Wv"],
    ["two swapped inner letters", "Zb#Rotetrdam#Wv"],
  ])("accepts a password two edits away from a banned term: %s", (_name, password) => {
    expect(banned(password, ["Rotterdam"])).toEqual([]);
  });

  it("matches swapped last letters, because dropping the last one leaves one deletion", () => {
    expect(banned("Zb#Rotterdma#Wv", ["Rotterdam"])).toHaveLength(1);
  });

  it("matches a 4-character term one edit away", () => {
    expect(banned("Zb#Ajzx#Wv9!", ["Ajax"])).toHaveLength(1);
  });

  it("matches a 3-character term only exactly, never one edit away", () => {
    expect(banned("Zb#Zed#Wv9!", ["zed"])).toHaveLength(1);
    expect(banned("Zb#Zod#Wv9!", ["zed"])).toEqual([]);
    expect(banned("Zb#Zd#Wv9!", ["zed"])).toEqual([]);
  });

  it("ignores banned terms shorter than 3 characters", () => {
    expect(banned("Zb#ab#Wv9!", ["ab", "b", "", "  "])).toEqual([]);
  });

  it("reports every matching term once, in the configured order", () => {
    expect(banned("Zb#TulipAjax#Wv", ["Rose", "Ajax", "Tulip", "AJAX", "aj@x"])).toEqual([
      { code: "banned", term: "Ajax" },
      { code: "banned", term: "Tulip" },
    ]);
  });
});

describe("checkPassword: user and organisation names", () => {
  const nameCodes = (password: string, context: PasswordContext) =>
    codes(check(password, {}, context)).filter(
      (code) => code === "containsUserName" || code === "containsOrganisationName",
    );

  it("rejects a password containing the given name", () => {
    expect(nameCodes("Zb#Annelies#Wv9", CONTEXT)).toEqual(["containsUserName"]);
  });

  it("rejects a password containing the surname, disguised and in another case", () => {
    expect(nameCodes("Zb#B4KK3R#Wv9", CONTEXT)).toEqual(["containsUserName"]);
  });

  it("rejects a password containing the name without its accents", () => {
    const context = { userNames: ["Jürgen Müller"], organisationName: "" };
    expect(nameCodes("Zb#MULLER#Wv9", context)).toEqual(["containsUserName"]);
  });

  it("rejects a password containing a part of the display name", () => {
    const context = { userNames: ["Jan de Vries"], organisationName: "" };
    expect(nameCodes("Zb#vries#Wv9", context)).toEqual(["containsUserName"]);
    expect(nameCodes("Zb#JanDeVries#Wv9", context)).toEqual(["containsUserName"]);
  });

  it("rejects a password containing the local part of the user ID, or a part of it", () => {
    const context = { userNames: ["jan.devries@fabrikam.example"], organisationName: "" };
    expect(nameCodes("Zb#jan.devries#Wv9", context)).toEqual(["containsUserName"]);
    expect(nameCodes("Zb#Devries#Wv9", context)).toEqual(["containsUserName"]);
  });

  it("does not count the domain of the user ID as the user's name", () => {
    expect(
      nameCodes("Zb#Fabrikam#Wv9", { userNames: ["jan@fabrikam.example"], organisationName: "" }),
    ).toEqual([]);
  });

  it("ignores name parts shorter than 3 characters, but not the whole short name", () => {
    const context = { userNames: ["Li Xi"], organisationName: "" };
    expect(nameCodes("Zb#li#xi#Wv9", context)).toEqual([]);
    expect(nameCodes("Zb#LiXi#Wv9", context)).toEqual(["containsUserName"]);
    expect(nameCodes("Zb#Li Xi#Wv9", context)).toEqual(["containsUserName"]);
  });

  it("ignores surname particles such as van and der", () => {
    const context = { userNames: ["Pieter van der Berg"], organisationName: "" };
    expect(nameCodes("Caravan-Wonder-Kite-93", context)).toEqual([]);
    expect(nameCodes("Zb#Berg#Wv9", context)).toEqual(["containsUserName"]);
  });

  it("rejects a password containing the organisation's name", () => {
    expect(nameCodes("Zb#f@brik4m#Wv9", CONTEXT)).toEqual(["containsOrganisationName"]);
  });

  it("rejects a password containing a part of the organisation's name, but not its legal form", () => {
    const context = { userNames: [], organisationName: "Northwind Traders Inc." };
    expect(nameCodes("Zb#traders#Wv9", context)).toEqual(["containsOrganisationName"]);
    expect(nameCodes("Zb#Zinc-Lamp#Wv9", context)).toEqual([]);
  });

  it("accepts a password containing neither name", () => {
    expect(nameCodes("Zb#Kapstok#Wv9", CONTEXT)).toEqual([]);
  });

  it("tolerates empty names", () => {
    expect(check("Zb#Kapstok#Wv9", {}, { userNames: ["", " "], organisationName: "" })).toEqual([]);
  });
});

describe("checkPassword: three of four character kinds", () => {
  const kinds = (password: string, requireThreeOfFourKinds: boolean) =>
    codes(check(password, { requireThreeOfFourKinds, minimumStrength: 0 }));

  it("is off by default", () => {
    expect(DEFAULT_PASSWORD_RULES.requireThreeOfFourKinds).toBe(false);
    expect(kinds("kapstokzomerregen", false)).toEqual([]);
  });

  it.each([
    ["lower case only", "kapstokzomerregen"],
    ["lower case and digits", "kapstok2zomerregen"],
    ["upper case and symbols", "KAPSTOK-ZOMERREGEN"],
    ["digits and symbols", "1234-5678-90"],
  ])("when on, rejects %s", (_name, password) => {
    expect(kinds(password, true)).toEqual(["needsThreeOfFourKinds"]);
  });

  it.each([
    ["lower, upper and digits", "Kapstok2zomerregen"],
    ["lower, upper and symbols", "Kapstok-zomerregen"],
    ["lower, digits and symbols", "kapstok-2zomerregen"],
    ["upper, digits and symbols", "KAPSTOK-2ZOMERREGEN"],
    ["all four", "Kapstok-2zomerregen"],
    ["a space as the symbol", "Kapstok zomerregen"],
  ])("when on, accepts %s", (_name, password) => {
    expect(kinds(password, true)).toEqual([]);
  });

  it("counts non-ASCII letters by their case", () => {
    expect(kinds("ΚΑΠΣΤΟΚκαπστοκ", true)).toEqual(["needsThreeOfFourKinds"]);
    expect(kinds("ΚΑΠΣΤΟΚκαπστοκ7", true)).toEqual([]);
    expect(kinds("ÉCOLEécole9", true)).toEqual([]);
  });

  it("counts caseless letters, emoji and non-ASCII digits as symbols", () => {
    expect(kinds("kapstok2密码密码", true)).toEqual([]);
    expect(kinds("kapstok2🦊🦊", true)).toEqual([]);
    expect(kinds("kapstok٣٤٥٦", true)).toEqual(["needsThreeOfFourKinds"]);
    expect(kinds("kapstok٣٤٥٦7", true)).toEqual([]);
  });
});

describe("checkPassword: several reasons", () => {
  it("returns all reasons in a stable order, length first", () => {
    const options = {
      minLength: 12,
      requireThreeOfFourKinds: true,
      bannedTerms: ["passw0rd"],
    };
    const context = { userNames: ["Word"], organisationName: "Pass Inc" };
    const expected: PasswordRejection[] = [
      { code: "tooShort", minLength: 12 },
      { code: "common" },
      { code: "weak" },
      { code: "banned", term: "passw0rd" },
      { code: "containsUserName" },
      { code: "containsOrganisationName" },
      { code: "needsThreeOfFourKinds" },
    ];
    expect(check("password", options, context)).toEqual(expected);
    expect(check("password", options, context)).toEqual(expected);
  });

  it("puts too long and control characters before content reasons", () => {
    const options = { maxLength: 20, requireThreeOfFourKinds: true, bannedTerms: ["Ajax"] };
    const context = { userNames: ["Annelies"], organisationName: "Fabrikam" };
    expect(check("annelies\tfabrikam ajax kapstok", options, context)).toEqual([
      { code: "tooLong", maxLength: 20 },
      { code: "controlCharacter" },
      { code: "banned", term: "Ajax" },
      { code: "containsUserName" },
      { code: "containsOrganisationName" },
      { code: "needsThreeOfFourKinds" },
    ]);
  });
});

describe("checkPassword: acceptance", () => {
  it("accepts a genuinely strong passphrase with all rules on", () => {
    const strict = rules({
      minLength: 16,
      requireThreeOfFourKinds: true,
      minimumStrength: 4,
      bannedTerms: ["Contoso", "Sesame", "Winter", "Ajax", "Rotterdam"],
    });
    const context = {
      userNames: ["Jan", "de Vries", "Jan de Vries", "jan.devries@contoso.example"],
      organisationName: "Contoso B.V.",
    };
    expect(checkPassword("Kapstok-Zomerregen-Vijftig-Okapi!", strict, context)).toEqual([]);
  });

  it("accepts a typical strong 12-character password with the default rules", () => {
    expect(checkPassword("Tjalk&Mossel9", DEFAULT_PASSWORD_RULES, CONTEXT)).toEqual([]);
  });

  it("accepts a long password in another script", () => {
    expect(check("Зимний-ветер-гонит-облака-7")).toEqual([]);
  });
});

describe("validatePasswordRules", () => {
  it("returns the defaults for empty settings", () => {
    expect(validatePasswordRules({})).toEqual(DEFAULT_PASSWORD_RULES);
  });

  it("keeps valid settings", () => {
    expect(
      validatePasswordRules({
        minLength: 14,
        maxLength: 1024,
        requireThreeOfFourKinds: true,
        minimumStrength: 4,
        bannedTerms: ["Contoso"],
      }),
    ).toEqual({
      minLength: 14,
      maxLength: 1024,
      requireThreeOfFourKinds: true,
      minimumStrength: 4,
      bannedTerms: ["Contoso"],
    });
  });

  it("accepts the limits: minimum 8 and maximum 1024, and minimum equal to maximum", () => {
    expect(validatePasswordRules({ minLength: 8 }).minLength).toBe(8);
    expect(validatePasswordRules({ maxLength: 1024 }).maxLength).toBe(1024);
    expect(validatePasswordRules({ minLength: 20, maxLength: 20 })).toMatchObject({
      minLength: 20,
      maxLength: 20,
    });
  });

  it("treats an explicitly undefined setting as absent", () => {
    expect(validatePasswordRules({ minLength: undefined })).toEqual(DEFAULT_PASSWORD_RULES);
  });

  it.each([0, 5, 7, 7.9, 8.5, Number.NaN, Number.POSITIVE_INFINITY, -8])(
    "rejects minLength %s",
    (minLength) => {
      expect(() => validatePasswordRules({ minLength })).toThrow(RangeError);
      expect(() => validatePasswordRules({ minLength })).toThrow(/^minLength:/);
    },
  );

  it.each([1025, 4096, 100.5, Number.NaN, Number.POSITIVE_INFINITY])(
    "rejects maxLength %s",
    (maxLength) => {
      expect(() => validatePasswordRules({ maxLength })).toThrow(RangeError);
      expect(() => validatePasswordRules({ maxLength })).toThrow(/^maxLength:/);
    },
  );

  it("rejects a maximum below the minimum", () => {
    expect(() => validatePasswordRules({ minLength: 20, maxLength: 19 })).toThrow(
      /^maxLength: 19 is below minLength 20/,
    );
    expect(() => validatePasswordRules({ maxLength: 7 })).toThrow(/^maxLength:/);
  });

  it("rejects a minimum above the default maximum unless the maximum is raised too", () => {
    expect(() => validatePasswordRules({ minLength: 300 })).toThrow(/^maxLength:/);
    expect(validatePasswordRules({ minLength: 300, maxLength: 400 }).minLength).toBe(300);
  });

  it.each([-1, 5, 2.5, Number.NaN, "2"])("rejects minimumStrength %s", (minimumStrength) => {
    const input = { minimumStrength } as unknown as Partial<PasswordRules>;
    expect(() => validatePasswordRules(input)).toThrow(RangeError);
    expect(() => validatePasswordRules(input)).toThrow(/^minimumStrength:/);
  });

  it.each([0, 1, 2, 3, 4] as const)("accepts minimumStrength %s", (minimumStrength) => {
    expect(validatePasswordRules({ minimumStrength }).minimumStrength).toBe(minimumStrength);
  });

  it("rejects a requireThreeOfFourKinds that is not a boolean", () => {
    const input = { requireThreeOfFourKinds: "yes" } as unknown as Partial<PasswordRules>;
    expect(() => validatePasswordRules(input)).toThrow(/^requireThreeOfFourKinds:/);
  });

  it.each([
    ["not a list", "Contoso"],
    ["a term that is not text", ["Contoso", 42]],
    ["more than 1000 terms", Array.from({ length: 1001 }, (_, i) => `term${i}`)],
    ["a term longer than 64 characters", ["x".repeat(65)]],
  ])("rejects bannedTerms with %s", (_name, bannedTerms) => {
    const input = { bannedTerms } as unknown as Partial<PasswordRules>;
    expect(() => validatePasswordRules(input)).toThrow(RangeError);
    expect(() => validatePasswordRules(input)).toThrow(/^bannedTerms:/);
  });

  it("accepts 1000 terms of 64 characters, counting code points", () => {
    const terms = Array.from({ length: 1000 }, () => "🦊".repeat(64));
    expect(validatePasswordRules({ bannedTerms: terms }).bannedTerms).toHaveLength(1000);
  });

  it("rejects an unknown setting, naming it", () => {
    const input = { minLenght: 12 } as unknown as Partial<PasswordRules>;
    expect(() => validatePasswordRules(input)).toThrow(RangeError);
    expect(() => validatePasswordRules(input)).toThrow(/^minLenght:/);
  });

  it("returns a frozen copy that later changes to the input cannot affect", () => {
    const bannedTerms = ["Contoso"];
    const validated = validatePasswordRules({ bannedTerms });
    bannedTerms.push("Ajax");
    expect(validated.bannedTerms).toEqual(["Contoso"]);
    expect(Object.isFrozen(validated)).toBe(true);
    expect(Object.isFrozen(validated.bannedTerms)).toBe(true);
  });
});
