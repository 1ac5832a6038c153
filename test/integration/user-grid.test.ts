import { randomUUID } from "node:crypto";
import { beforeAll, expect, it } from "vitest";
import { ROLES } from "../../src/domain/roles.js";
import {
  USER_SORT_COLUMNS,
  type UserSort,
  type UserSortColumn,
} from "../../src/domain/user-grid.js";
import { CLEAR_LOCKOUT } from "../../src/domain/lockout.js";
import { saveLockout } from "../../src/store/lockouts.js";
import { insertOrganisation } from "../../src/store/organisations.js";
import { insertRoleAssignment } from "../../src/store/roles.js";
import {
  decodeGridCursor,
  encodeGridCursor,
  listUsersSorted,
  type UserGridOptions,
  type UserGridQuery,
} from "../../src/store/user-grid.js";
import { insertUser, recordSignIn, searchKey, type User } from "../../src/store/users.js";
import { describeEachStore } from "../support/stores.js";

const NOW = Date.UTC(2026, 11, 4, 12);
const HOUR = 3_600_000;

interface Person extends User {
  admin: boolean;
  lockedUntil: number | null;
}

/**
 * 60 users with ties on every sort column (same name in other cases, same times, never set),
 * and every filter's kind among them; deleted users and another organisation's users that no
 * page may show.
 */
function people(organisationId: string, domain: string): Person[] {
  return Array.from({ length: 60 }, (_, i) => {
    const userPrincipalName = `user${String(i % 23).padStart(2, "0")}.${i}@${domain}`;
    return {
      id: randomUUID(),
      organisationId,
      userPrincipalName,
      displayName: ["Anna Bos", "anna bos", "Émile Zola", "Ömer Kaya", "Bram de Wit"][i % 5] ?? "",
      givenName: null,
      surname: null,
      mail: null,
      otherMails: [],
      mobilePhone: null,
      officePhone: null,
      preferredLanguage: null,
      accountEnabled: i % 7 !== 0,
      passwordManaged: i % 11 === 0 ? "onPremises" : "cloud",
      passwordHash: null,
      passwordChangedAt: i % 4 === 0 ? null : NOW - (i % 9) * HOUR,
      lastSignInAt: i % 3 === 0 ? null : NOW - (i % 6) * HOUR,
      forceChangePassword: i % 5 === 1,
      createdAt: 0,
      updatedAt: 0,
      deletedAt: i % 13 === 12 ? NOW : null,
      admin: i % 8 === 3,
      lockedUntil: i % 6 === 2 ? NOW + HOUR : i % 6 === 4 ? NOW - HOUR : null,
    };
  });
}

const bytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

function sortValue(user: User, by: UserSortColumn): string | number {
  if (by === "name") return searchKey(user.displayName);
  if (by === "userId") return searchKey(user.userPrincipalName);
  if (by === "lastSignIn") return user.lastSignInAt ?? 0;
  return user.passwordChangedAt ?? 0;
}

function compare(a: User, b: User, sort: UserSort): number {
  const [x, y] = [sortValue(a, sort.by), sortValue(b, sort.by)];
  const byValue =
    typeof x === "string" && typeof y === "string" ? bytes(x, y) : Number(x) - Number(y);
  const order = byValue || bytes(a.id, b.id);
  return sort.descending ? -order : order;
}

type Filter = NonNullable<UserGridQuery["filter"]>;
const FILTERS: [Filter, (p: Person) => boolean][] = [
  ["all", () => true],
  ["enabled", (p) => p.accountEnabled],
  ["blocked", (p) => !p.accountEnabled],
  ["onPremises", (p) => p.passwordManaged === "onPremises"],
  ["mustChange", (p) => p.forceChangePassword],
  ["locked", (p) => p.lockedUntil !== null && p.lockedUntil > NOW],
  ["admins", (p) => p.admin],
];

