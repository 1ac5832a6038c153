import type { Kysely } from "kysely";

// The outbox (delivery never happens inside a request), API keys and password reset requests.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("outbox")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organisation_id", "text", (c) =>
      c.references("organisations.id").onDelete("cascade"),
    )
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("recipient", "text", (c) => c.notNull())
    // AES-256-GCM under a key derived from the instance secret; wiped once delivered.
    .addColumn("payload", "text")
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending"))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "bigint", (c) => c.notNull())
    .addColumn("claimed_until", "bigint")
    .addColumn("claimed_by", "text")
    .addColumn("last_error", "text")
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("sent_at", "bigint")
    .execute();
  await db.schema
    .createIndex("outbox_due")
    .on("outbox")
    .columns(["status", "next_attempt_at"])
    .execute();

  await db.schema
    .createTable("api_keys")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organisation_id", "text", (c) =>
      c.notNull().references("organisations.id").onDelete("cascade"),
    )
    .addColumn("name", "text", (c) => c.notNull())
    // SHA-256 of the key: keys are 256-bit random, so a fast hash is enough and lookups are exact.
    .addColumn("key_hash", "text", (c) => c.notNull().unique())
    .addColumn("role_template_ids", "text", (c) => c.notNull())
    .addColumn("created_by", "text")
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("last_used_at", "bigint")
    .addColumn("revoked_at", "bigint")
    .execute();
  await db.schema
    .createIndex("api_keys_organisation")
    .on("api_keys")
    .columns(["organisation_id", "created_at"])
    .execute();

  await db.schema
    .createTable("password_reset_requests")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organisation_id", "text", (c) =>
      c.notNull().references("organisations.id").onDelete("cascade"),
    )
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("ip", "text")
    .addColumn("handled_at", "bigint")
    .addColumn("handled_by", "text")
    .execute();
  await db.schema
    .createIndex("password_reset_requests_open")
    .on("password_reset_requests")
    .columns(["organisation_id", "handled_at", "created_at"])
    .execute();
}
