import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createScratchDatabase,
  type ScratchDatabase,
} from "../../bench/support/scratch-database.js";
import { spawnSesame, type SesameProcess } from "../../bench/support/sesame-process.js";
import { seedDirectory, type Directory } from "../../chaos/support/directory.js";
import {
  directoryOperations,
  isAcceptable,
  startTraffic,
  tallyOf,
} from "../../chaos/support/traffic.js";
import BetterSqlite3 from "better-sqlite3";
import { loadConfig } from "../../src/config.js";
import { buildApp } from "../../src/http/app.js";
import { openStore } from "../../src/store/database.js";
import { createServices } from "../../src/wiring.js";
import { apiClient, createApiKey } from "../support/api.js";
import { buildTestApp, Client, csrfTokenOf } from "../support/http.js";
import { seedOrganisation, USER_PASSWORD } from "../support/seed.js";
import { describeEachStore, storeKinds, TEST_SERVICE_CONFIG } from "../support/stores.js";
import { startTcpRelay } from "../support/tcp-relay.js";

describeEachStore("the store", (fx) => {
  // A PostgreSQL matter: SQLite has no server to end connections.
  it.skipIf(fx.kind !== "postgres")(
    "keeps working when PostgreSQL ends its idle connections (restart, failover)",
    async () => {
      await fx.store.ping();
      const database = new URL(fx.databaseUrl ?? "").pathname.slice(1);
      const admin = new pg.Client({ connectionString: process.env.SESAME_TEST_DATABASE_URL });
      await admin.connect();
      const { rowCount } = await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
        [database],
      );
      await admin.end();
      expect(rowCount).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await expect(fx.store.ping()).resolves.toBeUndefined();
    },
  );
});

