import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { sesame } from "../../support/cli.js";

const postgresUrl = process.env.SESAME_TEST_DATABASE_URL;

/**
 * Run in the wrong folder, `sesame` used to make an empty store and then say there was no
 * organisation. Only `init` creates a store; every other command names the store it looked for.
 */
describe("the sesame command without a store", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  const emptyFolder = () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "sesame-cli-empty-"));
    cleanups.push(async () => fs.rmSync(folder, { recursive: true, force: true }));
    return folder;
  };
  const commands = [
    ["user", "add", "ann@contoso.test", "--name", "Ann"],
    ["apikey", "create", "--name", "Sync", "--role", "Reports Reader"],
    ["migrate"],
  ];

  it.each(commands)("refuses %s in a folder without a store, and creates none", async (...args) => {
    const folder = emptyFolder();
    const dataDir = path.join(folder, "data");
    const { code, stdout, stderr } = await sesame(args, { SESAME_DATA_DIR: dataDir });
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(`There is no Sesame store at ${path.join(dataDir, "sesame.db")}`);
    expect(stderr).toContain("sesame init");
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it("creates the store with init, and says where", async () => {
    const dataDir = path.join(emptyFolder(), "data");
    const created = await sesame(
      ["init", "--org", "Contoso", "--domain", "contoso.test", "--admin", "admin@contoso.test"],
      { SESAME_DATA_DIR: dataDir },
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toContain(`in the store at ${path.join(dataDir, "sesame.db")}`);
    const added = await sesame(["user", "add", "ann@contoso.test", "--name", "Ann"], {
      SESAME_DATA_DIR: dataDir,
    });
    expect(added.code).toBe(0);
    // An error about the directory names the store it is about.
    const stranger = await sesame(
      ["apikey", "create", "--name", "Sync", "--role", "Reports Reader", "--domain", "x.test"],
      { SESAME_DATA_DIR: dataDir },
    );
    expect(stranger.code).toBe(1);
    expect(stranger.stderr).toContain(`(in the store at ${path.join(dataDir, "sesame.db")})`);
  });

  it.runIf(postgresUrl)(
    "refuses a PostgreSQL database without Sesame's schema, naming it without its password",
    async () => {
      const name = `sesame_cli_empty_${randomBytes(6).toString("hex")}`;
      const admin = new pg.Client({ connectionString: postgresUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      cleanups.push(async () => {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      });
      const url = new URL(postgresUrl ?? "");
      url.pathname = `/${name}`;
      url.password = "secret-password";
      const { code, stderr } = await sesame(["user", "add", "ann@contoso.test", "--name", "Ann"], {
        SESAME_DATA_DIR: emptyFolder(),
        SESAME_DATABASE_URL: url.href,
      });
      expect(code).toBe(2);
      expect(stderr).toContain("There is no Sesame store at postgres://");
      expect(stderr).toContain(`/${name}`);
      expect(stderr).not.toContain("secret-password");
      const created = new pg.Client({ connectionString: url.href });
      await created.connect();
      const { rows } = await created.query<{ n: number }>(
        "select count(*)::int as n from pg_tables where schemaname = 'public'",
      );
      await created.end();
      expect(rows[0]?.n).toBe(0);
    },
  );
});
