/**
 * The administrators' user list and search at 1,000,000 users (store/user-list.ts).
 *
 *   npm run bench:user-list                    # SQLite in a temp folder
 *   SESAME_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:user-list
 *                                              # then also PostgreSQL, in a database it creates and drops
 *
 * SESAME_BENCH_USERS (default 1000000) and SESAME_BENCH_ROUNDS (default 200) change the size.
 * SESAME_BENCH_KEEP=1 keeps the loaded stores (and prints where) for EXPLAIN sessions;
 * SESAME_BENCH_SQLITE_DIR=dir / SESAME_BENCH_PG_DATABASE=name reuse a kept store instead of loading.
 *
 * Results of the last run go to bench/README.md by hand (the numbers vary per machine).
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { sql } from "kysely";
import { ROLES } from "../src/domain/roles.js";
import { migrateToLatest, openStore, type Queryable, type Store } from "../src/store/database.js";
import { insertOrganisation } from "../src/store/organisations.js";
import { insertRoleAssignment } from "../src/store/roles.js";
import { listUsers, type UserListQuery } from "../src/store/user-list.js";
import {
  countActivitiesSince,
  countAdministrators,
  countLiveUsers,
  countLockedOut,
  countOpenResetRequests,
  countOutboxBacklog,
} from "../src/store/dashboard.js";
import { insertUsers, type User } from "../src/store/users.js";
import { CLEAR_LOCKOUT } from "../src/domain/lockout.js";
import type { UserSort } from "../src/domain/user-grid.js";
import { saveLockout } from "../src/store/lockouts.js";
import { listUsersSorted, type UserGridQuery } from "../src/store/user-grid.js";
import { rolesOfUsers } from "../src/services/admin/principal.js";
import { lockedAmong } from "../src/store/lockouts.js";
import { verifiedMethodKindsOf } from "../src/store/security-info.js";
import { countRegisteredAmong, countRegisteredInOrganisation } from "../src/store/registration.js";

const USERS = Number(process.env.SESAME_BENCH_USERS ?? 1_000_000);
const ROUNDS = Number(process.env.SESAME_BENCH_ROUNDS ?? 200);
const KEEP = process.env.SESAME_BENCH_KEEP === "1";
const SMALL_ORG_USERS = 2_000;
const DAY_MS = 86_400_000;
/** Users locked out now (smart lockout), spread over the directory. */
const LOCKED = 200;
const ADMINS = 150;
// Not a real hash: the list never verifies passwords, and argon2 would take hours here.
const DUMMY_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$YmVuY2hiZW5jaGJlbmNo$YmVuY2hiZW5jaGJlbmNoYmVuY2hiZW5jaGJlbmNo";

// Dutch and English names, most common first (a Zipf-like draw makes the first ones frequent).
const GIVEN = `Jan Emma Pieter Sophie Daan Julia Sem Anna Lucas Tess Levi Mila Finn Sara Noah Zoë
Willem Fleur Johannes Lotte Hendrik Sanne Cornelis Lisa Bram Eva Thijs Anouk Luuk Femke Jesse Iris
Ruben Maud Sander Noor Bas Saar Joost Marieke Maarten Ingrid Wouter Petra Koen Wilma Stijn
Annemarie Tim Joke Niels Mieke Erik Els Frank Karin Marco Monique Rob Esther Gerrit Linda Dirk
Marloes Kees Janneke Henk Hanneke Jeroen Willemijn James Mary John Patricia Robert Jennifer
Michael Elizabeth William Barbara David Susan Richard Jessica Joseph Sarah Thomas Karen Charles
Emily Daniel Olivia Matthew Amelia George Isla Oliver Grace Harry Chloe Jack Charlotte Mohammed
Fatima Ümit Özlem Yusuf Ayşe Emre Anaïs Chloë Søren Émile Youssef Nadia Ahmed Samira Ilse Gijs
Rutger Yvonne Quinten Xander Ursula Vincent Kim Hugo Olaf`.split(/\s+/);

