import type { Kysely } from "kysely";

/**
 * Self-service password reset and unlock (SPEC [S6], [S11]): the flows in progress (the
 * browser holds only a flow's token; its SHA-256 is the key) and each user's failed proofs.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("reset_flows")
    .addColumn("id_hash", "text", (c) => c.primaryKey())
    .addColumn("organisation_id", "text", (c) =>
      c.references("organisations.id").onDelete("cascade"),
    )
    // Null for a User ID that matched nobody (strict privacy keeps such flows going alike).
    .addColumn("user_id", "text", (c) => c.references("users.id").onDelete("cascade"))
    // reset | unlock
    .addColumn("intent", "text", (c) => c.notNull())
    // refused | verify | password | done
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("refusal", "text")
    // JSON: the methods offered at the start, and the kinds proven since.
    .addColumn("methods", "text", (c) => c.notNull())
    .addColumn("required", "integer", (c) => c.notNull())
    .addColumn("proven", "text", (c) => c.notNull())
    // The method being proven now, and (security questions) the ids of the drawn answers.
    .addColumn("pending_method", "text")
    .addColumn("questions", "text")
    // A flow without a user (strict privacy): its failed proofs, which block like a user's,
    // and a keyed fingerprint of the User ID typed, so it is asked the same questions each time.
    .addColumn("failures", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("decoy_seed", "text")
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("expires_at", "bigint", (c) => c.notNull())
    .execute();
  // Who started how many flows lately (the per-User-ID limit), a real user or a decoy.
  await db.schema
    .createIndex("reset_flows_user")
    .on("reset_flows")
    .columns(["user_id", "created_at"])
    .execute();
  await db.schema
    .createIndex("reset_flows_decoy")
    .on("reset_flows")
    .columns(["decoy_seed", "created_at"])
    .execute();
  await db.schema
    .createIndex("reset_flows_expiry")
    .on("reset_flows")
    .column("expires_at")
    .execute();

  await db.schema
    .createTable("reset_failures")
    .addColumn("user_id", "text", (c) => c.primaryKey().references("users.id").onDelete("cascade"))
    .addColumn("failures", "integer", (c) => c.notNull())
    .addColumn("window_start", "bigint")
    .addColumn("blocked_until", "bigint")
    .execute();
}
