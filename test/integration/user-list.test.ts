import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Migrator, type Kysely, type Migration } from "kysely";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { ROLES } from "../../src/domain/roles.js";
import { migrateToLatest, openStore, type Store } from "../../src/store/database.js";
import * as initial from "../../src/store/migrations/0001_initial.js";
import * as admin from "../../src/store/migrations/0002_admin.js";
import { insertOrganisation } from "../../src/store/organisations.js";
import { insertRoleAssignment } from "../../src/store/roles.js";
import {
  decodeCursor,
  encodeCursor,
  listUsers,
  prefixEnd,
  type UserListOptions,
  type UserListQuery,
} from "../../src/store/user-list.js";
import {
  insertUser,
  searchKey,
  updateUserProfile,
  userSearchKeys,
  type User,
} from "../../src/store/users.js";
import { describeEachStore } from "../support/stores.js";

// Fields of a test user; the rest is filled in by `person`.
interface Spec {
  displayName: string;
  local: string;
  givenName?: string | null;
  surname?: string | null;
  mail?: string | null;
  enabled?: boolean;
  onPremises?: boolean;
  deleted?: boolean;
  admin?: boolean;
}

// Ties on the display name (case and all), non-ASCII names, display names that do not start
// with the given name, mails unlike the User ID, missing fields.
const SPECS: Spec[] = [
  ...Array.from({ length: 8 }, (_, i) => ({
    displayName: ["Jan Jansen", "jan jansen", "JAN JANSEN", "Jan Jansen"][i % 4] ?? "",
    local: `jan.jansen${i}`,
    givenName: "Jan",
    surname: "Jansen",
  })),
  { displayName: "Jansen, Jan", local: "jjansen", givenName: "Jan", surname: "Jansen" },
  { displayName: "Jansen, Piet", local: "pjansen", givenName: "Piet", surname: "Jansen" },
  ...Array.from({ length: 3 }, (_, i) => ({
    displayName: "Emma de Vries",
    local: `emma.devries${i}`,
    givenName: "Emma",
    surname: "de Vries",
    mail: i === 0 ? "e.devries@mail.example" : undefined,
  })),
  { displayName: "Vries, Emma de", local: "evries", givenName: "Emma", surname: "de Vries" },
  { displayName: "Dr. Emma Bakker", local: "ebakker", givenName: "Emma", surname: "Bakker" },
  { displayName: "Ümit Yılmaz", local: "umit.yilmaz", givenName: "Ümit", surname: "Yılmaz" },
  { displayName: "ümit Öztürk", local: "umit.ozturk", givenName: "Ümit", surname: "Öztürk" },
  { displayName: "Umit Ulusoy", local: "u.ulusoy", givenName: "Umit", surname: "Ulusoy" },
  { displayName: "Émile Zola", local: "emile.zola", givenName: "Émile", surname: "Zola" },
  { displayName: "Zoë Bakker", local: "zoe.bakker", givenName: "Zoë", surname: "Bakker" },
  { displayName: "Anaïs Müller", local: "anais.muller", givenName: "Anaïs", surname: "Müller" },
  {
    displayName: "Maximiliaan-Alexander de Groot",
    local: "max.degroot",
    givenName: "Maximiliaan-Alexander",
    surname: "de Groot",
  },
  { displayName: "Helpdesk Desk", local: "helpdesk", givenName: null, surname: null, mail: null },
  // Found by surname only (the mail shares it, and must not hide it), or by mail only.
  {
    displayName: "Ir. A. Verbeek",
    local: "a.v",
    givenName: "Anna",
    surname: "Verbeek",
    mail: "verbeek@mail.example",
  },
  { displayName: "Karel Appel", local: "k.appel", givenName: "Karel", mail: "ka@mail.example" },
  { displayName: "Ada Admin", local: "ada", givenName: "Ada", surname: "Admin", admin: true },
  { displayName: "Bea Boss", local: "bea", givenName: "Bea", surname: "Boss", admin: true },
  { displayName: "Old Admin", local: "old.admin", admin: true, deleted: true },
  { displayName: "Dora Disabled", local: "dora", enabled: false },
  { displayName: "Dirk Disabled", local: "dirk", enabled: false, onPremises: true },
  { displayName: "Olga Onprem", local: "olga", onPremises: true },
  { displayName: "Gone Away", local: "gone", deleted: true },
  { displayName: "Jan Gone", local: "jan.gone", givenName: "Jan", deleted: true },
  ...Array.from({ length: 20 }, (_, i) => {
    const given = ["Sanne", "Bas", "Fleur", "Kees", "Lotte"][i % 5] ?? "";
    const surname = ["Visser", "Smit", "de Boer", "Mulder"][i % 4] ?? "";
    return {
      displayName: `${given} ${surname}`,
      local: `${given}.${surname.replace(" ", "")}${i}`.toLowerCase(),
      givenName: given,
      surname,
      enabled: i % 7 !== 3,
      onPremises: i % 3 === 0,
    };
  }),
];

