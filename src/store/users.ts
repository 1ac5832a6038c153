import { sql } from "kysely";
import type { Queryable } from "./database.js";
import type { NewUserRow, UserRow, UserRowUpdate } from "./schema.js";

export type PasswordManaged = "cloud" | "onPremises";

export interface User {
  id: string;
  organisationId: string;
  userPrincipalName: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  mail: string | null;
  otherMails: string[];
  mobilePhone: string | null;
  officePhone: string | null;
  preferredLanguage: string | null;
  accountEnabled: boolean;
  passwordManaged: PasswordManaged;
  passwordHash: string | null;
  passwordChangedAt: number | null;
  forceChangePassword: boolean;
  /** When the user last signed in, give or take a minute (recordSignIn); null: never. */
  lastSignInAt: number | null;
  createdAt: number;
  updatedAt: number;
  deletedAt: number | null;
}

export async function insertUser(q: Queryable, user: User, key: string): Promise<void> {
  await q.db.insertInto("users").values(toNewUserRow(user, key)).execute();
}

/** Many users in one statement (imports, benchmarks); the caller sizes the batch to the driver's parameter limit. */
export async function insertUsers(
  q: Queryable,
  users: readonly { user: User; key: string }[],
): Promise<void> {
  if (users.length === 0) return;
  await q.db
    .insertInto("users")
    .values(users.map(({ user, key }) => toNewUserRow(user, key)))
    .execute();
}

/**
 * The search and sort key of a name or address: lowercased NFC, compared byte by byte
 * (migration 0003). Every write of a display name, given name, surname or mail writes its key.
 */
export function searchKey(text: string): string {
  return text.trim().normalize("NFC").toLowerCase();
}

/** Overlaps are counted up to this many characters (migration 0003). */
export const SEARCH_OVERLAP_CAP = 16;

/**
 * How many leading characters (code points) `key` shares with `other`, at most
 * SEARCH_OVERLAP_CAP.
 */
function sharedLength(key: string, other: string): number {
  const a = [...key.slice(0, 2 * SEARCH_OVERLAP_CAP)];
  const b = [...other.slice(0, 2 * SEARCH_OVERLAP_CAP)];
  let n = 0;
  while (n < SEARCH_OVERLAP_CAP && n < a.length && a[n] === b[n]) n++;
  return n;
}

/**
 * A field's search overlap: the most leading characters its key shares with the display name
 * key or with the key of a field searched before it (`earlier`, in the order of
 * store/user-list.ts: given name, surname, User ID, mail). A search prefix no longer than that
 * also starts the display name or that earlier field, whose search finds the user, so this
 * field's own index need not hold the user for it: "Emma" finds Emma Bakker by given name, and
 * the User ID and mail indexes skip emma.bakker@ for prefixes up to "emma" (migration 0011).
 */
export function searchOverlap(
  key: string,
  displayNameKey: string,
  earlier: readonly (string | null)[] = [],
): number {
  return Math.max(
    ...[displayNameKey, ...earlier].map((other) => (other === null ? 0 : sharedLength(key, other))),
  );
}

type SearchColumns =
  | "display_name_key"
  | "given_name_key"
  | "given_name_overlap"
  | "surname_key"
  | "surname_overlap"
  | "user_principal_name_overlap"
  | "mail_key"
  | "mail_overlap";

/**
 * The search columns of a user (keys and their overlaps), always written together with the
 * fields they come from. `userPrincipalNameKey` is the User ID key.
 */
export function userSearchKeys(
  user: Pick<User, "displayName" | "givenName" | "surname" | "mail">,
  userPrincipalNameKey: string,
): Pick<NewUserRow, SearchColumns> {
  const display = searchKey(user.displayName);
  const keyOf = (text: string | null) => (text === null ? null : searchKey(text));
  const given = keyOf(user.givenName);
  const surname = keyOf(user.surname);
  const mail = keyOf(user.mail);
  const keys = {
    display_name_key: display,
    given_name_key: given,
    surname_key: surname,
    mail_key: mail,
  };
  return {
    ...keys,
    given_name_overlap: given === null ? null : searchOverlap(given, display),
    surname_overlap: surname === null ? null : searchOverlap(surname, display, [given]),
    ...userSearchOverlapsOfKey(keys, userPrincipalNameKey),
  };
}

/** The overlaps that depend on the User ID key, for a row whose other keys stay. */
function userSearchOverlapsOfKey(
  row: Pick<UserRow, "display_name_key" | "given_name_key" | "surname_key" | "mail_key">,
  userPrincipalNameKey: string,
): Pick<NewUserRow, "user_principal_name_overlap" | "mail_overlap"> {
  const { display_name_key: display, given_name_key: given, surname_key: surname } = row;
  return {
    user_principal_name_overlap: searchOverlap(userPrincipalNameKey, display, [given, surname]),
    mail_overlap:
      row.mail_key === null
        ? null
        : searchOverlap(row.mail_key, display, [given, surname, userPrincipalNameKey]),
  };
}

