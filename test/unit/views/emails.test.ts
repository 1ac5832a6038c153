import { describe, expect, it } from "vitest";
import { noticeRenderer } from "../../../src/views/emails/notices.js";

const at = Date.UTC(2026, 10, 22, 9, 30);

describe("the 'password changed' email", () => {
  it("tells the user in English what happened, when, and whom to contact if it was not them", () => {
    const email = noticeRenderer.email(
      {
        event: "passwordChanged",
        organisationName: "Contoso",
        displayName: "Ada Lovelace",
        at,
      },
      "en",
    );
    expect(email.subject).toBe("Your password was changed");
    for (const part of [email.text, email.html]) {
      expect(part).toContain("Hello Ada Lovelace,");
      expect(part).toContain("was changed on 22 November 2026 at 09:30 UTC");
      expect(part).toContain("Contact your IT department or your administrator");
      expect(part).toContain("Sent by Sesame on behalf of Contoso.");
    }
    expect(email.html).toMatch(/^<!doctype html><html lang="en">/);
    expect(email.html).toContain("<title>Your password was changed</title>");
    expect(email.text).not.toContain("<");
  });

  it("speaks formal Dutch to a Dutch reader", () => {
    const email = noticeRenderer.email(
      {
        event: "passwordChanged",
        organisationName: "Gemeente Utrecht",
        displayName: "Jan de Vries",
        at,
      },
      "nl",
    );
    expect(email.subject).toBe("Uw wachtwoord is gewijzigd");
    expect(email.text).toContain("Beste Jan de Vries,");
    expect(email.text).toContain(
      "Het wachtwoord van uw account bij Gemeente Utrecht is gewijzigd op 22 november 2026 om 09:30 UTC.",
    );
    expect(email.text).toContain("Neem direct contact op met uw IT-afdeling of uw beheerder.");
    expect(email.text).toContain("Verzonden door Sesame namens Gemeente Utrecht.");
    expect(email.html).toContain('<html lang="nl">');
  });

  it("escapes names in the HTML part and keeps them literal in the text part", () => {
    const email = noticeRenderer.email(
      {
        event: "passwordChanged",
        organisationName: "Fabrikam & <Sons>",
        displayName: "<b>Eve</b>",
        at,
      },
      "en",
    );
    expect(email.html).toContain("Hello &lt;b>Eve&lt;/b>,");
    expect(email.html).not.toContain("<b>");
    expect(email.html).toContain("Fabrikam &amp; &lt;Sons>");
    expect(email.text).toContain("Hello <b>Eve</b>,");
    expect(email.text).toContain("on behalf of Fabrikam & <Sons>.");
  });

  it("does not read placeholders inside a name", () => {
    const email = noticeRenderer.email(
      {
        event: "passwordChanged",
        organisationName: "{date}",
        displayName: "{organisation}",
        at,
      },
      "en",
    );
    expect(email.text).toContain("Hello {organisation},");
    expect(email.text).toContain("The password of your {date} account was changed on 22 November");
  });
});
