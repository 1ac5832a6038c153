import { createHash, randomBytes } from "node:crypto";
import { expect, it } from "vitest";
import { principalOfUser } from "../../../src/services/admin/principal.js";
import { CLI_ORIGIN } from "../../../src/services/context.js";
import { listAuditEvents } from "../../../src/store/audit.js";
import { findUser } from "../../../src/store/users.js";
import { principalWithRoles } from "../../support/admins.js";
import { origin, seedOrganisation } from "../../support/seed.js";
import { describeEachStore } from "../../support/stores.js";

const KEY = /^ssk_[A-Za-z0-9_-]{43}$/;

describeEachStore("API keys", (fx) => {
  const apiKeys = () => fx.services.admin.apiKeys;
  const keyRows = (organisationId: string) =>
    fx.store.db
      .selectFrom("api_keys")
      .selectAll()
      .where("organisation_id", "=", organisationId)
      .execute();

  async function scene() {
    const org = await seedOrganisation(fx.services);
    const global = await principalOfUser(fx.store, org.user);
    const manager = await principalWithRoles(fx.store, (await org.addUser("manager")).user, [
      "userAdministrator",
    ]);
    return { org, global, manager };
  }

  it("creates a key shown once, stores only its SHA-256, and audits it", async () => {
    const { org, global } = await scene();
    const created = await apiKeys().create(global, {
      name: "HR sync",
      roles: ["Global Administrator"],
      origin,
    });
    expect(created.key).toMatch(KEY);
    expect(Buffer.from(created.key.slice(4), "base64url")).toHaveLength(32);
    expect(created.apiKey).toMatchObject({ name: "HR sync", roles: ["globalAdministrator"] });

    const [row] = await keyRows(org.organisation.id);
    expect(row?.key_hash).toBe(createHash("sha256").update(created.key).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(created.key.slice(4));
    const listed = await apiKeys().list(global);
    expect(listed).toEqual([created.apiKey]);
    expect(JSON.stringify(listed)).not.toContain(created.key.slice(4));

    const [event] = await listAuditEvents(fx.store, org.organisation.id, {
      limit: 1,
      activity: "Add API key",
    });
    expect(event).toMatchObject({ actorId: global.id, targetId: created.apiKey.id });
    expect(JSON.stringify(event)).not.toContain(created.key.slice(4));
  });

  it("authenticates a key as a principal that acts with the key's roles", async () => {
    const { org, global } = await scene();
    const { key, apiKey } = await apiKeys().create(global, {
      name: "Offboarding",
      roles: ["62e90394-69f5-4237-9190-012177145e10"],
      origin,
    });
    const principal = await apiKeys().authenticate(key);
    expect(principal).toEqual({
      kind: "apiKey",
      id: apiKey.id,
      name: "Offboarding",
      organisationId: org.organisation.id,
      roles: ["globalAdministrator"],
    });
    if (!principal) throw new Error("unreachable");
    const { user } = await org.addUser("leaver");
    await fx.services.admin.usersWrite.deleteUser(principal, user.id, origin);
    expect((await findUser(fx.store, user.id))?.deletedAt).not.toBeNull();
    const [event] = await listAuditEvents(fx.store, org.organisation.id, {
      limit: 1,
      activity: "Delete user",
    });
    expect(event).toMatchObject({ actorId: apiKey.id, actorName: "Offboarding" });
  });

  it("records the last use at most once a minute", async () => {
    const { org, global } = await scene();
    const { key } = await apiKeys().create(global, {
      name: "Busy",
      roles: ["Global Administrator"],
      origin,
    });
    const lastUsed = async () => (await keyRows(org.organisation.id))[0]?.last_used_at;
    expect(await lastUsed()).toBeNull();
    const first = fx.clock.now();
    await apiKeys().authenticate(key);
    expect(await lastUsed()).toBe(first);
    fx.clock.advance(30_000);
    await apiKeys().authenticate(key);
    expect(await lastUsed()).toBe(first);
    fx.clock.advance(30_000);
    await apiKeys().authenticate(key);
    expect(await lastUsed()).toBe(first + 60_000);
  });

  it("rejects forged, malformed and revoked keys", async () => {
    const { global } = await scene();
    const { key, apiKey } = await apiKeys().create(global, {
      name: "Short-lived",
      roles: ["Global Administrator"],
      origin,
    });
    const forged = `ssk_${randomBytes(32).toString("base64url")}`;
    const flipped = key.slice(0, -1) + (key.endsWith("A") ? "B" : "A");
    for (const bearer of [forged, flipped, key.slice(4), `${key}x`, "", `Bearer ${key}`]) {
      expect(await apiKeys().authenticate(bearer), bearer).toBeUndefined();
    }
    expect(await apiKeys().authenticate(key)).toBeDefined();

    await apiKeys().revoke(global, apiKey.id, origin);
    expect(await apiKeys().authenticate(key)).toBeUndefined();
    expect((await apiKeys().list(global))[0]?.revokedAt).toBe(fx.clock.now());
    await expect(apiKeys().revoke(global, apiKey.id, origin)).rejects.toMatchObject({
      code: "conflict",
    });
    const [event] = await listAuditEvents(fx.store, global.organisationId, {
      limit: 1,
      activity: "Revoke API key",
    });
    expect(event).toMatchObject({ actorId: global.id, targetId: apiKey.id });
  });

  it("gives a key only roles its creator could assign, and names bad input", async () => {
    const { org, global, manager } = await scene();
    const create = (roles: string[], name = "Script", by = global) =>
      apiKeys().create(by, { name, roles, origin });
    await expect(create(["Global Administrator"], "x", manager)).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(create(["Chief Wizard"])).rejects.toMatchObject({
      code: "invalidInput",
      field: "roles",
    });
    await expect(create([])).rejects.toMatchObject({ code: "invalidInput", field: "roles" });
    await expect(create(["Global Administrator"], " ")).rejects.toMatchObject({ field: "name" });
    await expect(create(["Global Administrator"], "n".repeat(101))).rejects.toMatchObject({
      field: "name",
    });
    await expect(apiKeys().list(manager)).rejects.toMatchObject({ code: "forbidden" });
    expect(await keyRows(org.organisation.id)).toEqual([]);

    // A Global Administrator may assign any role to a person, so also to a key.
    await expect(create(["Helpdesk Administrator"], "Helpdesk bot")).resolves.toMatchObject({
      apiKey: { roles: ["helpdeskAdministrator"] },
    });
  });

  it("keeps each organisation's keys to itself", async () => {
    const { global } = await scene();
    const other = await seedOrganisation(fx.services, "Elsewhere");
    const otherAdmin = await principalOfUser(fx.store, other.user);
    const theirs = await apiKeys().create(otherAdmin, {
      name: "Theirs",
      roles: ["Global Administrator"],
      origin,
    });
    expect(await apiKeys().list(global)).toEqual([]);
    await expect(apiKeys().revoke(global, theirs.apiKey.id, origin)).rejects.toMatchObject({
      code: "notFound",
    });
    expect(await apiKeys().authenticate(theirs.key)).toMatchObject({
      organisationId: other.organisation.id,
    });
    // Their key acts in their organisation only.
    const principal = await apiKeys().authenticate(theirs.key);
    if (!principal) throw new Error("unreachable");
    await expect(
      fx.services.admin.usersWrite.deleteUser(principal, global.id, origin),
    ).rejects.toMatchObject({ code: "notFound" });
  });

  it("creates a key for an organisation by domain (the command's path), refusing bad input", async () => {
    const { org } = await scene();
    const created = await apiKeys().createForDomain({
      domain: org.domain.toUpperCase(),
      name: "From the command",
      roles: ["password administrator", "Reports Reader"],
      origin: CLI_ORIGIN,
    });
    expect(created.organisationId).toBe(org.organisation.id);
    expect(await apiKeys().authenticate(created.key)).toMatchObject({
      roles: ["passwordAdministrator", "reportsReader"],
    });
    const [event] = await listAuditEvents(fx.store, org.organisation.id, {
      limit: 1,
      activity: "Add API key",
    });
    expect(event).toMatchObject({ actorName: "sesame-cli", targetId: created.apiKey.id });

    const createFor = (domain: string, roles: string[]) =>
      apiKeys().createForDomain({ domain, name: "Bad", roles, origin: CLI_ORIGIN });
    await expect(createFor("nowhere.test", ["Reports Reader"])).rejects.toMatchObject({
      code: "unknownDomain",
    });
    await expect(createFor(org.domain, ["Chief Wizard"])).rejects.toMatchObject({
      field: "roles",
    });
    expect(await keyRows(org.organisation.id)).toHaveLength(1);
  });

  it("asks the CLI for a domain when several organisations share the store", async () => {
    await scene();
    await seedOrganisation(fx.services, "Second");
    await expect(
      apiKeys().createForDomain({ name: "Ambiguous", roles: ["Reports Reader"], origin }),
    ).rejects.toMatchObject({ code: "invalidInput", field: "domain" });
  });
});
