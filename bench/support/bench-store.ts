/**
 * A throwaway store for a benchmark: SQLite in a temp folder, or a fresh PostgreSQL
 * database when SESAME_BENCH_DATABASE_URL names a server; migrated, with services on top.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { DEFAULTS } from "../../src/config.js";
import { createServices, type ServiceConfig } from "../../src/wiring.js";
import { migrateToLatest, openStore } from "../../src/store/database.js";

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(sql);
  await admin.end();
}

/** The server's defaults, for services a benchmark builds on a store of its own. */
export const BENCH_SERVICE_CONFIG: ServiceConfig = {
  argon2: {
    memoryKib: DEFAULTS.SESAME_ARGON2_MEMORY_KIB,
    iterations: DEFAULTS.SESAME_ARGON2_ITERATIONS,
    parallelism: DEFAULTS.SESAME_ARGON2_PARALLELISM,
  },
  sessionIdleMinutes: 60,
  sessionAbsoluteHours: 12,
};

export async function openBenchStore(
  options: { now?: () => number; config?: Partial<ServiceConfig> } = {},
) {
  const adminUrl = process.env.SESAME_BENCH_DATABASE_URL;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sesame-bench-"));
  const dbName = `sesame_bench_${process.pid}`;
  let databaseUrl: string | undefined;
  if (adminUrl) {
    await adminQuery(adminUrl, `CREATE DATABASE ${dbName}`);
    const url = new URL(adminUrl);
    url.pathname = `/${dbName}`;
    databaseUrl = url.href;
  }
  const store = openStore({ dataDir, databaseUrl });
  await migrateToLatest(store);
  const services = await createServices(
    store,
    { ...BENCH_SERVICE_CONFIG, ...options.config },
    options.now,
  );
  return {
    store,
    services,
    async close() {
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (adminUrl) await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    },
  };
}

/** The p-th percentile (0–1) of sorted times, with one decimal. */
export const percentile = (sorted: number[], p: number) =>
  (sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0).toFixed(1);