const SURNAMES = `de Jong|Jansen|de Vries|van den Berg|van Dijk|Bakker|Janssen|Visser|Smit|Meijer
|de Boer|Mulder|de Groot|Bos|Vos|Peters|Hendriks|van Leeuwen|Dekker|Brouwer|de Wit|Dijkstra|Smits
|de Graaf|van der Meer|van der Linden|Kok|Jacobs|de Haan|Vermeulen|van den Heuvel|van der Veen
|van den Broek|de Bruijn|de Bruin|van der Heijden|Schouten|van Beek|Willems|van Vliet|van de Ven
|Hoekstra|Maas|Verhoeven|Koster|van Dam|van der Wal|Prins|Blom|Huisman|Peeters|de Leeuw|Kuipers
|Veenstra|Kramer|van den Bosch|Postma|Wijnen|Smith|Johnson|Williams|Brown|Jones|Miller|Davis
|Wilson|Taylor|Anderson|Thomas|Moore|Martin|Jackson|Thompson|White|Harris|Clark|Lewis|Robinson
|Walker|Young|Allen|Wright|King|Scott|Green|Baker|Adams|Hill|Evans|Roberts|Turner|Hughes|Wood
|Edwards|Yılmaz|Öztürk|Çelik|Şahin|Özdemir|El Amrani|Bouzid|Müller|Østergaard|Quist|Ubbink
|Zwart|Nijland|Ramdin|Oosterhuis|IJzerman|Xu|Ekker|Grootveld`
  .split("|")
  .map((s) => s.trim());

/** Deterministic so every run (and both stores) sees the same people. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function zipf<T>(items: readonly T[], next: () => number): () => T {
  const weights = items.map((_, i) => 1 / (i + 1) ** 0.7);
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  let sum = 0;
  for (const w of weights) cumulative.push((sum += w / total));
  return () => {
    const r = next();
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 1) < r) lo = mid + 1;
      else hi = mid;
    }
    return items[lo] as T;
  };
}

const ascii = (s: string) =>
  s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/ı/g, "i")
    .replace(/ø/gi, "o")
    .replace(/[^A-Za-z]/g, "")
    .toLowerCase();

interface Person {
  user: User;
  key: string;
}

function* people(organisationId: string, domain: string, count: number, seed: number) {
  const next = random(seed);
  const given = zipf(GIVEN, next);
  const surname = zipf(SURNAMES, next);
  const taken = new Map<string, number>();
  const at = Date.UTC(2026, 0, 1);
  for (let i = 0; i < count; i++) {
    const g = given();
    const s = surname();
    const r = next();
    // Most display names are "Given Surname"; some carry an initial, some are "Surname, Given".
    const displayName =
      r < 0.04
        ? `${s}, ${g}`
        : r < 0.1
          ? `${g} ${String.fromCharCode(65 + Math.floor(next() * 26))}. ${s}`
          : `${g} ${s}`;
    const base = `${ascii(g)}.${ascii(s)}`;
    const n = (taken.get(base) ?? 0) + 1;
    taken.set(base, n);
    const upn = `${n === 1 ? base : `${base}${n}`}@${domain}`;
    const m = next();
    const mail =
      m < 0.08 ? null : m < 0.13 ? `${ascii(g)[0] ?? "x"}${n}.${ascii(s)}@mail.${domain}` : upn;
    const user: User = {
      id: randomUUID(),
      organisationId,
      userPrincipalName: upn,
      displayName,
      givenName: next() < 0.03 ? null : g,
      surname: next() < 0.03 ? null : s,
      mail,
      otherMails: [],
      mobilePhone: null,
      officePhone: null,
      preferredLanguage: null,
      accountEnabled: next() > 0.03,
      passwordManaged: next() < 0.2 ? "onPremises" : "cloud",
      passwordHash: DUMMY_HASH,
      // A year of password changes; a third never signed in, the rest within 90 days.
      passwordChangedAt: at - Math.floor(next() * 365) * DAY_MS,
      lastSignInAt: next() < 0.3 ? null : at - Math.floor(next() * 90 * DAY_MS),
      forceChangePassword: next() < 0.02,
      createdAt: at,
      updatedAt: at,
      deletedAt: next() < 0.003 ? at : null,
    };
    yield { user, key: upn.toLowerCase() } satisfies Person;
  }
}

/**
 * Security info for the registration count: 60% of users proved an alternate email, half of
 * those a mobile phone too (deterministic by position, so both stores hold the same).
 */
async function proveMethods(tx: Queryable, rows: readonly Person[], offset: number) {
  const next = random(1_000_003 + offset);
  const methods = rows.flatMap(({ user }) => {
    const r = next();
    const kinds = r < 0.3 ? ["email", "mobilePhone"] : r < 0.6 ? ["email"] : [];
    return kinds.map((kind) => ({
      id: randomUUID(),
      user_id: user.id,
      organisation_id: user.organisationId,
      kind,
      value: kind === "email" ? `home.${user.id}@example.test` : "+31612345678",
      verified_at: user.createdAt,
      created_at: user.createdAt,
    }));
  });
  if (methods.length > 0) await tx.db.insertInto("security_methods").values(methods).execute();
}

