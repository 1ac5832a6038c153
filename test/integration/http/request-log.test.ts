import { PassThrough } from "node:stream";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.js";
import { buildApp } from "../../../src/http/app.js";
import { describeEachStore } from "../../support/stores.js";

interface LogLine {
  level: number;
  reqId?: string;
  msg?: string;
  err?: { message?: string };
  req?: { headers?: Record<string, string> };
}

/**
 * Support finds a person's failed request by the reference on their error page: it is the
 * request id every log line of that request carries (pino JSON, as operators collect it).
 */
describeEachStore("the request log", (fx) => {
  let app: FastifyInstance;
  const lines: LogLine[] = [];
  beforeAll(async () => {
    const stream = new PassThrough();
    stream.on("data", (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n").filter(Boolean)) {
        lines.push(JSON.parse(line) as LogLine);
      }
    });
    const config = loadConfig({ SESAME_DATA_DIR: fx.dataDir, SESAME_LOG_LEVEL: "info" });
    app = await buildApp({ config, store: fx.store, services: fx.services, logStream: stream });
    // A route that fails as a defect would, added before the app is ready.
    app.get("/test/fails", async () => {
      throw new Error("an unexpected failure");
    });
  });
  afterAll(() => app.close());

  it("names every line of a request by its id, the reference its error page shows", async () => {
    const failed = await app.inject({
      url: "/test/fails",
      headers: { cookie: "sesame-session=secret-cookie-value" },
    });
    expect(failed.statusCode).toBe(500);
    const reference = /mention reference ([0-9a-f]{12})/.exec(failed.body)?.[1];
    expect(reference).toBeDefined();
    const ofRequest = lines.filter((line) => line.reqId === reference);
    // The request as it came, the failure with its cause, the answer.
    expect(ofRequest.map((line) => line.msg)).toEqual(
      expect.arrayContaining(["incoming request", "request failed", "request completed"]),
    );
    expect(ofRequest.find((line) => line.msg === "request failed")?.err?.message).toBe(
      "an unexpected failure",
    );
    // No line holds the cookie the request sent.
    expect(JSON.stringify(lines)).not.toContain("secret-cookie-value");
    // Ids differ per request: a second request gets a reference of its own.
    const again = await app.inject({ url: "/test/fails" });
    expect(/mention reference ([0-9a-f]{12})/.exec(again.body)?.[1]).not.toBe(reference);
  });
});