describeEachStore("the app while its store is away", (fx) => {
  const english = "Sesame cannot reach its database; try again in a moment.";
  const dutch = "Sesame kan zijn database niet bereiken; probeer het zo meteen opnieuw.";

  it.skipIf(fx.kind !== "postgres")(
    "answers 503 with Retry-After on pages and the API while PostgreSQL is unreachable, and serves again once it is back",
    async () => {
      const org = await seedOrganisation(fx.services);
      await org.addUser("away");
      const key = await createApiKey(fx.services, org.domain, ["userAdministrator"]);
      // This app reaches PostgreSQL through a relay the test cuts: a server gone away.
      const relay = await startTcpRelay(fx.databaseUrl ?? "");
      const store = openStore({ databaseUrl: relay.url, dataDir: fx.dataDir });
      try {
        const services = await createServices(store, TEST_SERVICE_CONFIG, fx.clock.now);
        const app = await buildApp({
          config: loadConfig({ SESAME_DATA_DIR: fx.dataDir }),
          store,
          services,
          logger: false,
        });
        const api = apiClient(app, key);
        const inEnglish = new Client(app);
        const inDutch = new Client(app, { "accept-language": "nl" });
        const signIn = async (client: Client, csrf: string) =>
          client.post("/signin", {
            _csrf: csrf,
            userId: `away@${org.domain}`,
            password: USER_PASSWORD,
          });
        const tokens = [
          csrfTokenOf((await inEnglish.get("/signin")).body),
          csrfTokenOf((await inDutch.get("/signin")).body),
        ] as const;
        expect((await api.get("/users")).statusCode).toBe(200);

        await relay.cut();
        const page = await signIn(inEnglish, tokens[0]);
        expect(page.statusCode).toBe(503);
        expect(page.headers["retry-after"]).toBe("5");
        expect(page.body).toContain(english);
        const dutchPage = await signIn(inDutch, tokens[1]);
        expect(dutchPage.statusCode).toBe(503);
        expect(dutchPage.body).toContain(dutch);
        const listed = await api.get("/users");
        expect(listed.statusCode).toBe(503);
        expect(listed.headers["retry-after"]).toBe("5");
        expect(listed.data.error.code).toBe("serviceNotAvailable");
        expect((await app.inject("/readyz")).statusCode).toBe(503);

        await relay.restore();
        expect((await app.inject("/readyz")).statusCode).toBe(200);
        expect((await api.get("/users")).statusCode).toBe(200);
        expect((await signIn(inEnglish, tokens[0])).statusCode).toBe(303);
        await app.close();
      } finally {
        await store.close();
        await relay.close();
      }
    },
  );

  it.skipIf(fx.kind !== "sqlite")(
    "answers 503 with Retry-After while another process holds SQLite's write lock past busy_timeout",
    async () => {
      const org = await seedOrganisation(fx.services);
      const { user: target } = await org.addUser("busy");
      const key = await createApiKey(fx.services, org.domain, ["userAdministrator"]);
      const app = await buildTestApp(fx);
      const api = apiClient(app, key);
      const other = new BetterSqlite3(path.join(fx.dataDir, "sesame.db"));
      try {
        other.exec("BEGIN IMMEDIATE");
        const reset = await api.post(`/users/${target.id}/resetPassword`, {});
        expect(reset.statusCode).toBe(503);
        expect(reset.headers["retry-after"]).toBe("5");
        expect(reset.data.error.code).toBe("serviceNotAvailable");
        other.exec("ROLLBACK");
        expect((await api.post(`/users/${target.id}/resetPassword`, {})).statusCode).toBe(200);
      } finally {
        other.close();
        await app.close();
      }
    },
  );
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const serverUrl = process.env.SESAME_TEST_DATABASE_URL;

// The built server (npm test builds first) on a database of this test's own, whose
// connections, and no one else's, are ended again and again under load.
describe.runIf(storeKinds().some((kind) => kind.name === "postgres"))(
  "the built server when PostgreSQL ends its connections under load",
  () => {
    let database: ScratchDatabase | undefined;
    let server: SesameProcess | undefined;
    let directory: Directory;
    let dataDir = "";
    beforeAll(async () => {
      // Made here, not when the suite is collected: a filtered-out run leaves no folder.
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sesame-fault-"));
      database = await createScratchDatabase(serverUrl ?? "", "sesame_fault");
      const env = {
        SESAME_DATABASE_URL: database.url,
        SESAME_DATA_DIR: dataDir,
        SESAME_LOG_LEVEL: "warn",
        // Each load client signs in from an address of its own.
        SESAME_TRUST_PROXY: "true",
      };
      server = await spawnSesame({ env, timeoutMs: 60_000 });
      directory = await seedDirectory(env, server.url, { signInUsers: 4, resetTargets: 4 });
    });
    afterAll(async () => {
      await server?.kill9();
      await database?.drop();
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it("lives, answers 503 with Retry-After or success meanwhile, and serves normally after", async () => {
      if (!server || !database) throw new Error("not started");
      const operations = directoryOperations(server.url, directory);
      const during = startTraffic(operations, { clients: 24, until: Date.now() + 60_000 });
      let terminated = 0;
      for (let round = 0; round < 12; round++) {
        await sleep(150 + Math.random() * 200);
        terminated += await database.terminateBackends();
      }
      await during.stop();
      expect(server.child.exitCode, server.output()).toBeNull();
      expect(server.child.signalCode, server.output()).toBeNull();
      expect(terminated).toBeGreaterThan(12);
      const unacceptable = during.recorded.filter((answer) => !isAcceptable(answer));
      expect(unacceptable, `${tallyOf(during.recorded)}\n${server.output()}`).toEqual([]);
      expect(during.recorded.some((answer) => answer.status === 503)).toBe(true);

      const after = startTraffic(operations, { clients: 8, until: Date.now() + 1_000 });
      await after.stop();
      expect(after.recorded.every((answer) => answer.status >= 200 && answer.status < 400)).toBe(
        true,
      );
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    }, 120_000);
  },
);