interface Org {
  id: string;
  domain: string;
  users: User[];
}

async function createOrganisation(store: Store, name: string): Promise<Org> {
  const org: Org = {
    id: randomUUID(),
    domain: `${name}-${randomUUID().slice(0, 8)}.test`,
    users: [],
  };
  await insertOrganisation(
    store,
    { id: org.id, name, passwordRules: {}, createdAt: 0 },
    org.domain,
  );
  for (const spec of SPECS) {
    const userPrincipalName = `${spec.local}@${org.domain}`;
    const user: User = {
      id: randomUUID(),
      organisationId: org.id,
      userPrincipalName,
      displayName: spec.displayName,
      givenName: spec.givenName === undefined ? null : spec.givenName,
      surname: spec.surname === undefined ? null : spec.surname,
      mail: spec.mail === undefined ? userPrincipalName : spec.mail,
      otherMails: [],
      mobilePhone: null,
      officePhone: null,
      preferredLanguage: null,
      accountEnabled: spec.enabled ?? true,
      passwordManaged: spec.onPremises ? "onPremises" : "cloud",
      passwordHash: null,
      passwordChangedAt: null,
      lastSignInAt: null,
      forceChangePassword: false,
      createdAt: 0,
      updatedAt: 0,
      deletedAt: spec.deleted ? 1 : null,
    };
    await insertUser(store, user, searchKey(userPrincipalName));
    if (spec.admin) {
      await insertRoleAssignment(store, {
        id: randomUUID(),
        organisationId: org.id,
        principalId: user.id,
        roleTemplateId: ROLES.helpdeskAdministrator.id,
        createdAt: 0,
      });
    }
    org.users.push(user);
  }
  return org;
}

// Keys compare byte by byte (UTF-8), then ids.
const bytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
const byName = (a: User, b: User) =>
  bytes(searchKey(a.displayName), searchKey(b.displayName)) || bytes(a.id, b.id);

function expected(org: Org, query: Omit<UserListQuery, "organisationId" | "limit">): User[] {
  const prefix = searchKey(query.search ?? "");
  const f = query.filter ?? {};
  const admins = new Set(SPECS.flatMap((spec, i) => (spec.admin ? [org.users[i]?.id ?? ""] : [])));
  return org.users
    .filter((u) => (f.deleted ? u.deletedAt !== null : u.deletedAt === null))
    .filter((u) => f.enabled === undefined || u.accountEnabled === f.enabled)
    .filter(
      (u) => f.onPremises === undefined || (u.passwordManaged === "onPremises") === f.onPremises,
    )
    .filter((u) => !f.adminsOnly || admins.has(u.id))
    .filter(
      (u) =>
        prefix === "" ||
        [u.displayName, u.givenName, u.surname, u.userPrincipalName, u.mail].some(
          (field) => field !== null && searchKey(field).startsWith(prefix),
        ),
    )
    .sort(byName);
}

