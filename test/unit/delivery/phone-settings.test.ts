import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../src/config.js";
import { sayLanguage, twimlSayingTwice } from "../../../src/delivery/phone-transport.js";

const SID = `AC${"a1".repeat(16)}`;
const TWILIO = {
  SESAME_TWILIO_ACCOUNT_SID: SID,
  SESAME_TWILIO_AUTH_TOKEN: "token-123",
  SESAME_TWILIO_FROM: "+3197010123456",
};

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.join("\n");
  }
  return expect.unreachable("the configuration was accepted");
}

describe("text message and call settings", () => {
  it("configures no provider by default (files in the data folder)", () => {
    const config = loadConfig({});
    expect(config.twilio).toBeUndefined();
    expect(config.smsWebhookUrl).toBeUndefined();
  });

  it("reads Twilio's three settings, with Twilio's own API as the default base URL", () => {
    expect(loadConfig(TWILIO).twilio).toEqual({
      accountSid: SID,
      authToken: "token-123",
      from: "+3197010123456",
      apiUrl: "https://api.twilio.com/",
    });
    expect(
      loadConfig({ ...TWILIO, SESAME_TWILIO_API_URL: "http://127.0.0.1:9000/twilio" }).twilio
        ?.apiUrl,
    ).toBe("http://127.0.0.1:9000/twilio");
  });

  it.each([
    ["SESAME_TWILIO_ACCOUNT_SID"],
    ["SESAME_TWILIO_AUTH_TOKEN"],
    ["SESAME_TWILIO_FROM"],
  ] as const)("refuses Twilio without %s, naming it", (missing) => {
    const env = Object.fromEntries(Object.entries(TWILIO).filter(([name]) => name !== missing));
    const problems = problemsOf(env);
    expect(problems).toContain("Twilio needs");
    expect(problems).toContain(`${missing} is missing`);
  });

  it("refuses a malformed SID, a from number not in E.164, and a token with spaces", () => {
    const problems = problemsOf({
      SESAME_TWILIO_ACCOUNT_SID: "AC123",
      SESAME_TWILIO_AUTH_TOKEN: "two words",
      SESAME_TWILIO_FROM: "0201234567",
    });
    expect(problems).toContain("SESAME_TWILIO_ACCOUNT_SID");
    expect(problems).toContain("SESAME_TWILIO_AUTH_TOKEN");
    expect(problems).toContain("SESAME_TWILIO_FROM");
    expect(problems).not.toContain("two words");
  });

  it.each([
    ["SESAME_TWILIO_API_URL", "ftp://api.twilio.com"],
    ["SESAME_TWILIO_API_URL", "not a url"],
    ["SESAME_SMS_WEBHOOK_URL", "file:///etc/passwd"],
    ["SESAME_SMS_WEBHOOK_URL", "javascript:alert(1)"],
    ["SESAME_SMS_WEBHOOK_URL", "gateway.example.com/sms"],
  ])("refuses %s=%s (http or https only)", (name, value) => {
    expect(problemsOf({ [name]: value })).toContain(name);
  });

  it("accepts an http(s) webhook URL", () => {
    expect(
      loadConfig({ SESAME_SMS_WEBHOOK_URL: "https://sms.contoso.com/send" }).smsWebhookUrl,
    ).toBe("https://sms.contoso.com/send");
  });

  it("refuses Twilio and a webhook at once: which one would send is not clear", () => {
    expect(
      problemsOf({ ...TWILIO, SESAME_SMS_WEBHOOK_URL: "https://sms.contoso.com/send" }),
    ).toContain("not both");
  });
});

describe("TwiML of a call", () => {
  it("says the text twice with a pause, in the user's language", () => {
    expect(twimlSayingTwice("1 2 3", "nl")).toBe(
      '<Response><Say language="nl-NL">1 2 3</Say><Pause length="1"/><Say language="nl-NL">1 2 3</Say></Response>',
    );
  });

  it.each([
    ["nl", "nl-NL"],
    ["nl-BE", "nl-NL"],
    ["NL", "nl-NL"],
    ["en", "en-US"],
    ["en-GB", "en-US"],
    ["de", "en-US"],
    ["nld", "en-US"],
  ])("speaks %s as %s", (locale, language) => {
    expect(sayLanguage(locale)).toBe(language);
  });
});
