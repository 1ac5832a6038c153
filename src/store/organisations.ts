import type { Queryable } from "./database.js";

export interface Organisation {
  id: string;
  name: string;
  passwordRules: StoredPasswordRules;
  createdAt: number;
}

/** The organisation's own choices; anything absent takes the product default. */
export interface StoredPasswordRules {
  minLength?: number;
  requireThreeOfFourKinds?: boolean;
  bannedTerms?: string[];
}

export async function insertOrganisation(
  q: Queryable,
  organisation: Organisation,
  domain: string,
): Promise<void> {
  await q.db
    .insertInto("organisations")
    .values({
      id: organisation.id,
      name: organisation.name,
      password_rules: JSON.stringify(organisation.passwordRules),
      created_at: organisation.createdAt,
    })
    .execute();
  await q.db
    .insertInto("domains")
    .values({ name: domain, organisation_id: organisation.id })
    .execute();
}

export async function findOrganisationByDomain(
  q: Queryable,
  domain: string,
): Promise<Organisation | undefined> {
  const row = await q.db
    .selectFrom("domains")
    .innerJoin("organisations", "organisations.id", "domains.organisation_id")
    .selectAll("organisations")
    .where("domains.name", "=", domain)
    .executeTakeFirst();
  return row && toOrganisation(row);
}

export async function findOrganisation(
  q: Queryable,
  id: string,
): Promise<Organisation | undefined> {
  const row = await q.db
    .selectFrom("organisations")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirst();
  return row && toOrganisation(row);
}

export async function domainExists(q: Queryable, domain: string): Promise<boolean> {
  const row = await q.db
    .selectFrom("domains")
    .select("name")
    .where("name", "=", domain)
    .executeTakeFirst();
  return row !== undefined;
}

export async function countOrganisations(q: Queryable): Promise<number> {
  const row = await q.db
    .selectFrom("organisations")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function toOrganisation(row: {
  id: string;
  name: string;
  password_rules: string;
  created_at: number;
}): Organisation {
  return {
    id: row.id,
    name: row.name,
    passwordRules: JSON.parse(row.password_rules) as StoredPasswordRules,
    createdAt: row.created_at,
  };
}

/** The first organisations by creation (to tell whether there is exactly one). */
export async function listOrganisations(q: Queryable, limit: number): Promise<Organisation[]> {
  const rows = await q.db
    .selectFrom("organisations")
    .selectAll()
    .orderBy("created_at")
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map(toOrganisation);
}

/** The only organisation of the instance, if it has exactly one (most self-hosted ones). */
export async function findSoleOrganisationId(q: Queryable): Promise<string | undefined> {
  const rows = await q.db.selectFrom("organisations").select("id").limit(2).execute();
  return rows.length === 1 ? rows[0]?.id : undefined;
}

export async function renameOrganisation(q: Queryable, id: string, name: string): Promise<void> {
  await q.db.updateTable("organisations").set({ name }).where("id", "=", id).execute();
}

/** The organisation's domains (today the one it was made with), by name. */
export async function listDomainsOf(q: Queryable, organisationId: string): Promise<string[]> {
  const rows = await q.db
    .selectFrom("domains")
    .select("name")
    .where("organisation_id", "=", organisationId)
    .orderBy("name")
    .execute();
  return rows.map((row) => row.name);
}
