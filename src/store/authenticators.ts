import type { Queryable } from "./database.js";

/** An authenticator app's secret as stored: sealed. */
export interface AuthenticatorSecret {
  methodId: string;
  userId: string;
  sealedSecret: string;
}

export async function insertAuthenticatorSecret(
  q: Queryable,
  secret: AuthenticatorSecret,
): Promise<void> {
  await q.db
    .insertInto("authenticator_secrets")
    .values({
      method_id: secret.methodId,
      user_id: secret.userId,
      sealed_secret: secret.sealedSecret,
    })
    .execute();
}

/**
 * The secret of one of the user's authenticator methods: `verified` picks the confirmed one
 * (the self-service reset's proof), else `methodId` names a setup still waiting for its
 * first code.
 */
export async function findAuthenticatorSecret(
  q: Queryable,
  userId: string,
  which: { verified: true } | { methodId: string },
): Promise<AuthenticatorSecret | undefined> {
  let query = q.db
    .selectFrom("authenticator_secrets as a")
    .innerJoin("security_methods as m", "m.id", "a.method_id")
    .select(["a.method_id", "a.user_id", "a.sealed_secret"])
    .where("a.user_id", "=", userId)
    .where("m.kind", "=", "authenticatorApp");
  query =
    "methodId" in which
      ? query.where("a.method_id", "=", which.methodId).where("m.verified_at", "is", null)
      : query.where("m.verified_at", "is not", null).orderBy("m.verified_at", "desc").limit(1);
  const row = await query.executeTakeFirst();
  return (
    row && {
      methodId: row.method_id,
      userId: row.user_id,
      sealedSecret: row.sealed_secret,
    }
  );
}

/**
 * Uses up the time step `step` of a code: only if it is later than the last step accepted
 * (a code of that step or an earlier one is a replay), and atomically, so that of two
 * requests racing with the same code exactly one updates the row and is told true.
 */
export async function acceptAuthenticatorStep(
  q: Queryable,
  methodId: string,
  step: number,
): Promise<boolean> {
  const result = await q.db
    .updateTable("authenticator_secrets")
    .set({ last_step: step })
    .where("method_id", "=", methodId)
    .where((eb) => eb.or([eb("last_step", "is", null), eb("last_step", "<", step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