async function load(
  store: Store,
  organisationId: string,
  domain: string,
  count: number,
  seed: number,
) {
  await insertOrganisation(
    store,
    { id: organisationId, name: domain, passwordRules: {}, createdAt: Date.now() },
    domain,
  );
  const batch = 1000;
  const perTransaction = 50;
  const admins: string[] = [];
  const sample: Person[] = [];
  const everyAdmin = Math.max(1, Math.floor(count / ADMINS));
  const started = performance.now();
  let done = 0;
  const source = people(organisationId, domain, count, seed);
  while (done < count) {
    await store.transaction(async (tx) => {
      for (let t = 0; t < perTransaction && done < count; t++) {
        const rows: Person[] = [];
        while (rows.length < batch && done + rows.length < count) {
          const person = source.next();
          if (person.done) break;
          rows.push(person.value);
        }
        await insertUsers(tx, rows);
        await proveMethods(tx, rows, done);
        for (const [i, p] of rows.entries()) {
          if ((done + i) % everyAdmin === 0 && !p.user.deletedAt) admins.push(p.user.id);
          if ((done + i) % 997 === 0 && !p.user.deletedAt) sample.push(p);
        }
        done += rows.length;
      }
    });
    const seconds = (performance.now() - started) / 1000;
    process.stderr.write(
      `\r${store.dialect} ${domain}: ${done.toLocaleString("en")}/${count.toLocaleString("en")} users, ${(done / seconds).toFixed(0)}/s   `,
    );
  }
  process.stderr.write("\n");
  await store.transaction(async (tx) => {
    for (const [i, principalId] of admins.entries()) {
      await insertRoleAssignment(tx, {
        id: randomUUID(),
        organisationId,
        principalId,
        roleTemplateId: i % 3 === 0 ? ROLES.globalAdministrator.id : ROLES.helpdeskAdministrator.id,
        createdAt: Date.now(),
      });
    }
    for (const person of sample.slice(0, LOCKED)) {
      await saveLockout(tx, person.user.id, {
        ...CLEAR_LOCKOUT,
        lockoutCount: 1,
        lockedUntil: Date.now() + 365 * DAY_MS,
      });
    }
  });
  return sample;
}

interface Loaded {
  store: Store;
  organisationId: string;
  sample: Person[];
  dispose(): Promise<void>;
}

