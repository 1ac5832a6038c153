/**
 * Sesame beside its peer, Better Auth (../shared/peers/better-auth), in one run so the
 * figures compare as ratios on a shared machine: cold start and memory, sign-in
 * throughput against the argon2id bound of this machine, responsiveness of pages while
 * sign-ins saturate hashing, and self-service reset starts. Needs wrk (apt-get install wrk)
 * and the peer's packages (its run.sh installs them into PEER_WORK, default
 * /tmp/peer-better-auth).
 *
 *   npm run build && npm run bench:peer                 # every section
 *   npm run build && npm run bench:peer -- reset-start  # or some: cold-start, sign-in, reset-start
 *
 * Results of the last run go to bench/README.md by hand.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { hash } from "@node-rs/argon2";
import { DEFAULTS } from "../src/config.js";
import { csrfTokenOf } from "../test/support/http.js";
import { percentile } from "./support/bench-store.js";
import { prepareResetStarts } from "./support/reset-starts.js";
import { freePort, ROOT, spawnSesame } from "./support/sesame-process.js";

const run = promisify(execFile);
const PEER_SOURCE = path.join(ROOT, "../shared/peers/better-auth");
const PEER = process.env.PEER_WORK ?? "/tmp/peer-better-auth";
const STARTS = Number(process.env.SESAME_BENCH_STARTS ?? 10);
const SECONDS = Number(process.env.SESAME_BENCH_SECONDS ?? 10);
const CONNECTIONS = 32;
// Solved challenges for the reset-start run: more than it can post in SECONDS.
const RESET_STARTS = Number(process.env.SESAME_BENCH_RESET_STARTS ?? 12_000);
const PASSWORD = "Correct-Horse-42!";
const ARGON2 = {
  memoryCost: DEFAULTS.SESAME_ARGON2_MEMORY_KIB,
  timeCost: DEFAULTS.SESAME_ARGON2_ITERATIONS,
  parallelism: DEFAULTS.SESAME_ARGON2_PARALLELISM,
};

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "sesame-peer-"));
const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );

/** Hashes per second of @node-rs/argon2 at Sesame's parameters with every core busy. */
async function argon2Bound(): Promise<number> {
  const until = performance.now() + 5_000;
  let done = 0;
  const worker = async () => {
    while (performance.now() < until) {
      await hash("granite harbour violin moss", ARGON2);
      done += 1;
    }
  };
  const began = performance.now();
  await Promise.all(Array.from({ length: os.availableParallelism() * 2 }, worker));
  return done / ((performance.now() - began) / 1000);
}

async function preparePeer(): Promise<void> {
  fs.mkdirSync(PEER, { recursive: true });
  for (const file of fs.readdirSync(PEER_SOURCE)) {
    if (/\.(mjs|lua|json)$/.test(file))
      fs.copyFileSync(path.join(PEER_SOURCE, file), path.join(PEER, file));
  }
  if (!fs.existsSync(path.join(PEER, "node_modules/better-auth"))) {
    process.stderr.write("installing Better Auth for the peer...\n");
    await run("npm", ["install", "--no-audit", "--no-fund"], { cwd: PEER });
  }
}

