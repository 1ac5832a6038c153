import {
  type ResetMethod,
  type SecurityMethodKind,
  provenBy,
  METHOD_ORDER,
} from "../../domain/methods.js";
import { createHash, randomBytes, randomInt as cryptoRandomInt } from "node:crypto";
import { performance } from "node:perf_hooks";
import { LANGUAGES, supportedLanguage } from "../../domain/languages.js";
import { maskEmail, maskPhone } from "../../domain/mask.js";
import type { PasswordRules } from "../../domain/password-policy.js";
import { isAdministrator } from "../../domain/permissions.js";
import type { Helpdesk, ResetPolicy } from "../../domain/reset-policy.js";
import { normaliseAnswer, PREDEFINED_QUESTIONS } from "../../domain/security-questions.js";
import {
  availableMethods,
  checkEligibility,
  drawAtRandom,
  FAILURE_WINDOW_MS,
  FAILURES_TO_BLOCK,
  FLOW_LIFETIME_MS,
  isBlocked,
  REFUSALS,
  registerFailure,
  STARTS_PER_USER,
  STARTS_WINDOW_MS,
  remainingMethods,
  type FlowIntent,
  type Refusal,
} from "../../domain/self-service-reset.js";
import { parseUserId } from "../../domain/user-id.js";
import type { Queryable } from "../../store/database.js";
import { isGroupMember } from "../../store/groups.js";
import { findOrganisation, findOrganisationByDomain } from "../../store/organisations.js";
import {
  clearResetFailures,
  countFlowFailure,
  countFlowsStarted,
  deleteExpiredResetFlows,
  endResetFlowsOf,
  findResetFailures,
  findResetFailuresForUpdate,
  findResetFlow,
  insertResetFlow,
  moveResetFlow,
  recordProof,
  refuseResetFlow,
  saveResetFailures,
  setPendingStep,
  sumDecoyFailures,
  type FlowState,
  type ResetFlow,
} from "../../store/reset-flows.js";
import { markResetRequestsHandled } from "../../store/reset-requests.js";
import { findRoleTemplateIds } from "../../store/roles.js";
import {
  findSecurityAnswerHash,
  listSecurityMethods,
  listSecurityQuestions,
  type SecurityMethod,
} from "../../store/security-info.js";
import { findUser, findUserByKey, updatePassword, type User } from "../../store/users.js";
import {
  renderResetCodeEmail,
  renderResetCodeText,
} from "../../views/emails/self-service-reset.js";
import { voiceCodeText } from "../../views/voice-code.js";
import { toRoleKeys } from "../admin/principal.js";
import { readResetPolicy } from "../admin/reset-policy.js";
import { audit } from "../audit.js";
import type { RequestOrigin, ServiceDeps } from "../context.js";
import {
  captchaFailed,
  flowExpired,
  invalidCode,
  invalidInput,
  SesameError,
  stepNotAllowed,
} from "../errors.js";
import type { Lockout } from "../lockout.js";
import type { Outbox } from "../outbox.js";
import { assertPasswordAcceptable, rulesOf } from "../password-rules.js";
import type { ResetRequests } from "../reset-requests.js";
import { createOneTimeCodes } from "../security-info/codes.js";
import type { Sessions } from "../sessions.js";
import { notifyAdministratorsOfOwnReset, notifyUserOfReset } from "./notifications.js";

/** What the flow needs from its neighbours, so each can be the real one in tests too. */
export interface SelfServiceResetOptions {
  /** Whether a posted CAPTCHA solution is genuine, fresh and unused. */
  verifyCaptcha: (payload: unknown) => Promise<boolean>;
  /** Whether `code` is the user's authenticator's current code, not used before. */
  verifyAuthenticatorCode: (userId: string, code: string) => Promise<boolean>;
  randomInt?: (max: number) => number;
}

/** One method as the choice page shows it: contact details masked. */
export interface MethodChoice {
  method: ResetMethod;
  /** A masked address or number; empty for questions and the authenticator app. */
  destination: string;
}