describeEachStore("user list", (fx) => {
  let org: Org;
  let other: Org;

  /** Every page of a query, following the cursors (through their tokens, as the API does). */
  async function walk(
    query: Omit<UserListQuery, "organisationId">,
    options: UserListOptions = {},
  ): Promise<{ users: User[]; pages: number[] }> {
    const users: User[] = [];
    const pages: number[] = [];
    let after = query.after;
    for (let guard = 0; guard < 200; guard++) {
      const page = await listUsers(fx.store, { organisationId: org.id, ...query, after }, options);
      users.push(...page.users);
      pages.push(page.users.length);
      if (!page.next) return { users, pages };
      expect(page.users).toHaveLength(query.limit);
      const last = page.users.at(-1);
      expect(page.next).toEqual({ nameKey: searchKey(last?.displayName ?? ""), id: last?.id });
      after = decodeCursor(encodeCursor(page.next));
      expect(after).toEqual(page.next);
    }
    throw new Error("too many pages");
  }

  const ids = (users: User[]) => users.map((u) => u.id);

  beforeAll(async () => {
    org = await createOrganisation(fx.store, "contoso");
    other = await createOrganisation(fx.store, "fabrikam");
  });

  it("sorts by display name case-insensitively, then id; pages neither skip nor repeat", async () => {
    const all = expected(org, {});
    expect(all.length).toBeGreaterThan(45);
    // Ties: eight "Jan Jansen" in three spellings share one key and are ordered by id.
    const jans = all.filter((u) => searchKey(u.displayName) === "jan jansen");
    expect(jans).toHaveLength(8);
    const whole = await listUsers(fx.store, { organisationId: org.id, limit: 999 });
    expect(ids(whole.users)).toEqual(ids(all));
    expect(whole.next).toBeUndefined();
    for (const limit of [7, 1, 8, all.length, all.length - 1]) {
      const { users, pages } = await walk({ limit });
      expect(ids(users)).toEqual(ids(all));
      expect(new Set(ids(users)).size).toBe(users.length);
      expect(pages.at(-1)).toBeGreaterThan(0); // never an empty last page
    }
    // Display names of a different case sort together; non-ASCII after z (code point order).
    expect(all.map((u) => u.displayName).indexOf("Zoë Bakker")).toBeLessThan(
      all.map((u) => u.displayName).indexOf("Émile Zola"),
    );
    expect(whole.users[0]?.userPrincipalName).toMatch(/^ada@/);
  });

  it("starts a page right after any cursor, even one between rows", async () => {
    const all = expected(org, {});
    const middle = all[20];
    const page = await listUsers(fx.store, {
      organisationId: org.id,
      limit: 5,
      after: { nameKey: searchKey(middle?.displayName ?? ""), id: middle?.id ?? "" },
    });
    expect(ids(page.users)).toEqual(ids(all.slice(21, 26)));
    // A cursor naming no row (a user since renamed or deleted) still continues in order.
    const between = await listUsers(fx.store, {
      organisationId: org.id,
      limit: 3,
      after: { nameKey: "jan jansen", id: "00000000-0000-0000-0000-000000000000" },
    });
    expect(ids(between.users)).toEqual(
      ids(all.filter((u) => bytes(searchKey(u.displayName), "jan jansen") >= 0).slice(0, 3)),
    );
  });

  // Both strategies of a search: the window of the list (default) and, with a window of three
  // rows, each field's index.
  const SEARCHES = [
    "jan", // display names, given names, surnames, User IDs
    "JAN J", // case-insensitive, with a space
    "jansen", // surname only (most display names start with the given name)
    "emma", // given name, also of users whose display name starts elsewhere
    "Ümit", // non-ASCII given name and display name
    "ÜMIT",
    "umit", // not the same letter: only Umit Ulusoy
    "yıl", // surname with a dotless i
    "de v", // surname with a particle
    "e.devries", // a mail unlike the User ID
    "emma.devries1@", // User ID prefix
    "maximiliaan-alexander", // longer than the overlap cap (16)
    "maximiliaan-alexander de", // display name only, beyond the cap
    "z", // Zola (surname), Zoë (display name)
    "é", // Émile
    "zz", // nobody
    "verb", // Verbeek (surname and mail, not display name)
    "ka@", // Karel Appel (mail only)
  ];

  for (const searchWindow of [undefined, 3]) {
    const options = searchWindow ? { searchWindow } : {};
    const label = searchWindow ? "through each field's index" : "through the list window";

    it(`searches every field by prefix, case-insensitively, ${label}`, async () => {
      for (const search of SEARCHES) {
        const want = expected(org, { search });
        for (const limit of [999, 3]) {
          const { users } = await walk({ search, limit }, options);
          expect(ids(users), `${search} (limit ${limit})`).toEqual(ids(want));
        }
      }
      const full = org.users.find((u) => u.userPrincipalName.startsWith("umit.ozturk@"));
      const byId = await listUsers(
        fx.store,
        { organisationId: org.id, search: full?.userPrincipalName.toUpperCase() ?? "", limit: 5 },
        options,
      );
      expect(byId.users.map((u) => u.displayName)).toEqual(["ümit Öztürk"]);
      const emma = await listUsers(
        fx.store,
        { organisationId: org.id, search: "EMMA", limit: 50 },
        options,
      );
      expect(emma.users.map((u) => u.displayName)).toEqual([
        "Dr. Emma Bakker",
        "Emma de Vries",
        "Emma de Vries",
        "Emma de Vries",
        "Vries, Emma de",
      ]);
    });

    it(`combines search with filters and deleted users, ${label}`, async () => {
      const filters: NonNullable<UserListQuery["filter"]>[] = [
        { enabled: true },
        { enabled: false },
        { onPremises: true },
        { onPremises: false },
        { enabled: true, onPremises: false },
        { adminsOnly: true },
        { deleted: true },
        { deleted: true, adminsOnly: true },
        { deleted: false },
      ];
      for (const filter of filters) {
        for (const search of ["", "s", "jan", "d", "bas.smit1"]) {
          const want = expected(org, { search, filter });
          const { users } = await walk({ search, filter, limit: 2 }, options);
          expect(ids(users), `${JSON.stringify(filter)} "${search}"`).toEqual(ids(want));
        }
      }
    });
  }

  it("lists administrators, disabled, on-premises and deleted users", async () => {
    const names = async (filter: UserListQuery["filter"]) =>
      (await listUsers(fx.store, { organisationId: org.id, filter, limit: 999 })).users.map(
        (u) => u.displayName,
      );
    expect(await names({ adminsOnly: true })).toEqual(["Ada Admin", "Bea Boss"]);
    expect(await names({ deleted: true })).toEqual(["Gone Away", "Jan Gone", "Old Admin"]);
    expect(await names({ deleted: true, adminsOnly: true })).toEqual(["Old Admin"]);
    expect(await names({ enabled: false })).toEqual(
      expected(org, { filter: { enabled: false } }).map((u) => u.displayName),
    );
    expect(await names({ enabled: false })).toContain("Dora Disabled");
    expect(await names({ onPremises: true, enabled: false })).toEqual([
      "Dirk Disabled",
      "Kees Mulder",
    ]);
    expect(await names({})).not.toContain("Gone Away");
  });

  it("never shows another organisation's users", async () => {
    const otherIds = new Set(ids(other.users));
    for (const query of [
      { limit: 999 },
      { limit: 999, search: "jan" },
      { limit: 999, filter: { adminsOnly: true } },
      { limit: 999, filter: { deleted: true } },
      { limit: 999, search: other.domain }, // the other organisation's User IDs
    ]) {
      for (const options of [{}, { searchWindow: 3 }]) {
        const page = await listUsers(fx.store, { organisationId: org.id, ...query }, options);
        expect(page.users.every((u) => u.organisationId === org.id && !otherIds.has(u.id))).toBe(
          true,
        );
      }
    }
    const theirs = await listUsers(fx.store, { organisationId: other.id, limit: 999 });
    expect(ids(theirs.users).sort()).toEqual(ids(expected(other, {})).sort());
    const nobody = await listUsers(fx.store, { organisationId: randomUUID(), limit: 10 });
    expect(nobody).toEqual({ users: [] });
  });

  // Changes a user: keep it the last test that reads `org`.
  it("keeps the search keys with the names when a profile changes", async () => {
    const user = org.users.find((u) => u.displayName === "Dr. Emma Bakker");
    if (!user) throw new Error("no Emma Bakker");
    const search = (text: string) =>
      walk({ search: text, limit: 3 }, { searchWindow: 3 }).then((r) => ids(r.users));
    expect(await search("dr. emma")).toEqual([user.id]);
    // The display name now starts with the given name: still found by it, and by the old
    // display name no more.
    expect(
      await updateUserProfile(fx.store, org.id, user.id, { displayName: "Emma Bakker" }, 5),
    ).toBe(true);
    expect(await search("dr.")).toEqual([]);
    expect(await search("emma bak")).toEqual([user.id]);
    expect(await search("emma")).toContain(user.id);
    // And back, changing the given name too: the overlaps follow.
    await updateUserProfile(
      fx.store,
      org.id,
      user.id,
      { displayName: "Bakker, Emmy", givenName: "Emmy" },
      6,
    );
    expect(await search("emma")).not.toContain(user.id);
    expect(await search("emmy")).toEqual([user.id]);
    expect(await search("bakker, e")).toEqual([user.id]);
    const row = await fx.store.db
      .selectFrom("users")
      .selectAll()
      .where("id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject(
      userSearchKeys(
        { displayName: "Bakker, Emmy", givenName: "Emmy", surname: "Bakker", mail: user.mail },
        row.user_principal_name_key,
      ),
    );
  });

  it("refuses a limit outside 1..999", async () => {
    for (const limit of [0, -1, 1000, 1.5, Number.NaN]) {
      await expect(listUsers(fx.store, { organisationId: org.id, limit })).rejects.toThrow(
        RangeError,
      );
    }
    expect((await listUsers(fx.store, { organisationId: org.id, limit: 1 })).users).toHaveLength(1);
  });
});

