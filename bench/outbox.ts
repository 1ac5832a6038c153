/**
 * Outbox delivery through the built server (issue 10): 500 administrator resets that email
 * the temporary password, and how soon each email reaches a real SMTP server; then a raw
 * drain of many queued emails at once.
 *
 *   npm run build && npm run bench:outbox
 *   SESAME_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:outbox
 *
 * The second runs SQLite, then PostgreSQL in a database of its own (created and dropped).
 * SESAME_BENCH_USERS (500), SESAME_BENCH_CONCURRENCY (8 resets in flight) and
 * SESAME_BENCH_RAW (2000 queued emails) adjust it. Results go to bench/README.md by hand.
 */
import os from "node:os";
import { performance } from "node:perf_hooks";
import { openStore } from "../src/store/database.js";
import { createServices } from "../src/wiring.js";
import { startSmtpServer, type ReceivedMail } from "../test/support/smtp.js";
import { resetEveryone, startDirectory, type Directory } from "./support/admin-resets.js";
import { BENCH_SERVICE_CONFIG, percentile } from "./support/bench-store.js";

const USERS = Number(process.env.SESAME_BENCH_USERS ?? 500);
const CONCURRENCY = Number(process.env.SESAME_BENCH_CONCURRENCY ?? 8);
const RAW = Number(process.env.SESAME_BENCH_RAW ?? 2000);
const DRAIN_DEADLINE_MS = 10 * 60_000;

/** Resolves once `inbox` holds `count` messages; rejects after `deadlineMs`. */
async function arrivals(inbox: ReceivedMail[], count: number, deadlineMs: number) {
  const deadline = performance.now() + deadlineMs;
  while (inbox.length < count) {
    if (performance.now() > deadline) {
      throw new Error(`only ${inbox.length} of ${count} emails arrived in ${deadlineMs / 1000} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function duplicates(inbox: ReceivedMail[]): number {
  return inbox.length - new Set(inbox.map((mail) => mail.headers.get("message-id"))).size;
}

async function adminResets(directory: Directory, inbox: ReceivedMail[]) {
  inbox.length = 0;
  const began = performance.now();
  const answers = await resetEveryone(directory, CONCURRENCY);
  const answeredAll = performance.now() - began;
  await arrivals(inbox, answers.length, DRAIN_DEADLINE_MS);
  const acceptedAt = new Map(inbox.map((mail) => [mail.envelopeTo[0], mail.acceptedAt]));
  const latencies = answers
    .map((answer) => (acceptedAt.get(answer.mailTo) ?? Number.NaN) - answer.answeredAt)
    .sort((a, b) => a - b);
  const lastAccepted = Math.max(...inbox.map((mail) => mail.acceptedAt));
  return {
    answeredAllS: (answeredAll / 1000).toFixed(1),
    drainedPerS: (answers.length / ((lastAccepted - began) / 1000)).toFixed(1),
    p50Ms: percentile(latencies, 0.5),
    p95Ms: percentile(latencies, 0.95),
    maxMs: (latencies.at(-1) ?? 0).toFixed(1),
    duplicates: duplicates(inbox),
  };
}

/**
 * RAW emails queued by another process in one transaction (what a bulk job would do): from
 * its commit to the last SMTP accept, and from the first accept to the last (the drain
 * alone, without the time the server took to notice).
 */
async function rawDrain(directory: Directory, inbox: ReceivedMail[]) {
  inbox.length = 0;
  const store = openStore({
    dataDir: directory.env.SESAME_DATA_DIR ?? "",
    databaseUrl: directory.env.SESAME_DATABASE_URL,
  });
  try {
    // The instance secret comes from the store, so the server opens what this seals.
    const services = await createServices(store, BENCH_SERVICE_CONFIG);
    await store.transaction(async (tx) => {
      for (let i = 0; i < RAW; i++) {
        await services.outbox.enqueueEmail(tx, {
          organisationId: null,
          to: `raw-${i}@home.bench.test`,
          subject: "Bulk notice",
          text: `Notice ${i}`,
          html: `<p>Notice ${i}</p>`,
        });
      }
    });
  } finally {
    await store.close();
  }
  const committed = performance.now();
  await arrivals(inbox, RAW, DRAIN_DEADLINE_MS);
  const times = inbox.map((mail) => mail.acceptedAt);
  const first = Math.min(...times);
  const last = Math.max(...times);
  return {
    fromCommitPerS: (RAW / ((last - committed) / 1000)).toFixed(1),
    drainPerS: (RAW / ((last - first) / 1000)).toFixed(1),
    firstAfterMs: (first - committed).toFixed(0),
    duplicates: duplicates(inbox),
  };
}

async function runStore(databaseAdminUrl: string | undefined) {
  const inbox: ReceivedMail[] = [];
  const smtp = await startSmtpServer(inbox);
  const directory = await startDirectory({ users: USERS, smtpPort: smtp.port, databaseAdminUrl });
  try {
    const resets = await adminResets(directory, inbox);
    const raw = await rawDrain(directory, inbox);
    const store = databaseAdminUrl ? "PostgreSQL" : "SQLite";
    console.log(`\nstore: ${store}, ${os.cpus().length} cores, Node ${process.versions.node}`);
    console.log(
      "| case | answered all s | emails/s | p50 ms answer → SMTP | p95 ms | max ms | duplicates |",
    );
    console.log("| --- | --- | --- | --- | --- | --- | --- |");
    console.log(
      `| ${USERS} admin resets (${CONCURRENCY} at once) | ${resets.answeredAllS} | ${resets.drainedPerS} | ${resets.p50Ms} | ${resets.p95Ms} | ${resets.maxMs} | ${resets.duplicates} |`,
    );
    console.log(
      `raw: ${RAW} emails queued in one transaction: ${raw.fromCommitPerS} emails/s from the commit, ${raw.drainPerS}/s from the first accept (first after ${raw.firstAfterMs} ms), duplicates ${raw.duplicates}`,
    );
  } finally {
    await directory.dispose();
    await smtp.stop();
  }
}

await runStore(undefined);
if (process.env.SESAME_BENCH_DATABASE_URL) await runStore(process.env.SESAME_BENCH_DATABASE_URL);
