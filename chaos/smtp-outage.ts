/**
 * `npm run chaos:smtp-outage`: the built server, with its SMTP relay down, answers 500
 * administrator resets that email the temporary password; the relay comes back after 5
 * minutes (the same port, a real smtp-server). Then: every email arrived exactly once (by
 * Message-ID, which is the outbox id), none is missing, and how soon after the return.
 *
 *   npm run build && npm run chaos:smtp-outage
 *   SESAME_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run chaos:smtp-outage
 *
 * SQLite, then PostgreSQL (a database of its own on that server, created and dropped) when
 * the variable is set. SESAME_CHAOS_OUTAGE_S (300) shortens the outage for a quick run,
 * SESAME_CHAOS_USERS (500) the count. Bounded: it waits at most 3 minutes after the return.
 * Exits non-zero unless every email arrived exactly once.
 */
import { performance } from "node:perf_hooks";
import { openStore } from "../src/store/database.js";
import { startSmtpServer, type ReceivedMail } from "../test/support/smtp.js";
import { resetEveryone, startDirectory } from "../bench/support/admin-resets.js";
import { freePort } from "../bench/support/sesame-process.js";

const OUTAGE_MS = Number(process.env.SESAME_CHAOS_OUTAGE_S ?? 300) * 1000;
const USERS = Number(process.env.SESAME_CHAOS_USERS ?? 500);
const CONCURRENCY = 8;
const RECOVERY_DEADLINE_MS = 3 * 60_000;
/** After the last expected email: long enough for a second copy of any to show up. */
const SETTLE_MS = 15_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const seconds = (ms: number) => (ms / 1000).toFixed(1);

async function outage(databaseAdminUrl: string | undefined) {
  const port = await freePort();
  const directory = await startDirectory({ users: USERS, smtpPort: port, databaseAdminUrl });
  const inbox: ReceivedMail[] = [];
  let smtp: Awaited<ReturnType<typeof startSmtpServer>> | undefined;
  try {
    // Nothing listens on the relay's port: every send is refused until it comes back.
    const downAt = performance.now();
    await resetEveryone(directory, CONCURRENCY);
    const answeredAfter = performance.now() - downAt;
    await sleep(OUTAGE_MS - answeredAfter);

    smtp = await startSmtpServer(inbox, port);
    const backAt = performance.now();
    while (inbox.length < USERS && performance.now() - backAt < RECOVERY_DEADLINE_MS) {
      await sleep(100);
    }
    await sleep(SETTLE_MS);

    const store = openStore({
      dataDir: directory.env.SESAME_DATA_DIR ?? "",
      databaseUrl: directory.env.SESAME_DATABASE_URL,
    });
    const rows = await store.db
      .selectFrom("outbox")
      .select(["id", "status", "attempts"])
      .where("recipient", "like", "user-%")
      .execute();
    await store.close();

    const expected = new Set(rows.map((row) => row.id));
    const received = inbox.map(
      (mail) => /^<([^@>]+)@/.exec(mail.headers.get("message-id") ?? "")?.[1],
    );
    const distinct = new Set(received);
    const accepted = inbox.map((mail) => mail.acceptedAt - backAt).sort((a, b) => a - b);
    return {
      store: databaseAdminUrl ? "PostgreSQL" : "SQLite",
      outageS: seconds(OUTAGE_MS),
      answeredAllS: seconds(answeredAfter),
      written: expected.size,
      delivered: [...distinct].filter((id) => id !== undefined && expected.has(id)).length,
      duplicates: received.length - distinct.size,
      missing: [...expected].filter((id) => !distinct.has(id)).length,
      unexpected: [...distinct].filter((id) => id === undefined || !expected.has(id)).length,
      firstAfterReturnS: seconds(accepted[0] ?? Number.NaN),
      lastAfterReturnS: seconds(accepted.at(-1) ?? Number.NaN),
      mostAttempts: Math.max(...rows.map((row) => row.attempts)),
      notSent: rows.filter((row) => row.status !== "sent").length,
    };
  } finally {
    await directory.dispose();
    await smtp?.stop();
  }
}

const results = [await outage(undefined)];
if (process.env.SESAME_BENCH_DATABASE_URL) {
  results.push(await outage(process.env.SESAME_BENCH_DATABASE_URL));
}
console.log(
  "| store | outage s | resets answered in s | written | delivered | duplicates | missing | first / last after return s | most attempts |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
for (const r of results) {
  console.log(
    `| ${r.store} | ${r.outageS} | ${r.answeredAllS} | ${r.written} | ${r.delivered} | ${r.duplicates} | ${r.missing} | ${r.firstAfterReturnS} / ${r.lastAfterReturnS} | ${r.mostAttempts} |`,
  );
}
const exactlyOnce = results.every(
  (r) =>
    r.written === USERS &&
    r.delivered === USERS &&
    r.duplicates === 0 &&
    r.missing === 0 &&
    r.unexpected === 0 &&
    r.notSent === 0,
);
console.log(exactlyOnce ? `${USERS} of ${USERS} delivered exactly once` : "NOT exactly once");
process.exitCode = exactlyOnce ? 0 : 1;
