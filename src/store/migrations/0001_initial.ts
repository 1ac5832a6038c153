import type { Kysely } from "kysely";

// Types kept to those that mean the same on SQLite and PostgreSQL (see schema.ts).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("organisations")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("password_rules", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("domains")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("organisation_id", "text", (c) =>
      c.notNull().references("organisations.id").onDelete("cascade"),
    )
    .execute();

  await db.schema
    .createTable("users")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organisation_id", "text", (c) =>
      c.notNull().references("organisations.id").onDelete("cascade"),
    )
    .addColumn("user_principal_name", "text", (c) => c.notNull())
    .addColumn("user_principal_name_key", "text", (c) => c.notNull())
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("given_name", "text")
    .addColumn("surname", "text")
    .addColumn("mail", "text")
    .addColumn("other_mails", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("mobile_phone", "text")
    .addColumn("office_phone", "text")
    .addColumn("preferred_language", "text")
    .addColumn("account_enabled", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("password_managed", "text", (c) => c.notNull().defaultTo("cloud"))
    .addColumn("password_hash", "text")
    .addColumn("password_changed_at", "bigint")
    .addColumn("force_change_password", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .addColumn("deleted_at", "bigint")
    .execute();
  await db.schema
    .createIndex("users_organisation_upn_key")
    .on("users")
    .columns(["organisation_id", "user_principal_name_key"])
    .unique()
    .execute();
  await db.schema
    .createIndex("users_organisation_display_name")
    .on("users")
    .columns(["organisation_id", "display_name", "id"])
    .execute();

  await db.schema
    .createTable("sign_in_lockouts")
    .addColumn("user_id", "text", (c) => c.primaryKey().references("users.id").onDelete("cascade"))
    .addColumn("failed_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("lockout_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("locked_until", "bigint")
    .addColumn("last_failure_at", "bigint")
    .addColumn("recent_failures", "text", (c) => c.notNull().defaultTo("[]"))
    .execute();

  await db.schema
    .createTable("groups")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organisation_id", "text", (c) =>
      c.notNull().references("organisations.id").onDelete("cascade"),
    )
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("description", "text")
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("groups_organisation_display_name")
    .on("groups")
    .columns(["organisation_id", "display_name"])
    .execute();

  await db.schema
    .createTable("group_members")
    .addColumn("group_id", "text", (c) => c.notNull().references("groups.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addPrimaryKeyConstraint("group_members_pk", ["group_id", "user_id"])
    .execute();
  await db.schema.createIndex("group_members_user").on("group_members").column("user_id").execute();

  await db.schema
    .createTable("role_assignments")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organisation_id", "text", (c) =>
      c.notNull().references("organisations.id").onDelete("cascade"),
    )
    .addColumn("principal_id", "text", (c) =>
      c.notNull().references("users.id").onDelete("cascade"),
    )
    .addColumn("role_template_id", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addUniqueConstraint("role_assignments_principal_role", ["principal_id", "role_template_id"])
    .execute();
  await db.schema
    .createIndex("role_assignments_organisation_role")
    .on("role_assignments")
    .columns(["organisation_id", "role_template_id"])
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id_hash", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("organisation_id", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("last_seen_at", "bigint", (c) => c.notNull())
    .addColumn("expires_at", "bigint", (c) => c.notNull())
    .addColumn("ip", "text")
    .addColumn("user_agent", "text")
    .execute();
  await db.schema.createIndex("sessions_user").on("sessions").column("user_id").execute();
  await db.schema.createIndex("sessions_expires").on("sessions").column("expires_at").execute();

  await db.schema
    .createTable("audit_events")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organisation_id", "text", (c) =>
      c.notNull().references("organisations.id").onDelete("cascade"),
    )
    .addColumn("at", "bigint", (c) => c.notNull())
    .addColumn("activity", "text", (c) => c.notNull())
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("result", "text", (c) => c.notNull())
    .addColumn("result_reason", "text")
    .addColumn("actor_id", "text")
    .addColumn("actor_name", "text")
    .addColumn("target_id", "text")
    .addColumn("target_name", "text")
    .addColumn("ip", "text")
    .addColumn("user_agent", "text")
    .addColumn("details", "text", (c) => c.notNull().defaultTo("{}"))
    .execute();
  await db.schema
    .createIndex("audit_events_organisation_at")
    .on("audit_events")
    .columns(["organisation_id", "at", "id"])
    .execute();
  await db.schema
    .createIndex("audit_events_organisation_activity_at")
    .on("audit_events")
    .columns(["organisation_id", "activity", "at"])
    .execute();
  await db.schema
    .createIndex("audit_events_target_at")
    .on("audit_events")
    .columns(["target_id", "at"])
    .execute();

  await db.schema
    .createTable("settings")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .execute();
}
