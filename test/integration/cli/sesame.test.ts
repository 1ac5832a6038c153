import { expect, it } from "vitest";
import { describeEachStore } from "../../support/stores.js";
import { sesame } from "../../support/cli.js";
import { origin } from "../../support/seed.js";

describeEachStore("the sesame command", (fx) => {
  const env = () => ({ SESAME_DATA_DIR: fx.dataDir, SESAME_DATABASE_URL: fx.databaseUrl });
  const domain = `cli-${fx.kind}.test`;

  it("lists every command with --help", async () => {
    const { code, stdout } = await sesame(["--help"], env());
    expect(code).toBe(0);
    for (const command of ["init", "user", "migrate"])
      expect(stdout).toMatch(new RegExp(`^\\s+${command}\\b`, "m"));
    const user = await sesame(["user", "--help"], env());
    expect(user.stdout).toMatch(/add \[options\] <userId>/);
  });

  it("initialises an organisation and prints a temporary password that must be changed", async () => {
    const { code, stdout } = await sesame(
      ["init", "--org", "Contoso CLI", "--domain", domain, "--admin", `admin@${domain}`],
      env(),
    );
    expect(code).toBe(0);
    const temporary = stdout.trim().split("\n").at(-1) ?? "";
    expect(temporary).toMatch(/^\S{16,}$/);
    const signedIn = await fx.services.signIn({
      userId: `admin@${domain}`,
      password: temporary,
      origin,
    });
    expect(signedIn.mustChangePassword).toBe(true);
  });

  it("adds users with a given password, a temporary one, or a generated one", async () => {
    const given = await sesame(
      [
        "user",
        "add",
        `ann@${domain}`,
        "--name",
        "Ann Smith",
        "--password",
        "plum orchard velvet sky",
      ],
      env(),
    );
    expect(given.code).toBe(0);
    expect(
      (
        await fx.services.signIn({
          userId: `ann@${domain}`,
          password: "plum orchard velvet sky",
          origin,
        })
      ).mustChangePassword,
    ).toBe(false);

    const temporary = await sesame(
      [
        "user",
        "add",
        `tom@${domain}`,
        "--name",
        "Tom",
        "--password",
        "plum orchard velvet sky",
        "--temporary",
      ],
      env(),
    );
    expect(temporary.stdout).toContain("must change this password");
    expect(
      (
        await fx.services.signIn({
          userId: `tom@${domain}`,
          password: "plum orchard velvet sky",
          origin,
        })
      ).mustChangePassword,
    ).toBe(true);

    const generated = await sesame(["user", "add", `gen@${domain}`, "--name", "Gen"], env());
    const password = generated.stdout.trim().split("\n").at(-1) ?? "";
    expect(
      (await fx.services.signIn({ userId: `gen@${domain}`, password, origin })).mustChangePassword,
    ).toBe(true);
  });

  it.each([
    [
      ["user", "add", "x@unknown-domain.test", "--name", "X"],
      /No organisation uses the domain unknown-domain\.test/,
    ],
    [["user", "add", `ANN@${domain.toUpperCase()}`, "--name", "Dup"], /already exists/],
    [
      ["user", "add", `weak@${domain}`, "--name", "Weak", "--password", "password1"],
      /refused: .*common/,
    ],
    [["user", "add", "not-a-user-id", "--name", "Bad"], /name@domain/],
    [["init", "--org", "Again", "--domain", domain, "--admin", `a@${domain}`], /already belongs/],
    [["user", "add", `nameless@${domain}`], /required option '--name/],
  ])("refuses %j with a clear message, exits non-zero, changes nothing", async (args, message) => {
    const before = await fx.store.db
      .selectFrom("users")
      .select(fx.store.db.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const { code, stderr } = await sesame(args, env());
    expect(code).not.toBe(0);
    expect(stderr).toMatch(message);
    const after = await fx.store.db
      .selectFrom("users")
      .select(fx.store.db.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it("creates an API key for the only organisation without --domain", async () => {
    const { code, stdout } = await sesame(
      ["apikey", "create", "--name", "Nightly", "--role", "Reports Reader"],
      env(),
    );
    expect(code).toBe(0);
    const principal = await fx.services.admin.apiKeys.authenticate(
      stdout.trim().split("\n").at(-1) ?? "",
    );
    expect(principal?.roles).toEqual(["reportsReader"]);
  });

  it("creates an API key for an organisation, printing the key alone on the last line", async () => {
    const help = await sesame(["--help"], env());
    expect(help.stdout).toMatch(/^\s+apikey\b/m);
    const { code, stdout } = await sesame(
      [
        "apikey",
        "create",
        "--name",
        "HR sync",
        "--role",
        "User Administrator",
        "--role",
        "966707d0-3269-4727-9be2-8c3a10f19b9d",
        "--domain",
        domain,
      ],
      env(),
    );
    expect(code).toBe(0);
    const key = stdout.trim().split("\n").at(-1) ?? "";
    expect(key).toMatch(/^ssk_[A-Za-z0-9_-]{43}$/);
    expect(stdout.split(key)).toHaveLength(2);
    const principal = await fx.services.admin.apiKeys.authenticate(key);
    expect(principal).toMatchObject({
      kind: "apiKey",
      name: "HR sync",
      roles: ["userAdministrator", "passwordAdministrator"],
    });
    const row = await fx.store.db
      .selectFrom("audit_events")
      .select(["actor_name", "target_id"])
      .where("activity", "=", "Add API key")
      .where("target_id", "=", principal?.id ?? "")
      .executeTakeFirst();
    expect(row).toEqual({ actor_name: "sesame-cli", target_id: principal?.id });
  });

  it.each([
    [
      ["apikey", "create", "--name", "K", "--role", "Chief Wizard", "--domain", domain],
      /no role "Chief Wizard"/,
    ],
    [
      ["apikey", "create", "--name", "K", "--role", "Reports Reader", "--domain", "nowhere.test"],
      /No organisation uses the domain nowhere\.test/,
    ],
    [["apikey", "create", "--name", "K", "--domain", domain], /at least one role/],
    [
      ["apikey", "create", "--name", " ", "--role", "Reports Reader", "--domain", domain],
      /name is required/,
    ],
    [
      ["apikey", "create", "--role", "Reports Reader", "--domain", domain],
      /required option '--name/,
    ],
  ])(
    "refuses API key %j with a clear message, exits non-zero, creates nothing",
    async (args, message) => {
      const count = async () =>
        Number(
          (
            await fx.store.db
              .selectFrom("api_keys")
              .select(fx.store.db.fn.countAll<number>().as("n"))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await count();
      const { code, stdout, stderr } = await sesame(args, env());
      expect(code).not.toBe(0);
      expect(stderr).toMatch(message);
      expect(stdout).not.toMatch(/ssk_/);
      expect(await count()).toBe(before);
    },
  );

  it("names a bad setting and exits 2", async () => {
    const { code, stderr } = await sesame(["migrate"], {
      ...env(),
      SESAME_DATABASE_URL: "mysql://nope",
    });
    expect(code).toBe(2);
    expect(stderr).toContain("SESAME_DATABASE_URL");
  });
});
