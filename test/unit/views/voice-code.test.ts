import { describe, expect, it } from "vitest";
import { voiceCodeText } from "../../../src/views/voice-code.js";

describe("the spoken code", () => {
  it("reads the digits one by one, in English and Dutch", () => {
    expect(voiceCodeText("12345678", "en")).toBe(
      "Your Sesame verification code is 1 2 3 4 5 6 7 8",
    );
    expect(voiceCodeText("12345678", "nl")).toBe("Uw Sesame-verificatiecode is 1 2 3 4 5 6 7 8");
  });

  it("keeps leading zeros and ignores spaces already in the code", () => {
    expect(voiceCodeText("007 123", "en")).toBe("Your Sesame verification code is 0 0 7 1 2 3");
  });
});
