/**
 * Writes against the built server that a kill -9 may cut short, and the ledger of what the
 * server acknowledged, then the check after a restart: every acknowledged write is there, and
 * no change is half done (its audit row and its email exist exactly when the change does).
 *
 * Three kinds of write, each a transaction of the services: a user added through the API, an
 * administrator's reset through the API (its temporary password emailed to an address of that
 * target's own), and a self-service reset through the pages (CAPTCHA, emailed code, new
 * password), which emails the user at every address.
 */
import { randomBytes } from "node:crypto";
import type { Challenge } from "altcha-lib";
import { principalOfUser } from "../../src/services/admin/principal.js";
import { ACTIVITIES } from "../../src/services/audit.js";
import type { Store } from "../../src/store/database.js";
import { listAuditEvents } from "../../src/store/audit.js";
import { listOutboxMessagesTo } from "../../src/store/outbox.js";
import { findUserByKey, updateUserProfile } from "../../src/store/users.js";
import type { Services } from "../../src/wiring.js";
import { createApiKey } from "../../test/support/api.js";
import { solvePayload } from "../../test/support/captcha.js";
import { ALTERNATE_EMAIL, lastCodeSentTo, registerMethods } from "../../test/support/recover.js";
import { origin, seedOrganisation } from "../../test/support/seed.js";
import { apiClient, csrfTokenOf, WebClient, type Answer } from "./web-client.js";

export interface Scene {
  organisationId: string;
  domain: string;
  key: string;
  /** Per writer: the user its administrator resets go to, and the address they are emailed. */
  resetTargets: { id: string; sendTo: string }[];
  /**
   * Users who reset their own password, and their addresses: writer w takes those at w,
   * w + writers, … in turn (a User ID may start 10 resets in 15 minutes).
   */
  selfService: { id: string; userId: string; primary: string; alternate: string }[];
}

/** The organisation, policy, users and key the writers need, made through the services. */
const PEOPLE_PER_WRITER = 4;

export async function prepareScene(
  store: Store,
  services: Services,
  writers: number,
): Promise<Scene> {
  const org = await seedOrganisation(services, "Kill", { domain: "kill.test" });
  const admin = await principalOfUser(store, org.user);
  await services.admin.resetPolicy.update(
    admin,
    {
      methodsRequired: 1,
      methods: {
        email: true,
        mobileSms: false,
        mobileCall: false,
        officeCall: false,
        securityQuestions: false,
        authenticatorApp: false,
      },
    },
    origin,
  );
  const resetTargets: Scene["resetTargets"] = [];
  const selfService: Scene["selfService"] = [];
  for (let writer = 0; writer < writers; writer++) {
    const { user: target } = await org.addUser(`target${writer}`);
    resetTargets.push({ id: target.id, sendTo: `helpdesk${writer}@mail.kill.test` });
  }
  for (let person = 0; person < writers * PEOPLE_PER_WRITER; person++) {
    const { user } = await org.addUser(`forgetful${person}`);
    const alternate = ALTERNATE_EMAIL(user);
    await registerMethods(store, user, [{ kind: "email", value: alternate }], Date.now());
    // A mailbox of its own, which hears of a completed reset and of nothing else.
    const primary = `mailbox.${user.userPrincipalName}`;
    await updateUserProfile(store, user.organisationId, user.id, { mail: primary }, Date.now());
    selfService.push({ id: user.id, userId: user.userPrincipalName, primary, alternate });
  }
  return {
    organisationId: org.organisation.id,
    domain: org.domain,
    key: await createApiKey(services, org.domain, ["userAdministrator"]),
    resetTargets,
    selfService,
  };
}

/** What the clients sent and what the server acknowledged, across every kill. */
export interface Ledger {
  createdSent: string[];
  createdAcknowledged: string[];
  /** Per writer: resets acknowledged (their temporary passwords in order), and unanswered. */
  resets: { acknowledged: string[]; unanswered: number }[];
  selfServiceResets: { acknowledged: string[]; unanswered: number }[];
  /** Answers that are neither an acknowledgement nor a cut connection (a defect). */
  refused: string[];
}

