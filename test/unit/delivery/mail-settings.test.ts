import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../src/config.js";

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};

describe("mail settings", () => {
  it("default to files and a no-reply sender on the public host", () => {
    const config = loadConfig({ SESAME_PUBLIC_URL: "https://id.contoso.com" });
    expect(config.smtpUrl).toBeUndefined();
    expect(config.mailFrom).toBe("Sesame <no-reply@id.contoso.com>");
  });

  it("take an smtp: or smtps: URL and a sender", () => {
    const config = loadConfig({
      SESAME_SMTP_URL: "smtps://user:pass@mail.contoso.com:465",
      SESAME_MAIL_FROM: "Contoso IT <it@contoso.com>",
    });
    expect(config.smtpUrl).toBe("smtps://user:pass@mail.contoso.com:465");
    expect(config.mailFrom).toBe("Contoso IT <it@contoso.com>");
    expect(loadConfig({ SESAME_MAIL_FROM: "it@contoso.com" }).mailFrom).toBe("it@contoso.com");
  });

  it.each([
    [{ SESAME_SMTP_URL: "http://mail.contoso.com" }, "SESAME_SMTP_URL"],
    [{ SESAME_SMTP_URL: "not a url" }, "SESAME_SMTP_URL"],
    [{ SESAME_MAIL_FROM: "no address" }, "SESAME_MAIL_FROM"],
    [{ SESAME_MAIL_FROM: "IT <it@contoso.com>\r\nBcc: x@evil.test" }, "SESAME_MAIL_FROM"],
  ])("refuse %o", (env, name) => {
    expect(problemsOf(env).join("\n")).toContain(name);
  });
});
