import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { performance } from "node:perf_hooks";
import { principalOfUser } from "../../../src/services/admin/principal.js";
import { ANSWER_FLOOR_MS } from "../../../src/services/pacing.js";
import { listOutboxMessagesTo } from "../../../src/store/outbox.js";
import { grantRoles } from "../../support/admins.js";
import { buildTestApp, Client, csrfTokenOf } from "../../support/http.js";
import {
  ALTERNATE_EMAIL,
  flowStep,
  lastCodeSentTo,
  registerMethods,
  SECURITY_ANSWERS,
  startFlow,
  answersFor,
} from "../../support/recover.js";
import { origin, seedOrganisation } from "../../support/seed.js";
import { describeEachStore } from "../../support/stores.js";

/** A page as a person sees it, without the per-request CSRF token. */
const comparable = (html: string) => html.replace(/name="_csrf" value="[^"]+"/g, "");

describeEachStore("strict account privacy in self-service reset", (fx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp(fx);
  });
  afterAll(() => app.close());

  async function scene() {
    const org = await seedOrganisation(fx.services);
    const admin = await principalOfUser(fx.store, org.user);
    await fx.services.admin.resetPolicy.update(
      admin,
      { strictPrivacy: true, methods: { securityQuestions: true } },
      origin,
    );
    const { user } = await org.addUser("private");
    await registerMethods(
      fx.store,
      user,
      [{ kind: "email", value: ALTERNATE_EMAIL(user) }],
      fx.clock.now(),
    );
    const { user: unregistered } = await org.addUser("unregistered");
    return { org, user, unregistered };
  }

  /** Every answer up to verification, for one User ID. */
  async function walk(userId: string) {
    const client = new Client(app);
    const started = await startFlow(client, userId);
    const choose = await client.get("/recover/flow");
    const sent = await flowStep(client, "method", { method: "email" });
    const enter = await client.get("/recover/flow");
    const wrong = await flowStep(client, "verify", { code: "00000000" });
    return { client, responses: [started, choose, sent, enter, wrong] };
  }

  it("answers an unknown, an unregistered and a real user alike until they prove who they are", async () => {
    const { org, user, unregistered } = await scene();
    const real = await walk(user.userPrincipalName);
    const ghost = await walk(`nobody@${org.domain}`);
    const bare = await walk(unregistered.userPrincipalName);
    for (const other of [ghost, bare]) {
      other.responses.forEach((response, index) => {
        const mine = real.responses[index];
        expect(response.statusCode).toBe(mine?.statusCode);
        expect(comparable(response.body)).toBe(comparable(mine?.body ?? ""));
      });
    }
    expect(real.responses[1]?.body).not.toContain("private@");
    expect(real.responses[3]?.body).toContain("If your account has this method");
    // Only the real, registered user got a code, and it works.
    const code = await lastCodeSentTo(fx.store, fx.services, ALTERNATE_EMAIL(user));
    expect((await flowStep(real.client, "verify", { code })).statusCode).toBe(303);
    expect((await real.client.get("/recover/flow")).body).toContain("Choose a new password");
  });

  it("shows a refusal only after the person proved who they are", async () => {
    const { org, user } = await scene();
    const admin = await principalOfUser(fx.store, org.user);
    await fx.services.admin.resetPolicy.update(admin, { enabledFor: "none" }, origin);
    const client = new Client(app);
    await startFlow(client, user.userPrincipalName);
    expect((await client.get("/recover/flow")).body).not.toContain("SSPR_0009");
    await flowStep(client, "method", { method: "email" });
    const code = await lastCodeSentTo(fx.store, fx.services, ALTERNATE_EMAIL(user));
    await flowStep(client, "verify", { code });
    expect((await client.get("/recover/flow")).body).toContain("SSPR_0009");
  });

  it("asks an unknown User ID the same questions each time, and blocks it after 5 tries", async () => {
    const { org } = await scene();
    const userId = `ghost@${org.domain}`;
    const questionsOf = async (client: Client) => {
      await flowStep(client, "method", { method: "securityQuestions" });
      const html = (await client.get("/recover/flow")).body;
      return [...html.matchAll(/<label for="answer\d+">([^<]+)<\/label>/g)].map((m) => m[1]).sort();
    };
    const first = new Client(app);
    await startFlow(first, userId);
    const second = new Client(app);
    await startFlow(second, userId);
    expect(await questionsOf(first)).toEqual(await questionsOf(second));
    const statuses = [];
    for (let i = 0; i < 5; i += 1) {
      statuses.push(
        (await flowStep(first, "verify", { answer1: "a", answer2: "b", answer3: "c" })).statusCode,
      );
    }
    expect(statuses).toEqual([400, 400, 400, 400, 429]);
    expect(await listOutboxMessagesTo(fx.store, `ghost@${org.domain}`)).toHaveLength(0);
  });

  it("never lets an administrator prove with security questions, though strict privacy offers them", async () => {
    const { user } = await scene();
    await grantRoles(fx.store, user, ["passwordAdministrator"]);
    await fx.services.securityInfo.setSecurityQuestions({
      session: { user, createdAt: fx.clock.now() },
      answers: SECURITY_ANSWERS,
      origin,
    });
    const client = new Client(app);
    await startFlow(client, user.userPrincipalName);
    expect((await client.get("/recover/flow")).body).toContain("Verification step 1 of 1");
    await flowStep(client, "method", { method: "securityQuestions" });
    const right = answersFor((await client.get("/recover/flow")).body);
    expect(Object.values(right)).not.toContain("not one of ours");
    expect((await flowStep(client, "verify", right)).statusCode).toBe(400);
  });

  it("blocks a real and an unknown User ID alike, across flows, after 5 wrong codes", async () => {
    const { org, user } = await scene();
    const wrongCodes = async (userId: string) => {
      const statuses = [];
      for (let flow = 0; flow < 2; flow += 1) {
        const client = new Client(app);
        await startFlow(client, userId);
        await flowStep(client, "method", { method: "email" });
        for (let i = 0; i < 3; i += 1) {
          statuses.push((await flowStep(client, "verify", { code: "00000000" })).statusCode);
        }
      }
      return statuses;
    };
    const expected = [400, 400, 400, 400, 429, 409];
    expect(await wrongCodes(user.userPrincipalName)).toEqual(expected);
    expect(await wrongCodes(`ghost@${org.domain}`)).toEqual(expected);
  });

  /** How long one answer took; timers may fire a fraction of a millisecond early. */
  async function took(work: () => Promise<unknown>): Promise<number> {
    const began = performance.now();
    await work().catch(() => undefined);
    return performance.now() + 1 - began;
  }

  it("paces every answer before verification, so a step added later cannot leak by timing", async () => {
    const afterProof = ["resetPassword", "unlock"];
    const steps = Object.entries(fx.services.selfServiceReset).filter(
      ([name]) => !afterProof.includes(name),
    );
    expect(steps.map(([name]) => name)).toContain("contactAdministrators");
    for (const [name, step] of steps) {
      const call = step as (...args: unknown[]) => Promise<unknown>;
      // A token of no flow: the step fails before it learns anything, and still waits.
      expect([name, await took(() => call("no-such-flow", {}, origin))]).toEqual([
        name,
        expect.toSatisfy((ms: number) => ms >= ANSWER_FLOOR_MS),
      ]);
    }
  });

  it("contacts the administrators for a real and an unknown User ID at the same pace", async () => {
    const { org, user } = await scene();
    for (const userId of [user.userPrincipalName, `nobody@${org.domain}`]) {
      const client = new Client(app);
      await startFlow(client, userId);
      const page = await client.get("/recover/flow");
      const began = performance.now();
      const contacted = await client.post("/recover/flow/contact", {
        _csrf: csrfTokenOf(page.body),
      });
      expect(contacted.statusCode).toBe(200);
      expect(performance.now() - began).toBeGreaterThanOrEqual(ANSWER_FLOOR_MS);
    }
    // The real one reached an administrator; the decoy reached nobody.
    expect(await listOutboxMessagesTo(fx.store, org.user.userPrincipalName)).toHaveLength(1);
  });

  it("answers a request to the administrators at the same pace whether or not the User ID exists", async () => {
    const { org, user } = await scene();
    for (const userId of [user.userPrincipalName, `nobody@${org.domain}`, "not a user id"]) {
      const ms = await took(() => fx.services.resetRequests.ask({ userId, origin }));
      expect(ms).toBeGreaterThanOrEqual(ANSWER_FLOOR_MS);
    }
  });
});