function toNewUserRow(user: User, key: string): NewUserRow {
  return {
    id: user.id,
    organisation_id: user.organisationId,
    user_principal_name: user.userPrincipalName,
    user_principal_name_key: key,
    display_name: user.displayName,
    given_name: user.givenName,
    surname: user.surname,
    mail: user.mail,
    ...userSearchKeys(user, key),
    other_mails: JSON.stringify(user.otherMails),
    mobile_phone: user.mobilePhone,
    office_phone: user.officePhone,
    preferred_language: user.preferredLanguage,
    account_enabled: user.accountEnabled ? 1 : 0,
    password_managed: user.passwordManaged,
    password_hash: user.passwordHash,
    password_changed_at: user.passwordChangedAt,
    force_change_password: user.forceChangePassword ? 1 : 0,
    last_sign_in_at: user.lastSignInAt,
    created_at: user.createdAt,
    updated_at: user.updatedAt,
    deleted_at: user.deletedAt,
  };
}

/** Profile fields an administrator edits; absent fields stay as they are. */
export interface ProfileChange {
  displayName?: string;
  givenName?: string | null;
  surname?: string | null;
  mail?: string | null;
  otherMails?: string[];
  mobilePhone?: string | null;
  officePhone?: string | null;
  preferredLanguage?: string | null;
}

/**
 * Writes the given profile fields of a live user. A change to any name or mail rewrites all of
 * them with their search keys from one consistent view of the row, so the keys always agree
 * with the fields (a concurrent edit of another name field loses, as with a whole form).
 */
