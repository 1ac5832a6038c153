/**
 * Self-service reset starts for wrk (bench/peer.ts): a store of registered users and a wrk
 * script that, per start, fetches a CAPTCHA challenge and posts page 1 of a flow, the two
 * requests a person's browser makes, each from a client address of its own.
 *
 * Every start needs a solved challenge of its own (a solution is single-use). Solving the
 * production challenge takes about a thousand attempts, so the challenges posted here are
 * made with the solver's counter at 0 (services/captcha.ts `counterRange`): one attempt to
 * solve, and the server's work to verify it unchanged (one PBKDF2 derivation at the cost the
 * server runs with). The challenge fetched just before is made at the production counter.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { v7 as timeOrderedUuid } from "uuid";
import { STARTS_PER_USER } from "../../src/domain/self-service-reset.js";
import { CLI_ORIGIN } from "../../src/services/context.js";
import { migrateToLatest, openStore } from "../../src/store/database.js";
import { insertSecurityMethod } from "../../src/store/security-info.js";
import { createServices } from "../../src/wiring.js";
import { solvePayload } from "../../test/support/captcha.js";
import { BENCH_SERVICE_CONFIG } from "./bench-store.js";

export interface ResetStarts {
  /** The data folder to start Sesame on, with SESAME_SECRET = `secret`. */
  dataDir: string;
  secret: string;
  /** The wrk script, once the running server's form gave its CSRF pair. */
  script(cookie: string, csrfToken: string): string;
}

/** How many wrk threads the script is written for: each posts its own share of challenges. */
export const WRK_THREADS = 2;

/**
 * A data folder with `starts / STARTS_PER_USER` registered users (each may start that many
 * flows in the window) and `starts` solved challenges, and the wrk script posting them.
 */
export async function prepareResetStarts(
  starts: number,
  password: string,
  progress: (line: string) => void,
): Promise<ResetStarts> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sesame-reset-starts-"));
  const secret = "bench-reset-starts-".padEnd(64, "0");
  const store = openStore({ dataDir });
  await migrateToLatest(store);
  const services = await createServices(store, {
    ...BENCH_SERVICE_CONFIG,
    secret,
    captchaCounterRange: [0, 0],
  });
  const { user: admin } = await services.directory.initOrganisation({
    organisationName: "Bench",
    domain: "bench.test",
    adminUserId: "admin@bench.test",
    password,
    origin: CLI_ORIGIN,
  });
  const userIds = Array.from(
    { length: Math.ceil(starts / STARTS_PER_USER) },
    (_, i) => `person${i}@bench.test`,
  );
  for (const [i, userId] of userIds.entries()) {
    const { user } = await services.directory.addUserTo(admin.organisationId, {
      userId,
      displayName: `Person ${i}`,
      password,
      origin: CLI_ORIGIN,
    });
    await insertSecurityMethod(store, {
      id: timeOrderedUuid(),
      userId: user.id,
      organisationId: user.organisationId,
      kind: "email",
      value: `person${i}@home.test`,
      verifiedAt: Date.now(),
      createdAt: Date.now(),
    });
    if (i % 100 === 99) progress(`reset starts: ${i + 1}/${userIds.length} users`);
  }
  const payloads: string[] = [];
  for (let i = 0; i < starts; i++) {
    payloads.push(await solvePayload(await services.captcha.challenge()));
    if (i % 1000 === 999) progress(`reset starts: ${i + 1}/${starts} challenges solved`);
  }
  await store.close();

  return {
    dataDir,
    secret,
    script(cookie, csrfToken) {
      // Start k posts challenge k for user k mod users: no user starts more than allowed.
      const bodies = payloads.map((altcha, k) =>
        new URLSearchParams({
          _csrf: csrfToken,
          userId: userIds[k % userIds.length] ?? "",
          intent: "reset",
          altcha,
        }).toString(),
      );
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sesame-wrk-")), "starts.lua");
      fs.writeFileSync(
        file,
        `local bodies = {${bodies.map((body) => JSON.stringify(body)).join(",\n")}}
local threads = 0
function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end
sent = 0
request = function()
  sent = sent + 1
  local headers = {}
  headers["Cookie"] = "${cookie}"
  headers["X-Forwarded-For"] = "10." .. id .. "." .. math.random(0, 250) .. "." .. math.random(1, 250)
  if sent % 2 == 1 then
    return wrk.format("GET", "/captcha/challenge", headers)
  end
  local k = id + ${WRK_THREADS} * (sent / 2 - 1)
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  return wrk.format("POST", "/recover", headers, bodies[(k % #bodies) + 1])
end
`,
      );
      return file;
    },
  };
}