async function prepare(kind: "sqlite" | "postgres"): Promise<Loaded> {
  let dataDir: string;
  let databaseUrl: string | undefined;
  let dbName: string | undefined;
  const adminUrl = process.env.SESAME_BENCH_DATABASE_URL ?? "";
  const reuse =
    kind === "sqlite" ? process.env.SESAME_BENCH_SQLITE_DIR : process.env.SESAME_BENCH_PG_DATABASE;
  if (kind === "sqlite") {
    dataDir = reuse ?? fs.mkdtempSync(path.join(os.tmpdir(), "sesame-bench-list-"));
  } else {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sesame-bench-list-"));
    dbName = reuse ?? `sesame_bench_list_${process.pid}`;
    if (!reuse) await adminQuery(adminUrl, `CREATE DATABASE ${dbName}`);
    const url = new URL(adminUrl);
    url.pathname = `/${dbName}`;
    databaseUrl = url.href;
  }
  const store = openStore({ dataDir, databaseUrl });
  await migrateToLatest(store);
  const big = await store.db
    .selectFrom("organisations")
    .select("id")
    .where("name", "=", "big.bench.test")
    .executeTakeFirst();
  let organisationId = big?.id ?? randomUUID();
  let sample: Person[];
  if (big) {
    // A kept store: sample its users instead of loading.
    const rows = await store.db
      .selectFrom("users")
      .select(["id", "user_principal_name", "user_principal_name_key"])
      .where("organisation_id", "=", organisationId)
      .where("deleted_at", "is", null)
      .orderBy("id")
      .limit(1000)
      .execute();
    sample = rows.map((r) => ({
      user: { id: r.id, userPrincipalName: r.user_principal_name } as User,
      key: r.user_principal_name_key,
    }));
  } else {
    organisationId = randomUUID();
    // Loading only: a larger page cache keeps seven indexes' pages in memory (then back to
    // SQLite's default, which is what the store runs with).
    if (kind === "sqlite") await sql`pragma cache_size = -262144`.execute(store.db);
    sample = await load(store, organisationId, "big.bench.test", USERS, 1);
    await load(store, randomUUID(), "small.bench.test", SMALL_ORG_USERS, 2);
    if (kind === "sqlite") await sql`pragma cache_size = -16000`.execute(store.db);
    process.stderr.write(`${kind}: analysing...\n`);
    // What an operator's maintenance does (autovacuum; PRAGMA optimize): planner statistics.
    if (kind === "postgres") await sql`vacuum analyze`.execute(store.db);
    else await sql`analyze`.execute(store.db);
  }
  return {
    store,
    organisationId,
    sample,
    async dispose() {
      await store.close();
      // PostgreSQL's run keeps nothing in its (empty) data folder.
      if (kind === "postgres") fs.rmSync(dataDir, { recursive: true, force: true });
      if (KEEP || reuse) {
        console.log(
          `kept: ${kind === "sqlite" ? `SESAME_BENCH_SQLITE_DIR=${dataDir}` : `SESAME_BENCH_PG_DATABASE=${dbName}`}`,
        );
        return;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (dbName) await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    },
  };
}

async function adminQuery(url: string, text: string) {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(text);
  await admin.end();
}

async function measure(loaded: Loaded) {
  const { store, organisationId, sample } = loaded;
  const pick = <T>(items: readonly T[], i: number) => items[i % items.length] as T;
  const list = (query: Omit<UserListQuery, "organisationId">) =>
    listUsers(store, { organisationId, ...query });
  const oneLetter = ["j", "s", "m", "d", "b"];
  // Common and rare, a surname particle, non-ASCII, a given name, nobody.
  const threeLetters = ["jan", "wil", "van", "bak", "ümi", "sma", "mar", "emm", "qui", "zzz"];
  // Given names only: most of their users are found by display name ("Emma de Jong").
  const firstNames = ["emma", "pieter", "sophie", "willem", "daan"];
  // Deep pages: a cursor at a random user (about page 10,000), then four more pages following `next`.
  let after: UserListQuery["after"];
  /** A grid page and what the admin center reads for its rows. */
  const gridPage = async (
    sort: UserSort,
    filter: UserGridQuery["filter"] = "all",
    cursor?: UserGridQuery["after"],
  ) => {
    const page = await listUsersSorted(store, {
      organisationId,
      sort,
      filter,
      now: Date.now(),
      limit: 50,
      ...(cursor ? { after: cursor } : {}),
    });
    const ids = page.users.map((user) => user.id);
    await rolesOfUsers(store, ids);
    await lockedAmong(store, ids, Date.now());
    await verifiedMethodKindsOf(store, ids);
    return page;
  };
  // As for the name order: a cursor at a random user, then four more pages following `next`.
  let gridAfter: UserGridQuery["after"];
  const gridDeep = async (i: number, sort: UserSort) => {
    if (i % 5 === 0) {
      const user = pick(sample, i * 7);
      const row = await store.db
        .selectFrom("users")
        .selectAll()
        .where("id", "=", user.user.id)
        .executeTakeFirstOrThrow();
      const value = sort.by === "lastSignIn" ? row.last_sign_in_at : row.password_changed_at;
      gridAfter = { value: Number(value ?? 0), id: row.id };
    }
    const start = performance.now();
    const page = await gridPage(sort, "all", gridAfter);
    gridAfter = page.next;
    return performance.now() - start;
  };
  const cases: Record<string, (i: number) => Promise<unknown>> = {
    "first page": () => list({ limit: 50 }),
    "deep page (following cursors)": async (i) => {
      if (i % 5 === 0) {
        const user = pick(sample, i * 7);
        const row = await store.db
          .selectFrom("users")
          .select(["display_name_key", "id"])
          .where("id", "=", user.user.id)
          .executeTakeFirstOrThrow();
        after = { nameKey: row.display_name_key, id: row.id };
      }
      const start = performance.now();
      const page = await list({ limit: 50, after });
      after = page.next;
      return performance.now() - start;
    },
    [`search 1 letter (${oneLetter.join(", ")})`]: (i) =>
      list({ limit: 50, search: pick(oneLetter, i) }),
    [`search 3 letters (${threeLetters.join(", ")})`]: (i) =>
      list({ limit: 50, search: pick(threeLetters, i) }),
    "search full User ID": (i) =>
      list({ limit: 50, search: pick(sample, i * 13).user.userPrincipalName }),
    "administrators only": () => list({ limit: 50, filter: { adminsOnly: true } }),
    [`search a first name (${firstNames.join(", ")})`]: (i) =>
      list({ limit: 50, search: pick(firstNames, i) }),
    "search 1 letter, disabled users only": (i) =>
      list({ limit: 50, search: pick(oneLetter, i), filter: { enabled: false } }),
    // The users grid (store/user-grid.ts): a page in another sort order, with the rest of what
    // the page reads (roles, lockouts and methods of its 50 users).
    "grid: by User ID, first page": () => gridPage({ by: "userId", descending: false }),
    "grid: by last sign-in, newest first, following cursors": (i) =>
      gridDeep(i, { by: "lastSignIn", descending: true }),
    "grid: by password change, oldest first, following cursors": (i) =>
      gridDeep(i, { by: "passwordChanged", descending: false }),
    "grid: by display name, Z to A": () => gridPage({ by: "name", descending: true }),
    "grid: blocked only, by User ID": () =>
      gridPage({ by: "userId", descending: false }, "blocked"),
    "grid: on-premises only, by last sign-in": () =>
      gridPage({ by: "lastSignIn", descending: true }, "onPremises"),
    "grid: must change password, by name": () =>
      gridPage({ by: "name", descending: false }, "mustChange"),
    "grid: locked out now, by name": () => gridPage({ by: "name", descending: false }, "locked"),
    // Once a minute per organisation (services/admin/dashboard.ts keeps them), not per page.
    "grid: the chips' counts, uncached": async () => {
      await countLiveUsers(store, organisationId);
      await countLiveUsers(store, organisationId, "blocked");
      await countLiveUsers(store, organisationId, "mustChange");
      await countLiveUsers(store, organisationId, "onPremises");
      await countLockedOut(store, organisationId, Date.now());
      await countAdministrators(store, organisationId);
    },
    // The admin center's Home (services/admin/dashboard.ts): its six counts, one after another.
    // Once a minute per organisation (services/admin/dashboard.ts keeps it), for Home.
    "home: not registered for self-service (uncached)": async () => {
      // What services/admin/dashboard.ts counts for a policy in scope for everyone.
      const kinds = ["email", "mobilePhone", "officePhone", "securityQuestions"] as const;
      await countLiveUsers(store, organisationId);
      await countRegisteredInOrganisation(store, organisationId, kinds, 1);
      await countRegisteredAmong(store, organisationId, { deleted: true }, kinds, 1);
      await countRegisteredAmong(store, organisationId, { administrators: true }, kinds, 1);
      await countRegisteredAmong(store, organisationId, { administrators: true }, kinds, 2);
    },
    "home: all six counts": async () => {
      const now = Date.now();
      await countLiveUsers(store, organisationId);
      await countLockedOut(store, organisationId, now);
      await countLiveUsers(store, organisationId, "mustChange");
      await countActivitiesSince(
        store,
        organisationId,
        ["Reset password (by admin)"],
        now - 86_400_000,
      );
      await countOpenResetRequests(store, organisationId);
      await countOutboxBacklog(store, organisationId);
    },
  };
  const results: [string, number[]][] = [];
  for (const [name, run] of Object.entries(cases)) {
    await run(0); // warm-up
    const times: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const start = performance.now();
      const own = await run(i);
      times.push(typeof own === "number" ? own : performance.now() - start);
    }
    process.stderr.write(`${store.dialect}: ${name} done\n`);
    results.push([name, times.sort((a, b) => a - b)]);
  }
  return results;
}

