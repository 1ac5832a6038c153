import { Command, CommanderError } from "commander";
import { ConfigError, loadConfig } from "../config.js";
import { ROLES } from "../domain/roles.js";
import { openRuntime, type RuntimeOptions } from "../runtime.js";
import { describeStore } from "../store/database.js";
import { BackupRefused, backupSqliteStore, restoreSqliteStore } from "../store/backup.js";
import { CLI_ORIGIN } from "../services/context.js";
import { isSesameError, type SesameError } from "../services/errors.js";

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: Record<string, string | undefined>;
}

function describeError(error: SesameError): string {
  if (error.code === "passwordRejected") {
    const reasons = error.rejections.map((r) => {
      switch (r.code) {
        case "tooShort":
          return `use at least ${r.minLength} characters`;
        case "tooLong":
          return `use at most ${r.maxLength} characters`;
        case "banned":
          return `it contains the banned term "${r.term}"`;
        case "common":
          return "it is a commonly used password";
        case "weak":
          return "it is easy to guess; make it longer";
        case "controlCharacter":
          return "remove control characters";
        case "containsUserName":
          return "it contains the user's name";
        case "containsOrganisationName":
          return "it contains the organisation's name";
        case "needsThreeOfFourKinds":
          return "use 3 of: lowercase, uppercase, digits, symbols";
      }
    });
    return `The password was refused: ${reasons.join("; ")}.`;
  }
  return error.message;
}

