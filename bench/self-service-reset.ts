/**
 * Strict privacy (SPEC [S6] issue 4): how long the answers before verification take for a
 * registered user, an unregistered one and an unknown User ID. They should not differ by
 * more than the noise, or timing tells who has an account.
 *
 *   npm run bench:self-service-reset
 *   SESAME_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:self-service-reset
 *
 * Results of the last run go to bench/README.md by hand (the numbers vary per machine).
 */
import os from "node:os";
import { performance } from "node:perf_hooks";
import { v7 as timeOrderedUuid } from "uuid";
import { principalOfUser } from "../src/services/admin/principal.js";
import { CLI_ORIGIN } from "../src/services/context.js";
import { insertSecurityMethod } from "../src/store/security-info.js";
import { solvePayload } from "../test/support/captcha.js";
import { openBenchStore, percentile } from "./support/bench-store.js";

const ROUNDS = Number(process.env.SESAME_BENCH_ROUNDS ?? 200);
const PASSWORD = "granite harbour violin moss";

async function main() {
  let clock = Date.UTC(2026, 10, 22);
  const { store, services, close } = await openBenchStore({
    now: () => clock,
    config: { captchaCost: 1 },
  });
  const created = await services.directory.initOrganisation({
    organisationName: "Bench",
    domain: "bench.test",
    adminUserId: "admin@bench.test",
    password: PASSWORD,
    origin: CLI_ORIGIN,
  });
  const admin = await principalOfUser(store, created.user);
  await services.admin.resetPolicy.update(admin, { strictPrivacy: true }, CLI_ORIGIN);
  for (const localPart of ["registered", "unregistered"]) {
    const { user } = await services.directory.addUser({
      userId: `${localPart}@bench.test`,
      displayName: localPart,
      password: PASSWORD,
      origin: CLI_ORIGIN,
    });
    if (localPart === "registered") {
      await insertSecurityMethod(store, {
        id: timeOrderedUuid(),
        userId: user.id,
        organisationId: user.organisationId,
        kind: "email",
        value: "registered@home.test",
        verifiedAt: clock,
        createdAt: clock,
      });
    }
  }

  const flows = services.selfServiceReset;
  const cases = {
    "registered user": "registered@bench.test",
    "unregistered user": "unregistered@bench.test",
    "unknown User ID": "ghost@bench.test",
  };
  const steps = ["start", "choose email", "wrong code"] as const;
  const results: Record<string, number[]> = {};
  for (let i = 0; i < ROUNDS; i++) {
    // Past the per-User-ID start limit's window, and past the send limits.
    clock += 60 * 60_000;
    for (const [name, userId] of Object.entries(cases)) {
      const captcha = await solvePayload(await services.captcha.challenge());
      const times: Record<(typeof steps)[number], number> = {
        start: 0,
        "choose email": 0,
        "wrong code": 0,
      };
      let begin = performance.now();
      const { token } = await flows.start({ userId, intent: "reset", captcha, origin: CLI_ORIGIN });
      times.start = performance.now() - begin;
      begin = performance.now();
      await flows.choose(token, "email", CLI_ORIGIN);
      times["choose email"] = performance.now() - begin;
      begin = performance.now();
      await flows.prove(token, { code: "00000000" }, CLI_ORIGIN).catch(() => undefined);
      times["wrong code"] = performance.now() - begin;
      for (const step of steps) (results[`${step}: ${name}`] ??= []).push(times[step]);
    }
    if (i % 50 === 49) process.stderr.write(`\r${i + 1}/${ROUNDS}   `);
  }
  process.stderr.write("\n");

  console.log(`\nstore: ${store.dialect}, ${ROUNDS} rounds each, ${os.cpus().length} cores`);
  console.log("| step: who | p50 ms | p95 ms |");
  console.log("| --- | --- | --- |");
  for (const [name, times] of Object.entries(results)) {
    times.sort((a, b) => a - b);
    console.log(`| ${name} | ${percentile(times, 0.5)} | ${percentile(times, 0.95)} |`);
  }
  await close();
}

await main();