export const emptyLedger = (writers: number): Ledger => ({
  createdSent: [],
  createdAcknowledged: [],
  resets: Array.from({ length: writers }, () => ({ acknowledged: [], unanswered: 0 })),
  selfServiceResets: Array.from({ length: writers * PEOPLE_PER_WRITER }, () => ({
    acknowledged: [],
    unanswered: 0,
  })),
  refused: [],
});

/** A self-service reset up to the last step: CAPTCHA, emailed code. The browser is the flow. */
async function proveIdentity(
  url: string,
  store: Store,
  services: Services,
  person: Scene["selfService"][number],
): Promise<WebClient | Answer> {
  // An address of its own per flow: the per-address limits of /recover are not the subject.
  const browser = new WebClient(url, {
    "x-forwarded-for": `2001:db8:${randomBytes(2).toString("hex")}:${randomBytes(2).toString("hex")}::1`,
  });
  const page = await browser.get("/recover");
  if (page.status !== 200) return page;
  const challenge = await browser.get("/captcha/challenge");
  if (challenge.status !== 200) return challenge;
  const started = await browser.request("POST", "/recover", {
    form: {
      _csrf: csrfTokenOf(page.body),
      userId: person.userId,
      intent: "reset",
      altcha: await solvePayload(JSON.parse(challenge.body) as Challenge),
    },
  });
  if (started.status !== 303) return started;
  const chosen = await browser.submit("/recover/flow", "/recover/flow/method", { method: "email" });
  if (chosen.status !== 303) return chosen;
  const code = await lastCodeSentTo(store, services, person.alternate);
  const verified = await browser.submit("/recover/flow", "/recover/flow/verify", { code });
  if (verified.status !== 303) return verified;
  return browser;
}

/**
 * One writer's loop until the server dies under it: add a user, reset its target, reset
 * its own person's password, again and again. Each write is recorded as sent before it is
 * sent, and as acknowledged when the server says so.
 */
export async function write(
  url: string,
  store: Store,
  services: Services,
  scene: Scene,
  ledger: Ledger,
  writer: number,
): Promise<void> {
  const api = apiClient(url, scene.key);
  const resets = ledger.resets[writer];
  const target = scene.resetTargets[writer];
  if (!resets || !target) throw new Error(`no writer ${writer}`);
  const writers = scene.resetTargets.length;
  const refuse = (what: string, answer: Answer) =>
    ledger.refused.push(`${what}: ${answer.status} ${answer.body.slice(0, 120)}`);
  const addUser = async () => {
    const userId = `added-${randomBytes(5).toString("hex")}@${scene.domain}`;
    ledger.createdSent.push(userId);
    const created = await api.post("/api/v1/users", {
      userPrincipalName: userId,
      displayName: "Added Tester",
    });
    if (created.status === 201) ledger.createdAcknowledged.push(userId);
    else refuse("add user", created);
  };
  const resetTarget = async () => {
    resets.unanswered += 1;
    const reset = await api.post(`/api/v1/users/${target.id}/resetPassword`, {
      sendTo: [target.sendTo],
    });
    resets.unanswered -= 1;
    if (reset.status === 200) {
      resets.acknowledged.push(
        (JSON.parse(reset.body) as { temporaryPassword: string }).temporaryPassword,
      );
    } else refuse("admin reset", reset);
  };
  const resetOwnPassword = async (round: number) => {
    const personIndex = writer + writers * (round % PEOPLE_PER_WRITER);
    const person = scene.selfService[personIndex];
    const selfService = ledger.selfServiceResets[personIndex];
    if (!person || !selfService) throw new Error(`no person ${personIndex}`);
    const proven = await proveIdentity(url, store, services, person);
    if (!(proven instanceof WebClient)) return refuse("self-service proof", proven);
    const password = `amber ${randomBytes(6).toString("hex")} harbour violet`;
    selfService.unanswered += 1;
    const done = await proven.submit("/recover/flow", "/recover/flow/password", {
      newPassword: password,
      confirmPassword: password,
    });
    selfService.unanswered -= 1;
    if (done.status === 303) selfService.acknowledged.push(password);
    else refuse("self-service reset", done);
  };
  // Writers begin at different kinds, so a kill finds each kind in flight.
  const steps = [addUser, resetTarget, resetOwnPassword];
  for (let round = 0; ; round++) {
    for (let i = 0; i < steps.length; i++) await steps[(writer + i) % steps.length]?.(round);
  }
}

