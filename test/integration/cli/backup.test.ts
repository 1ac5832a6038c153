import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { markServerRunning } from "../../../src/store/backup.js";
import { openStore, type Store } from "../../../src/store/database.js";
import { freePort, spawnSesame } from "../../../bench/support/sesame-process.js";
import { sesame } from "../../support/cli.js";

/**
 * `sesame backup` copies the SQLite store while something keeps writing to it (here this test's
 * own connection, as a server's would), and `sesame restore` puts such a copy back.
 */
describe("sesame backup and restore", () => {
  let folder: string;
  let dataDir: string;
  let store: Store;

  beforeAll(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), "sesame-cli-backup-"));
    dataDir = path.join(folder, "live");
    const init = await sesame(
      [
        "init",
        "--org",
        "Backed Up",
        "--domain",
        "backedup.test",
        "--admin",
        "admin@backedup.test",
        "--password",
        "granite harbour violin moss",
      ],
      { SESAME_DATA_DIR: dataDir },
    );
    expect(init.code).toBe(0);
    store = openStore({ dataDir });
  });
  afterAll(async () => {
    await store.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  const keysIn = (file: string) => {
    const database = new BetterSqlite3(file, { readonly: true });
    try {
      const rows = database
        .prepare("select key from settings where key like 'write-%' order by key")
        .all() as { key: string }[];
      return rows.map((row) => row.key);
    } finally {
      database.close();
    }
  };

  it("copies the store consistently while writes go on, and restores every row committed before it", async () => {
    // Grow the store first, so the copy takes several steps while the writer runs.
    await store.transaction(async (tx) => {
      for (let i = 0; i < 2_000; i++) {
        await tx.db
          .insertInto("settings")
          .values({ key: `bulk-${i}`, value: "x".repeat(2_000) })
          .execute();
      }
    });
    let committed = 0;
    let writing = true;
    const writer = (async () => {
      // One transaction per row: `committed` counts what a client was told is saved.
      const until = Date.now() + 20_000;
      while (writing && Date.now() < until) {
        const key = `write-${String(committed).padStart(6, "0")}`;
        await store.transaction(async (tx) => {
          await tx.db.insertInto("settings").values({ key, value: "v" }).execute();
        });
        committed += 1;
        // Let the event loop run, as a server's requests do (the driver is synchronous).
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    while (committed < 50) await new Promise((resolve) => setTimeout(resolve, 5));
    const before = committed;
    const file = path.join(folder, "backup.db");
    const backup = await sesame(["backup", file], { SESAME_DATA_DIR: dataDir });
    const after = committed;
    writing = false;
    await writer;
    expect(backup.code).toBe(0);
    expect(backup.stdout).toContain(`to ${file}`);
    expect(backup.stderr).toMatch(/Copied \d+ of \d+ pages \(100%\)/);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);
    // Writes went on during the copy, and the copy is one instant: a prefix of what committed.
    expect(after).toBeGreaterThan(before);
    const copied = keysIn(file);
    expect(copied.length).toBeGreaterThanOrEqual(before);
    expect(copied.length).toBeLessThanOrEqual(after);
    expect(copied).toEqual(
      Array.from({ length: copied.length }, (_, i) => `write-${String(i).padStart(6, "0")}`),
    );

    // Into a new folder, as after losing the server.
    const restoredDir = path.join(folder, "restored");
    const restore = await sesame(["restore", file], { SESAME_DATA_DIR: restoredDir });
    expect(restore.code).toBe(0);
    expect(restore.stdout).toContain("Restored");
    expect(keysIn(path.join(restoredDir, "sesame.db"))).toEqual(copied);
    // The restored store is one the server opens: its schema is up to date, its admin there.
    const migrate = await sesame(["migrate"], { SESAME_DATA_DIR: restoredDir });
    expect(migrate.code).toBe(0);
    const again = await sesame(["backup", file], { SESAME_DATA_DIR: restoredDir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("exists already; choose a new file name");
  });

  it("keeps the store it replaces, and refuses while a server runs on it", async () => {
    const file = path.join(folder, "second.db");
    expect((await sesame(["backup", file], { SESAME_DATA_DIR: dataDir })).code).toBe(0);
    // This test's process stands for the server.
    const unmark = markServerRunning(dataDir);
    const refused = await sesame(["restore", file], { SESAME_DATA_DIR: dataDir });
    unmark();
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      `is running on the store in ${dataDir}. Stop it, then restore.`,
    );
    const restored = await sesame(["restore", file], { SESAME_DATA_DIR: dataDir });
    expect(restored.code).toBe(0);
    const kept = /kept as (\S+)\.\n/.exec(restored.stdout)?.[1] ?? "";
    expect(fs.existsSync(kept)).toBe(true);
  });

  it("refuses to restore under the real server, and restores once it stopped", async () => {
    const file = path.join(folder, "under-server.db");
    expect((await sesame(["backup", file], { SESAME_DATA_DIR: dataDir })).code).toBe(0);
    const server = await spawnSesame({
      env: { SESAME_DATA_DIR: dataDir, PORT: String(await freePort()), SESAME_LOG_LEVEL: "warn" },
    });
    try {
      expect(fs.existsSync(path.join(dataDir, "sesame.pid"))).toBe(true);
      const refused = await sesame(["restore", file], { SESAME_DATA_DIR: dataDir });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain("Stop it, then restore.");
    } finally {
      await server.stop();
    }
    // A server that stopped says so by taking its mark away.
    expect(fs.existsSync(path.join(dataDir, "sesame.pid"))).toBe(false);
    expect((await sesame(["restore", file], { SESAME_DATA_DIR: dataDir })).code).toBe(0);
  });

  it("refuses what is not a whole Sesame backup of a schema it knows", async () => {
    const notSesame = path.join(folder, "other.db");
    const other = new BetterSqlite3(notSesame);
    other.exec("create table notes (text)");
    other.close();
    const garbage = path.join(folder, "garbage.db");
    fs.writeFileSync(garbage, "this is not a database, just text");
    const newer = path.join(folder, "newer.db");
    expect((await sesame(["backup", newer], { SESAME_DATA_DIR: dataDir })).code).toBe(0);
    const database = new BetterSqlite3(newer);
    database
      .prepare("insert into kysely_migration (name, timestamp) values (?, ?)")
      .run("9999_from_the_future", new Date().toISOString());
    database.close();
    const target = path.join(folder, "untouched");
    for (const [file, message] of [
      [notSesame, "is not a Sesame backup"],
      [garbage, "is not"],
      [newer, "was made by a newer Sesame (schema 9999_from_the_future)"],
    ] as const) {
      const refused = await sesame(["restore", file], { SESAME_DATA_DIR: target });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(message);
      expect(fs.existsSync(path.join(target, "sesame.db"))).toBe(false);
    }
    const onPostgres = await sesame(["backup", path.join(folder, "pg.db")], {
      SESAME_DATA_DIR: dataDir,
      SESAME_DATABASE_URL: "postgres://postgres@127.0.0.1:5432/postgres",
    });
    expect(onPostgres.code).toBe(2);
    expect(onPostgres.stderr).toContain("For PostgreSQL use pg_dump and pg_restore");
  });
});
