import type { Queryable } from "./database.js";
import type { UserRow } from "./schema.js";

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
  createdAt: number;
  updatedAt: number;
  deletedAt: number | null;
}

export async function insertUser(q: Queryable, user: User, key: string): Promise<void> {
  await q.db
    .insertInto("users")
    .values({
      id: user.id,
      organisation_id: user.organisationId,
      user_principal_name: user.userPrincipalName,
      user_principal_name_key: key,
      display_name: user.displayName,
      given_name: user.givenName,
      surname: user.surname,
      mail: user.mail,
      other_mails: JSON.stringify(user.otherMails),
      mobile_phone: user.mobilePhone,
      office_phone: user.officePhone,
      preferred_language: user.preferredLanguage,
      account_enabled: user.accountEnabled ? 1 : 0,
      password_managed: user.passwordManaged,
      password_hash: user.passwordHash,
      password_changed_at: user.passwordChangedAt,
      force_change_password: user.forceChangePassword ? 1 : 0,
      created_at: user.createdAt,
      updated_at: user.updatedAt,
      deleted_at: user.deletedAt,
    })
    .execute();
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