/** Everything the pages of a flow show; nothing secret. */
export interface FlowView {
  state: FlowState;
  intent: FlowIntent;
  userPrincipalName: string;
  organisationName: string;
  refusal: { reason: Refusal; referenceCode: string } | null;
  helpdesk: Helpdesk;
  required: number;
  proven: number;
  /** The methods still to choose from. */
  choices: MethodChoice[];
  pending: { method: ResetMethod; destination: string; questions: string[] } | null;
  /** The organisation's password rules, explained on the new-password page. */
  rules: PasswordRules;
}

export type ProofInput = { code: string } | { answers: string[] };

/**
 * With strict privacy, no answer before verification comes sooner than this, so the work
 * done for a real account (a code sent, answers checked) does not show in the timing.
 */
const STRICT_RESPONSE_FLOOR_MS = 100;

/** Runs a step; once it learns strict privacy applies, it ends no sooner than the floor. */
async function evenly<T>(work: (strict: (on: boolean) => void) => Promise<T>): Promise<T> {
  const began = performance.now();
  let pad = false;
  try {
    return await work((on) => {
      pad = on;
    });
  } finally {
    const wait = began + STRICT_RESPONSE_FLOOR_MS - performance.now();
    if (pad && wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** Ended flows stay a day, so a late click gets "expired" rather than nothing. */
const FORGET_FLOWS_AFTER_MS = 24 * 3_600_000;
const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const CHANNEL_OF = {
  email: "email",
  mobileSms: "sms",
  mobileCall: "voice",
  officeCall: "voice",
} as const;
type CodeMethod = keyof typeof CHANNEL_OF;
const isCodeMethod = (method: ResetMethod): method is CodeMethod => method in CHANNEL_OF;

const registeredKinds = (methods: SecurityMethod[]) =>
  new Set(methods.filter((m) => m.verifiedAt !== null).map((m) => m.kind));

/** Every method the policy enables, in the order offered (what strict privacy shows). */
function policyMethods(policy: ResetPolicy): ResetMethod[] {
  return METHOD_ORDER.filter((method) => policy.methods[method]);
}

const unknownUser = () =>
  new SesameError("unknownUser", "We couldn't find that User ID.", "userId");

/** Where each kind of proof is sent: the verified method of that kind. */
function contactOf(
  methods: SecurityMethod[],
  kind: SecurityMethodKind,
): SecurityMethod | undefined {
  return methods.find((m) => m.kind === kind && m.verifiedAt !== null);
}

function destinationOf(methods: SecurityMethod[], method: ResetMethod): string {
  const contact = contactOf(methods, provenBy(method));
  if (!contact?.value || !isCodeMethod(method)) return "";
  return method === "email" ? maskEmail(contact.value) : maskPhone(contact.value);
}

/**
 * Self-service password reset and unlock (SPEC [S6], [S11]). A flow is a record in the
 * store; the browser holds only a random token whose hash keys it, so any instance can
 * continue it. Each step checks the state it expects and moves on with a conditional
 * update: skipped, replayed and racing steps fail.
 */
export function createSelfServiceReset(
  deps: Pick<ServiceDeps, "store" | "hasher" | "now" | "fingerprint" | "publicUrl">,
  services: { lockout: Lockout; sessions: Sessions; outbox: Outbox; resetRequests: ResetRequests },
  options: SelfServiceResetOptions,
) {
  const { store, hasher, now } = deps;
  const { lockout, sessions, outbox, resetRequests } = services;
  const randomInt = options.randomInt ?? cryptoRandomInt;
  const codes = createOneTimeCodes(deps, randomInt);
  const codePurpose = (flow: ResetFlow, kind: SecurityMethodKind) =>
    `reset-flow:${flow.idHash}:${kind}`;

  const progress = (
    q: Queryable,
    user: User,
    origin: RequestOrigin,
    step: { result: "success" | "failure"; reason?: string; details: Record<string, unknown> },
  ) =>
    audit(q, now(), {
      organisationId: user.organisationId,
      activity: "ssprProgress",
      result: step.result,
      ...(step.reason ? { reason: step.reason } : {}),
      actor: { id: user.id, name: user.userPrincipalName },
      target: { id: user.id, name: user.userPrincipalName },
      origin,
      details: step.details,
    });

  /**
   * The live flow behind a token, with its user (none for a strict-privacy decoy) and the
   * organisation's policy; anything else is "expired".
   */
  async function load(token: unknown) {
    if (typeof token !== "string" || !TOKEN.test(token)) throw flowExpired();
    const flow = await findResetFlow(store, tokenHash(token));
    if (!flow || now() >= flow.expiresAt || flow.organisationId === null) throw flowExpired();
    const organisation = await findOrganisation(store, flow.organisationId);
    if (!organisation) throw flowExpired();
    const policy = await readResetPolicy(store, organisation.id);
    if (flow.userId === null) return { flow, user: undefined, organisation, policy };
    const user = await findUser(store, flow.userId);
    if (!user || user.deletedAt !== null) throw flowExpired();
    return { flow, user, organisation, policy };
  }

  /** Steps past verification need a real user; a decoy never gets there. */
  async function loadWithUser(token: unknown) {
    const loaded = await load(token);
    if (!loaded.user) throw stepNotAllowed();
    return { ...loaded, user: loaded.user };
  }

  /**
   * The questions a flow asks: drawn from the user's own, or (a decoy) from the catalogue
   * seeded by the User ID typed, so an unknown ID is asked the same set every time too.
   */
  async function drawQuestions(flow: ResetFlow, user: User | undefined, policy: ResetPolicy) {
    const count = policy.securityQuestionsToReset;
    if (user) return drawAtRandom(await listSecurityQuestions(store, user.id), count, randomInt);
    const seed = flow.decoySeed ?? "";
    const pool = [...PREDEFINED_QUESTIONS]
      .sort((a, b) =>
        deps
          .fingerprint("decoy-question", `${seed}:${a}`)
          .localeCompare(deps.fingerprint("decoy-question", `${seed}:${b}`)),
      )
      .slice(0, policy.securityQuestionsToRegister);
    return drawAtRandom(pool, count, randomInt);
  }

  /** The methods the user may prove with: registered, enabled, and fit for their roles. */
  async function methodsOf(user: User, policy: ResetPolicy): Promise<ResetMethod[]> {
    const [roles, methods] = await Promise.all([
      findRoleTemplateIds(store, user.id),
      listSecurityMethods(store, user.id),
    ]);
    return availableMethods(policy, {
      isAdministrator: isAdministrator(toRoleKeys(roles)),
      registered: registeredKinds(methods),
    });
  }

  async function inScope(policy: ResetPolicy, userId: string): Promise<boolean> {
    if (policy.enabledFor !== "group") return policy.enabledFor === "all";
    return policy.groupId !== null && (await isGroupMember(store, policy.groupId, userId));
  }

  /** A failed proof: counted for the user; the fifth in 24 hours blocks and ends the flow. */
  async function fail(flow: ResetFlow, user: User, method: ResetMethod, origin: RequestOrigin) {
    const blocked = await store.transaction(async (tx) => {
      const at = now();
      const outcome = registerFailure(await findResetFailuresForUpdate(tx, user.id), at);
      await saveResetFailures(tx, user.id, outcome.state);
      await progress(tx, user, origin, {
        result: "failure",
        reason: "verificationFailed",
        details: { step: "verify", method, failures: outcome.state.failures },
      });
      if (!outcome.blockedNow) return false;
      await refuseResetFlow(tx, flow.idHash, "blocked");
      await endResetFlowsOf(tx, user.id, at, flow.idHash);
      await audit(tx, at, {
        organisationId: user.organisationId,
        activity: "ssprBlocked",
        result: "success",
        target: { id: user.id, name: user.userPrincipalName },
        origin,
        details: { blockedUntil: outcome.state.blockedUntil },
      });
      return true;
    });
    if (blocked) throw new SesameError("selfServiceBlocked", "Too many attempts.");
    throw invalidCode();
  }

  async function proveWith(
    flow: ResetFlow,
    user: User,
    method: ResetMethod,
    input: ProofInput,
  ): Promise<boolean> {
    if (method === "securityQuestions") {
      const answers = "answers" in input && Array.isArray(input.answers) ? input.answers : [];
      const drawn = flow.questions ?? [];
      if (drawn.length === 0 || answers.length !== drawn.length) return false;
      // Every answer is checked, so the time taken says nothing about which one was wrong.
      const checks = await Promise.all(
        drawn.map(async (question, index) => {
          const hash = await findSecurityAnswerHash(store, user.id, question);
          const answer = typeof answers[index] === "string" ? answers[index] : "";
          return hash !== undefined && (await hasher.verify(hash, normaliseAnswer(answer)));
        }),
      );
      return checks.every(Boolean);
    }
    const code = "code" in input && typeof input.code === "string" ? input.code : "";
    if (method === "authenticatorApp") return options.verifyAuthenticatorCode(user.id, code);
    return codes.verify(store, {
      purpose: codePurpose(flow, provenBy(method)),
      userId: user.id,
      entered: code,
    });
  }

  async function sendCode(
    flow: ResetFlow,
    user: User,
    organisationName: string,
    method: CodeMethod,
    to: string,
    origin: RequestOrigin,
  ) {
    const language = supportedLanguage(user.preferredLanguage) ?? LANGUAGES[0];
    const channel = CHANNEL_OF[method];
    await store.transaction(async (tx) => {
      const code = await codes.issue(tx, {
        purpose: codePurpose(flow, provenBy(method)),
        userId: user.id,
        channel,
      });
      if (channel === "email") {
        const email = renderResetCodeEmail({
          language,
          organisationName,
          displayName: user.displayName,
          userId: user.userPrincipalName,
          code,
        });
        await outbox.enqueueEmail(tx, { organisationId: user.organisationId, to, ...email });
      } else {
        await outbox.enqueuePhoneMessage(tx, {
          organisationId: user.organisationId,
          channel,
          to,
          text:
            channel === "sms"
              ? renderResetCodeText({ language, organisationName, code })
              : voiceCodeText(code, language),
          locale: language,
        });
      }
      await setPendingStep(tx, flow.idHash, { method, questions: null });
      await progress(tx, user, origin, {
        result: "success",
        details: { step: "codeSent", method },
      });
    });
  }

  /** The flow must be at `state` with the intent given, or the step is refused. */
  function expect(flow: ResetFlow, state: FlowState, intent?: FlowIntent) {
    if (flow.state !== state || (intent && flow.intent !== intent)) throw stepNotAllowed();
  }

  return {
    /**
     * Page 1: the CAPTCHA first (no lookup before it passes), then the User ID, then the
     * policy's checks. Returns the new flow's token; a refused flow still gets one, so the
     * refusal page can offer to contact the administrators.
     */
    async start(input: {
      userId: string;
      intent: FlowIntent;
      captcha: unknown;
      origin: RequestOrigin;
    }): Promise<{ token: string }> {
      return evenly(async (padIf) => {
        if (!(await options.verifyCaptcha(input.captcha))) throw captchaFailed();
        const typed = typeof input.userId === "string" ? input.userId.trim() : "";
        const parsed = parseUserId(typed);
        if (!parsed) throw invalidInput("userId", "Enter your User ID, like name@example.com.");
        const organisation = await findOrganisationByDomain(store, parsed.domain);
        if (!organisation) throw unknownUser();
        const found = await findUserByKey(store, organisation.id, parsed.key);
        const user = found && found.deletedAt === null ? found : undefined;
        const policy = await readResetPolicy(store, organisation.id);
        padIf(policy.strictPrivacy);
        if (!user && !policy.strictPrivacy) throw unknownUser();
        const intent: FlowIntent =
          input.intent === "unlock" && policy.allowUnlock ? "unlock" : "reset";
        // The same reads for a known and an unknown user, so timing tells them apart less.
        const subject = user?.id ?? "";
        const [roles, methods, failures, scoped] = await Promise.all([
          findRoleTemplateIds(store, subject),
          listSecurityMethods(store, subject),
          findResetFailures(store, subject),
          inScope(policy, subject),
        ]);
        const at = now();
        const decoySeed = user ? null : deps.fingerprint("decoy-user", typed.toLowerCase());
        const started = await countFlowsStarted(
          store,
          user ? { userId: user.id } : { decoySeed: decoySeed ?? "" },
          at - STARTS_WINDOW_MS,
        );
        if (started >= STARTS_PER_USER) {
          throw new SesameError(
            "tooManyAttempts",
            "Too many password resets were started. Wait a while.",
          );
        }
        const eligibility = user
          ? checkEligibility(
              policy,
              {
                accountEnabled: user.accountEnabled,
                passwordManaged: user.passwordManaged,
                isAdministrator: isAdministrator(toRoleKeys(roles)),
                inScope: scoped,
                registered: registeredKinds(methods),
                blockedUntil: isBlocked(failures, at) ? failures.blockedUntil : null,
              },
              intent,
              at,
            )
          : undefined;
        const refusal = eligibility && !eligibility.ok ? eligibility.refusal : null;
        // Strict privacy: everyone sees the same verification page with the policy's methods;
        // a refusal shows only once the person proved who they are.
        const strict = policy.strictPrivacy;
        const token = randomBytes(32).toString("base64url");
        await store.transaction(async (tx) => {
          await deleteExpiredResetFlows(tx, at - FORGET_FLOWS_AFTER_MS);
          await insertResetFlow(tx, {
            idHash: tokenHash(token),
            organisationId: organisation.id,
            userId: user?.id ?? null,
            intent,
            state: refusal && !strict ? "refused" : "verify",
            refusal,
            methods: strict ? policyMethods(policy) : eligibility?.ok ? eligibility.methods : [],
            required: eligibility?.ok ? eligibility.required : policy.methodsRequired,
            proven: [],
            pendingMethod: null,
            questions: null,
            failures: 0,
            decoySeed,
            createdAt: at,
            expiresAt: at + FLOW_LIFETIME_MS,
          });
          if (!user) return;
          await progress(tx, user, input.origin, {
            result: refusal ? "failure" : "success",
            ...(refusal ? { reason: refusal } : {}),
            details: {
              step: "started",
              intent,
              ...(refusal ? { referenceCode: REFUSALS[refusal] } : {}),
            },
          });
        });
        return { token };
      });
    },

    /** What the current page of the flow shows. */
    async view(token: unknown): Promise<FlowView> {
      return evenly(async (padIf) => {
        const { flow, user, organisation, policy } = await load(token);
        padIf(policy.strictPrivacy);
        const strict = policy.strictPrivacy && flow.state === "verify";
        const methods = user && !strict ? await listSecurityMethods(store, user.id) : [];
        const pending = flow.pendingMethod;
        const revealed = flow.state === "refused";
        return {
          state: flow.state,
          intent: flow.intent,
          userPrincipalName: strict ? "" : (user?.userPrincipalName ?? ""),
          organisationName: organisation.name,
          refusal:
            revealed && flow.refusal
              ? { reason: flow.refusal, referenceCode: REFUSALS[flow.refusal] }
              : null,
          helpdesk: policy.helpdesk,
          // Before any proof, strict privacy shows everyone the policy's count (an administrator's
          // second step shows only after the first proof).
          required: strict && flow.proven.length === 0 ? policy.methodsRequired : flow.required,
          proven: flow.proven.length,
          choices: remainingMethods(flow.methods, flow.proven).map((method) => ({
            method,
            destination: destinationOf(methods, method),
          })),
          pending: pending && {
            method: pending,
            destination: destinationOf(methods, pending),
            questions: flow.questions ?? [],
          },
          rules: rulesOf(organisation),
        };
      });
    },

    /** The user picks a method: a code goes out, or questions are drawn. */
    async choose(token: unknown, method: unknown, origin: RequestOrigin): Promise<void> {
      return evenly(async (padIf) => {
        const { flow, user, organisation, policy } = await load(token);
        padIf(policy.strictPrivacy);
        expect(flow, "verify");
        const choice = remainingMethods(flow.methods, flow.proven).find((m) => m === method);
        if (!choice) throw invalidInput("method", "Choose one of the methods shown.");
        if (isCodeMethod(choice)) {
          const contact =
            user && contactOf(await listSecurityMethods(store, user.id), provenBy(choice));
          // Strict privacy offers methods a person may not have: then nothing is sent, alike.
          if (user && contact?.value) {
            await sendCode(flow, user, organisation.name, choice, contact.value, origin);
            return;
          }
          if (!policy.strictPrivacy) throw stepNotAllowed();
        }
        const questions =
          choice === "securityQuestions" ? await drawQuestions(flow, user, policy) : null;
        await setPendingStep(store, flow.idHash, { method: choice, questions });
      });
    },

    /**
     * Proves the pending method. A wrong proof counts towards the block, and wrong answers
     * draw new questions; a right one moves the flow on (to a second method, or onwards).
     */
    async prove(token: unknown, input: ProofInput, origin: RequestOrigin): Promise<void> {
      return evenly(async (padIf) => {
        const { flow, user, policy } = await load(token);
        padIf(policy.strictPrivacy);
        expect(flow, "verify");
        const method = flow.pendingMethod;
        if (!method) throw stepNotAllowed();
        const redraw = async () => {
          if (method !== "securityQuestions") return;
          const questions = await drawQuestions(flow, user, policy);
          await setPendingStep(store, flow.idHash, { method, questions });
        };
        if (!user) {
          // A decoy proves nothing, and is blocked like a real user: after 5 failures in 24
          // hours of the same User ID, across its flows.
          const seed = flow.decoySeed ?? "";
          const decoyBlocked = async () =>
            (await sumDecoyFailures(store, seed, now() - FAILURE_WINDOW_MS)) >= FAILURES_TO_BLOCK;
          if (!(await decoyBlocked())) {
            await redraw();
            await countFlowFailure(store, flow.idHash);
            if (!(await decoyBlocked())) throw invalidCode();
          }
          await refuseResetFlow(store, flow.idHash, "blocked");
          throw new SesameError("selfServiceBlocked", "Too many attempts.");
        }
        if (isBlocked(await findResetFailures(store, user.id), now())) {
          await refuseResetFlow(store, flow.idHash, "blocked");
          throw new SesameError("selfServiceBlocked", "Too many attempts.");
        }
        // Strict privacy offers every method of the policy: one this user may not use proves nothing.
        const allowed = !policy.strictPrivacy || (await methodsOf(user, policy)).includes(method);
        if (!allowed || !(await proveWith(flow, user, method, input))) {
          await redraw();
          return fail(flow, user, method, origin);
        }
        const proven = [...flow.proven, provenBy(method)];
        const next: FlowState = proven.length >= flow.required ? "proven" : "verify";
        await store.transaction(async (tx) => {
          if (!(await recordProof(tx, flow, { proven, state: next }))) throw stepNotAllowed();
          await progress(tx, user, origin, {
            result: "success",
            details: { step: "verified", method, proven: proven.length, required: flow.required },
          });
          // Strict privacy kept the refusal back until the person proved who they are.
          if (flow.refusal) await refuseResetFlow(tx, flow.idHash, flow.refusal);
        });
      });
    },

    /**
     * Sets the new password of a proven flow: the account is unlocked, every session ends,
     * the counters clear, and the user (and, for an administrator, the other administrators)
     * hear of it. No sign-in follows: the user signs in with the new password.
     */
    async resetPassword(
      token: unknown,
      input: { newPassword: string; confirmPassword: string },
      origin: RequestOrigin,
    ): Promise<void> {
      const { flow, user, organisation, policy } = await loadWithUser(token);
      expect(flow, "proven", "reset");
      const newPassword = typeof input.newPassword === "string" ? input.newPassword : "";
      if (newPassword !== input.confirmPassword) {
        throw new SesameError("passwordMismatch", "The passwords don't match.", "confirmPassword");
      }
      assertPasswordAcceptable(newPassword, organisation, user, "newPassword");
      if (user.passwordHash && (await hasher.verify(user.passwordHash, newPassword))) {
        throw new SesameError(
          "samePassword",
          "Choose a password you haven't used here: the new one must differ from the current one.",
          "newPassword",
        );
      }
      const passwordHash = await hasher.hash(newPassword);
      const roles = toRoleKeys(await findRoleTemplateIds(store, user.id));
      await store.transaction(async (tx) => {
        const at = now();
        if (!(await moveResetFlow(tx, flow.idHash, "proven", "done"))) throw stepNotAllowed();
        await updatePassword(tx, user.id, { passwordHash, forceChangePassword: false, at });
        await lockout.clear(tx, user.id);
        await clearResetFailures(tx, user.id);
        await endResetFlowsOf(tx, user.id, at, flow.idHash);
        await markResetRequestsHandled(tx, user.id, user.id, at);
        const sessionsEnded = await sessions.endAllOf(tx, user.id);
        await audit(tx, at, {
          organisationId: user.organisationId,
          activity: "ssprReset",
          result: "success",
          actor: { id: user.id, name: user.userPrincipalName },
          target: { id: user.id, name: user.userPrincipalName },
          origin,
          details: { methods: flow.proven, sessionsEnded },
        });
        if (policy.notifyUsers) {
          await notifyUserOfReset(tx, outbox, { user, organisation, at, kind: "reset" });
        }
        if (policy.notifyAdmins && isAdministrator(roles)) {
          await notifyAdministratorsOfOwnReset(tx, outbox, { user, organisation, at });
        }
      });
    },

    /** Unlocks the account of a proven unlock flow; the password stays as it is. */
    async unlock(token: unknown, origin: RequestOrigin): Promise<void> {
      const { flow, user, organisation, policy } = await loadWithUser(token);
      expect(flow, "proven", "unlock");
      await store.transaction(async (tx) => {
        const at = now();
        if (!(await moveResetFlow(tx, flow.idHash, "proven", "done"))) throw stepNotAllowed();
        await lockout.clear(tx, user.id);
        await clearResetFailures(tx, user.id);
        await audit(tx, at, {
          organisationId: user.organisationId,
          activity: "ssprUnlock",
          result: "success",
          actor: { id: user.id, name: user.userPrincipalName },
          target: { id: user.id, name: user.userPrincipalName },
          origin,
          details: { methods: flow.proven },
        });
        if (policy.notifyUsers) {
          await notifyUserOfReset(tx, outbox, { user, organisation, at, kind: "unlock" });
        }
      });
    },

    /**
     * "Contact an administrator": files a password reset request and emails the helpdesk
     * address or the administrators who may reset the user; a helpdesk URL is returned to
     * show instead.
     */
    async contactAdministrators(
      token: unknown,
      origin: RequestOrigin,
    ): Promise<{ helpdeskUrl: string | null }> {
      const { flow, user, organisation, policy } = await load(token);
      const { helpdesk } = policy;
      // A decoy's page looks the same, but there is nobody to ask about.
      if (user) {
        await resetRequests.file(organisation, user, origin, {
          helpdesk,
          referenceCode: flow.refusal ? REFUSALS[flow.refusal] : undefined,
        });
      }
      return { helpdeskUrl: helpdesk && "url" in helpdesk ? helpdesk.url : null };
    },
  };
}

export type SelfServiceReset = ReturnType<typeof createSelfServiceReset>;
