/**
 * Fuzzes the built server (dist/main.js) over real HTTP: every API operation and every page
 * route with the generators of test/support/fuzz/requests.ts, plus what only a raw socket
 * sends (invalid UTF-8 bytes, odd framing, clients that hang up mid-request). Per store it
 * counts requests, 5xx answers, answers of the wrong content type, crashes and the error
 * lines in the server's log, all of which should be 0.
 *
 *   npm run chaos:fuzz
 *   SESAME_CHAOS_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run chaos:fuzz
 *
 * SESAME_FUZZ_REQUESTS (50,000) and SESAME_FUZZ_MINUTES (10) bound each store's run,
 * SESAME_FUZZ_SEED replays one. PostgreSQL runs in a database it creates and drops.
 */
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import pg from "pg";
import { loadConfig } from "../src/config.js";
import { buildApp } from "../src/http/app.js";
import { openRuntime } from "../src/runtime.js";
import { spawnSesame, type SesameProcess } from "../bench/support/sesame-process.js";
import { describeRequest, problemsOf } from "../test/support/fuzz/oracle.js";
import {
  fuzzCases,
  operationsOf,
  rawCases,
  realise,
  wireBytes,
  type Route,
  type WireRequest,
} from "../test/support/fuzz/requests.js";
import { FuzzWorldState, type Send, type WireResponse } from "../test/support/fuzz/world.js";

const REQUESTS = Number(process.env.SESAME_FUZZ_REQUESTS ?? 50_000);
const MINUTES = Number(process.env.SESAME_FUZZ_MINUTES ?? 10);
const SEED = Number(process.env.SESAME_FUZZ_SEED ?? Date.now() % 2 ** 31);
const CONCURRENCY = 8;
const BATCH = 100;
/** One request in this many goes over a raw socket with a trick of the wire. */
const RAW_EVERY = 8;
const REFRESH_EVERY = 1_000;
const TIMEOUT_MS = 10_000;

