import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RESET_MATRIX, type TargetRole } from "../../../src/domain/permissions.js";
import { ROLES, type RoleKey } from "../../../src/domain/roles.js";
import { hashSessionId } from "../../../src/services/sessions.js";
import { listOutboxMessagesTo } from "../../../src/store/outbox.js";
import { findUser, type User } from "../../../src/store/users.js";
import { grantRoles } from "../../support/admins.js";
import { apiClient, createApiKey } from "../../support/api.js";
import { buildTestApp } from "../../support/http.js";
import { origin, seedOrganisation, USER_PASSWORD } from "../../support/seed.js";
import { describeEachStore } from "../../support/stores.js";

const ALL_ROLES = Object.keys(ROLES) as RoleKey[];
const TARGET_ROLES = Object.keys(RESET_MATRIX) as TargetRole[];
const NEW_PASSWORD = "quartz lantern orbit fable";

describeEachStore("REST API: POST /users/{id}/resetPassword", (fx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp(fx);
  });
  afterAll(() => app.close());

  const signIn = (userId: string, password: string) =>
    fx.services.signIn({ userId, password, origin }).then(
      (ok) => (ok.mustChangePassword ? "mustChange" : "ok"),
      (error: { code?: string }) => error.code ?? "error",
    );

  describe("enforces the matrix of SPEC [S3] for keys, one per role, on one target per role", () => {
    const keys = new Map<RoleKey, string>();
    const targets = new Map<TargetRole, User>();
    beforeAll(async () => {
      const org = await seedOrganisation(fx.services);
      for (const role of ALL_ROLES) {
        keys.set(role, await createApiKey(fx.services, org.domain, [role]));
      }
      for (const role of TARGET_ROLES) {
        const { user } = await org.addUser(`target-${role.toLowerCase()}`);
        if (role !== "none") await grantRoles(fx.store, user, [role]);
        targets.set(role, user);
      }
    });

    for (const actorRole of ALL_ROLES) {
      for (const targetRole of TARGET_ROLES) {
        const allowed = (RESET_MATRIX[targetRole] as readonly RoleKey[]).includes(actorRole);
        it(`a ${actorRole} key ${allowed ? "resets" : "is refused for"} ${targetRole}`, async () => {
          const target = targets.get(targetRole);
          const key = keys.get(actorRole);
          if (!target || !key) throw new Error("fixture missing");
          const before = await findUser(fx.store, target.id);
          const response = await apiClient(app, key).post(`/users/${target.id}/resetPassword`, {});
          const after = await findUser(fx.store, target.id);
          if (allowed) {
            expect(response.statusCode).toBe(200);
            expect(response.data.temporaryPassword).toMatch(/^\S{16,}$/);
            expect(after?.passwordHash).not.toBe(before?.passwordHash);
          } else {
            expect(response.statusCode).toBe(403);
            expect(response.data.error.code).toBe("Authorization_RequestDenied");
            expect(after?.passwordHash).toBe(before?.passwordHash);
          }
        });
      }
    }
  });

  it("returns a temporary password once; it works until the user chooses their own", async () => {
    const org = await seedOrganisation(fx.services);
    const { user } = await org.addUser("tess");
    const userId = `tess@${org.domain}`;
    const api = apiClient(
      app,
      await createApiKey(fx.services, org.domain, ["helpdeskAdministrator"]),
    );
    // Addressed by User ID, in any case, as Graph allows.
    const reset = await api.post(`/users/${userId.toUpperCase()}/resetPassword`);
    expect(reset.statusCode).toBe(200);
    expect(reset.headers["cache-control"]).toBe("no-store");
    const temporary = String(reset.data.temporaryPassword);
    expect(await signIn(userId, USER_PASSWORD)).toBe("invalidCredentials");
    const session = await fx.services.signIn({ userId, password: temporary, origin });
    expect(session.mustChangePassword).toBe(true);
    await fx.services.changePassword({
      userId: user.id,
      sessionIdHash: hashSessionId(session.token),
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
      origin,
    });
    expect(await signIn(userId, temporary)).toBe("invalidCredentials");
    expect(await signIn(userId, NEW_PASSWORD)).toBe("ok");
    // The audit log tells who did it: the key.
    const audits = await apiClient(
      app,
      await createApiKey(fx.services, org.domain, ["reportsReader"]),
    ).get("/auditLogs/directoryAudits?$filter=activityDisplayName eq 'Reset password (by admin)'");
    expect(audits.data.value[0]).toMatchObject({
      initiatedBy: { user: { userPrincipalName: "key helpdeskAdministrator" } },
      targetResources: [{ id: user.id, type: "User" }],
    });
  });

  it("sets a typed password (204), with or without a forced change", async () => {
    const org = await seedOrganisation(fx.services);
    await org.addUser("tom");
    const userId = `tom@${org.domain}`;
    const api = apiClient(
      app,
      await createApiKey(fx.services, org.domain, ["passwordAdministrator"]),
    );
    const typed = await api.post(`/users/${userId}/resetPassword`, {
      password: NEW_PASSWORD,
      forceChangePasswordNextSignIn: false,
    });
    expect(typed.statusCode).toBe(204);
    expect(typed.body).toBe("");
    expect(await signIn(userId, NEW_PASSWORD)).toBe("ok");

    const weak = await api.post(`/users/${userId}/resetPassword`, { password: "password1" });
    expect(weak.statusCode).toBe(400);
    expect(weak.data.error.code).toBe("Request_BadRequest");
    expect(weak.data.error.message).toMatch(/^password: /);
    expect(await signIn(userId, NEW_PASSWORD)).toBe("ok");
  });

  it("never emails the password of a compromised account, and changes nothing when asked to", async () => {
    const org = await seedOrganisation(fx.services);
    const { user } = await org.addUser("cora");
    const userId = `cora@${org.domain}`;
    const session = await fx.services.signIn({ userId, password: USER_PASSWORD, origin });
    const api = apiClient(app, await createApiKey(fx.services, org.domain, ["userAdministrator"]));

    const refused = await api.post(`/users/${user.id}/resetPassword`, {
      compromised: true,
      sendTo: ["boss@example.test"],
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.data.error.code).toBe("Request_BadRequest");
    expect(refused.data.error.message).toContain("sendTo");
    expect(refused.data.error.details[0].target).toBe("sendTo");
    expect(await signIn(userId, USER_PASSWORD)).toBe("ok");
    expect(await listOutboxMessagesTo(fx.store, "boss@example.test")).toHaveLength(0);

    const unknown = await api.post(`/users/${user.id}/resetPassword`, { compromized: true });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.data.error.message).toContain("compromized");

    const compromised = await api.post(`/users/${user.id}/resetPassword`, {
      compromised: true,
      blockSignIn: true,
    });
    expect(compromised.statusCode).toBe(200);
    expect(await fx.services.sessions.resolve(session.token)).toBeUndefined();
    expect((await findUser(fx.store, user.id))?.accountEnabled).toBe(false);

    const emailed = await api.post(`/users/${user.id}/resetPassword`, {
      sendTo: ["helpdesk@example.test"],
    });
    expect(emailed.statusCode).toBe(200);
    expect(await listOutboxMessagesTo(fx.store, "helpdesk@example.test")).toHaveLength(1);
  });

  it("refuses a key's reset of a user whose password is managed on premises (409)", async () => {
    const org = await seedOrganisation(fx.services);
    const { user } = await org.addUser("otto");
    await fx.store.db
      .updateTable("users")
      .set({ password_managed: "onPremises" })
      .where("id", "=", user.id)
      .execute();
    const api = apiClient(
      app,
      await createApiKey(fx.services, org.domain, ["globalAdministrator"]),
    );
    const response = await api.post(`/users/${user.id}/resetPassword`);
    expect(response.statusCode).toBe(409);
    expect(response.data.error.code).toBe("Directory_PasswordManagedOnPremises");
    expect((await api.get(`/users/${user.id}`)).data.onPremisesSyncEnabled).toBe(true);
  });

  it("unlocks an account and signs it out everywhere", async () => {
    const org = await seedOrganisation(fx.services);
    const { user } = await org.addUser("uma");
    const userId = `uma@${org.domain}`;
    const session = await fx.services.signIn({ userId, password: USER_PASSWORD, origin });
    for (let i = 1; i <= 10; i++) await signIn(userId, `wrong guess ${i}`);
    expect(await signIn(userId, USER_PASSWORD)).toBe("accountLocked");
    const api = apiClient(
      app,
      await createApiKey(fx.services, org.domain, ["helpdeskAdministrator"]),
    );

    const unlocked = await api.post(`/users/${user.id}/unlock`);
    expect(unlocked.statusCode).toBe(204);
    expect(await signIn(userId, USER_PASSWORD)).toBe("ok");

    const revoked = await api.post(`/users/${userId}/revokeSignInSessions`, {});
    expect(revoked.statusCode).toBe(200);
    expect(revoked.data).toEqual({ value: true });
    expect(await fx.services.sessions.resolve(session.token)).toBeUndefined();

    // A helpdesk key may not touch a Global Administrator.
    const denied = await api.post(`/users/${org.user.id}/revokeSignInSessions`);
    expect(denied.statusCode).toBe(403);
  });
});
