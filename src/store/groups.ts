import type { Queryable } from "./database.js";
import { toUser, type User } from "./users.js";

export interface Group {
  id: string;
  organisationId: string;
  displayName: string;
  description: string | null;
  createdAt: number;
}

export interface GroupCursor {
  displayName: string;
  id: string;
}

export async function insertGroup(q: Queryable, group: Group): Promise<void> {
  await q.db
    .insertInto("groups")
    .values({
      id: group.id,
      organisation_id: group.organisationId,
      display_name: group.displayName,
      description: group.description,
      created_at: group.createdAt,
    })
    .execute();
}

export async function findGroup(
  q: Queryable,
  organisationId: string,
  groupId: string,
): Promise<Group | undefined> {
  const row = await q.db
    .selectFrom("groups")
    .selectAll()
    .where("organisation_id", "=", organisationId)
    .where("id", "=", groupId)
    .executeTakeFirst();
  return row && toGroup(row);
}

/**
 * Serialises group creation within an organisation: on PostgreSQL the organisation's row
 * stays locked (FOR NO KEY UPDATE, which foreign-key checks don't wait for) until the
 * transaction ends, so "Sales" and "sales" created at once are checked one after the other.
 * SQLite serialises write transactions by itself.
 */
export async function lockGroupNames(q: Queryable, organisationId: string): Promise<void> {
  if (q.dialect !== "postgres") return;
  await q.db
    .selectFrom("organisations")
    .select("id")
    .where("id", "=", organisationId)
    .forNoKeyUpdate()
    .execute();
}

/**
 * Every group name of the organisation, from the (organisation_id, display_name) index.
 * The caller compares them case-insensitively: neither database's lower() folds every
 * script the same way.
 */
export async function findGroupNames(q: Queryable, organisationId: string): Promise<string[]> {
  const rows = await q.db
    .selectFrom("groups")
    .select("display_name")
    .where("organisation_id", "=", organisationId)
    .execute();
  return rows.map((row) => row.display_name);
}

/** The organisation's groups ordered by display name, then id (keyset). */
export async function listGroups(
  q: Queryable,
  query: { organisationId: string; after?: GroupCursor | undefined; limit: number },
): Promise<{ groups: Group[]; next?: GroupCursor }> {
  const { after } = query;
  const rows = await q.db
    .selectFrom("groups")
    .selectAll()
    .where("organisation_id", "=", query.organisationId)
    .$if(after !== undefined, (qb) =>
      qb.where((eb) =>
        eb(
          eb.refTuple("display_name", "id"),
          ">",
          eb.tuple(after?.displayName ?? "", after?.id ?? ""),
        ),
      ),
    )
    .orderBy("display_name")
    .orderBy("id")
    .limit(query.limit + 1)
    .execute();
  const groups = rows.slice(0, query.limit).map(toGroup);
  const last = groups.at(-1);
  return rows.length > query.limit && last
    ? { groups, next: { displayName: last.displayName, id: last.id } }
    : { groups };
}

export async function isGroupMember(
  q: Queryable,
  groupId: string,
  userId: string,
): Promise<boolean> {
  const row = await q.db
    .selectFrom("group_members")
    .select("user_id")
    .where("group_id", "=", groupId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertGroupMember(
  q: Queryable,
  groupId: string,
  userId: string,
): Promise<void> {
  await q.db.insertInto("group_members").values({ group_id: groupId, user_id: userId }).execute();
}

/** Removes a membership of a group of the organisation; false when there was none. */
export async function deleteGroupMember(
  q: Queryable,
  organisationId: string,
  groupId: string,
  userId: string,
): Promise<boolean> {
  const result = await q.db
    .deleteFrom("group_members")
    .where("group_id", "=", groupId)
    .where("user_id", "=", userId)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("groups")
          .select("groups.id")
          .whereRef("groups.id", "=", "group_members.group_id")
          .where("groups.organisation_id", "=", organisationId),
      ),
    )
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export interface GroupMemberCursor {
  nameKey: string;
  id: string;
}

/** The live members of a group of the organisation, by display name (keyset), in one query. */
export async function listGroupMembers(
  q: Queryable,
  query: {
    organisationId: string;
    groupId: string;
    after?: GroupMemberCursor | undefined;
    limit: number;
  },
): Promise<{ users: User[]; next?: GroupMemberCursor }> {
  const { after } = query;
  const rows = await q.db
    .selectFrom("group_members")
    .innerJoin("users", "users.id", "group_members.user_id")
    .selectAll("users")
    .where("group_members.group_id", "=", query.groupId)
    .where("users.organisation_id", "=", query.organisationId)
    .where("users.deleted_at", "is", null)
    .$if(after !== undefined, (qb) =>
      qb.where((eb) =>
        eb(
          eb.refTuple("users.display_name_key", "users.id"),
          ">",
          eb.tuple(after?.nameKey ?? "", after?.id ?? ""),
        ),
      ),
    )
    .orderBy("users.display_name_key")
    .orderBy("users.id")
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const users = page.map(toUser);
  return rows.length > query.limit && last
    ? { users, next: { nameKey: last.display_name_key, id: last.id } }
    : { users };
}

/** The groups of the organisation a user belongs to, by display name, in one query. */
export async function listGroupsOfUser(
  q: Queryable,
  organisationId: string,
  userId: string,
): Promise<Group[]> {
  const rows = await q.db
    .selectFrom("group_members")
    .innerJoin("groups", "groups.id", "group_members.group_id")
    .selectAll("groups")
    .where("group_members.user_id", "=", userId)
    .where("groups.organisation_id", "=", organisationId)
    .orderBy("groups.display_name")
    .orderBy("groups.id")
    .execute();
  return rows.map(toGroup);
}

function toGroup(row: {
  id: string;
  organisation_id: string;
  display_name: string;
  description: string | null;
  created_at: number;
}): Group {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    displayName: row.display_name,
    description: row.description,
    createdAt: row.created_at,
  };
}