describeEachStore("users grid: sorted keyset pages", (fx) => {
  let all: Person[];
  let organisationId: string;

  beforeAll(async () => {
    organisationId = randomUUID();
    const otherId = randomUUID();
    await insertOrganisation(
      fx.store,
      { id: organisationId, name: "Grid", passwordRules: {}, createdAt: 0 },
      `grid-${fx.kind}.example`,
    );
    await insertOrganisation(
      fx.store,
      { id: otherId, name: "Other", passwordRules: {}, createdAt: 0 },
      `other-grid-${fx.kind}.example`,
    );
    all = [
      ...people(organisationId, `grid-${fx.kind}.example`),
      ...people(otherId, `other-grid-${fx.kind}.example`),
    ];
    for (const person of all) {
      const { admin, lockedUntil, ...user } = person;
      await insertUser(fx.store, user, searchKey(user.userPrincipalName));
      if (admin) {
        await insertRoleAssignment(fx.store, {
          id: randomUUID(),
          organisationId: user.organisationId,
          principalId: user.id,
          roleTemplateId: ROLES.helpdeskAdministrator.id,
          createdAt: 0,
        });
      }
      if (lockedUntil !== null) {
        await saveLockout(fx.store, user.id, { ...CLEAR_LOCKOUT, lockedUntil, lockoutCount: 1 });
      }
    }
  });

  /** Every page, following the cursors through their tokens as the admin center does. */
  async function walk(
    sort: UserSort,
    filter: Filter,
    search?: string,
    options: UserGridOptions = {},
  ): Promise<User[]> {
    const users: User[] = [];
    let token: string | undefined;
    for (let guard = 0; guard < 100; guard++) {
      const after = token === undefined ? undefined : decodeGridCursor(token, sort);
      expect(token === undefined || after !== undefined).toBe(true);
      const page = await listUsersSorted(
        fx.store,
        {
          organisationId,
          sort,
          filter,
          now: NOW,
          ...(search ? { search } : {}),
          ...(after ? { after } : {}),
          limit: 7,
        },
        options,
      );
      users.push(...page.users);
      if (!page.next) return users;
      expect(page.users).toHaveLength(7);
      token = encodeGridCursor(sort, page.next);
    }
    throw new Error("too many pages");
  }

  for (const by of USER_SORT_COLUMNS) {
    for (const descending of [false, true]) {
      it(`pages by ${by} ${descending ? "descending" : "ascending"} under every filter, exactly`, async () => {
        const sort = { by, descending };
        for (const [filter, keeps] of FILTERS) {
          const expected = all
            .filter((p) => p.organisationId === organisationId && p.deletedAt === null)
            .filter(keeps)
            .sort((a, b) => compare(a, b, sort))
            .map((p) => p.id);
          expect(expected.length).toBeGreaterThan(0);
          // Both ways: the few sorted, and the sort's index read in order testing each entry.
          expect((await walk(sort, filter)).map((u) => u.id)).toEqual(expected);
          const inOrder = await walk(sort, filter, undefined, { sortedAtMost: 0 });
          expect(inOrder.map((u) => u.id)).toEqual(expected);
        }
      });
    }
  }

  it("searches the small sets it is given, in the sort's order", async () => {
    const sort = { by: "lastSignIn" as const, descending: true };
    const found = await walk(sort, "locked", "ANNA");
    const expected = all
      .filter((p) => p.organisationId === organisationId && p.deletedAt === null)
      .filter((p) => p.lockedUntil !== null && p.lockedUntil > NOW)
      .filter((p) => searchKey(p.displayName).startsWith("anna"))
      .sort((a, b) => compare(a, b, sort));
    expect(found.map((u) => u.id)).toEqual(expected.map((p) => p.id));
  });

  it("refuses a page token made for another sort, forged, or not canonical", () => {
    const byUserId = { by: "userId" as const, descending: false };
    const token = encodeGridCursor(byUserId, { value: "a@b", id: randomUUID() });
    expect(decodeGridCursor(token, byUserId)).toBeDefined();
    expect(decodeGridCursor(token, { by: "userId", descending: true })).toBeUndefined();
    expect(decodeGridCursor(token, { by: "name", descending: false })).toBeUndefined();
    const byTime = { by: "lastSignIn" as const, descending: false };
    const textForTime = encodeGridCursor(byTime, { value: "1", id: randomUUID() });
    expect(decodeGridCursor(textForTime, byTime)).toBeUndefined();
    expect(decodeGridCursor(`${token}=`, byUserId)).toBeUndefined();
    expect(decodeGridCursor("forged", byUserId)).toBeUndefined();
  });

  it("records a sign-in at most once a minute", async () => {
    // Another organisation's user: the pages above stay as they were.
    const person = all.find((p) => p.organisationId !== organisationId);
    if (!person) throw new Error("no user");
    const fresh = { ...person, lastSignInAt: null };
    await recordSignIn(fx.store, fresh, NOW + 5 * HOUR);
    // Seen again 30 s later, with the row as read then: nothing is written.
    await recordSignIn(
      fx.store,
      { ...fresh, lastSignInAt: NOW + 5 * HOUR },
      NOW + 5 * HOUR + 30_000,
    );
    const recorded = async () =>
      Number(
        (
          await fx.store.db
            .selectFrom("users")
            .select("last_sign_in_at")
            .where("id", "=", person.id)
            .executeTakeFirstOrThrow()
        ).last_sign_in_at,
      );
    expect(await recorded()).toBe(NOW + 5 * HOUR);
    await recordSignIn(fx.store, { ...fresh, lastSignInAt: NOW + 5 * HOUR }, NOW + 6 * HOUR);
    expect(await recorded()).toBe(NOW + 6 * HOUR);
  });
});
