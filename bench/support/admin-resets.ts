/**
 * The built server with an organisation, its administrator's API key and N users, made the
 * way an operator would (`sesame init`, `sesame apikey create`, then POST /api/v1/users),
 * and administrator resets that email each user's temporary password through the REST API.
 * Shared by the outbox benchmark and the SMTP outage fault script.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { mapConcurrently } from "../../src/delivery/concurrently.js";
import { sesame } from "../../test/support/cli.js";
import { spawnSesame, type SesameProcess } from "./sesame-process.js";

const DOMAIN = "bench.test";
const PASSWORD = "granite harbour violin moss";

export interface BenchUser {
  id: string;
  /** Where the reset emails the temporary password. */
  mailTo: string;
}

export interface Directory {
  server: SesameProcess;
  /** SESAME_DATA_DIR and, on PostgreSQL, SESAME_DATABASE_URL of the server. */
  env: Record<string, string>;
  users: BenchUser[];
  /** Bearer API key acting as User Administrator. */
  key: string;
  dispose(): Promise<void>;
}

async function adminQuery(adminUrl: string, statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

async function cli(env: Record<string, string>, args: string[]): Promise<string> {
  const result = await sesame(args, env);
  if (result.code !== 0) throw new Error(`sesame ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout.trim().split("\n").at(-1) ?? "";
}

async function api<T>(server: SesameProcess, key: string, route: string, body: unknown) {
  const response = await fetch(`${server.url}/api/v1${route}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    throw new Error(`POST ${route} answered ${response.status}: ${await response.text()}`);
  }
  return (await response.json()) as T;
}

/**
 * A fresh data folder (and, with `databaseAdminUrl`, a PostgreSQL database of its own,
 * dropped by dispose), the built server sending mail to `smtpPort`, and `users` users.
 */
export async function startDirectory(options: {
  users: number;
  smtpPort: number;
  databaseAdminUrl?: string | undefined;
}): Promise<Directory> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sesame-bench-"));
  const env: Record<string, string> = {
    SESAME_DATA_DIR: dataDir,
    SESAME_SMTP_URL: `smtp://127.0.0.1:${options.smtpPort}`,
    SESAME_LOG_LEVEL: "error",
  };
  const adminUrl = options.databaseAdminUrl;
  const databaseName = `sesame_bench_outbox_${process.pid}`;
  if (adminUrl) {
    await adminQuery(adminUrl, `CREATE DATABASE ${databaseName}`);
    const url = new URL(adminUrl);
    url.pathname = `/${databaseName}`;
    env.SESAME_DATABASE_URL = url.href;
  }
  const dispose = async () => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (adminUrl)
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
  };
  try {
    await cli(env, ["init", "--org", "Bench", "--domain", DOMAIN, "--admin", `admin@${DOMAIN}`]);
    const key = await cli(env, [
      "apikey",
      "create",
      "--name",
      "bench",
      "--role",
      "User Administrator",
    ]);
    const server = await spawnSesame({ env });
    try {
      const users = await mapConcurrently(
        Array.from({ length: options.users }, (_, i) => i),
        8,
        async (i) => {
          const created = await api<{ id: string }>(server, key, "/users", {
            userPrincipalName: `user-${i}@${DOMAIN}`,
            displayName: `User ${i}`,
            passwordProfile: { password: PASSWORD, forceChangePasswordNextSignIn: false },
          });
          return { id: created.id, mailTo: `user-${i}@home.${DOMAIN}` };
        },
      );
      return {
        server,
        env,
        users,
        key,
        dispose: async () => {
          await server.stop();
          await dispose();
        },
      };
    } catch (error) {
      await server.stop();
      throw error;
    }
  } catch (error) {
    await dispose();
    throw error;
  }
}

export interface AnsweredReset {
  mailTo: string;
  /** performance.now() when the answer arrived. */
  answeredAt: number;
}

/**
 * An administrator reset of every user that emails the generated password to the user's
 * address, `concurrency` requests at once (an administrator script, or several admins).
 */
export async function resetEveryone(
  directory: Directory,
  concurrency: number,
): Promise<AnsweredReset[]> {
  return mapConcurrently(directory.users, concurrency, async (user) => {
    await api(directory.server, directory.key, `/users/${user.id}/resetPassword`, {
      sendTo: [user.mailTo],
    });
    return { mailTo: user.mailTo, answeredAt: performance.now() };
  });
}