export async function updateUserProfile(
  q: Queryable,
  organisationId: string,
  userId: string,
  change: ProfileChange,
  at: number,
): Promise<boolean> {
  const set: UserRowUpdate = { updated_at: at };
  if (
    change.displayName !== undefined ||
    change.givenName !== undefined ||
    change.surname !== undefined ||
    change.mail !== undefined
  ) {
    const current = await q.db
      .selectFrom("users")
      .select(["display_name", "given_name", "surname", "mail", "user_principal_name_key"])
      .where("organisation_id", "=", organisationId)
      .where("id", "=", userId)
      .where("deleted_at", "is", null)
      .executeTakeFirst();
    if (!current) return false;
    const names = {
      displayName: change.displayName ?? current.display_name,
      givenName: change.givenName !== undefined ? change.givenName : current.given_name,
      surname: change.surname !== undefined ? change.surname : current.surname,
      mail: change.mail !== undefined ? change.mail : current.mail,
    };
    Object.assign(set, {
      display_name: names.displayName,
      given_name: names.givenName,
      surname: names.surname,
      mail: names.mail,
      ...userSearchKeys(names, current.user_principal_name_key),
    } satisfies UserRowUpdate);
  }
  if (change.otherMails !== undefined) set.other_mails = JSON.stringify(change.otherMails);
  if (change.mobilePhone !== undefined) set.mobile_phone = change.mobilePhone;
  if (change.officePhone !== undefined) set.office_phone = change.officePhone;
  if (change.preferredLanguage !== undefined) set.preferred_language = change.preferredLanguage;
  const result = await q.db
    .updateTable("users")
    .set(set)
    .where("organisation_id", "=", organisationId)
    .where("id", "=", userId)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Soft-deletes a live user. Its User ID key gets a suffix no User ID can contain, so the
 * unique (organisation, key) index lets a new user take the User ID meanwhile (as in Entra
 * ID); restoring puts the key back (restoreDeletedUser). Prefix searches still find it.
 */
export async function markUserDeleted(
  q: Queryable,
  organisationId: string,
  userId: string,
  at: number,
): Promise<boolean> {
  const result = await q.db
    .updateTable("users")
    .set({
      deleted_at: at,
      updated_at: at,
      user_principal_name_key: sql<string>`user_principal_name_key || ${`#deleted:${userId}`}`,
    })
    .where("organisation_id", "=", organisationId)
    .where("id", "=", userId)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Brings a deleted user back under its User ID key; throws a unique violation when a live user holds it. */
export async function restoreDeletedUser(
  q: Queryable,
  organisationId: string,
  userId: string,
  key: string,
  at: number,
): Promise<boolean> {
  const row = await q.db
    .selectFrom("users")
    .select(["display_name_key", "given_name_key", "surname_key", "mail_key"])
    .where("organisation_id", "=", organisationId)
    .where("id", "=", userId)
    .where("deleted_at", "is not", null)
    .executeTakeFirst();
  if (!row) return false;
  const result = await q.db
    .updateTable("users")
    .set({
      deleted_at: null,
      updated_at: at,
      user_principal_name_key: key,
      // The search overlaps go with the key (store/user-list.ts); mail's counts the User ID.
      ...userSearchOverlapsOfKey(row, key),
    })
    .where("organisation_id", "=", organisationId)
    .where("id", "=", userId)
    .where("deleted_at", "is not", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export interface DeletedUsersCursor {
  deletedAt: number;
  id: string;
}

/** The organisation's users deleted since the given instant, most recently deleted first (keyset). */
export async function listDeletedUsers(
  q: Queryable,
  query: {
    organisationId: string;
    deletedSince: number;
    after?: DeletedUsersCursor | undefined;
    limit: number;
  },
): Promise<{ users: User[]; next?: DeletedUsersCursor }> {
  const { after } = query;
  const rows = await q.db
    .selectFrom("users")
    .selectAll()
    .where("organisation_id", "=", query.organisationId)
    .where("deleted_at", ">=", query.deletedSince)
    .$if(after !== undefined, (qb) =>
      qb.where((eb) =>
        eb(eb.refTuple("deleted_at", "id"), "<", eb.tuple(after?.deletedAt ?? 0, after?.id ?? "")),
      ),
    )
    .orderBy("deleted_at", "desc")
    .orderBy("id", "desc")
    .limit(query.limit + 1)
    .execute();
  const users = rows.slice(0, query.limit).map(toUser);
  const last = users.at(-1);
  return rows.length > query.limit && last?.deletedAt != null
    ? { users, next: { deletedAt: last.deletedAt, id: last.id } }
    : { users };
}

/** Finds a user of the organisation by User ID (case-insensitive key), deleted or not. */
export async function findUserByKey(
  q: Queryable,
  organisationId: string,
  key: string,
): Promise<User | undefined> {
  const row = await q.db
    .selectFrom("users")
    .selectAll()
    .where("organisation_id", "=", organisationId)
    .where("user_principal_name_key", "=", key)
    .executeTakeFirst();
  return row && toUser(row);
}

export async function findUser(q: Queryable, id: string): Promise<User | undefined> {
  const row = await q.db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
  return row && toUser(row);
}

/**
 * On PostgreSQL, locks the user's row until the transaction ends, so a check of the user's
 * rows and the insert it allows (a send limit, one method of a kind) cannot race another
 * instance. SQLite runs one write transaction at a time.
 */
export async function lockUserRow(q: Queryable, id: string): Promise<void> {
  if (q.dialect !== "postgres") return;
  await q.db.selectFrom("users").select("id").where("id", "=", id).forUpdate().execute();
}

export async function updatePassword(
  q: Queryable,
  userId: string,
  change: { passwordHash: string; forceChangePassword: boolean; at: number },
): Promise<void> {
  await q.db
    .updateTable("users")
    .set({
      password_hash: change.passwordHash,
      force_change_password: change.forceChangePassword ? 1 : 0,
      password_changed_at: change.at,
      updated_at: change.at,
    })
    .where("id", "=", userId)
    .execute();
}

/** Replaces the hash only when it is still the one that was verified (a rehash must not undo a change). */
export async function replacePasswordHash(
  q: Queryable,
  userId: string,
  previousHash: string,
  passwordHash: string,
): Promise<void> {
  await q.db
    .updateTable("users")
    .set({ password_hash: passwordHash })
    .where("id", "=", userId)
    .where("password_hash", "=", previousHash)
    .execute();
}

/**
 * How stale a recorded sign-in may be: a script signing in every second rewrites the row (and
 * the grid's last sign-in index) once a minute, not every time.
 */
export const SIGN_IN_RECORD_MS = 60_000;

/** Records a sign-in of the user at `at`, unless one within SIGN_IN_RECORD_MS is recorded. */
export async function recordSignIn(q: Queryable, user: User, at: number): Promise<void> {
  if (user.lastSignInAt !== null && at - user.lastSignInAt < SIGN_IN_RECORD_MS) return;
  await q.db.updateTable("users").set({ last_sign_in_at: at }).where("id", "=", user.id).execute();
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    userPrincipalName: row.user_principal_name,
    displayName: row.display_name,
    givenName: row.given_name,
    surname: row.surname,
    mail: row.mail,
    otherMails: JSON.parse(row.other_mails) as string[],
    mobilePhone: row.mobile_phone,
    officePhone: row.office_phone,
    preferredLanguage: row.preferred_language,
    accountEnabled: row.account_enabled === 1,
    passwordManaged: row.password_managed === "onPremises" ? "onPremises" : "cloud",
    passwordHash: row.password_hash,
    passwordChangedAt: row.password_changed_at,
    forceChangePassword: row.force_change_password === 1,
    lastSignInAt: row.last_sign_in_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
}

export async function updatePreferredLanguage(
  q: Queryable,
  userId: string,
  language: string,
  at: number,
): Promise<void> {
  await q.db
    .updateTable("users")
    .set({ preferred_language: language, updated_at: at })
    .where("id", "=", userId)
    .execute();
}

export async function updateAccountEnabled(
  q: Queryable,
  userId: string,
  enabled: boolean,
  at: number,
): Promise<void> {
  await q.db
    .updateTable("users")
    .set({ account_enabled: enabled ? 1 : 0, updated_at: at })
    .where("id", "=", userId)
    .execute();
}
