/**
 * `npm run chaos:kill9`: on SQLite (a temp folder) and PostgreSQL (a fresh database on
 * SESAME_BENCH_DATABASE_URL, else this machine's server, created and dropped here), the
 * built server under concurrent writes (users added, administrator resets, self-service
 * resets) is killed with SIGKILL at a random moment, ten times, and started again. Then:
 * every write the clients saw acknowledged is there, and no change is half done (audit row
 * and email exactly when the change). SESAME_CHAOS_STORES=sqlite (or postgres) runs one.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createScratchDatabase, type ScratchDatabase } from "../bench/support/scratch-database.js";
import { spawnSesame, type SesameProcess } from "../bench/support/sesame-process.js";
import { migrateToLatest, openStore } from "../src/store/database.js";
import { createServices } from "../src/wiring.js";
import { TEST_SERVICE_CONFIG } from "../test/support/stores.js";
import { onExit } from "./support/private-postgres.js";
import { emptyLedger, prepareScene, verify, write, type Ledger } from "./support/writes.js";

const KILLS = Number(process.env.SESAME_CHAOS_KILLS ?? 10);
const WRITERS = 6;
const serverUrl =
  process.env.SESAME_BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const stores = (process.env.SESAME_CHAOS_STORES ?? "sqlite,postgres").split(",");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const running: { server?: SesameProcess; database?: ScratchDatabase; folder?: string } = {};
onExit(() => {
  running.server?.child.kill("SIGKILL");
  if (running.database) {
    execFileSync("psql", [
      serverUrl,
      "-qc",
      `DROP DATABASE IF EXISTS ${running.database.name} WITH (FORCE)`,
    ]);
  }
  if (running.folder) fs.rmSync(running.folder, { recursive: true, force: true });
});

const tally = (ledger: Ledger) => ({
  added: ledger.createdAcknowledged.length,
  adminResets: ledger.resets.reduce((n, r) => n + r.acknowledged.length, 0),
  selfServiceResets: ledger.selfServiceResets.reduce((n, r) => n + r.acknowledged.length, 0),
  cutOff:
    ledger.createdSent.length -
    ledger.createdAcknowledged.length +
    ledger.resets.reduce((n, r) => n + r.unanswered, 0) +
    ledger.selfServiceResets.reduce((n, r) => n + r.unanswered, 0),
});

const rows: string[] = [];
let failed = false;
for (const kind of stores) {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "sesame-kill9-"));
  running.folder = folder;
  const database =
    kind === "postgres" ? await createScratchDatabase(serverUrl, "sesame_kill9") : undefined;
  running.database = database;
  const store = openStore({ databaseUrl: database?.url, dataDir: folder });
  await migrateToLatest(store);
  // The script's own services, over the same store: to set the scene and read the codes.
  const services = await createServices(store, TEST_SERVICE_CONFIG);
  const scene = await prepareScene(store, services, WRITERS);
  const ledger = emptyLedger(WRITERS);
  const env = {
    SESAME_DATA_DIR: folder,
    ...(database ? { SESAME_DATABASE_URL: database.url } : {}),
    SESAME_LOG_LEVEL: "error",
    SESAME_TRUST_PROXY: "true",
    SESAME_CAPTCHA_COST: "1",
  };
  const started = performance.now();
  for (let kill = 1; kill <= KILLS; kill++) {
    const server = await spawnSesame({ env, timeoutMs: 60_000 });
    running.server = server;
    let killed = false;
    const writers = Array.from({ length: WRITERS }, (_, writer) =>
      write(server.url, store, services, scene, ledger, writer).catch((error: unknown) => {
        // After the kill every writer ends on a cut connection; before it, that is a defect.
        if (!killed) ledger.refused.push(`writer ${writer}: ${String(error)}`);
      }),
    );
    // At a random moment once writes are under way (the first acknowledged in this round).
    const before = tally(ledger);
    const deadline = Date.now() + 30_000;
    while (JSON.stringify(tally(ledger)) === JSON.stringify(before) && Date.now() < deadline) {
      await sleep(20);
    }
    await sleep(1_000 + Math.random() * 4_000);
    killed = true;
    await server.kill9();
    await Promise.all(writers);
    process.stdout.write(`${kind}: kill ${kill}/${KILLS} ${JSON.stringify(tally(ledger))}\n`);
  }
  const server = await spawnSesame({ env, timeoutMs: 60_000 });
  running.server = server;
  const verdict = await verify(server.url, store, scene, ledger);
  await server.stop();
  await store.close();
  await database?.drop();
  running.database = undefined;
  fs.rmSync(folder, { recursive: true, force: true });
  const counts = tally(ledger);
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  rows.push(
    `| ${kind === "postgres" ? "PostgreSQL" : "SQLite"} | ${KILLS} | ${counts.added} / ${counts.adminResets} / ${counts.selfServiceResets} | ${verdict.acknowledgedMissing.length} | ${verdict.halfDone.length} | ${counts.cutOff} (${verdict.unansweredCommitted} committed) | ${ledger.refused.length} | ${seconds} |`,
  );
  for (const problem of [...verdict.acknowledgedMissing, ...verdict.halfDone, ...ledger.refused]) {
    console.log(`  ${kind}: ${problem}`);
  }
  failed ||=
    verdict.acknowledgedMissing.length > 0 ||
    verdict.halfDone.length > 0 ||
    ledger.refused.length > 0;
}

console.log(
  "\n| store | kills | acknowledged: users added / admin resets / self-service resets | acknowledged lost | half done | cut off unanswered | other failures | seconds |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
for (const row of rows) console.log(row);
console.log(failed ? "\nFAIL" : "\nPASS");
process.exitCode = failed ? 1 : 0;
