import fs from "node:fs";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { MIGRATION_NAMES, sqliteFileOf } from "./database.js";

/**
 * Backups of the embedded SQLite store (`sesame backup`, `sesame restore`). A backup is made
 * with SQLite's online backup API from a connection of its own: a copy of the store as it was
 * at one instant, taken while the server goes on reading and writing. (PostgreSQL has its own
 * tools: pg_dump and pg_restore, in the README.)
 */

/** Where a running server says so, for restore to refuse to replace the file under it. */
const PID_FILE = "sesame.pid";

/**
 * All pages in one step. A backup in several steps starts again whenever another connection
 * writes between them, which a busy server always does; in WAL mode the one step's read
 * transaction blocks no writer.
 */
const ALL_PAGES = 0x7fffffff;

export class BackupRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackupRefused";
  }
}

export interface BackupProgress {
  totalPages: number;
  remainingPages: number;
}

/** Copies the live store to `destination` (a new file; written under a temporary name first). */
export async function backupSqliteStore(
  dataDir: string,
  destination: string,
  onProgress: (progress: BackupProgress) => void = () => undefined,
): Promise<{ bytes: number }> {
  const live = sqliteFileOf(dataDir);
  if (!fs.existsSync(live)) throw new BackupRefused(`There is no Sesame store at ${live}.`);
  if (fs.existsSync(destination)) {
    throw new BackupRefused(`${destination} exists already; choose a new file name.`);
  }
  const partial = `${destination}.partial`;
  const source = new BetterSqlite3(live, { readonly: true, fileMustExist: true });
  try {
    source.pragma("busy_timeout = 5000");
    await source.backup(partial, {
      progress: (progress) => {
        onProgress(progress);
        return ALL_PAGES;
      },
    });
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  } finally {
    source.close();
  }
  fs.renameSync(partial, destination);
  return { bytes: fs.statSync(destination).size };
}

/** What a backup file holds, checked before it may replace a live store. */
function inspect(file: string): { latestMigration: string | undefined } {
  let database: BetterSqlite3.Database;
  try {
    database = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  } catch {
    throw new BackupRefused(`${file} is not a file Sesame can read.`);
  }
  try {
    const integrity = database.pragma("integrity_check", { simple: true });
    if (integrity !== "ok") throw new BackupRefused(`${file} is damaged: ${String(integrity)}.`);
    const table = database
      .prepare("select name from sqlite_master where type = 'table' and name = 'kysely_migration'")
      .get();
    if (!table)
      throw new BackupRefused(`${file} is not a Sesame backup (it has no schema version).`);
    const names = database.prepare("select name from kysely_migration order by name").all() as {
      name: string;
    }[];
    return { latestMigration: names.at(-1)?.name };
  } catch (error) {
    if (error instanceof BackupRefused) throw error;
    throw new BackupRefused(`${file} is not a Sesame backup (${String(error)}).`);
  } finally {
    database.close();
  }
}

/** The pid in the data folder, if the process it names is alive. */
function runningServer(dataDir: string): number | undefined {
  const file = path.join(dataDir, PID_FILE);
  const pid = Number(fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : NaN);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/** Says, in the data folder, that a server runs on its store (removed when it stops). */
export function markServerRunning(dataDir: string): () => void {
  const file = path.join(dataDir, PID_FILE);
  fs.writeFileSync(file, `${process.pid}\n`, { mode: 0o600 });
  return () => fs.rmSync(file, { force: true });
}

/**
 * Replaces the live store by the backup, after checking that no server runs on it, that the
 * backup is whole and that this Sesame knows its schema (an older one is brought up to date at
 * the next start). The store it replaces is kept beside it, renamed.
 */
export function restoreSqliteStore(
  dataDir: string,
  source: string,
  now: number,
): { kept: string | undefined; latestMigration: string | undefined } {
  const pid = runningServer(dataDir);
  if (pid !== undefined) {
    throw new BackupRefused(
      `A Sesame server (process ${pid}) is running on the store in ${dataDir}. Stop it, then restore. (If none runs, delete ${path.join(dataDir, PID_FILE)}.)`,
    );
  }
  const { latestMigration } = inspect(source);
  if (latestMigration !== undefined && !MIGRATION_NAMES.includes(latestMigration)) {
    throw new BackupRefused(
      `${source} was made by a newer Sesame (schema ${latestMigration}); restore it with that version or a later one.`,
    );
  }
  const live = sqliteFileOf(dataDir);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const incoming = `${live}.restoring`;
  fs.copyFileSync(source, incoming);
  let kept: string | undefined;
  if (fs.existsSync(live)) {
    kept = `${live}.before-restore-${new Date(now).toISOString().replace(/[:.]/g, "-")}`;
    fs.renameSync(live, kept);
    // The old store's write-ahead log belongs to it, not to the backup.
    for (const suffix of ["-wal", "-shm"]) {
      if (fs.existsSync(`${live}${suffix}`)) fs.renameSync(`${live}${suffix}`, `${kept}${suffix}`);
    }
  }
  fs.renameSync(incoming, live);
  return { kept, latestMigration };
}
