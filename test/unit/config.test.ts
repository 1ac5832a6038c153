import { describe, expect, it } from "vitest";
import { ConfigError, isHttps, loadConfig } from "../../src/config.js";

describe("configuration", () => {
  it("has working defaults", () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.publicUrl.href).toBe("http://localhost:3000/");
    expect(config.databaseUrl).toBeUndefined();
    expect(config.argon2).toEqual({ memoryKib: 19_456, iterations: 2, parallelism: 1 });
    expect(isHttps(config)).toBe(false);
  });

  it("names every bad setting at once", () => {
    try {
      loadConfig({ PORT: "0", SESAME_DATABASE_URL: "mysql://x", SESAME_SIGNIN_RATE_LIMIT: "lots" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join("\n");
      expect(problems).toContain("PORT");
      expect(problems).toContain("SESAME_DATABASE_URL");
      expect(problems).toContain("SESAME_SIGNIN_RATE_LIMIT");
    }
  });

  it("turns on https behaviour from the public URL", () => {
    expect(isHttps(loadConfig({ SESAME_PUBLIC_URL: "https://id.contoso.com" }))).toBe(true);
  });
});
