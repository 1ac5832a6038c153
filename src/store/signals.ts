import { EventEmitter } from "node:events";
import { sql, type Kysely, type Transaction } from "kysely";
import pg from "pg";
import type { Database } from "./schema.js";

/**
 * Signals that something was committed (a new outbox message), so whoever waits for it
 * need not poll for it. In this process they are events, raised after the commit; across
 * instances of one PostgreSQL database they are NOTIFY, which PostgreSQL delivers only
 * when the transaction commits, heard on a LISTEN connection of the listener's own.
 */

export interface ListenOptions {
  /** After each commit that signalled the channel. Must not throw. */
  onSignal: () => void;
  /** The LISTEN connection failed or dropped (PostgreSQL); it is reopened with backoff. */
  onConnectionProblem: (error: Error) => void;
}

export interface Listening {
  /** Settles once signals of other instances are heard too, or once the first try failed. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

/** What a transaction signals, held back until it commits. */
export interface HeldSignals {
  signal(trx: Transaction<Database>, channel: string): Promise<void>;
  /** Called after the commit; a rolled-back transaction never calls it. */
  release(): void;
}

type Executor = Kysely<Database> | Transaction<Database>;

const FIRST_RECONNECT_MS = 500;
const MAX_RECONNECT_MS = 30_000;

export function createSignals(connectionString: string | undefined) {
  const local = new EventEmitter();
  local.setMaxListeners(0);
  const listenings = new Set<Listening>();

  // On PostgreSQL, NOTIFY inside a transaction is delivered only if and when it commits.
  const notify = async (db: Executor, channel: string) => {
    if (connectionString) await sql`SELECT pg_notify(${channel}, '')`.execute(db);
  };

  return {
    /** Outside a transaction: the statements before it are committed already. */
    async signalCommitted(db: Kysely<Database>, channel: string): Promise<void> {
      await notify(db, channel);
      local.emit(channel);
    },

    hold(): HeldSignals {
      const channels = new Set<string>();
      return {
        async signal(trx, channel) {
          if (channels.has(channel)) return;
          channels.add(channel);
          await notify(trx, channel);
        },
        release() {
          for (const channel of channels) local.emit(channel);
        },
      };
    },

    listen(channel: string, options: ListenOptions): Listening {
      local.on(channel, options.onSignal);
      const remote = connectionString
        ? listenToPostgres(connectionString, channel, options)
        : undefined;
      const listening: Listening = {
        ready: remote?.ready ?? Promise.resolve(),
        close: async () => {
          listenings.delete(listening);
          local.off(channel, options.onSignal);
          await remote?.close();
        },
      };
      listenings.add(listening);
      return listening;
    },

    async close(): Promise<void> {
      await Promise.all([...listenings].map((listening) => listening.close()));
    },
  };
}

/**
 * LISTEN on a connection of its own (a pooled one would be handed to other queries). When
 * PostgreSQL ends it (restart, failover, pg_terminate_backend), its 'error' is reported,
 * never thrown, and it is reopened with backoff; once back, `onSignal` is called, since
 * what was committed meanwhile was not heard.
 */
function listenToPostgres(connectionString: string, channel: string, options: ListenOptions) {
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let delay = FIRST_RECONNECT_MS;
  let closed = false;
  let heardBefore = false;

  async function open(): Promise<void> {
    // Keep-alive: a connection a firewall forgot would otherwise look alive for hours.
    const connection = new pg.Client({ connectionString, keepAlive: true });
    client = connection;
    let lost = false;
    const onLost = (error: Error) => {
      if (lost) return;
      lost = true;
      if (client === connection) client = undefined;
      connection.end().catch(() => undefined);
      if (closed) return;
      options.onConnectionProblem(error);
      retry = setTimeout(() => void open(), delay);
      retry.unref();
      delay = Math.min(delay * 2, MAX_RECONNECT_MS);
    };
    connection.on("error", onLost);
    connection.on("end", () => onLost(new Error("PostgreSQL ended the LISTEN connection")));
    connection.on("notification", (message) => {
      if (message.channel === channel) options.onSignal();
    });
    try {
      await connection.connect();
      await connection.query(`LISTEN ${connection.escapeIdentifier(channel)}`);
    } catch (error) {
      onLost(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    delay = FIRST_RECONNECT_MS;
    if (heardBefore) options.onSignal();
    heardBefore = true;
  }

  return {
    ready: open(),
    async close() {
      closed = true;
      clearTimeout(retry);
      await client?.end().catch(() => undefined);
    },
  };
}