describe("user list cursors", () => {
  const cursor = { nameKey: "ümit öztürk", id: randomUUID() };
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

  it("round-trips through an opaque token", () => {
    const token = encodeCursor(cursor);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(token)).toEqual(cursor);
  });

  it("rejects garbage and forged tokens", () => {
    const token = encodeCursor(cursor);
    for (const bad of [
      "",
      "!!!!",
      "not a token",
      `${token}=`, // padding: not the canonical spelling
      `${token}.`,
      token.slice(0, -2),
      "e30", // {}
      b64({ nameKey: "a", id: cursor.id }),
      b64(["a"]),
      b64(["a", cursor.id, "extra"]),
      b64([1, cursor.id]),
      b64(["a", "not-a-uuid"]),
      b64(["a", cursor.id.toUpperCase()]),
      b64(["UPPER CASE", cursor.id]), // not a key: keys are lowercase
      b64([" padded", cursor.id]),
      b64(["", cursor.id]),
      b64(["x".repeat(1025), cursor.id]),
      Buffer.from('["a",').toString("base64url"),
      "A".repeat(5000),
    ]) {
      expect(decodeCursor(bad), bad.slice(0, 40)).toBeUndefined();
    }
  });
});

describe("prefix ranges", () => {
  it("end just after every string with the prefix, in code point order", () => {
    expect(prefixEnd("jan")).toBe("jao");
    expect(prefixEnd("ü")).toBe("ý");
    expect(prefixEnd("a\uffff")).toBe("a\u{10000}");
    expect(prefixEnd("a\ud7ff")).toBe("a\ue000");
    expect(prefixEnd("a\u{10ffff}")).toBe("b");
    expect(prefixEnd("\u{10ffff}")).toBeUndefined();
  });
});