interface Tally {
  store: string;
  requests: number;
  raw: number;
  unanswered: number;
  /** Why requests got no answer: the client's error code, or the raw trick. */
  unansweredWhy: Map<string, number>;
  fiveHundreds: number;
  otherProblems: number;
  crashed: boolean;
  errorLines: number;
  seconds: number;
  statuses: Map<number, number>;
  examples: string[];
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

/** Sends with Node's client; what it refuses to write (a path it finds unsafe) goes raw. */
function httpSender(port: number): Send {
  return (request) =>
    new Promise<WireResponse>((resolve, reject) => {
      let outgoing: http.ClientRequest;
      try {
        outgoing = http.request({
          host: "127.0.0.1",
          port,
          method: request.method,
          path: request.url,
          // Node's client frames a GET's body by no length at all: say it, as clients do.
          headers: request.body
            ? { ...request.headers, "content-length": String(request.body.length) }
            : request.headers,
          agent,
          timeout: TIMEOUT_MS,
        });
      } catch {
        rawSend(port, wireBytes(request, "asIs", `127.0.0.1:${port}`))
          .then((raw) => resolve(raw ?? { status: 0, headers: {}, body: "" }))
          .catch(reject);
        return;
      }
      outgoing.on("timeout", () => outgoing.destroy(new Error("no answer in time")));
      outgoing.on("error", reject);
      outgoing.on("response", (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
        incoming.on("error", reject);
        incoming.on("end", () =>
          resolve({
            status: incoming.statusCode ?? 0,
            headers: incoming.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      });
      outgoing.end(request.body);
    });
}

/** Writes bytes on a fresh connection; the first answer's status, headers and body, if any. */
function rawSend(
  port: number,
  wire: { bytes: Buffer; hangUp: boolean; halfClose: boolean },
): Promise<(WireResponse & { statuses: number[] }) | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(port, "127.0.0.1");
    const finish = () => {
      socket.destroy();
      const text = Buffer.concat(chunks).toString("latin1");
      const statuses = [...text.matchAll(/HTTP\/1\.[01] (\d{3})/g)].map((match) =>
        Number(match[1]),
      );
      if (statuses.length === 0) return resolve(undefined);
      const [head = "", ...rest] = text.split("\r\n\r\n");
      const headers: Record<string, string> = {};
      for (const line of head.split("\r\n").slice(1)) {
        const at = line.indexOf(":");
        headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
      }
      const content = rest.join("\r\n\r\n");
      const body = /chunked/i.test(headers["transfer-encoding"] ?? "")
        ? unchunked(content)
        : content;
      resolve({
        status: statuses[0] ?? 0,
        statuses,
        headers,
        body: Buffer.from(body, "latin1").toString(),
      });
    };
    socket.setTimeout(TIMEOUT_MS, finish);
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", finish);
    socket.on("close", finish);
    socket.on("connect", () => {
      socket.write(wire.bytes, () => {
        if (wire.hangUp) socket.destroy();
        else if (wire.halfClose) socket.end();
      });
    });
  });
}

/** A chunked body's content (as far as it is well-formed). */
function unchunked(text: string): string {
  let content = "";
  let rest = text;
  for (;;) {
    const end = rest.indexOf("\r\n");
    const size = Number.parseInt(rest.slice(0, end), 16);
    if (end < 0 || !Number.isFinite(size) || size === 0) return content;
    content += rest.slice(end + 2, end + 2 + size);
    rest = rest.slice(end + 4 + size);
  }
}

/** The routes the server has, as Fastify reports them to an app built here on the same store. */
async function routesOf(env: Record<string, string>): Promise<Route[]> {
  const config = loadConfig(env);
  const { store, services } = await openRuntime(config);
  const routes: Route[] = [];
  const app = await buildApp({
    config,
    store,
    services,
    logger: false,
    onRoute: (route) => {
      for (const method of [route.method].flat()) routes.push({ method, url: route.url });
    },
  });
  await app.ready();
  await app.close();
  await store.close();
  return routes;
}

async function fuzzStore(name: string, env: Record<string, string>): Promise<Tally> {
  const tally: Tally = {
    store: name,
    requests: 0,
    raw: 0,
    unanswered: 0,
    unansweredWhy: new Map(),
    fiveHundreds: 0,
    otherProblems: 0,
    crashed: false,
    errorLines: 0,
    seconds: 0,
    statuses: new Map(),
    examples: [],
  };
  const routes = await routesOf(env);
  const server: SesameProcess = await spawnSesame({ env });
  const config = loadConfig(env);
  const { store, services } = await openRuntime(config);
  const send = httpSender(server.port);
  const began = performance.now();
  try {
    const document = await send({ method: "GET", url: "/api/v1/openapi.json", headers: {} });
    const operations = operationsOf(JSON.parse(document.body));
    const pages = routes.filter((route) => !route.url.startsWith("/api/"));
    const targets = { operations, pages };
    console.log(
      `${name}: ${operations.length} operations, ${pages.length} page routes, seed ${SEED}`,
    );
    const world = new FuzzWorldState(send, services, store, routes, operations);
    await world.refresh();

    const deadline = Date.now() + MINUTES * 60_000;
    let refreshing: Promise<void> | undefined;
    const note = (request: WireRequest | string, status: number, problems: string[]) => {
      tally.statuses.set(status, (tally.statuses.get(status) ?? 0) + 1);
      if (problems.length === 0) return;
      if (status >= 500) tally.fiveHundreds += 1;
      else tally.otherProblems += 1;
      if (tally.examples.length < 12) {
        const what = typeof request === "string" ? request : describeRequest(request);
        tally.examples.push(`${problems.join("; ")}: ${what}`);
      }
    };
    const unanswered = (why: string, what?: string) => {
      tally.unanswered += 1;
      if (process.env.SESAME_FUZZ_DEBUG && what) console.log(`unanswered, ${why}: ${what}`);
      tally.unansweredWhy.set(why, (tally.unansweredWhy.get(why) ?? 0) + 1);
    };
    let batch = 0;
    while (tally.requests < REQUESTS && Date.now() < deadline && server.child.exitCode === null) {
      batch += 1;
      const regular = fc.sample(fuzzCases(targets), { numRuns: BATCH, seed: SEED + batch });
      const raw = fc.sample(rawCases(targets), {
        numRuns: Math.ceil(BATCH / RAW_EVERY),
        seed: SEED - batch,
      });
      const regularWork = regular.map((fuzzCase) => async () => {
        const request = realise(fuzzCase, world);
        try {
          const response = await send(request);
          note(request, response.status, problemsOf(request, response));
        } catch (error) {
          const code = (error as { code?: string }).code ?? String(error);
          unanswered(
            `${code} after ${request.body ? "a body" : "no body"}`,
            describeRequest(request),
          );
        }
      });
      const rawWork = raw.map((rawCase) => async () => {
        tally.raw += 1;
        const request = realise(rawCase.fuzzCase, world);
        const response = await rawSend(
          server.port,
          wireBytes(request, rawCase.trick, `127.0.0.1:${server.port}`),
        );
        if (!response) {
          if (rawCase.trick !== "hangUp") unanswered(`raw ${rawCase.trick}`);
          return;
        }
        // Two answers in one stream are judged by their statuses alone.
        const problems = response.statuses.some((status) => status >= 500)
          ? [`status ${Math.max(...response.statuses)}`]
          : rawCase.trick === "pipelined"
            ? []
            : problemsOf(request, response);
        note(`${rawCase.trick} ${describeRequest(request)}`, response.status, problems);
      });
      // The raw ones spread among the others.
      const queue = regularWork.flatMap((task, index) => {
        const rawTask = index % RAW_EVERY === 0 ? rawWork[index / RAW_EVERY] : undefined;
        return rawTask ? [task, rawTask] : [task];
      });
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          for (let task = queue.shift(); task; task = queue.shift()) {
            await task();
            tally.requests += 1;
            if (tally.requests % REFRESH_EVERY === 0 && !refreshing) {
              refreshing = world.refresh(5).finally(() => (refreshing = undefined));
              await refreshing;
            }
          }
        }),
      );
      if (batch % 20 === 0) {
        const health = await send({ method: "GET", url: "/healthz", headers: {} }).catch(
          () => undefined,
        );
        if (health?.status !== 200) break;
        const rate = tally.requests / ((performance.now() - began) / 1000);
        console.log(
          `${name}: ${tally.requests} requests (${rate.toFixed(0)}/s), ${tally.fiveHundreds} 5xx`,
        );
      }
    }
  } finally {
    tally.seconds = (performance.now() - began) / 1000;
    tally.crashed = server.child.exitCode !== null || server.child.signalCode !== null;
    await server.stop();
    await store.close();
    const errors = errorLinesOf(server.output());
    tally.errorLines = errors.length;
    for (const line of errors.slice(0, 5)) tally.examples.push(`log: ${line.slice(0, 400)}`);
  }
  return tally;
}

