import { beforeAll, describe, expect, it } from "vitest";
import {
  mayResetPassword,
  RESET_MATRIX,
  type TargetRole,
} from "../../../src/domain/permissions.js";
import { ROLES, type RoleKey } from "../../../src/domain/roles.js";
import { principalOfUser, type Principal } from "../../../src/services/admin/principal.js";
import { listAuditEvents } from "../../../src/store/audit.js";
import type { User } from "../../../src/store/users.js";
import { createPhoneFileTransport, phoneDir } from "../../../src/delivery/phone-transport.js";
import { createSmtpTransport } from "../../../src/delivery/smtp-transport.js";
import { createOutboxWorker } from "../../../src/delivery/worker.js";
import { startSmtpServer, type ReceivedMail } from "../../support/smtp.js";
import { grantRoles, principalWithRoles } from "../../support/admins.js";
import { origin, seedOrganisation, USER_PASSWORD } from "../../support/seed.js";
import { describeEachStore } from "../../support/stores.js";

const ALL_ROLES = Object.keys(ROLES) as RoleKey[];

describeEachStore("administrator password reset", (fx) => {
  const signIn = (userId: string, password: string) =>
    fx.services.signIn({ userId, password, origin }).then(
      (ok) => (ok.mustChangePassword ? "mustChange" : "ok"),
      (error: { code?: string }) => error.code ?? "error",
    );

  describe("the matrix of SPEC [S3], for every role pair", () => {
    const actors = new Map<RoleKey, Principal>();
    const targets = new Map<TargetRole, User>();
    beforeAll(async () => {
      const org = await seedOrganisation(fx.services);
      for (const role of ALL_ROLES) {
        const { user } = await org.addUser(`actor-${role.toLowerCase()}`);
        actors.set(role, await principalWithRoles(fx.store, user, [role]));
      }
      for (const role of Object.keys(RESET_MATRIX) as TargetRole[]) {
        const { user } = await org.addUser(`target-${role.toLowerCase()}`);
        if (role !== "none") await grantRoles(fx.store, user, [role]);
        targets.set(role, user);
      }
    });

    for (const actorRole of ALL_ROLES) {
      for (const targetRole of Object.keys(RESET_MATRIX) as TargetRole[]) {
        const allowed = (RESET_MATRIX[targetRole] as readonly RoleKey[]).includes(actorRole);
        it(`${actorRole} ${allowed ? "resets" : "is refused for"} ${targetRole}`, async () => {
          const actor = actors.get(actorRole);
          const target = targets.get(targetRole);
          if (!actor || !target) throw new Error("fixture missing");
          const attempt = fx.services.admin.passwordReset.reset(actor, {
            targetId: target.id,
            origin,
          });
          if (allowed) await expect(attempt).resolves.toMatchObject({ user: { id: target.id } });
          else await expect(attempt).rejects.toMatchObject({ code: "forbidden" });
        });
      }
    }
  });

  async function scene() {
    const org = await seedOrganisation(fx.services);
    const { user: helpdesk } = await org.addUser("helpdesk");
    const actor = await principalWithRoles(fx.store, helpdesk, ["helpdeskAdministrator"]);
    const { user } = await org.addUser("victim");
    return { org, actor, user, userId: `victim@${org.domain}` };
  }

  it("generates a temporary password that replaces the old one and forces a change", async () => {
    const { actor, user, userId } = await scene();
    const result = await fx.services.admin.passwordReset.reset(actor, {
      targetId: user.id,
      origin,
    });
    expect(result.temporaryPassword).toMatch(/^\S{16,}$/);
    expect(await signIn(userId, USER_PASSWORD)).toBe("invalidCredentials");
    expect(await signIn(userId, result.temporaryPassword ?? "")).toBe("mustChange");
  });

  it("takes a typed password under the rules, and can skip the forced change", async () => {
    const { actor, user, userId } = await scene();
    await expect(
      fx.services.admin.passwordReset.reset(actor, {
        targetId: user.id,
        password: "password1",
        origin,
      }),
    ).rejects.toMatchObject({ code: "passwordRejected" });
    expect(await signIn(userId, USER_PASSWORD)).toBe("ok");
    const result = await fx.services.admin.passwordReset.reset(actor, {
      targetId: user.id,
      password: "juniper cobalt falcon drift",
      forceChangePasswordNextSignIn: false,
      origin,
    });
    expect(result.temporaryPassword).toBeNull();
    expect(await signIn(userId, "juniper cobalt falcon drift")).toBe("ok");
  });

  it("for a compromised account: no email, every session ends, sign-in can be blocked", async () => {
    const { actor, user, userId } = await scene();
    const { token } = await fx.services.signIn({ userId, password: USER_PASSWORD, origin });
    await expect(
      fx.services.admin.passwordReset.reset(actor, {
        targetId: user.id,
        compromised: true,
        sendTo: ["helpdesk@example.test"],
        origin,
      }),
    ).rejects.toMatchObject({ code: "invalidInput", field: "sendTo" });
    expect(await fx.services.sessions.resolve(token)).toBeDefined();
    const result = await fx.services.admin.passwordReset.reset(actor, {
      targetId: user.id,
      compromised: true,
      blockSignIn: true,
      origin,
    });
    expect(result.sessionsEnded).toBe(1);
    expect(await fx.services.sessions.resolve(token)).toBeUndefined();
    expect(await signIn(userId, result.temporaryPassword ?? "")).toBe("signInBlocked");
  });

  it("refuses oneself, another organisation's user, a deleted user and bad recipients", async () => {
    const { actor, user } = await scene();
    const other = await seedOrganisation(fx.services, "Other");
    const { user: stranger } = await other.addUser("stranger");
    const reset = (targetId: string, extra = {}) =>
      fx.services.admin.passwordReset.reset(actor, { targetId, origin, ...extra });
    await expect(reset(actor.id)).rejects.toMatchObject({ code: "forbidden" });
    await expect(reset(stranger.id)).rejects.toMatchObject({ code: "notFound" });
    await expect(reset("no-such-id")).rejects.toMatchObject({ code: "notFound" });
    await expect(reset(user.id, { sendTo: ["not an address"] })).rejects.toMatchObject({
      field: "sendTo",
    });
    await fx.store.db
      .updateTable("users")
      .set({ deleted_at: 1 })
      .where("id", "=", user.id)
      .execute();
    await expect(reset(user.id)).rejects.toMatchObject({ code: "notFound" });
  });

  it("clears a smart lockout", async () => {
    const { actor, user, userId } = await scene();
    for (let i = 1; i <= 10; i++) await signIn(userId, `locked out ${i}`);
    expect(await signIn(userId, USER_PASSWORD)).toBe("accountLocked");
    const { temporaryPassword } = await fx.services.admin.passwordReset.reset(actor, {
      targetId: user.id,
      origin,
    });
    expect(await signIn(userId, temporaryPassword ?? "")).toBe("mustChange");
  });

  it("resets up to 40 users at once, never oneself", async () => {
    const { org, actor } = await scene();
    const users = await Promise.all(["b1", "b2", "b3"].map((name) => org.addUser(name)));
    const ids = users.map((u) => u.user.id);
    const results = await fx.services.admin.passwordReset.resetMany(actor, [...ids, org.user.id], {
      origin,
    });
    expect(results.filter((r) => r.result?.temporaryPassword)).toHaveLength(3);
    expect(results.find((r) => r.targetId === org.user.id)?.error?.code).toBe("forbidden");
    await expect(
      fx.services.admin.passwordReset.resetMany(actor, [...ids, actor.id], { origin }),
    ).rejects.toMatchObject({ code: "forbidden" });
    const many = Array.from({ length: 41 }, (_, i) => `id-${i}`);
    await expect(
      fx.services.admin.passwordReset.resetMany(actor, many, { origin }),
    ).rejects.toMatchObject({
      code: "invalidInput",
    });
  });

  it("emails the temporary password to exactly the chosen recipients through a real SMTP server", async () => {
    const inbox: ReceivedMail[] = [];
    const smtp = await startSmtpServer(inbox);
    try {
      const { org, actor, user } = await scene();
      // One address is the user's own (an alternate email), the other an administrator's.
      const global = await principalOfUser(fx.store, org.user);
      await fx.services.admin.usersWrite.updateUser(global, user.id, {
        otherMails: ["Victim.Private@example.test"],
        preferredLanguage: "en",
        origin,
      });
      const recipients = ["helpdesk.lead@example.test", "victim.private@example.test"];
      const { temporaryPassword } = await fx.services.admin.passwordReset.reset(actor, {
        targetId: user.id,
        sendTo: [...recipients, recipients[0] ?? ""],
        language: "nl",
        origin,
      });
      const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
      const worker = createOutboxWorker({
        store: fx.store,
        transports: {
          email: createSmtpTransport({
            url: `smtp://127.0.0.1:${smtp.port}`,
            from: "Sesame <no-reply@sesame.test>",
          }),
          phone: createPhoneFileTransport({ dir: phoneDir(fx.dataDir), log: quiet }),
        },
        unseal: { email: fx.services.outbox.unseal, phone: fx.services.outbox.unsealPhoneMessage },
        log: quiet,
        now: fx.clock.now,
      });
      expect(await worker.runOnce()).toBe(2);
      expect(inbox.flatMap((mail) => mail.envelopeTo).sort()).toEqual([...recipients].sort());
      const decoded = (to: string) => {
        const mail = inbox.find((received) => received.envelopeTo.includes(to));
        const text = (mail?.raw ?? "")
          .replace(/=\r\n/g, "")
          .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
        return {
          text: Buffer.from(text, "latin1").toString("utf8"),
          subject: mail?.headers.get("subject"),
        };
      };
      // The user is greeted as the user, in their own language.
      const own = decoded("victim.private@example.test");
      expect(own.subject).toBe("A new password for your Contoso account");
      expect(own.text).toContain(`Hello ${user.displayName},`);
      expect(own.text).toContain(`Temporary password: ${temporaryPassword ?? "missing"}`);
      // The administrator is told whose password it is, in the administrator's language.
      const passOn = decoded("helpdesk.lead@example.test");
      expect(passOn.subject).toBe(
        `Tijdelijk wachtwoord voor ${user.displayName} (${user.userPrincipalName})`,
      );
      expect(passOn.text).toContain("Goedendag,");
      expect(passOn.text).not.toContain(`Beste ${user.displayName}`);
      expect(passOn.text).toContain(`Geef het op een veilige manier aan ${user.displayName}`);
      expect(passOn.text).toContain(`Tijdelijk wachtwoord: ${temporaryPassword ?? "missing"}`);
    } finally {
      await smtp.stop();
    }
  });

  it("records the reset with actor, target, result and IP, and never the password", async () => {
    const { actor, user } = await scene();
    const { temporaryPassword } = await fx.services.admin.passwordReset.reset(actor, {
      targetId: user.id,
      origin,
    });
    const [event] = await listAuditEvents(fx.store, user.organisationId, {
      limit: 1,
      activity: "Reset password (by admin)",
      targetId: user.id,
    });
    expect(event).toMatchObject({
      actorId: actor.id,
      targetId: user.id,
      result: "success",
      ip: origin.ip,
    });
    expect(JSON.stringify(event)).not.toContain(temporaryPassword);
  });

  it("matches the pure matrix for a user holding several roles", async () => {
    const { org, actor } = await scene();
    const { user } = await org.addUser("multi-role");
    await grantRoles(fx.store, user, ["reportsReader", "authenticationAdministrator"]);
    expect(
      mayResetPassword(actor, {
        id: user.id,
        roles: ["reportsReader", "authenticationAdministrator"],
      }),
    ).toBe(false);
    await expect(
      fx.services.admin.passwordReset.reset(actor, { targetId: user.id, origin }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
  });
});
