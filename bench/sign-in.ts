/**
 * Sign-in latency and the timing gap between known and unknown users.
 *
 *   npm run bench:sign-in                      # SQLite in a temp folder
 *   SESAME_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:sign-in
 *
 * Results of the last run go to bench/README.md by hand (the numbers vary per machine).
 */
import os from "node:os";
import { performance } from "node:perf_hooks";
import { CLI_ORIGIN } from "../src/services/context.js";
import { openBenchStore, percentile } from "./support/bench-store.js";

const ROUNDS = Number(process.env.SESAME_BENCH_ROUNDS ?? 200);
const PASSWORD = "granite harbour violin moss";

async function main() {
  const { store, services, close } = await openBenchStore();
  await services.directory.initOrganisation({
    organisationName: "Bench",
    domain: "bench.test",
    adminUserId: "admin@bench.test",
    password: PASSWORD,
    origin: CLI_ORIGIN,
  });
  await services.directory.addUser({
    userId: "user@bench.test",
    displayName: "User",
    password: PASSWORD,
    origin: CLI_ORIGIN,
  });

  const cases = {
    "right password": () =>
      services.signIn({ userId: "user@bench.test", password: PASSWORD, origin: CLI_ORIGIN }),
    // The same wrong password is counted once, so the account never locks during the run.
    "wrong password": () =>
      services.signIn({
        userId: "user@bench.test",
        password: "the same wrong one",
        origin: CLI_ORIGIN,
      }),
    "unknown user": () =>
      services.signIn({
        userId: "ghost@bench.test",
        password: "the same wrong one",
        origin: CLI_ORIGIN,
      }),
  };
  const results: Record<string, number[]> = {};
  for (const [name, run] of Object.entries(cases)) {
    const times: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const start = performance.now();
      await run().catch(() => undefined);
      times.push(performance.now() - start);
      if (i % 50 === 49) process.stderr.write(`\r${name}: ${i + 1}/${ROUNDS}   `);
    }
    process.stderr.write("\n");
    results[name] = times.sort((a, b) => a - b);
  }

  const concurrency = 8;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = 0; i < ROUNDS / concurrency; i++) await cases["right password"]();
    }),
  );
  const throughput = ROUNDS / ((performance.now() - start) / 1000);

  const pct = percentile;
  console.log(`\nstore: ${store.dialect}, ${ROUNDS} rounds each, ${os.cpus().length} cores`);
  console.log("| case | p50 ms | p95 ms |");
  console.log("| --- | --- | --- |");
  for (const [name, times] of Object.entries(results))
    console.log(`| ${name} | ${pct(times, 0.5)} | ${pct(times, 0.95)} |`);
  const median = (name: string) => Number(pct(results[name] ?? [], 0.5));
  console.log(
    `\nunknown user vs wrong password, median gap: ${(median("unknown user") - median("wrong password")).toFixed(1)} ms`,
  );
  console.log(
    `successful sign-ins per second with ${concurrency} at once: ${throughput.toFixed(0)}`,
  );

  await close();
}

await main();
