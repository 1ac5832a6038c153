import { sql, type SqlBool } from "kysely";
import type { SecurityMethodKind } from "../domain/methods.js";
import type { Queryable } from "./database.js";

/** When the user last registered a method or confirmed their security info, if ever. */
export async function findSecurityInfoConfirmation(
  q: Queryable,
  userId: string,
): Promise<number | null> {
  const row = await q.db
    .selectFrom("security_info_confirmations")
    .select("confirmed_at")
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row?.confirmed_at ?? null;
}

export async function recordSecurityInfoConfirmation(
  q: Queryable,
  userId: string,
  at: number,
): Promise<void> {
  await q.db
    .insertInto("security_info_confirmations")
    .values({ user_id: userId, confirmed_at: at })
    .onConflict((oc) => oc.column("user_id").doUpdateSet({ confirmed_at: at }))
    .execute();
}

/** Whose registration is counted: the organisation's live users, in a group or not, administrators or not. */
export interface RegistrationScope {
  organisationId: string;
  /** Only the group's members (the reset policy's selected group). */
  groupId?: string | undefined;
  /** Administrators (anyone holding a role), or everyone else. */
  administrators: boolean;
}

/**
 * How many of the scope's users proved at least `required` different kinds among `kinds`:
 * the proven methods grouped by user from their index (migration 0016), each group's user
 * then looked up once.
 */
export async function countRegistered(
  q: Queryable,
  scope: RegistrationScope,
  kinds: readonly SecurityMethodKind[],
  required: number,
): Promise<number> {
  if (kinds.length < required || kinds.length === 0) return 0;
  const row = await q.db
    .selectFrom((db) =>
      db
        .selectFrom("security_methods")
        .select("security_methods.user_id")
        .where("security_methods.organisation_id", "=", scope.organisationId)
        .where(sql<SqlBool>`security_methods.verified_at is not null`)
        .where("security_methods.kind", "in", [...kinds])
        .groupBy("security_methods.user_id")
        .having((eb) => eb.fn.count("security_methods.kind").distinct(), ">=", required)
        .as("registered"),
    )
    .innerJoin("users", "users.id", "registered.user_id")
    .where("users.deleted_at", "is", null)
    .$if(scope.groupId !== undefined, (qb) =>
      qb.where("users.id", "in", (eb) =>
        eb
          .selectFrom("group_members")
          .select("group_members.user_id")
          .where("group_members.group_id", "=", scope.groupId ?? ""),
      ),
    )
    .where("users.id", scope.administrators ? "in" : "not in", (eb) =>
      eb
        .selectFrom("role_assignments")
        .select("role_assignments.principal_id")
        .where("role_assignments.organisation_id", "=", scope.organisationId),
    )
    .select((eb) => eb.fn.countAll<number | string>().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** The group's live members (the reset policy's scope when it names a group). */
export async function countLiveMembers(
  q: Queryable,
  organisationId: string,
  groupId: string,
): Promise<number> {
  const row = await q.db
    .selectFrom("group_members")
    .innerJoin("users", "users.id", "group_members.user_id")
    .where("group_members.group_id", "=", groupId)
    .where("users.organisation_id", "=", organisationId)
    .where("users.deleted_at", "is", null)
    .select((eb) => eb.fn.countAll<number | string>().as("count"))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
