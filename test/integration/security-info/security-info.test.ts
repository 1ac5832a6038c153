import { expect, it } from "vitest";
import { DEFAULT_RESET_POLICY } from "../../../src/domain/reset-policy.js";
import { listOutboxMessagesTo } from "../../../src/store/outbox.js";
import { upsertResetPolicy } from "../../../src/store/reset-policies.js";
import type { User } from "../../../src/store/users.js";
import { describeEachStore } from "../../support/stores.js";
import { origin, seedOrganisation } from "../../support/seed.js";

const MINUTE = 60_000;

describeEachStore("security info", (fx) => {
  let counter = 0;
  async function signedInUser() {
    counter += 1;
    const org = await seedOrganisation(fx.services);
    const { user } = await org.addUser(`sam${counter}`);
    const withMail: User = { ...user, mail: `sam${counter}@${org.domain}` };
    // A session opened just now: "recent sign-in" for the next 10 minutes.
    const session = { user: withMail, createdAt: fx.clock.now() };
    return { org, user: withMail, session };
  }

  const security = () => fx.services.securityInfo;

  /** The newest code the outbox holds for `to`, read from its sealed payload. */
  async function codeSentTo(to: string): Promise<string> {
    const messages = await listOutboxMessagesTo(fx.store, to);
    const last = messages.at(-1);
    if (!last?.payload) throw new Error(`no message to ${to}`);
    const { text } = fx.services.outbox.unseal(last.id, last.payload);
    const match = /\b(\d{8})\b/.exec(text);
    if (!match?.[1]) throw new Error("no code in the message");
    return match[1];
  }

  const eventsOf = async (userId: string) =>
    fx.store.db
      .selectFrom("audit_events")
      .select(["activity", "result", "result_reason"])
      .where("target_id", "=", userId)
      .orderBy("id")
      .execute();

  const wrongCode = (code: string) => String((Number(code) + 1) % 100_000_000).padStart(8, "0");

  it("registers an alternate email: a code goes out through the outbox, and it verifies", async () => {
    const { session, user } = await signedInUser();
    const alternate = `alt-${user.id.slice(-6)}@example.org`;
    const started = await security().startRegistration({
      session,
      kind: "email",
      value: alternate,
      origin,
    });
    expect(started.destination).toBe(`a•••@example.org`);
    const messages = await listOutboxMessagesTo(fx.store, alternate);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.channel).toBe("email");
    // The code is only in the sealed payload, never in clear in the row.
    const code = await codeSentTo(alternate);
    expect(JSON.stringify(messages[0])).not.toContain(code);
    const stored = await fx.store.db.selectFrom("one_time_codes").selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(code);

    let view = await security().list(user.id);
    expect(view.methods).toEqual([
      { id: started.methodId, kind: "email", display: "a•••@example.org", verified: false },
    ]);

    await security().verify({ session, methodId: started.methodId, code, origin });
    view = await security().list(user.id);
    expect(view.methods).toEqual([
      { id: started.methodId, kind: "email", display: "a•••@example.org", verified: true },
    ]);
    const events = await eventsOf(user.id);
    expect(events.map((e) => e.activity)).toEqual(
      expect.arrayContaining([
        "User registered security info",
        "User registered for self-service password reset",
      ]),
    );
    // "Your security info changed" went to the user's mail and the new alternate address.
    for (const to of [user.mail ?? "", alternate]) {
      const notices = await listOutboxMessagesTo(fx.store, to);
      const last = notices.at(-1);
      expect(last && fx.services.outbox.unseal(last.id, last.payload ?? "").subject).toBe(
        "Your security info changed",
      );
    }
  });

  it("refuses a wrong code, and afterwards the right one still works", async () => {
    const { session } = await signedInUser();
    const to = `wrong-${counter}@example.org`;
    const { methodId } = await security().startRegistration({
      session,
      kind: "email",
      value: to,
      origin,
    });
    const code = await codeSentTo(to);
    await expect(
      security().verify({ session, methodId, code: wrongCode(code), origin }),
    ).rejects.toMatchObject({ code: "invalidCode", field: "code" });
    await expect(
      security().verify({ session, methodId, code: "not a code", origin }),
    ).rejects.toMatchObject({ code: "invalidCode" });
    await security().verify({ session, methodId, code, origin });
  });

  it("refuses the right code after 10 minutes, like a wrong one", async () => {
    const { session, user } = await signedInUser();
    const to = `late-${counter}@example.org`;
    const { methodId } = await security().startRegistration({
      session,
      kind: "email",
      value: to,
      origin,
    });
    const code = await codeSentTo(to);
    fx.clock.advance(10 * MINUTE);
    // A fresh sign-in, so only the code's age is at stake.
    const fresh = { user, createdAt: fx.clock.now() };
    await expect(
      security().verify({ session: fresh, methodId, code, origin }),
    ).rejects.toMatchObject({ code: "invalidCode" });
  });

  it("refuses a replayed code", async () => {
    const { session } = await signedInUser();
    const to = `replay-${counter}@example.org`;
    const { methodId } = await security().startRegistration({
      session,
      kind: "email",
      value: to,
      origin,
    });
    const code = await codeSentTo(to);
    await security().verify({ session, methodId, code, origin });
    await expect(security().verify({ session, methodId, code, origin })).rejects.toMatchObject({
      code: "invalidCode",
    });
  });

  it("refuses a code of another method or of another user", async () => {
    const a = await signedInUser();
    const b = await signedInUser();
    const toA = `a-${counter}@example.org`;
    const toB = `b-${counter}@example.org`;
    const first = await security().startRegistration({
      session: a.session,
      kind: "email",
      value: toA,
      origin,
    });
    const codeA = await codeSentTo(toA);
    const second = await security().startRegistration({
      session: b.session,
      kind: "email",
      value: toB,
      origin,
    });
    // A's code for B's method (another purpose, another user).
    await expect(
      security().verify({ session: b.session, methodId: second.methodId, code: codeA, origin }),
    ).rejects.toMatchObject({ code: "invalidCode" });
    // B can't verify A's method at all, even with A's code.
    await expect(
      security().verify({ session: b.session, methodId: first.methodId, code: codeA, origin }),
    ).rejects.toMatchObject({ code: "invalidCode" });
    await security().verify({ session: a.session, methodId: first.methodId, code: codeA, origin });
  });

  it("stops accepting codes after 5 attempts, even the right one", async () => {
    const { session } = await signedInUser();
    const to = `guess-${counter}@example.org`;
    const { methodId } = await security().startRegistration({
      session,
      kind: "email",
      value: to,
      origin,
    });
    const code = await codeSentTo(to);
    for (let i = 0; i < 5; i += 1) {
      await expect(
        security().verify({ session, methodId, code: wrongCode(code), origin }),
      ).rejects.toMatchObject({ code: "invalidCode" });
    }
    await expect(security().verify({ session, methodId, code, origin })).rejects.toMatchObject({
      code: "invalidCode",
    });
  });

  it("lets exactly one of two racing verifications of one code win", async () => {
    const { session, user } = await signedInUser();
    const to = `race-${counter}@example.org`;
    const { methodId } = await security().startRegistration({
      session,
      kind: "email",
      value: to,
      origin,
    });
    const code = await codeSentTo(to);
    const results = await Promise.allSettled([
      security().verify({ session, methodId, code, origin }),
      security().verify({ session, methodId, code, origin }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const registered = (await eventsOf(user.id)).filter(
      (e) => e.activity === "User registered security info" && e.result === "success",
    );
    expect(registered).toHaveLength(1);
  });

  it("needs a sign-in within the last 10 minutes", async () => {
    const { session, user } = await signedInUser();
    fx.clock.advance(10 * MINUTE + 1);
    await expect(
      security().startRegistration({ session, kind: "email", value: "x@example.org", origin }),
    ).rejects.toMatchObject({ code: "reauthenticationRequired" });
    await expect(
      security().setSecurityQuestions({ session, answers: [], origin }),
    ).rejects.toMatchObject({ code: "reauthenticationRequired" });
    expect((await security().list(user.id)).methods).toEqual([]);
  });

  it("validates phone numbers and sends their code by SMS through the outbox", async () => {
    const { session, user } = await signedInUser();
    await expect(
      security().startRegistration({ session, kind: "mobilePhone", value: "06 12345678", origin }),
    ).rejects.toMatchObject({ code: "invalidInput", field: "phone" });
    const started = await security().startRegistration({
      session,
      kind: "mobilePhone",
      value: "+31 6 1234 5678",
      origin,
    });
    expect(started.destination).toBe("+31 6•••••78");
    const texts = await listOutboxMessagesTo(fx.store, "+31612345678");
    const mine = texts.filter((m) => m.organisationId === user.organisationId);
    expect(mine.at(-1)?.channel).toBe("sms");
  });

  it("limits code emails to 10 per 10 minutes per user", async () => {
    const { session } = await signedInUser();
    for (let i = 0; i < 10; i += 1) {
      await security().startRegistration({
        session,
        kind: "email",
        value: `n${i}@example.org`,
        origin,
      });
    }
    await expect(
      security().startRegistration({ session, kind: "email", value: "n10@example.org", origin }),
    ).rejects.toMatchObject({ code: "tooManyCodes" });
  });

  it("stores security answers hashed, never returns them, and audits and notifies", async () => {
    const { session, user } = await signedInUser();
    const answers = [
      { question: "question.3", answer: "Utrecht" },
      { question: "question.12", answer: "Stroopwafels" },
      { question: "question.29", answer: "Rex the Dog" },
    ];
    await security().setSecurityQuestions({ session, answers, origin });
    const view = await security().list(user.id);
    expect(view.questions).toEqual(["question.3", "question.12", "question.29"]);
    expect(view.methods.map((m) => [m.kind, m.verified])).toEqual([["securityQuestions", true]]);
    expect(JSON.stringify(view)).not.toMatch(/utrecht|stroopwafels|rex/i);
    const rows = await fx.store.db
      .selectFrom("security_answers")
      .selectAll()
      .where("user_id", "=", user.id)
      .execute();
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.answer_hash).toMatch(/^\$argon2id\$/);
      expect(row.answer_hash.toLowerCase()).not.toMatch(/utrecht|stroopwafels|rex/);
    }
    // The hash is of the normalised answer.
    const utrecht = rows.find((row) => row.question === "question.3");
    expect(await fx.services.deps.hasher.verify(utrecht?.answer_hash ?? "", "utrecht")).toBe(true);
    const activities = (await eventsOf(user.id)).map((e) => e.activity);
    expect(activities).toContain("User registered security info");
    expect(activities).toContain("User registered for self-service password reset");
    const notices = await listOutboxMessagesTo(fx.store, user.mail ?? "");
    expect(notices.length).toBeGreaterThan(0);
  });

  it("refuses repeated questions, repeated answers and answers of the wrong length", async () => {
    const { session, user } = await signedInUser();
    await expect(
      security().setSecurityQuestions({
        session,
        answers: [
          { question: "question.1", answer: "Amsterdam" },
          { question: "question.2", answer: " amsterdam " },
          { question: "question.3", answer: "Rex" },
        ],
        origin,
      }),
    ).rejects.toMatchObject({ code: "invalidInput", field: "answer2" });
    await expect(
      security().setSecurityQuestions({
        session,
        answers: [
          { question: "question.1", answer: "Amsterdam" },
          { question: "question.1", answer: "Rotterdam" },
          { question: "question.3", answer: "Rex" },
        ],
        origin,
      }),
    ).rejects.toMatchObject({ code: "invalidInput", field: "question2" });
    expect((await security().list(user.id)).questions).toEqual([]);
  });

  it("removes a method, audits it and tells the user, including the removed address", async () => {
    const { session, user } = await signedInUser();
    const to = `gone-${counter}@example.org`;
    const { methodId } = await security().startRegistration({
      session,
      kind: "email",
      value: to,
      origin,
    });
    await security().verify({ session, methodId, code: await codeSentTo(to), origin });
    await security().remove({ session, methodId, origin });
    expect((await security().list(user.id)).methods).toEqual([]);
    expect((await eventsOf(user.id)).map((e) => e.activity)).toContain(
      "User deleted security info",
    );
    const last = (await listOutboxMessagesTo(fx.store, to)).at(-1);
    expect(last && fx.services.outbox.unseal(last.id, last.payload ?? "").text).toContain(
      "Alternate email deleted",
    );
  });

  it("never lets one user remove another's method", async () => {
    const a = await signedInUser();
    const b = await signedInUser();
    await security().setSecurityQuestions({
      session: a.session,
      answers: [
        { question: "question.1", answer: "one" },
        { question: "question.2", answer: "two" },
        { question: "question.3", answer: "three" },
      ],
      origin,
    });
    const [method] = (await security().list(a.user.id)).methods;
    await expect(
      security().remove({ session: b.session, methodId: method?.id ?? "", origin }),
    ).rejects.toMatchObject({ code: "notFound" });
    expect((await security().list(a.user.id)).methods).toHaveLength(1);
  });

  it("follows the organisation's policy: questions to register and methods required", async () => {
    const { session, user } = await signedInUser();
    await upsertResetPolicy(fx.store, {
      organisationId: user.organisationId,
      policy: JSON.stringify({
        ...DEFAULT_RESET_POLICY,
        securityQuestionsToRegister: 4,
        methodsRequired: 2,
      }),
      updatedAt: fx.clock.now(),
      updatedBy: null,
    });
    expect((await security().questionRules(user.organisationId)).count).toBe(4);
    const three = [
      { question: "question.1", answer: "one" },
      { question: "question.2", answer: "two" },
      { question: "question.3", answer: "three" },
    ];
    await expect(
      security().setSecurityQuestions({ session, answers: three, origin }),
    ).rejects.toMatchObject({ code: "invalidInput", field: "question4" });
    await security().setSecurityQuestions({
      session,
      answers: [...three, { question: "question.4", answer: "four" }],
      origin,
    });
    // One method of two: not yet registered for self-service reset.
    const registered = async () =>
      (await eventsOf(user.id)).filter(
        (e) => e.activity === "User registered for self-service password reset",
      ).length;
    expect(await registered()).toBe(0);
    const to = `second-${counter}@example.org`;
    const { methodId } = await security().startRegistration({
      session,
      kind: "email",
      value: to,
      origin,
    });
    await security().verify({ session, methodId, code: await codeSentTo(to), origin });
    expect(await registered()).toBe(1);
  });
});
