import fs from "node:fs";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Transaction } from "kysely";
import pg from "pg";
import type { Database } from "./schema.js";
import { keepingStatements } from "./statement-cache.js";
import * as initial from "./migrations/0001_initial.js";
import * as admin from "./migrations/0002_admin.js";
import * as userSearch from "./migrations/0003_user_search.js";
import * as securityInfo from "./migrations/0005_security_info.js";
import * as resetPolicy from "./migrations/0004_reset_policy.js";
import * as selfServiceReset from "./migrations/0006_self_service_reset.js";
import * as registration from "./migrations/0007_registration.js";
import * as captcha from "./migrations/0008_captcha.js";
import * as authenticator from "./migrations/0009_authenticator.js";
import * as disabledUsersList from "./migrations/0010_disabled_users_list.js";
import * as searchOverlaps from "./migrations/0011_search_overlaps.js";
import * as shownOnce from "./migrations/0012_shown_once.js";
import * as dashboardCounts from "./migrations/0013_dashboard_counts.js";
import * as userGrid from "./migrations/0014_user_grid.js";
import * as branding from "./migrations/0015_branding.js";
import * as registrationCounts from "./migrations/0016_registration_counts.js";
import { createSignals, type Listening, type ListenOptions } from "./signals.js";

export type Dialect = "sqlite" | "postgres";

/**
 * What every repository function takes: a query builder (the database or an open
 * transaction) and the dialect, for the few statements that differ (row locks).
 */
export interface Queryable {
  readonly db: Kysely<Database> | Transaction<Database>;
  readonly dialect: Dialect;
  /**
   * Tells the listeners of `channel` (Store.listen) once this work is committed: when the
   * transaction commits (never when it rolls back), or at once outside a transaction.
   */
  signal(channel: string): Promise<void>;
}

export interface Store extends Queryable {
  readonly db: Kysely<Database>;
  /** Runs work in one transaction; on PostgreSQL, `forUpdate` rows stay locked until it ends. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Hears `channel` signalled by this store and, on PostgreSQL, by every instance sharing it. */
  listen(channel: string, options: ListenOptions): Listening;
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
  "0010_disabled_users_list": disabledUsersList,
  "0011_search_overlaps": searchOverlaps,
  "0012_shown_once": shownOnce,
  "0013_dashboard_counts": dashboardCounts,
  "0014_user_grid": userGrid,
  "0015_branding": branding,
  "0016_registration_counts": registrationCounts,
};

/** Every schema version this Sesame knows, oldest first (a backup's must be one of them). */
export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS);

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
      : new SqliteDialect({ database: keepingStatements(openSqliteFile(options.dataDir)) }),
  });
  const signals = createSignals(options.databaseUrl);
  return {
    db,
    dialect,
    signal: (channel) => signals.signalCommitted(db, channel),
    transaction: async (work) => {
      const held = signals.hold();
      const result = await db
        .transaction()
        .execute((trx) =>
          work({ db: trx, dialect, signal: (channel) => held.signal(trx, channel) }),
        );
      held.release();
      return result;
    },
    listen: (channel, listenOptions) => signals.listen(channel, listenOptions),
    ping: async () => {
      await db.selectFrom("settings").select("key").limit(1).execute();
    },
    close: async () => {
      await signals.close();
      await db.destroy();
    },
  };
}

/** How long a query waits for a connection (new, or from a full pool) before it fails. */
export const CONNECTION_TIMEOUT_MS = 3_000;

function createPool(connectionString: string): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max: 10,
    // With PostgreSQL gone or unreachable, a request fails (503) in bounded time instead of
    // waiting for a connection without end.
    connectionTimeoutMillis: CONNECTION_TIMEOUT_MS,
    // Notices a server that vanished without closing its connections (a failover elsewhere).
    keepAlive: true,
    // Sesame's statements are short index reads. Where PostgreSQL cannot tell how far a range
    // reaches (a bound computed in the statement, as a search window's end), it may plan
    // parallel workers, whose start alone (about 10 ms) costs more than the whole read and
    // takes cores from the other requests.
    options: "-c max_parallel_workers_per_gather=0",
  });
  // PostgreSQL ends connections on a restart, a failover or pg_terminate_backend, and pg
  // emits 'error' on the client; unheard, that ends the process. The pool listens only while
  // a client is idle, not while Kysely holds it (for a query or a whole transaction), so
  // every client gets a listener of its own for its whole life (node-postgres #2439, #3202).
  // The client is then unusable: its query fails (as unavailable, a 503), and the pool
  // discards it when Kysely releases it and opens a new one for the next query.
  pool.on("connect", (client) => {
    client.on("error", (error) => {
      console.warn(`PostgreSQL ended a connection (${error.message}); it will be replaced.`);
    });
  });
  // The pool repeats an idle client's error, already told by the client's listener.
  pool.on("error", () => undefined);
  return pool;
}

/** The embedded store's file in the data folder. */
export const sqliteFileOf = (dataDir: string) => path.join(dataDir, "sesame.db");

/** Where a store lives, as a person would look for it: the file, or the server without a password. */
export function describeStore(options: StoreOptions): string {
  if (!options.databaseUrl) return sqliteFileOf(options.dataDir);
  const url = new URL(options.databaseUrl);
  url.password = "";
  return url.href;
}

/** Whether a store with Sesame's schema is there, without creating anything. */
export async function storeExists(options: StoreOptions): Promise<boolean> {
  if (!options.databaseUrl) return fs.existsSync(sqliteFileOf(options.dataDir));
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ present: boolean }>(
      "select to_regclass('kysely_migration') is not null as present",
    );
    return rows[0]?.present === true;
  } finally {
    await client.end();
  }
}

function openSqliteFile(dataDir: string): BetterSqlite3.Database {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const database = new BetterSqlite3(sqliteFileOf(dataDir));
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

// How the drivers say the store can't serve now, though it may in a moment: PostgreSQL gone,
// restarting, refusing or out of connections; a connection ended under a query; no
// connection within CONNECTION_TIMEOUT_MS; SQLite still locked after busy_timeout.
const UNREACHABLE_SOCKET = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);
const SERVER_UNAVAILABLE = new Set([
  "57P01", // admin_shutdown: pg_terminate_backend, a fast or smart shutdown
  "57P02", // crash_shutdown: another backend crashed, the server restarts
  "57P03", // cannot_connect_now: starting up, shutting down, in recovery
  "53300", // too_many_connections
]);
// pg's own errors have no code, only these messages.
const POOL_MESSAGES = [
  "Connection terminated", // also "… unexpectedly" and "… due to connection timeout"
  "timeout exceeded when trying to connect",
  "Client has encountered a connection error and is not queryable",
];

/**
 * The store can't serve now but may in a moment (see above): the request should be answered
 * 503 with Retry-After, never as a bug.
 */
export function isStoreUnavailable(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, message, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === "string") {
    if (UNREACHABLE_SOCKET.has(code) || SERVER_UNAVAILABLE.has(code)) return true;
    // 08xxx: connection exceptions. SQLITE_BUSY, _SNAPSHOT, _RECOVERY, _TIMEOUT: still locked.
    if (/^08[0-9A-Z]{3}$/.test(code) || code.startsWith("SQLITE_BUSY")) return true;
  }
  if (typeof message === "string" && POOL_MESSAGES.some((text) => message.startsWith(text))) {
    return true;
  }
  // A refused connection to a host of several addresses is an AggregateError of each.
  if (Array.isArray(errors) && errors.some(isStoreUnavailable)) return true;
  return cause !== undefined && cause !== error && isStoreUnavailable(cause);
}
