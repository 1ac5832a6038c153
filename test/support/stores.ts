import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe } from "vitest";
import { DEFAULTS } from "../../src/config.js";
import { createServices, type Services } from "../../src/wiring.js";
import { migrateToLatest, openStore, type Store } from "../../src/store/database.js";

export interface StoreKind {
  name: "sqlite" | "postgres";
  /** A new, empty, migrated store and how to throw it away. */
  create(): Promise<{
    store: Store;
    databaseUrl?: string;
    dataDir: string;
    dispose(): Promise<void>;
  }>;
}

const postgresUrl = process.env.SESAME_TEST_DATABASE_URL;
const requirePostgres = process.env.SESAME_REQUIRE_POSTGRES === "1";
let warned = false;

export const sqliteKind: StoreKind = {
  name: "sqlite",
  async create() {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sesame-test-"));
    const store = openStore({ dataDir });
    await migrateToLatest(store);
    return {
      store,
      dataDir,
      dispose: async () => {
        await store.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
};

export const postgresKind: StoreKind = {
  name: "postgres",
  async create() {
    if (!postgresUrl) throw new Error("SESAME_TEST_DATABASE_URL is not set");
    const name = `sesame_test_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(postgresUrl);
    url.pathname = `/${name}`;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sesame-test-"));
    const store = openStore({ databaseUrl: url.href, dataDir });
    await migrateToLatest(store);
    return {
      store,
      databaseUrl: url.href,
      dataDir,
      dispose: async () => {
        await store.close();
        const cleanup = new pg.Client({ connectionString: postgresUrl });
        await cleanup.connect();
        await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await cleanup.end();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
};

/** SQLite always; PostgreSQL when SESAME_TEST_DATABASE_URL is set (mandatory in CI). */
export function storeKinds(): StoreKind[] {
  if (postgresUrl) return [sqliteKind, postgresKind];
  if (requirePostgres) {
    throw new Error("SESAME_REQUIRE_POSTGRES=1 but SESAME_TEST_DATABASE_URL is not set");
  }
  if (!warned) {
    warned = true;
    console.warn(
      "\n*** PostgreSQL tests SKIPPED: set SESAME_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres to run them. ***\n",
    );
  }
  return [sqliteKind];
}

/** A clock tests move by hand. */
export function manualClock(start = Date.UTC(2026, 10, 22, 9, 0, 0)) {
  let current = start;
  return {
    now: () => current,
    advance: (ms: number) => {
      current += ms;
    },
    set: (at: number) => {
      current = at;
    },
  };
}

export const TEST_SERVICE_CONFIG = {
  argon2: {
    memoryKib: DEFAULTS.SESAME_ARGON2_MEMORY_KIB,
    iterations: DEFAULTS.SESAME_ARGON2_ITERATIONS,
    parallelism: DEFAULTS.SESAME_ARGON2_PARALLELISM,
  },
  sessionIdleMinutes: DEFAULTS.SESAME_SESSION_IDLE_MINUTES,
  sessionAbsoluteHours: DEFAULTS.SESAME_SESSION_ABSOLUTE_HOURS,
  // One PBKDF2 iteration per attempt: tests solve CAPTCHAs for real in milliseconds.
  captchaCost: 1,
  // Scenes are set up by adding many users at once, not by traffic to turn away
  // (test/integration/http/overload.test.ts sets its own bound).
  hashingQueueMs: 60_000,
};

export interface StoreFixture {
  store: Store;
  services: Services;
  clock: ReturnType<typeof manualClock>;
  kind: StoreKind["name"];
  databaseUrl: string | undefined;
  dataDir: string;
}

/**
 * Runs the same suite on every available store. The fixture is filled in beforeAll;
 * tests read its fields at run time.
 */
export function describeEachStore(title: string, suite: (fixture: StoreFixture) => void): void {
  for (const kind of storeKinds()) {
    describe(`${title} [${kind.name}]`, () => {
      const fixture = { kind: kind.name } as StoreFixture;
      let dispose: (() => Promise<void>) | undefined;
      beforeAll(async () => {
        const created = await kind.create();
        dispose = created.dispose;
        fixture.store = created.store;
        fixture.databaseUrl = created.databaseUrl;
        fixture.dataDir = created.dataDir;
        fixture.clock = manualClock();
        fixture.services = await createServices(
          created.store,
          TEST_SERVICE_CONFIG,
          fixture.clock.now,
        );
      });
      afterAll(async () => {
        await dispose?.();
      });
      suite(fixture);
    });
  }
}