/** Lines of the server's log at level error or worse, and whatever it printed that is not a log line. */
function errorLinesOf(output: string): string[] {
  return output.split("\n").filter((line) => {
    if (line.trim() === "") return false;
    try {
      return ((JSON.parse(line) as { level?: number }).level ?? 0) >= 50;
    } catch {
      return /error|exception|at .+:\d+:\d+/i.test(line);
    }
  });
}

async function main(): Promise<void> {
  const base = {
    HOST: "127.0.0.1",
    SESAME_TRUST_PROXY: "true",
    SESAME_LOG_LEVEL: "warn",
    SESAME_CAPTCHA_COST: "1",
  };
  const tallies: Tally[] = [];
  const sqliteDir = fs.mkdtempSync(path.join(os.tmpdir(), "sesame-fuzz-"));
  try {
    tallies.push(await fuzzStore("SQLite", { ...base, SESAME_DATA_DIR: sqliteDir }));
  } finally {
    fs.rmSync(sqliteDir, { recursive: true, force: true });
  }
  const adminUrl = process.env.SESAME_CHAOS_DATABASE_URL;
  if (adminUrl) {
    const database = `sesame_fuzz_${process.pid}`;
    const admin = async (sql: string) => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(sql);
      await client.end();
    };
    await admin(`CREATE DATABASE ${database}`);
    const url = new URL(adminUrl);
    url.pathname = `/${database}`;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sesame-fuzz-"));
    try {
      tallies.push(
        await fuzzStore("PostgreSQL", {
          ...base,
          SESAME_DATA_DIR: dataDir,
          SESAME_DATABASE_URL: url.href,
        }),
      );
    } finally {
      await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  } else {
    console.log("PostgreSQL skipped: set SESAME_CHAOS_DATABASE_URL to fuzz it too.");
  }
  agent.destroy();

  console.log(
    "\n| store | requests | of them raw | unanswered | 5xx | other problems | crashes | error log lines | seconds |",
  );
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const t of tallies) {
    console.log(
      `| ${t.store} | ${t.requests} | ${t.raw} | ${t.unanswered} | ${t.fiveHundreds} | ${t.otherProblems} | ${t.crashed ? 1 : 0} | ${t.errorLines} | ${t.seconds.toFixed(0)} |`,
    );
  }
  for (const t of tallies) {
    const statuses = [...t.statuses]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status}: ${count}`);
    console.log(`\n${t.store} statuses: ${statuses.join(", ")}`);
    const why = [...t.unansweredWhy]
      .sort(([, a], [, b]) => b - a)
      .map(([reason, count]) => `${reason}: ${count}`);
    console.log(`${t.store} unanswered: ${why.join(", ") || "none"}`);
    for (const example of t.examples) console.log(`  ${example}`);
  }
  const failed = tallies.some(
    (t) => t.fiveHundreds + t.otherProblems + t.errorLines > 0 || t.crashed,
  );
  process.exit(failed ? 1 : 0);
}

await main();
