import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Challenge } from "altcha-lib";
import { CAPTCHA_VALIDITY_MS } from "../../src/domain/captcha.js";
import { createCaptcha } from "../../src/services/captcha.js";
import { solveCaptcha, solvePayload } from "../support/captcha.js";
import { buildTestApp, Client } from "../support/http.js";
import { describeEachStore } from "../support/stores.js";

type Decoded = {
  challenge: { parameters: Record<string, unknown>; signature: string };
  solution: { counter: number; derivedKey: string };
};

const decode = (payload: string) =>
  JSON.parse(Buffer.from(payload, "base64").toString("utf8")) as Decoded;
const encode = (decoded: Decoded) => Buffer.from(JSON.stringify(decoded)).toString("base64");

describeEachStore("CAPTCHA", (fx) => {
  const solved = async () => solvePayload(await fx.services.captcha.challenge());

  it("accepts a solved challenge once; a replay is refused", async () => {
    const payload = await solved();
    expect(await fx.services.captcha.verify(payload)).toBe(true);
    expect(await fx.services.captcha.verify(payload)).toBe(false);
  });

  it("accepts exactly one of several racing uses of one payload", async () => {
    const payload = await solved();
    const results = await Promise.all(
      Array.from({ length: 6 }, () => fx.services.captcha.verify(payload)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("refuses a challenge signed with another key", async () => {
    const other = createCaptcha(
      { store: fx.store, now: fx.clock.now },
      { secret: "someone else's key", cost: 1 },
    );
    expect(await fx.services.captcha.verify(await solvePayload(await other.challenge()))).toBe(
      false,
    );
  });

  it("refuses a forged signature or changed parameters", async () => {
    const decoded = decode(await solved());
    const flipped = decoded.challenge.signature.replace(/^./, (c) => (c === "0" ? "1" : "0"));
    const forged = { ...decoded, challenge: { ...decoded.challenge, signature: flipped } };
    expect(await fx.services.captcha.verify(encode(forged))).toBe(false);

    const extended = {
      ...decoded,
      challenge: {
        ...decoded.challenge,
        parameters: { ...decoded.challenge.parameters, data: { expiresAt: Date.UTC(2100, 0) } },
      },
    };
    expect(await fx.services.captcha.verify(encode(extended))).toBe(false);
    // The untouched payload is still good: the refusals above did not use it up.
    expect(await fx.services.captcha.verify(encode(decoded))).toBe(true);
  });

  it("refuses a tampered solution", async () => {
    const decoded = decode(await solved());
    const wrongCounter = { ...decoded, solution: { ...decoded.solution, counter: 7 } };
    expect(await fx.services.captcha.verify(encode(wrongCounter))).toBe(false);
    const nextCounter = {
      ...decoded,
      solution: { ...decoded.solution, counter: decoded.solution.counter + 1 },
    };
    expect(await fx.services.captcha.verify(encode(nextCounter))).toBe(false);
    expect(await fx.services.captcha.verify(encode(decoded))).toBe(true);

    const again = decode(await solved());
    const wrongKey = {
      ...again,
      solution: { ...again.solution, derivedKey: "00".repeat(32) },
    };
    expect(await fx.services.captcha.verify(encode(wrongKey))).toBe(false);
  });

  it("refuses a challenge solved after it expired, by the service's clock", async () => {
    const late = await solved();
    const inTime = await solved();
    fx.clock.advance(CAPTCHA_VALIDITY_MS - 1_000);
    expect(await fx.services.captcha.verify(inTime)).toBe(true);
    fx.clock.advance(1_000);
    expect(await fx.services.captcha.verify(late)).toBe(false);
  });

  it("forgets used challenges once they have expired", async () => {
    const used = await solved();
    expect(await fx.services.captcha.verify(used)).toBe(true);
    const signature = decode(used).challenge.signature;
    const stored = () =>
      fx.store.db
        .selectFrom("captcha_uses")
        .select("signature")
        .where("signature", "=", signature)
        .execute();
    expect(await stored()).toHaveLength(1);
    fx.clock.advance(CAPTCHA_VALIDITY_MS + 1);
    expect(await fx.services.captcha.verify(await solved())).toBe(true);
    expect(await stored()).toEqual([]);
    // And the old payload is still refused, by its expiry now.
    expect(await fx.services.captcha.verify(used)).toBe(false);
  });

  it.each([
    ["missing", undefined],
    ["null", null],
    ["empty", ""],
    ["a number", 42],
    ["an object", { challenge: {}, solution: {} }],
    ["not base64 JSON", "%%%not-base64%%%"],
    ["base64 of not JSON", Buffer.from("hello").toString("base64")],
    ["base64 of {}", Buffer.from("{}").toString("base64")],
    ["too long", "A".repeat(10_000)],
  ])("refuses a %s payload", async (_name, payload) => {
    expect(await fx.services.captcha.verify(payload)).toBe(false);
  });

  it("refuses a challenge of another algorithm, even when signed", async () => {
    const decoded = decode(await solved());
    const parameters = { ...decoded.challenge.parameters, algorithm: "SHA-256" };
    const other = { ...decoded, challenge: { ...decoded.challenge, parameters } };
    expect(await fx.services.captcha.verify(encode(other))).toBe(false);
  });

  describe("over HTTP", () => {
    let app: FastifyInstance;
    beforeAll(async () => {
      app = await buildTestApp(fx);
    });
    afterAll(async () => {
      await app?.close();
    });

    it("serves challenges as uncached JSON that solve and verify", async () => {
      const client = new Client(app);
      const response = await client.get("/captcha/challenge");
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toMatch(/^application\/json/);
      expect(response.headers["cache-control"]).toBe("no-store");
      const challenge = JSON.parse(response.body) as Challenge;
      expect(challenge.parameters.algorithm).toBe("PBKDF2/SHA-256");
      expect(challenge.signature).toMatch(/^[0-9a-f]{64}$/);
      expect(await fx.services.captcha.verify(await solveCaptcha(client))).toBe(true);
    });

    it("serves the widget's strict-CSP files and nothing else of the package", async () => {
      const client = new Client(app);
      for (const file of ["external/altcha.js", "workers/pbkdf2.js"]) {
        const response = await client.get(`/assets/altcha/${file}`);
        expect(response.statusCode, file).toBe(200);
        expect(response.headers["content-type"], file).toMatch(/javascript/);
      }
      const css = await client.get("/assets/altcha/external/altcha.css");
      expect(css.statusCode).toBe(200);
      expect(css.headers["content-type"]).toMatch(/^text\/css/);
      for (const file of ["main/altcha.js", "../package.json", "i18n/nl.js", "external/"]) {
        const response = await client.get(`/assets/altcha/${file}`);
        // 404, though today the app's not-found page fails (500) for any missing asset.
        expect(response.statusCode, file).toBeGreaterThanOrEqual(400);
        expect(response.body, file).not.toMatch(/customElements|"name": "altcha"/);
      }
      // The app's own assets are still there.
      expect((await client.get("/assets/sesame.css")).statusCode).toBe(200);
    });

    it("limits challenges to 30 a minute per IP address", async () => {
      const limited = await buildTestApp(fx);
      try {
        const client = new Client(limited);
        for (let i = 0; i < 30; i++) {
          expect((await client.get("/captcha/challenge")).statusCode).toBe(200);
        }
        expect((await client.get("/captcha/challenge")).statusCode).toBe(429);
        const elsewhere = await limited.inject({
          method: "GET",
          url: "/captcha/challenge",
          remoteAddress: "192.0.2.7",
        });
        expect(elsewhere.statusCode).toBe(200);
      } finally {
        await limited.close();
      }
    });
  });
});
