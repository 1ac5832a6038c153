/**
 * A PostgreSQL cluster of a fault script's own: initdb into a temp folder, on a free loopback
 * port, its socket in that folder, so restarting and killing it touches nothing shared. As
 * root, the cluster runs as the `postgres` OS user (initdb refuses root).
 */
import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort } from "../../bench/support/sesame-process.js";

const run = promisify(execFile);
const OS_USER = "postgres";

/** The newest PostgreSQL's binaries: Debian's versioned folders, else the PATH. */
function binDir(): string {
  const root = "/usr/lib/postgresql";
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((name) => fs.existsSync(path.join(root, name, "bin", "pg_ctl")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  return versions[0] ? path.join(root, versions[0], "bin") : "";
}

export interface PrivatePostgres {
  readonly port: number;
  /** postgres://postgres@127.0.0.1:PORT/DATABASE */
  urlOf(database: string): string;
  /** `pg_ctl restart -m fast`: ends every connection, back when the command returns. */
  restartFast(): Promise<void>;
  /** `pg_ctl stop -m immediate`: every backend killed at once, as a crash; start() after. */
  stopImmediate(): Promise<void>;
  start(): Promise<void>;
  /** Stops the cluster and removes its folder; safe to call twice, or from an exit handler. */
  removeSync(): void;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  const tool = (name: string) => (bin ? path.join(bin, name) : name);
  const asRoot = process.getuid?.() === 0;
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "sesame-chaos-pg-"));
  const data = path.join(folder, "data");
  const log = path.join(folder, "server.log");
  if (asRoot) execFileSync("chown", [OS_USER, folder]);
  const command = (name: string, args: string[]): [string, string[]] =>
    asRoot ? ["runuser", ["-u", OS_USER, "--", tool(name), ...args]] : [tool(name), args];
  const port = await freePort();
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${folder}`;
  const pgCtl = async (...args: string[]) => {
    await run(...command("pg_ctl", ["-D", data, "-l", log, "-w", "-t", "60", ...args]));
  };
  let removed = false;
  const removeSync = () => {
    if (removed) return;
    removed = true;
    try {
      execFileSync(...command("pg_ctl", ["-D", data, "-m", "immediate", "stop"]), {
        stdio: "ignore",
      });
    } catch {
      // not running
    }
    fs.rmSync(folder, { recursive: true, force: true });
  };
  try {
    await run(
      ...command("initdb", [
        "-D",
        data,
        "-U",
        "postgres",
        "--auth=trust",
        "-E",
        "UTF8",
        "--no-sync",
      ]),
    );
    await pgCtl("-o", options, "start");
  } catch (error) {
    removeSync();
    throw error;
  }
  return {
    port,
    urlOf: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    restartFast: () => pgCtl("-m", "fast", "-o", options, "restart"),
    stopImmediate: () => pgCtl("-m", "immediate", "stop"),
    start: () => pgCtl("-o", options, "start"),
    removeSync,
  };
}

/**
 * Runs `cleanup` once on normal exit, Ctrl-C, SIGTERM or an uncaught error, so a fault
 * script leaves no cluster, server or folder behind.
 */
export function onExit(cleanup: () => void): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    cleanup();
  };
  process.once("exit", once);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: cleaning up`);
      once();
      process.exit(130);
    });
  }
  process.once("uncaughtException", (error) => {
    console.error(error);
    once();
    process.exit(1);
  });
}
