import { expect, it } from "vitest";
import { CLI_ORIGIN } from "../../src/services/context.js";
import { listOutboxMessagesTo } from "../../src/store/outbox.js";
import { findUser } from "../../src/store/users.js";
import { hashSessionId } from "../../src/services/sessions.js";
import { describeEachStore } from "../support/stores.js";
import { origin, seedOrganisation, USER_PASSWORD } from "../support/seed.js";

const NEW_PASSWORD = "quartz lantern orbit fable";

describeEachStore("change password", (fx) => {
  async function signedInTwice(localPart: string, options: { temporary?: boolean } = {}) {
    const org = await seedOrganisation(fx.services);
    const { user } = await org.addUser(localPart, options);
    const userId = `${localPart}@${org.domain}`;
    const here = await fx.services.signIn({ userId, password: USER_PASSWORD, origin });
    const elsewhere = await fx.services.signIn({ userId, password: USER_PASSWORD, origin });
    return { org, user, userId, here, elsewhere };
  }

  const change = (userId: string, token: string, fields: Record<string, string | undefined>) =>
    fx.services.changePassword({
      userId,
      sessionIdHash: hashSessionId(token),
      currentPassword: USER_PASSWORD,
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
      origin,
      ...fields,
    });

  it("changes the password and ends every other session of the user", async () => {
    const { user, userId, here, elsewhere } = await signedInTwice("lea");
    await change(user.id, here.token, {});
    expect(await fx.services.sessions.resolve(here.token)).toBeDefined();
    expect(await fx.services.sessions.resolve(elsewhere.token)).toBeUndefined();
    await expect(
      fx.services.signIn({ userId, password: USER_PASSWORD, origin }),
    ).rejects.toMatchObject({
      code: "invalidCredentials",
    });
    await fx.services.signIn({ userId, password: NEW_PASSWORD, origin });
  });

  it.each([
    [{ currentPassword: "not my password" }, "wrongCurrentPassword", "currentPassword"],
    [{ currentPassword: "" }, "wrongCurrentPassword", "currentPassword"],
    [{ confirmPassword: "quartz lantern orbit fabl" }, "passwordMismatch", "confirmPassword"],
    [{ newPassword: "password", confirmPassword: "password" }, "passwordRejected", "newPassword"],
    [{ newPassword: USER_PASSWORD, confirmPassword: USER_PASSWORD }, "samePassword", "newPassword"],
  ])("refuses %o with %s, changing nothing", async (fields, code, field) => {
    const { user, here, elsewhere } = await signedInTwice("max");
    const before = await findUser(fx.store, user.id);
    await expect(change(user.id, here.token, fields)).rejects.toMatchObject({ code, field });
    expect((await findUser(fx.store, user.id))?.passwordHash).toBe(before?.passwordHash);
    expect(await fx.services.sessions.resolve(elsewhere.token)).toBeDefined();
  });

  it("lets a user with a temporary password set a new one without retyping it, then clears the flag", async () => {
    const { user, here } = await signedInTwice("ned", { temporary: true });
    expect(here.mustChangePassword).toBe(true);
    await change(user.id, here.token, { currentPassword: undefined });
    const after = await findUser(fx.store, user.id);
    expect(after?.forceChangePassword).toBe(false);
  });

  it("asks for the current password once no change is pending", async () => {
    const { user, here } = await signedInTwice("oli");
    await expect(change(user.id, here.token, { currentPassword: undefined })).rejects.toMatchObject(
      {
        code: "wrongCurrentPassword",
      },
    );
  });

  it("counts wrong current passwords toward smart lockout", async () => {
    const { user, userId, here } = await signedInTwice("pia");
    for (let i = 1; i <= 10; i++) {
      await change(user.id, here.token, { currentPassword: `guess-${i}-wrong` }).catch(
        () => undefined,
      );
    }
    await expect(
      fx.services.signIn({ userId, password: USER_PASSWORD, origin }),
    ).rejects.toMatchObject({
      code: "accountLocked",
    });
  });

  it("queues a 'password changed' email to the user's address, in their language, with the change", async () => {
    const org = await seedOrganisation(fx.services, "Fabrikam");
    const mail = `ruud.private-${org.domain}@example.test`;
    const { user } = await fx.services.directory.addUser({
      userId: `ruud@${org.domain}`,
      displayName: "Ruud Jansen",
      password: USER_PASSWORD,
      mail,
      preferredLanguage: "nl",
      origin: CLI_ORIGIN,
    });
    const here = await fx.services.signIn({
      userId: user.userPrincipalName,
      password: USER_PASSWORD,
      origin,
    });

    await expect(
      change(user.id, here.token, { currentPassword: "not my password" }),
    ).rejects.toMatchObject({ code: "wrongCurrentPassword" });
    expect(await listOutboxMessagesTo(fx.store, mail)).toEqual([]);

    await change(user.id, here.token, {});
    const queued = await listOutboxMessagesTo(fx.store, mail);
    expect(queued).toHaveLength(1);
    const [message] = queued;
    expect(message).toMatchObject({ organisationId: user.organisationId, status: "pending" });
    const email = fx.services.outbox.unseal(message?.id ?? "", message?.payload ?? "");
    expect(email.subject).toBe("Uw wachtwoord is gewijzigd");
    expect(email.text).toContain("Beste Ruud Jansen,");
    expect(email.text).toContain("namens Fabrikam");
  });
});