export interface Verdict {
  acknowledged: number;
  acknowledgedMissing: string[];
  halfDone: string[];
  /** Changes made by a write that was cut off before its answer (allowed either way). */
  unansweredCommitted: number;
}

/** Signs in through the pages: 303 when the password is the user's. */
async function signsIn(url: string, userId: string, password: string): Promise<boolean> {
  const browser = new WebClient(url, { "x-forwarded-for": "192.0.2.77" });
  const answer = await browser.submit("/signin", "/signin", { userId, password });
  return answer.status === 303;
}

/** What the store holds after the last restart, against the ledger. */
export async function verify(
  url: string,
  store: Store,
  scene: Scene,
  ledger: Ledger,
): Promise<Verdict> {
  const verdict: Verdict = {
    acknowledged: 0,
    acknowledgedMissing: [],
    halfDone: [],
    unansweredCommitted: 0,
  };
  const audits = async (activity: string, targetId?: string) =>
    (
      await listAuditEvents(store, scene.organisationId, {
        limit: 100_000,
        activity,
        ...(targetId ? { targetId } : {}),
      })
    ).filter((event) => event.result === "success");

  // Users of the scene were added too, before any writer: only the writers' count here.
  const added = new Set(
    (await audits(ACTIVITIES.addUser.activity))
      .filter((event) => event.targetName?.startsWith("added-"))
      .map((event) => event.targetId),
  );
  for (const userId of ledger.createdSent) {
    const user = await findUserByKey(store, scene.organisationId, userId.toLowerCase());
    if (ledger.createdAcknowledged.includes(userId)) {
      verdict.acknowledged += 1;
      if (!user) verdict.acknowledgedMissing.push(`user ${userId}`);
    } else if (user) {
      verdict.unansweredCommitted += 1;
    }
    if (user && !added.has(user.id)) verdict.halfDone.push(`user ${userId} without its audit row`);
    if (user) added.delete(user.id);
  }
  for (const orphan of added)
    verdict.halfDone.push(`audit row of an added user ${orphan} that is not there`);

  const checkChanges = async (
    what: string,
    sent: { acknowledged: string[]; unanswered: number },
    changes: number,
    emails: number,
    userId: string,
  ) => {
    verdict.acknowledged += sent.acknowledged.length;
    if (changes !== emails)
      verdict.halfDone.push(`${what}: ${changes} audit rows, ${emails} emails`);
    if (changes < sent.acknowledged.length) {
      verdict.acknowledgedMissing.push(
        `${what}: ${sent.acknowledged.length} acknowledged, ${changes} done`,
      );
    }
    if (changes > sent.acknowledged.length + sent.unanswered) {
      verdict.halfDone.push(`${what}: ${changes} done, more than were sent`);
    }
    verdict.unansweredCommitted += Math.max(0, changes - sent.acknowledged.length);
    // No cut-off write came after the last acknowledged one: its password is the user's.
    const last = sent.acknowledged.at(-1);
    if (last && changes === sent.acknowledged.length && !(await signsIn(url, userId, last))) {
      verdict.acknowledgedMissing.push(`${what}: the last acknowledged password does not sign in`);
    }
  };
  for (const [writer, target] of scene.resetTargets.entries()) {
    const sent = ledger.resets[writer] ?? { acknowledged: [], unanswered: 0 };
    const changes = (await audits(ACTIVITIES.resetPasswordByAdmin.activity, target.id)).length;
    const emails = (await listOutboxMessagesTo(store, target.sendTo)).length;
    await checkChanges(
      `admin reset of target${writer}`,
      sent,
      changes,
      emails,
      `target${writer}@${scene.domain}`,
    );
  }
  for (const [writer, person] of scene.selfService.entries()) {
    const sent = ledger.selfServiceResets[writer] ?? { acknowledged: [], unanswered: 0 };
    const changes = (await audits(ACTIVITIES.ssprReset.activity, person.id)).length;
    // Codes go to the alternate address only; the completion notice to every address.
    const emails = (await listOutboxMessagesTo(store, person.primary)).length;
    await checkChanges(
      `self-service reset of ${person.userId}`,
      sent,
      changes,
      emails,
      person.userId,
    );
  }
  return verdict;
}
