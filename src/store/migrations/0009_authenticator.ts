import type { Kysely } from "kysely";

/**
 * Authenticator apps (SPEC [S8]): the shared secret of each app a user set up, apart from
 * security_methods so that no listing of methods ever carries it. The server must read it
 * to check codes, so it is sealed (AES-256-GCM under the instance secret), never hashed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("authenticator_secrets")
    .addColumn("method_id", "text", (c) =>
      c.primaryKey().references("security_methods.id").onDelete("cascade"),
    )
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    // The base32 secret, sealed with the method id as associated data.
    .addColumn("sealed_secret", "text", (c) => c.notNull())
    // The time step of the last code accepted: a code of that step or before is a replay.
    .addColumn("last_step", "bigint")
    .execute();
  await db.schema
    .createIndex("authenticator_secrets_user")
    .on("authenticator_secrets")
    .column("user_id")
    .execute();
}