async function main() {
  const kinds: ("sqlite" | "postgres")[] = ["sqlite"];
  if (process.env.SESAME_BENCH_DATABASE_URL) kinds.push("postgres");
  const pct = (times: number[], p: number) =>
    (times[Math.min(times.length - 1, Math.floor(times.length * p))] ?? 0).toFixed(1);
  const lines: string[] = [];
  for (const kind of kinds) {
    const started = performance.now();
    const loaded = await prepare(kind);
    const loadedIn = (performance.now() - started) / 1000;
    const results = await measure(loaded);
    const version =
      kind === "sqlite"
        ? (await sql<{ v: string }>`select sqlite_version() as v`.execute(loaded.store.db)).rows[0]
            ?.v
        : (
            await sql<{ v: string }>`select current_setting('server_version') as v`.execute(
              loaded.store.db,
            )
          ).rows[0]?.v;
    lines.push(
      `\n${kind} ${version ?? ""}: ${USERS.toLocaleString("en")} users, ${ROUNDS} requests per case, loaded in ${loadedIn.toFixed(0)} s`,
    );
    lines.push("| case | p50 ms | p95 ms | max ms |", "| --- | --- | --- | --- |");
    for (const [name, times] of results)
      lines.push(`| ${name} | ${pct(times, 0.5)} | ${pct(times, 0.95)} | ${pct(times, 1)} |`);
    await loaded.dispose();
  }
  console.log(`${os.cpus().length} cores, Node ${process.versions.node}`);
  console.log(lines.join("\n"));
}

await main();
