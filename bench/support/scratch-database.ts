/**
 * A PostgreSQL database of one's own on a shared server, for a benchmark, a fault script or
 * a test of the built server: created empty, dropped at the end (its connections with it).
 */
import { randomBytes } from "node:crypto";
import pg from "pg";

export interface ScratchDatabase {
  readonly name: string;
  /** The server's URL with this database's name. */
  readonly url: string;
  /** Ends every connection to this database but the caller's; resolves to how many. */
  terminateBackends(): Promise<number>;
  drop(): Promise<void>;
}

async function onServer<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** `serverUrl` names the server and a database to connect to for CREATE and DROP. */
export async function createScratchDatabase(
  serverUrl: string,
  prefix: string,
): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  await onServer(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.href,
    terminateBackends: () =>
      onServer(serverUrl, async (client) => {
        const { rowCount } = await client.query(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
          [name],
        );
        return rowCount ?? 0;
      }),
    drop: async () => {
      await onServer(serverUrl, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
      );
    },
  };
}
