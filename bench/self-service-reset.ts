/**
 * Strict privacy (SPEC [S6], issues 4 and 10): how long every answer before verification
 * takes for a registered user, an unregistered one and an unknown User ID. Their medians
 * should agree within 1 ms, or timing tells who has an account.
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

const ROUNDS = Number(process.env.SESAME_BENCH_ROUNDS ?? 50);
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
  const results = new Map<string, Map<string, number[]>>();
  /** Times one step for one kind of User ID; a refusal counts like an answer. */
  async function timed<T>(
    step: string,
    who: string,
    work: () => Promise<T>,
  ): Promise<T | undefined> {
    const began = performance.now();
    const answer = await work().catch(() => undefined);
    const byWho = results.get(step) ?? new Map<string, number[]>();
    results.set(step, byWho);
    byWho.set(who, [...(byWho.get(who) ?? []), performance.now() - began]);
    return answer;
  }
  for (let i = 0; i < ROUNDS; i++) {
    // Past the per-User-ID start limit's window, the send limits and the repeat window of
    // requests to the administrators: every round does the real work again.
    clock += 60 * 60_000;
    for (const [who, userId] of Object.entries(cases)) {
      const captcha = await solvePayload(await services.captcha.challenge());
      const started = await timed("start", who, () =>
        flows.start({ userId, intent: "reset", captcha, origin: CLI_ORIGIN }),
      );
      const token = started?.token ?? "";
      await timed("show the methods", who, () => flows.view(token));
      await timed("choose email", who, () => flows.choose(token, "email", CLI_ORIGIN));
      await timed("wrong code", who, () => flows.prove(token, { code: "00000000" }, CLI_ORIGIN));
      await timed("contact an administrator", who, () =>
        flows.contactAdministrators(token, CLI_ORIGIN),
      );
      await timed("ask the administrators", who, () =>
        services.resetRequests.ask({ userId, origin: CLI_ORIGIN }),
      );
    }
    if (i % 50 === 49) process.stderr.write(`\r${i + 1}/${ROUNDS}   `);
  }
  process.stderr.write("\n");

  console.log(`\nstore: ${store.dialect}, ${ROUNDS} rounds each, ${os.cpus().length} cores`);
  console.log("| step: who | p50 ms | p95 ms |");
  console.log("| --- | --- | --- |");
  const gaps: string[] = [];
  for (const [step, byWho] of results) {
    const medians: number[] = [];
    for (const [who, times] of byWho) {
      times.sort((a, b) => a - b);
      medians.push(Number(percentile(times, 0.5)));
      console.log(`| ${step}: ${who} | ${percentile(times, 0.5)} | ${percentile(times, 0.95)} |`);
    }
    gaps.push(`${step} ${(Math.max(...medians) - Math.min(...medians)).toFixed(1)} ms`);
  }
  console.log(`\nwidest gap between medians (goal: within 1 ms): ${gaps.join(", ")}`);
  await close();
}

await main();