/** The `sesame` command. Returns the exit code; never calls process.exit itself. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const program = new Command("sesame")
    .description("Sesame: self-hosted directory and password management.")
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError("(run sesame --help for every command)");

  // The store a command worked on, named beside its errors: "no such organisation" means
  // little without knowing where Sesame looked.
  let store: string | undefined;
  const withRuntime = async <T>(
    work: (runtime: Awaited<ReturnType<typeof openRuntime>>) => Promise<T>,
    options: RuntimeOptions = { create: false },
  ) => {
    const config = loadConfig(io.env);
    const runtime = await openRuntime(config, options);
    store = describeStore(config);
    try {
      return await work(runtime);
    } finally {
      await runtime.store.close();
    }
  };

  program
    .command("init")
    .description("Create the organisation and its first Global Administrator.")
    .requiredOption("--org <name>", "organisation name, shown in emails")
    .requiredOption("--domain <domain>", "the domain User IDs end in, e.g. contoso.com")
    .requiredOption("--admin <userId>", "the administrator's User ID, e.g. admin@contoso.com")
    .option("--name <displayName>", "the administrator's display name")
    .option(
      "--password <password>",
      "the administrator's password (else a temporary one is printed)",
    )
    .action(
      async (options: {
        org: string;
        domain: string;
        admin: string;
        name?: string;
        password?: string;
      }) => {
        await withRuntime(
          async ({ services }) => {
            const created = await services.directory.initOrganisation({
              organisationName: options.org,
              domain: options.domain,
              adminUserId: options.admin,
              adminDisplayName: options.name,
              password: options.password,
              origin: CLI_ORIGIN,
            });
            io.out(
              `Created organisation "${created.organisation.name}" with Global Administrator ${created.user.userPrincipalName}, in the store at ${store}.\n`,
            );
            if (created.temporaryPassword) {
              io.out("Temporary password (shown once; it must be changed at first sign-in):\n");
              io.out(`${created.temporaryPassword}\n`);
            }
          },
          { create: true },
        );
      },
    );

  const user = program.command("user").description("Manage users.");
  user
    .command("add <userId>")
    .description("Add a user; prints a temporary password when none is given.")
    .requiredOption("--name <displayName>", "display name")
    .option("--password <password>", "the password (else a temporary one is printed)")
    .option("--temporary", "the user must change the password at next sign-in")
    .option("--given-name <givenName>", "first name")
    .option("--surname <surname>", "last name")
    .option("--mail <mail>", "primary email address")
    .option("--language <language>", "preferred language: en or nl")
    .action(
      async (
        userId: string,
        options: {
          name: string;
          password?: string;
          temporary?: boolean;
          givenName?: string;
          surname?: string;
          mail?: string;
          language?: string;
        },
      ) => {
        await withRuntime(async ({ services }) => {
          const created = await services.directory.addUser({
            userId,
            displayName: options.name,
            password: options.password,
            temporary: options.temporary,
            givenName: options.givenName,
            surname: options.surname,
            mail: options.mail,
            preferredLanguage: options.language,
            origin: CLI_ORIGIN,
          });
          io.out(`Added ${created.user.userPrincipalName}.\n`);
          if (created.temporaryPassword) {
            io.out("Temporary password (shown once; it must be changed at first sign-in):\n");
            io.out(`${created.temporaryPassword}\n`);
          } else if (created.user.forceChangePassword) {
            io.out("The user must change this password at next sign-in.\n");
          }
        });
      },
    );

  const apikey = program.command("apikey").description("Manage API keys for programs.");
  apikey
    .command("create")
    .description("Create an API key for an organisation; prints the key once, on the last line.")
    .requiredOption("--name <name>", "what the key is for, e.g. 'HR sync'")
    .requiredOption(
      "--role <role>",
      "a role the key acts with, by name or template id (repeat for more)",
      (role: string, roles: string[]) => [...roles, role],
      [] as string[],
    )
    .option("--domain <domain>", "the organisation's domain (needed when there are several)")
    .action(async (options: { name: string; role: string[]; domain?: string }) => {
      await withRuntime(async ({ services }) => {
        const created = await services.admin.apiKeys.createForDomain({
          name: options.name,
          roles: options.role,
          domain: options.domain,
          origin: CLI_ORIGIN,
        });
        io.out(
          `Created API key "${created.apiKey.name}" (${created.apiKey.id}) with ${created.apiKey.roles.length === 1 ? "role" : "roles"} ${created.apiKey.roles.map((role) => ROLES[role].displayName).join(", ")}.\n`,
        );
        io.out("The key (shown once; only its hash is stored):\n");
        io.out(`${created.key}\n`);
      });
    });

  // SQLite's own backup: a consistent copy taken while the server runs. PostgreSQL has
  // pg_dump and pg_restore, which know its every feature.
  const sqliteOnly = () => {
    const config = loadConfig(io.env);
    if (config.databaseUrl) {
      throw new BackupRefused(
        "Backup and restore are for the embedded SQLite store. For PostgreSQL use pg_dump and pg_restore (see the README).",
      );
    }
    store = describeStore(config);
    return config;
  };

  program
    .command("backup <file>")
    .description("Copy the store to a new file, consistent while the server keeps running.")
    .action(async (file: string) => {
      const config = sqliteOnly();
      let shown = -1;
      let total = 0;
      const report = (done: number) => {
        const percent = Math.floor((100 * done) / Math.max(1, total));
        if (percent < shown + 10 && percent < 100) return;
        shown = percent;
        io.err(`Copied ${done} of ${total} pages (${percent}%)\n`);
      };
      const { bytes } = await backupSqliteStore(config.dataDir, file, (progress) => {
        total = progress.totalPages;
        report(progress.totalPages - progress.remainingPages);
      });
      if (shown < 100) report(total);
      io.out(`Backed up ${store} to ${file} (${bytes} bytes).\n`);
    });

  program
    .command("restore <file>")
    .description("Replace the store by a backup (the server must be stopped).")
    .action((file: string) => {
      const config = sqliteOnly();
      const { kept, latestMigration } = restoreSqliteStore(config.dataDir, file, Date.now());
      io.out(`Restored ${file} (schema ${latestMigration ?? "none"}) to ${store}.\n`);
      if (kept) io.out(`The store it replaced is kept as ${kept}.\n`);
      io.out("Start the server: it brings an older schema up to date by itself.\n");
    });

  program
    .command("migrate")
    .description("Bring the database schema up to date (the server also does this at start).")
    .action(async () => {
      await withRuntime(async () => io.out("The database schema is up to date.\n"));
    });

  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof ConfigError || error instanceof BackupRefused) {
      io.err(`${error.message}\n`);
      return 2;
    }
    if (isSesameError(error)) {
      io.err(`Error: ${describeError(error)}\n`);
      if (store) io.err(`(in the store at ${store})\n`);
      return 1;
    }
    io.err(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
