import type { Kysely } from "kysely";

/**
 * Security info (SPEC [S8]): the methods a user registered, their security answers (hashed),
 * and one-time codes (SPEC [S11]: only an HMAC of the code is stored).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("security_methods")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("organisation_id", "text", (c) =>
      c.notNull().references("organisations.id").onDelete("cascade"),
    )
    // email | mobilePhone | officePhone | securityQuestions | authenticatorApp
    .addColumn("kind", "text", (c) => c.notNull())
    // The email address or E.164 number; null for security questions.
    .addColumn("value", "text")
    // Null until proven with a code.
    .addColumn("verified_at", "bigint")
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("security_methods_user")
    .on("security_methods")
    .columns(["user_id", "kind"])
    .execute();

  await db.schema
    .createTable("security_answers")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    // A catalogue key ("question.7") or the text of a custom question.
    .addColumn("question", "text", (c) => c.notNull())
    // argon2id of the normalised answer (trimmed, lowercased, NFC).
    .addColumn("answer_hash", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("security_answers_user")
    .on("security_answers")
    .column("user_id")
    .execute();

  await db.schema
    .createTable("one_time_codes")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("purpose", "text", (c) => c.notNull())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    // "email", "sms" or "voice": the send limits of SPEC [S11] count per channel.
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("code_hash", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("expires_at", "bigint", (c) => c.notNull())
    .addColumn("used_at", "bigint")
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("one_time_codes_user")
    .on("one_time_codes")
    .columns(["user_id", "channel", "created_at"])
    .execute();
}