async function waitFor(url: string, child: ChildProcess): Promise<void> {
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error(`${url}: the process exited`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * One of the peer's wrk scripts, sent from the peer's own origin: they name the port run.sh
 * uses (4100), and Better Auth refuses a sign-in from another origin (403 INVALID_ORIGIN).
 */
function peerScript(name: string, peer: Started): string {
  const file = path.join(tempDir(), name);
  const script = fs.readFileSync(path.join(PEER, name), "utf8");
  fs.writeFileSync(file, script.replaceAll("http://127.0.0.1:4100", peer.url));
  return file;
}

/** A page's form as wrk reuses it: its cookies, and the CSRF token that goes with them. */
async function formPair(server: Started, page: string): Promise<{ cookie: string; token: string }> {
  const form = await fetch(`${server.url}${page}`);
  const cookie = form.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return { cookie, token: csrfTokenOf(await form.text()) };
}

/** The peer with the one user its wrk scripts sign in and reset (run.sh's u1). */
async function startPeerWithUser(): Promise<Started> {
  const peer = await startPeer();
  await fetch(`${peer.url}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: peer.url },
    body: JSON.stringify({ email: "u1@x.test", password: PASSWORD, name: "U1" }),
  });
  return peer;
}

interface Started {
  url: string;
  pid: number;
  readyMs: number;
  stop(): Promise<void>;
}

async function startPeer(): Promise<Started> {
  const port = await freePort();
  const db = path.join(tempDir(), "ba.db");
  const began = performance.now();
  const child = spawn(process.execPath, ["server.mjs"], {
    cwd: PEER,
    env: { PATH: process.env.PATH, PORT: String(port), DB: db },
    stdio: "ignore",
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/api/auth/ok`, child);
  const readyMs = performance.now() - began;
  return {
    url,
    pid: child.pid ?? 0,
    readyMs,
    stop: async () => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

async function startSesame(
  dataDir = tempDir(),
  env: Record<string, string> = {},
): Promise<Started> {
  const server = await spawnSesame({
    env: {
      ...env,
      SESAME_DATA_DIR: dataDir,
      SESAME_LOG_LEVEL: "warn",
      // wrk's requests come from one address: they name a client each (X-Forwarded-For),
      // as a proxy in front of Sesame would, so per-address limits apply per client.
      SESAME_TRUST_PROXY: "1",
      SESAME_SIGNIN_RATE_LIMIT: "100000",
    },
  });
  return {
    url: server.url,
    pid: server.child.pid ?? 0,
    readyMs: server.readyAfterMs,
    stop: server.stop,
  };
}

/** Alternated cold starts: time to ready, and resident memory once idle. */
async function coldStarts() {
  const figures = {
    sesame: { ms: [] as number[], mb: [] as number[] },
    peer: { ms: [] as number[], mb: [] as number[] },
  };
  for (let i = 0; i < STARTS; i++) {
    for (const [name, start] of [
      ["sesame", () => startSesame()],
      ["peer", startPeer],
    ] as const) {
      const started = await start();
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      figures[name].ms.push(started.readyMs);
      figures[name].mb.push(rssMb(started.pid));
      await started.stop();
    }
    process.stderr.write(`\rcold starts ${i + 1}/${STARTS}   `);
  }
  process.stderr.write("\n");
  return figures;
}

interface WrkResult {
  perSecond: number;
  p50: string;
  p99: string;
  errors: string;
}

async function wrk(
  url: string,
  script: string,
  peakRss?: { pid: number; mb: number },
): Promise<WrkResult> {
  const sampler =
    peakRss && setInterval(() => (peakRss.mb = Math.max(peakRss.mb, rssMb(peakRss.pid))), 200);
  const { stdout } = await run(
    "wrk",
    [`-t2`, `-c${CONNECTIONS}`, `-d${SECONDS}s`, "--latency", "-s", script, url],
    {
      maxBuffer: 1 << 20,
    },
  );
  clearInterval(sampler);
  const field = (pattern: RegExp) => pattern.exec(stdout)?.[1] ?? "?";
  return {
    perSecond: Number(field(/Requests\/sec:\s+([\d.]+)/)),
    p50: field(/\s50%\s+(\S+)/),
    p99: field(/\s99%\s+(\S+)/),
    errors: /(Non-2xx or 3xx responses: \d+|Socket errors:[^\n]+)/.exec(stdout)?.[1] ?? "none",
  };
}

/** A wrk script posting Sesame's sign-in form, each request from a client address of its own. */
function sesameSignInScript(cookie: string, token: string, userId: string): string {
  const file = path.join(tempDir(), "signin.lua");
  const body = new URLSearchParams({ _csrf: token, userId, password: PASSWORD }).toString();
  fs.writeFileSync(
    file,
    `counter = 0
request = function()
  counter = counter + 1
  local headers = {}
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  headers["Cookie"] = "${cookie}"
  headers["X-Forwarded-For"] = "10." .. (counter % 250) .. "." .. math.random(0, 250) .. "." .. math.random(1, 250)
  return wrk.format("POST", "/signin", headers, "${body}")
end
`,
  );
  return file;
}

/** Latencies of pages that need no hashing, asked one at a time while `load` runs. */
async function pagesDuring(url: string, load: Promise<unknown>) {
  const times = new Map<string, number[]>();
  let loading = true;
  void load.finally(() => (loading = false));
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  while (loading) {
    for (const page of ["/healthz", "/signin", "/recover"]) {
      const began = performance.now();
      await (await fetch(`${url}${page}`, { headers: { "x-forwarded-for": "192.0.2.7" } })).text();
      times.set(page, [...(times.get(page) ?? []), performance.now() - began]);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return [...times].map(([page, values]) => {
    values.sort((a, b) => a - b);
    return `${page} p50 ${percentile(values, 0.5)} ms, p99 ${percentile(values, 0.99)} ms (${values.length})`;
  });
}

async function coldStart() {
  const starts = await coldStarts();
  console.log(`\n| cold start (${STARTS} alternated) | ready p50 ms | idle RSS p50 MB |`);
  console.log("| --- | --- | --- |");
  console.log(`| Sesame | ${median(starts.sesame.ms)} | ${median(starts.sesame.mb)} |`);
  console.log(`| Better Auth | ${median(starts.peer.ms)} | ${median(starts.peer.mb)} |`);
}

async function signIn() {
  const bound = await argon2Bound();
  console.log(`argon2id bound: ${bound.toFixed(1)} hashes/s on ${os.availableParallelism()} cores`);
  // Sesame: an organisation made by the CLI, the form's CSRF pair reused by wrk.
  const dataDir = tempDir();
  await run(
    process.execPath,
    [
      path.join(ROOT, "dist/cli/main.js"),
      "init",
      "--org",
      "Bench",
      "--domain",
      "bench.test",
      "--admin",
      "admin@bench.test",
      "--password",
      PASSWORD,
    ],
    {
      env: { PATH: process.env.PATH, SESAME_DATA_DIR: dataDir },
    },
  );
  const sesame = await startSesame(dataDir);
  const form = await formPair(sesame, "/signin");
  const script = sesameSignInScript(form.cookie, form.token, "admin@bench.test");
  const sesamePeak = { pid: sesame.pid, mb: 0 };
  const sesameSignIn = await wrk(sesame.url, script, sesamePeak);
  const pages = await pagesDuring(sesame.url, wrk(sesame.url, script));
  await sesame.stop();

  const peer = await startPeerWithUser();
  const peerSignIn = await wrk(
    `${peer.url}/api/auth/sign-in/email`,
    peerScript("signin.lua", peer),
  );
  await peer.stop();

  console.log(
    `\n| sign-in, ${CONNECTIONS} connections, ${SECONDS} s | per s | × bound | p50 | p99 | errors |`,
  );
  console.log("| --- | --- | --- | --- | --- | --- |");
  for (const [name, result] of [
    ["Sesame", sesameSignIn],
    ["Better Auth", peerSignIn],
  ] as const) {
    console.log(
      `| ${name} | ${result.perSecond.toFixed(1)} | ${(result.perSecond / bound).toFixed(2)} | ${result.p50} | ${result.p99} | ${result.errors} |`,
    );
  }
  console.log(`Sesame's peak RSS under sign-in load: ${sesamePeak.mb.toFixed(0)} MB`);
  console.log(`\nPages while sign-ins saturate hashing (Sesame):\n  ${pages.join("\n  ")}`);
}

/**
 * Page 1 of a self-service reset, server side: Sesame's CAPTCHA challenge and start (CAPTCHA
 * verified, User ID looked up, flow recorded and audited) against Better Auth's
 * request-password-reset (which asks no CAPTCHA), for a registered user.
 */
async function resetStarts() {
  const prepared = await prepareResetStarts(RESET_STARTS, PASSWORD, (line) =>
    process.stderr.write(`\r${line}   `),
  );
  process.stderr.write("\n");
  const sesame = await startSesame(prepared.dataDir, { SESAME_SECRET: prepared.secret });
  const form = await formPair(sesame, "/recover");
  const sesameStarts = await wrk(sesame.url, prepared.script(form.cookie, form.token));
  await sesame.stop();

  const peer = await startPeerWithUser();
  const peerStarts = await wrk(
    `${peer.url}/api/auth/request-password-reset`,
    peerScript("reset.lua", peer),
  );
  await peer.stop();

  // Sesame's figure counts a challenge and a start as one start; its latencies mix the two.
  const sesamePerSecond = sesameStarts.perSecond / 2;
  console.log(
    `\n| reset start, ${CONNECTIONS} connections, ${SECONDS} s | starts per s | × Better Auth | p50 | p99 | errors |`,
  );
  console.log("| --- | --- | --- | --- | --- | --- |");
  console.log(
    `| Sesame (challenge + start) | ${sesamePerSecond.toFixed(1)} | ${(sesamePerSecond / peerStarts.perSecond).toFixed(2)} | ${sesameStarts.p50} | ${sesameStarts.p99} | ${sesameStarts.errors} |`,
  );
  console.log(
    `| Better Auth | ${peerStarts.perSecond.toFixed(1)} | 1.00 | ${peerStarts.p50} | ${peerStarts.p99} | ${peerStarts.errors} |`,
  );
}

const SECTIONS = { "cold-start": coldStart, "sign-in": signIn, "reset-start": resetStarts };

/** Every section, or those named on the command line (`npm run bench:peer -- reset-start`). */
async function main() {
  const named = process.argv.slice(2);
  const unknown = named.filter((name) => !(name in SECTIONS));
  if (unknown.length > 0) {
    throw new Error(
      `no section ${unknown.join(", ")}; sections: ${Object.keys(SECTIONS).join(", ")}`,
    );
  }
  await preparePeer();
  for (const [name, section] of Object.entries(SECTIONS)) {
    if (named.length === 0 || named.includes(name)) await section();
  }
}

await main();
