/**
 * `npm run chaos:pg-restart`: the built server on a PostgreSQL of this script's own, under
 * load from a fixed number of clients, while that PostgreSQL restarts (fast) and crashes
 * (immediate stop, then start) a few times. Prints whether the server lived, the statuses
 * of each phase (503 only for steps in flight during an outage), how long the server took to serve again
 * once PostgreSQL was back, the /readyz timeline, and whether every acknowledged reset's
 * email left the outbox. About a minute; removes its cluster and folders at the end.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { spawnSesame, type SesameProcess } from "../bench/support/sesame-process.js";
import { openStore } from "../src/store/database.js";
import { listOutboxMessagesTo } from "../src/store/outbox.js";
import { seedDirectory } from "./support/directory.js";
import { onExit, startPrivatePostgres } from "./support/private-postgres.js";
import { directoryOperations, startTraffic, tallyOf, type Recorded } from "./support/traffic.js";

const CLIENTS = Number(process.env.SESAME_CHAOS_CLIENTS ?? 16);
const CALM_MS = 4_000;
const CRASH_DOWN_MS = 2_000;
const OUTAGES: readonly ("restart -m fast" | "stop -m immediate, start")[] = [
  "restart -m fast",
  "stop -m immediate, start",
  "restart -m fast",
  "stop -m immediate, start",
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const began = performance.now();
const now = () => performance.now() - began;

const folder = fs.mkdtempSync(path.join(os.tmpdir(), "sesame-chaos-"));
const postgres = await startPrivatePostgres();
const running: { server?: SesameProcess } = {};
onExit(() => {
  running.server?.child.kill("SIGKILL");
  postgres.removeSync();
  fs.rmSync(folder, { recursive: true, force: true });
});

const admin = new pg.Client({ connectionString: postgres.urlOf("postgres") });
await admin.connect();
await admin.query("CREATE DATABASE sesame");
await admin.end();
const env = {
  SESAME_DATABASE_URL: postgres.urlOf("sesame"),
  SESAME_DATA_DIR: folder,
  SESAME_LOG_LEVEL: "error",
  SESAME_TRUST_PROXY: "true",
};
const server = await spawnSesame({ env, timeoutMs: 60_000 });
running.server = server;
const directory = await seedDirectory(env, server.url, { signInUsers: 8, resetTargets: 8 });
console.log(
  `PostgreSQL ${postgres.port} (private), Sesame ${server.url}, ${CLIENTS} clients: sign-ins, lists, reads, resets (each emailed)`,
);

// /readyz every 100 ms: its status changes are the timeline.
const readiness: { at: number; status: number }[] = [];
let polling = true;
const poller = (async () => {
  while (polling) {
    const at = now();
    const status = await fetch(`${server.url}/readyz`, { signal: AbortSignal.timeout(5_000) })
      .then((response) => response.status)
      .catch(() => 0);
    if (readiness.at(-1)?.status !== status) readiness.push({ at, status });
    await sleep(100);
  }
})();

const trafficBegan = now();
const traffic = startTraffic(directoryOperations(server.url, directory, { emailResets: true }), {
  clients: CLIENTS,
  until: Date.now() + 5 * 60_000,
});
const phases: { name: string; from: number; to: number; kind: "calm" | "outage" }[] = [];
const mark = (name: string, kind: "calm" | "outage", from: number) =>
  phases.push({ name, kind, from, to: now() });

let calmFrom = now();
await sleep(CALM_MS);
for (const [index, outage] of OUTAGES.entries()) {
  mark(index === 0 ? "before" : `after outage ${index}`, "calm", calmFrom);
  const from = now();
  if (outage === "restart -m fast") {
    await postgres.restartFast();
  } else {
    await postgres.stopImmediate();
    await sleep(CRASH_DOWN_MS);
    await postgres.start();
  }
  mark(`outage ${index + 1}: ${outage}`, "outage", from);
  calmFrom = now();
  await sleep(CALM_MS);
}
mark(`after outage ${OUTAGES.length}`, "calm", calmFrom);
await traffic.stop();
polling = false;
await poller;

// Requests are placed by when they were sent, relative to the script's clock.
const answers = traffic.recorded.map((answer) => ({
  ...answer,
  at: answer.at + trafficBegan,
  done: answer.done + trafficBegan,
}));
const inPhase = (phase: (typeof phases)[number]) =>
  answers.filter((answer) => answer.at >= phase.from && answer.at < phase.to);
const alive = server.child.exitCode === null && server.child.signalCode === null;
console.log(`\nServer lived: ${alive ? "yes" : `NO (exit ${server.child.exitCode})`}`);
console.log("\n| phase | seconds | answers |");
console.log("| --- | --- | --- |");
for (const phase of phases) {
  const seconds = ((phase.to - phase.from) / 1000).toFixed(1);
  console.log(`| ${phase.name} | ${seconds} | ${tallyOf(inPhase(phase))} |`);
}

const isSuccess = (answer: Recorded) => answer.status >= 200 && answer.status < 400;
console.log(
  "\n| outage | PostgreSQL down (s) | first success sent after it is back (ms) | 503s for steps sent after it is back (in flight at no outage) | /readyz 200 again (ms after it is back) |",
);
console.log("| --- | --- | --- | --- | --- |");
const outagePhases = phases.filter((phase) => phase.kind === "outage");
for (const [index, phase] of outagePhases.entries()) {
  const back = phase.to;
  const next = outagePhases[index + 1]?.from ?? Infinity;
  // Steps sent after PostgreSQL is back and answered before the next outage began.
  const sentAfter = answers.filter((answer) => answer.at >= back && answer.done < next);
  const firstSuccess = sentAfter.find(isSuccess);
  const late503 = sentAfter.filter((answer) => answer.status === 503).length;
  // pg_ctl -w polls: Sesame may see PostgreSQL ready before the command returns (< 0).
  const ready = readiness.find((entry) => entry.at > phase.from && entry.status === 200);
  const ms = (at: number | undefined) => (at === undefined ? "–" : Math.round(at - back));
  console.log(
    `| ${phase.name} | ${((phase.to - phase.from) / 1000).toFixed(1)} | ${ms(firstSuccess?.at)} | ${late503} | ${ms(ready?.at)} |`,
  );
}
// A 503 is fair for a step in flight during an outage; any other 503 is a defect.
const overlapsOutage = (answer: Recorded) =>
  outagePhases.some((outage) => answer.at < outage.to && answer.done > outage.from);
const bad503 = answers.filter((answer) => answer.status === 503 && !overlapsOutage(answer));
const other = answers.filter((answer) => !isSuccess(answer) && answer.status !== 503);
console.log(
  `\n503 for steps not in flight during an outage: ${bad503.length}; answers neither success nor 503: ${other.length}`,
);
for (const answer of other.slice(0, 5)) console.log("  ", answer);
const without = answers.filter((a) => a.status === 503 && a.retryAfter === null).length;
console.log(`503 without Retry-After: ${without}`);
console.log(
  `\n/readyz: ${readiness.map((entry) => `${(entry.at / 1000).toFixed(1)}s ${entry.status}`).join(" → ")}`,
);

// Every reset acknowledged with 200 queued its email in the same transaction: none may be
// missing from the outbox, and the worker, having lived through the outages, sends them.
const acknowledged = answers.filter((a) => a.operation === "reset password" && a.status === 200);
const store = openStore({ databaseUrl: env.SESAME_DATABASE_URL, dataDir: folder });
const outbox = () => listOutboxMessagesTo(store, `helpdesk@${directory.domain}`);
const deadline = Date.now() + 20_000;
while ((await outbox()).some((m) => m.status !== "sent") && Date.now() < deadline) await sleep(500);
const messages = await outbox();
const sent = messages.filter((m) => m.status === "sent").length;
const leased = messages.filter((m) => m.status === "pending" && (m.claimedUntil ?? 0) > Date.now());
await store.close();
console.log(
  `Resets acknowledged: ${acknowledged.length}; their emails in the outbox: ${messages.length}, sent: ${sent}, still leased to the worker: ${leased.length}`,
);
const ok =
  alive &&
  bad503.length === 0 &&
  other.length === 0 &&
  without === 0 &&
  messages.length >= acknowledged.length &&
  sent + leased.length === messages.length;
console.log(ok ? "\nPASS" : "\nFAIL");
await server.stop();
process.exitCode = ok ? 0 : 1;
