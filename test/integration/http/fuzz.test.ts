import fc from "fast-check";
import type { FastifyInstance, HTTPMethods } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.js";
import { buildApp } from "../../../src/http/app.js";
import { describeRequest, problemsOf } from "../../support/fuzz/oracle.js";
import {
  beyondHeaderLimit,
  fuzzCases,
  operationsOf,
  realise,
  type Route,
} from "../../support/fuzz/requests.js";
import { FuzzWorldState, type Send } from "../../support/fuzz/world.js";
import { describeEachStore } from "../../support/stores.js";
import { errorLog } from "../../support/error-log.js";

// The short version of chaos/fuzz.ts: a few thousand requests per store through app.inject.
const RUNS = Number(process.env.SESAME_FUZZ_RUNS ?? 2_000);
/** Every so many requests the people are made afresh: fuzzed requests sign them out. */
const REFRESH_EVERY = 250;

describeEachStore("fuzzing every operation and every page", (fx) => {
  let app: FastifyInstance;
  const routes: Route[] = [];
  const { stream: log, lines: errorLines } = errorLog();
  beforeAll(async () => {
    const config = loadConfig({
      SESAME_DATA_DIR: fx.dataDir,
      // Each request comes from an address of its own, so that rate limits don't end the run.
      SESAME_TRUST_PROXY: "true",
      SESAME_LOG_LEVEL: "warn",
    });
    app = await buildApp({
      config,
      store: fx.store,
      services: fx.services,
      logStream: log,
      onRoute: (route) => {
        for (const method of [route.method].flat()) routes.push({ method, url: route.url });
      },
    });
  });
  afterAll(() => app.close());

  const send: Send = async (request) => {
    // What a real server's HTTP parser refuses never reaches Sesame.
    if (beyondHeaderLimit(request)) return { status: 431, headers: {}, body: "" };
    const response = await app.inject({
      method: request.method as HTTPMethods,
      url: request.url,
      headers: request.headers,
      ...(request.body ? { payload: request.body } : {}),
    });
    return { status: response.statusCode, headers: response.headers, body: response.body };
  };

  it(`answers ${RUNS} fuzzed requests without a 5xx, in sane content types, logging no error`, async () => {
    const document = await send({ method: "GET", url: "/api/v1/openapi.json", headers: {} });
    const operations = operationsOf(JSON.parse(document.body));
    const pages = routes.filter((route) => !route.url.startsWith("/api/"));
    expect(operations.length).toBeGreaterThan(30);
    expect(pages.length).toBeGreaterThan(60);
    const world = new FuzzWorldState(send, fx.services, fx.store, routes, operations);
    await world.refresh();
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(fuzzCases({ operations, pages }), async (fuzzCase) => {
        sent += 1;
        if (sent % REFRESH_EVERY === 0) await world.refresh();
        const request = realise(fuzzCase, world);
        const response = await send(request);
        const problems = problemsOf(request, response);
        if (problems.length > 0) {
          throw new Error(
            `${problems.join("; ")} for ${describeRequest(request)}\n${response.body.slice(0, 400)}`,
          );
        }
      }),
      { numRuns: RUNS },
    );
    expect(errorLines).toEqual([]);
  }, 180_000);
});