// Migrations 0003 and 0011 fill the keys and overlaps of users that existed before them, as
// the write path would.
describe("migrations 0003 and 0011 backfill", () => {
  const postgresUrl = process.env.SESAME_TEST_DATABASE_URL;
  const kinds: ("sqlite" | "postgres")[] = postgresUrl ? ["sqlite", "postgres"] : ["sqlite"];
  for (const kind of kinds) {
    it(`computes keys and overlaps of existing users [${kind}]`, async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sesame-test-"));
      const name = `sesame_test_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
      let databaseUrl: string | undefined;
      if (kind === "postgres" && postgresUrl) {
        await adminQuery(postgresUrl, `CREATE DATABASE ${name}`);
        const url = new URL(postgresUrl);
        url.pathname = `/${name}`;
        databaseUrl = url.href;
      }
      const store = openStore({ dataDir, databaseUrl });
      try {
        const migrator = (up: Record<string, Migration>) =>
          new Migrator({ db: store.db, provider: { getMigrations: async () => up } });
        const before = { "0001_initial": initial, "0002_admin": admin };
        expect((await migrator(before).migrateToLatest()).error).toBeUndefined();
        const orgId = randomUUID();
        await store.db
          .insertInto("organisations")
          .values({ id: orgId, name: "Old", password_rules: "{}", created_at: 0 })
          .execute();
        const people = [
          ["Émile Zola", "Émile", "Zola", "EMILE@old.test", "emile@old.test"],
          ["Jansen, Jan", "Jan", "Jansen", null, "jan@old.test"],
          ["ÜMIT Yılmaz", null, null, "u@old.test", "umit@old.test"],
          // The User ID and mail share more with the given name than with the display name.
          ["Bakker, Emma", "Emma", "Bakker", "emma.bakker@old.test", "emma.b@old.test"],
        ] as const;
        const rows = people.map(([displayName, givenName, surname, mail, upnKey]) => ({
          id: randomUUID(),
          organisation_id: orgId,
          user_principal_name: upnKey,
          user_principal_name_key: upnKey,
          display_name: displayName,
          given_name: givenName,
          surname,
          mail,
          created_at: 0,
          updated_at: 0,
        }));
        // The columns of migrations 0001 and 0002 only.
        await (store.db as unknown as Kysely<{ users: (typeof rows)[number] }>)
          .insertInto("users")
          .values(rows)
          .execute();
        await migrateToLatest(store);
        for (const [i, [displayName, givenName, surname, mail, upnKey]] of people.entries()) {
          const row = await store.db
            .selectFrom("users")
            .selectAll()
            .where("id", "=", rows[i]?.id ?? "")
            .executeTakeFirstOrThrow();
          expect(row).toMatchObject(
            userSearchKeys({ displayName, givenName, surname, mail }, upnKey),
          );
        }
        const page = await listUsers(store, { organisationId: orgId, search: "ümit", limit: 5 });
        expect(page.users.map((u) => u.displayName)).toEqual(["ÜMIT Yılmaz"]);
        // Through each field's index: found by given name, and only once.
        const emma = await listUsers(
          store,
          { organisationId: orgId, search: "emma.b", limit: 5 },
          { searchWindow: 1 },
        );
        expect(emma.users.map((u) => u.displayName)).toEqual(["Bakker, Emma"]);
      } finally {
        await store.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
        if (databaseUrl && postgresUrl) {
          await adminQuery(postgresUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        }
      }
    });
  }
});

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(text);
  await client.end();
}
