/**
 * `npm run chaos:soak`: the built server (SQLite; PostgreSQL with SESAME_BENCH_DATABASE_URL)
 * for 10 minutes at about 80% of its capacity: sign-ins, lists, reads and administrator
 * resets. First 20 s at full load measure the capacity; then each client pauses between steps
 * so the whole holds 80% of it. Prints every status seen (only 2xx, 3xx and the intended 429s
 * are allowed) and the resident memory, whose drift over the last 5 minutes must stay below
 * 10%. SESAME_SOAK_MINUTES shortens it for a quick look.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createScratchDatabase } from "../bench/support/scratch-database.js";
import { spawnSesame } from "../bench/support/sesame-process.js";
import { seedDirectory } from "./support/directory.js";
import { directoryOperations, startTraffic, tallyOf } from "./support/traffic.js";

const MINUTES = Number(process.env.SESAME_SOAK_MINUTES ?? 10);
const CLIENTS = 16;
const CALIBRATION_MS = 20_000;
const SAMPLE_MS = 5_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const folder = fs.mkdtempSync(path.join(os.tmpdir(), "sesame-soak-"));
const adminUrl = process.env.SESAME_BENCH_DATABASE_URL;
const database = adminUrl ? await createScratchDatabase(adminUrl, "sesame_soak") : undefined;
const env: Record<string, string> = {
  SESAME_DATA_DIR: folder,
  SESAME_LOG_LEVEL: "warn",
  SESAME_TRUST_PROXY: "true",
  ...(database ? { SESAME_DATABASE_URL: database.url } : {}),
};
const server = await spawnSesame({ env, timeoutMs: 60_000 });
const rssMb = () =>
  Number(
    /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${server.child.pid}/status`, "utf8"))?.[1] ?? 0,
  ) / 1024;
try {
  const directory = await seedDirectory(env, server.url, { signInUsers: 32, resetTargets: 32 });
  const operations = directoryOperations(server.url, directory);

  const full = startTraffic(operations, { clients: CLIENTS, until: Date.now() + CALIBRATION_MS });
  await sleep(CALIBRATION_MS);
  await full.stop();
  const steps = full.recorded.filter((answer) => answer.status !== 0);
  const capacity = new Set(steps.map((a) => a.at)).size / (CALIBRATION_MS / 1000);
  const meanStepMs =
    steps.reduce((sum, answer) => sum + (answer.done - answer.at), 0) / Math.max(1, steps.length);
  // Each client's cycle (step + pause) is clients / rate; the pause is what the step leaves.
  const target = capacity * 0.8;
  const pauseMs = Math.max(0, (CLIENTS / target) * 1000 - meanStepMs);
  console.log(
    `${server.url}, ${adminUrl ? "PostgreSQL" : "SQLite"}: capacity ≈ ${capacity.toFixed(0)} steps/s (${tallyOf(full.recorded)}); soaking ${MINUTES} min at ≈ ${target.toFixed(0)}/s, ${CLIENTS} clients pausing ${pauseMs.toFixed(0)} ms`,
  );

  const samples: { minute: number; mb: number }[] = [];
  const began = Date.now();
  const sampler = setInterval(
    () => samples.push({ minute: (Date.now() - began) / 60_000, mb: rssMb() }),
    SAMPLE_MS,
  );
  const soak = startTraffic(operations, {
    clients: CLIENTS,
    until: began + MINUTES * 60_000,
    pauseMs: () => pauseMs * (0.5 + Math.random()),
  });
  await sleep(MINUTES * 60_000);
  await soak.stop();
  clearInterval(sampler);

  const unintended = soak.recorded.filter(
    (answer) => !(answer.status >= 200 && answer.status < 400) && answer.status !== 429,
  );
  const half = MINUTES / 2;
  const last = samples.filter((sample) => sample.minute >= half);
  const first = last[0]?.mb ?? 0;
  const end = last.at(-1)?.mb ?? 0;
  const drift = first > 0 ? ((end - first) / first) * 100 : 0;
  const rate = new Set(soak.recorded.map((a) => a.at)).size / (MINUTES * 60);
  console.log(`statuses: ${tallyOf(soak.recorded)} (${rate.toFixed(0)} steps/s)`);
  console.log(`unintended errors: ${unintended.length}`);
  console.log(
    `RSS: ${samples[0]?.mb.toFixed(0)} MB at the start, ${first.toFixed(0)} MB at minute ${half}, ${end.toFixed(0)} MB at the end, most ${Math.max(...samples.map((s) => s.mb)).toFixed(0)} MB; drift over the last ${half} min ${drift.toFixed(1)}% (goal < 10%)`,
  );
  process.exitCode = unintended.length === 0 && Math.abs(drift) < 10 ? 0 : 1;
} finally {
  await server.stop();
  fs.rmSync(folder, { recursive: true, force: true });
  await database?.drop();
}
