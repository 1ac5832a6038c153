import fs from "node:fs";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Transaction } from "kysely";
import pg from "pg";
import type { Database } from "./schema.js";
import * as initial from "./migrations/0001_initial.js";
import * as admin from "./migrations/0002_admin.js";
import * as userSearch from "./migrations/0003_user_search.js";
import * as securityInfo from "./migrations/0005_security_info.js";
import * as resetPolicy from "./migrations/0004_reset_policy.js";
import * as selfServiceReset from "./migrations/0006_self_service_reset.js";
import * as registration from "./migrations/0007_registration.js";
import * as captcha from "./migrations/0008_captcha.js";
import * as authenticator from "./migrations/0009_authenticator.js";

export type Dialect = "sqlite" | "postgres";

/**
 * What every repository function takes: a query builder (the database or an open
 * transaction) and the dialect, for the few statements that differ (row locks).
 */
export interface Queryable {
  readonly db: Kysely<Database> | Transaction<Database>;
  readonly dialect: Dialect;
}

export interface Store extends Queryable {
  readonly db: Kysely<Database>;
  /** Runs work in one transaction; on PostgreSQL, `forUpdate` rows stay locked until it ends. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

// Versioned migrations, applied in order at start. Never edit one that has shipped.
const MIGRATIONS = {
  "0001_initial": initial,
  "0002_admin": admin,
  "0003_user_search": userSearch,
  "0005_security_info": securityInfo,
  "0004_reset_policy": resetPolicy,
  "0006_self_service_reset": selfServiceReset,
  "0007_registration": registration,
  "0008_captcha": captcha,
  "0009_authenticator": authenticator,
};

// pg returns int8 as a string to avoid precision loss; our bigints are epoch milliseconds.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export interface StoreOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
}

export function openStore(options: StoreOptions): Store {
  const dialect: Dialect = options.databaseUrl ? "postgres" : "sqlite";
  const db = new Kysely<Database>({
    dialect: options.databaseUrl
      ? new PostgresDialect({ pool: createPool(options.databaseUrl) })
      : new SqliteDialect({ database: openSqliteFile(options.dataDir) }),
  });
  return {
    db,
    dialect,
    transaction: (work) => db.transaction().execute((trx) => work({ db: trx, dialect })),
    ping: async () => {
      await db.selectFrom("settings").select("key").limit(1).execute();
    },
    close: () => db.destroy(),
  };
}

function createPool(connectionString: string): pg.Pool {
  const pool = new pg.Pool({ connectionString, max: 10 });
  // An idle connection the server ends (restart, failover, admin command) must not crash
  // the process: the pool drops it and opens a new one for the next query.
  pool.on("error", (error) => {
    console.warn(`PostgreSQL closed an idle connection (${error.message}); it will be replaced.`);
  });
  return pool;
}

function openSqliteFile(dataDir: string): BetterSqlite3.Database {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const database = new BetterSqlite3(path.join(dataDir, "sesame.db"));
  database.pragma("journal_mode = WAL");
  database.pragma("synchronous = NORMAL");
  database.pragma("foreign_keys = ON");
  database.pragma("busy_timeout = 5000");
  return database;
}

export async function migrateToLatest(store: Store): Promise<void> {
  const migrator = new Migrator({
    db: store.db,
    provider: { getMigrations: async () => MIGRATIONS },
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    throw new Error(
      `Database migration ${failed?.migrationName ?? ""} failed: ${String(error)}`.replace(
        "  ",
        " ",
      ),
      { cause: error },
    );
  }
}

/** A unique or primary-key constraint refused the write (SQLite or PostgreSQL). */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return (
    code === "23505" ||
    code === "SQLITE_CONSTRAINT_UNIQUE" ||
    code === "SQLITE_CONSTRAINT_PRIMARYKEY"
  );
}
