/**
 * What rendering a notice costs. Services render each email or text inside the transaction
 * that queues it (so it commits with the change); this measures that the renderer is cheap
 * next to the transaction itself (a reset code's send takes about 2 ms: bench/README.md).
 *
 *   npm run bench:notices
 *
 * Results of the last run go to bench/README.md by hand (the numbers vary per machine).
 */
import os from "node:os";
import { performance } from "node:perf_hooks";
import { LANGUAGES } from "../src/domain/languages.js";
import type { EmailNotice } from "../src/domain/notices.js";
import { noticeRenderer } from "../src/views/emails/notices.js";
import { percentile } from "./support/bench-store.js";

const ROUNDS = Number(process.env.SESAME_BENCH_ROUNDS ?? 5_000);
const AT = Date.UTC(2026, 11, 2, 14, 0);
const reader = { organisationName: "Contoso", displayName: "Ada Lovelace" };

const NOTICES: EmailNotice[] = [
  { event: "passwordChanged", ...reader, at: AT },
  {
    event: "temporaryPasswordSent",
    ...reader,
    userId: "ada@contoso.com",
    temporaryPassword: "Kq7#mZ2!vR9pXw4L",
    mustChange: true,
    signInUrl: "https://sesame.contoso.com/signin",
  },
  {
    event: "resetRequested",
    organisationName: reader.organisationName,
    administratorName: "Grace Hopper",
    userName: reader.displayName,
    userId: "ada@contoso.com",
    at: AT,
    ip: "192.0.2.7",
    userPageUrl: "https://sesame.contoso.com/admin/users/1",
    referenceCode: "SSPR_0014",
  },
  { event: "codeIssued", ...reader, purpose: "reset", userId: "ada@contoso.com", code: "12345678" },
  { event: "securityInfoChanged", ...reader, at: AT, change: "added", kind: "mobilePhone" },
  { event: "selfServiceCompleted", ...reader, userId: "ada@contoso.com", at: AT, kind: "reset" },
  {
    event: "administratorResetOwnPassword",
    ...reader,
    administratorName: "Grace Hopper",
    administratorId: "grace@contoso.com",
    at: AT,
  },
];

/** Microseconds per render, as p50 and p95. */
function measure(render: () => unknown): { p50: string; p95: string } {
  for (let i = 0; i < 200; i += 1) render();
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    const began = performance.now();
    render();
    times.push((performance.now() - began) * 1000);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95) };
}

console.log(
  `Notice rendering, ${ROUNDS} rounds each, ${os.cpus().length} cores, Node ${process.version}`,
);
console.log("| notice | language | p50 µs | p95 µs |");
console.log("| --- | --- | --- | --- |");
for (const notice of NOTICES) {
  for (const language of LANGUAGES) {
    const { p50, p95 } = measure(() => noticeRenderer.email(notice, language));
    console.log(`| ${notice.event} (email) | ${language} | ${p50} | ${p95} |`);
  }
}
const code = NOTICES.find((notice) => notice.event === "codeIssued");
if (code?.event === "codeIssued") {
  for (const channel of ["sms", "voice"] as const) {
    const { p50, p95 } = measure(() => noticeRenderer.phone(code, channel, "en"));
    console.log(`| codeIssued (${channel}) | en | ${p50} | ${p95} |`);
  }
}
