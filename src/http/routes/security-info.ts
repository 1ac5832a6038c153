import { isContactKind } from "../../domain/methods.js";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { checkSecurityAnswers, type AnswerProblem } from "../../domain/security-questions.js";
import { isSesameError, type SesameError } from "../../services/errors.js";
import { REAUTHENTICATION_WINDOW_MS } from "../../services/security-info/session.js";
import type { ActiveSession } from "../../services/sessions.js";
import type { FieldError } from "../../views/components.js";
import type { MessageKey, Translate } from "../../views/i18n.js";
import {
  AddSecurityMethodPage,
  AuthenticatorSetupPage,
  SecurityInfoPage,
  SecurityQuestionsPage,
  VerifySecurityMethodPage,
} from "../../views/pages/security-info.js";
import { qrCodeDataUri } from "../../views/qr-code.js";
import type { HttpContext } from "../context.js";
import { statusOf } from "../errors.js";
import { textOf, type Form } from "../forms.js";
import { signedIn } from "../guards.js";

const BASE = "/myaccount/security-info";

const PROBLEM_MESSAGE = {
  questionMissing: "securityInfo.error.questionMissing",
  questionUnknown: "securityInfo.error.questionUnknown",
  questionRepeated: "securityInfo.error.questionRepeated",
  answerLength: "securityInfo.error.answerLength",
  answerRepeated: "securityInfo.error.answerRepeated",
} as const satisfies Record<AnswerProblem, string>;

const NOTICES = {
  added: "securityInfo.added",
  deleted: "securityInfo.deleted",
  questions: "securityInfo.questionsSaved",
} as const;

/** The errors of the security info forms, in the reader's language, next to their fields. */
function errorsOf(t: Translate, error: SesameError, field: string): FieldError[] {
  switch (error.code) {
    case "invalidCode":
      return [{ field: "code", message: t("securityInfo.error.invalidCode") }];
    case "tooManyCodes":
      return [{ field, message: t("securityInfo.error.tooManyCodes") }];
    case "reauthenticationRequired":
      return [{ message: t("securityInfo.reauthenticate") }];
    case "conflict":
      return [{ field, message: t("securityInfo.error.duplicate") }];
    default:
      return [
        {
          field,
          message: t(field === "email" ? "securityInfo.error.email" : "securityInfo.error.phone"),
        },
      ];
  }
}

/** My account > Security info (SPEC [S8]): list, add by code, remove, security questions. */
export function registerSecurityInfoRoutes(app: FastifyInstance, http: HttpContext) {
  const { services } = http;
  const securityInfo = services.securityInfo;
  const now = services.deps.now;

  const recent = (auth: ActiveSession) => now() - auth.createdAt <= REAUTHENTICATION_WINDOW_MS;

  const renderList = async (
    request: FastifyRequest,
    reply: FastifyReply,
    auth: ActiveSession,
    errors: FieldError[] = [],
    status = 200,
    notice?: string,
  ) =>
    http.sendPage(
      reply,
      SecurityInfoPage({
        page: http.pageContext(request, reply),
        info: await securityInfo.list(auth.user.id),
        recentSignIn: recent(auth),
        notice,
        errors,
      }),
      status,
    );

  /** The list again, asking for a fresh sign-in: changes need a recent one (SPEC [S8]). */
  const signInAgain = (
    request: FastifyRequest,
    reply: FastifyReply,
    auth: ActiveSession,
    error: SesameError,
  ) => renderList(request, reply, auth, errorsOf(request.t, error, ""), statusOf(error));

  app.get<{ Querystring: { notice?: string } }>(BASE, signedIn, async (request, reply) => {
    const auth = request.auth;
    if (!auth) return reply;
    const key = NOTICES[request.query.notice as keyof typeof NOTICES] as
      (typeof NOTICES)[keyof typeof NOTICES] | undefined;
    return renderList(request, reply, auth, [], 200, key && request.t(key));
  });

  app.get<{ Params: { kind: string } }>(`${BASE}/add/:kind`, signedIn, async (request, reply) => {
    const auth = request.auth;
    const { kind } = request.params;
    if (!auth || !isContactKind(kind)) return reply.callNotFound();
    if (!recent(auth)) return renderList(request, reply, auth);
    return http.sendPage(
      reply,
      AddSecurityMethodPage({ page: http.pageContext(request, reply), kind, errors: [] }),
    );
  });

  app.post<{ Params: { kind: string }; Body: Form }>(
    `${BASE}/add/:kind`,
    signedIn,
    async (request, reply) => {
      const auth = request.auth;
      const { kind } = request.params;
      if (!auth || !isContactKind(kind)) return reply.callNotFound();
      const field = kind === "email" ? "email" : "phone";
      const value = textOf(request.body ?? {}, field);
      try {
        const { methodId } = await securityInfo.startRegistration({
          session: auth,
          kind,
          value,
          origin: http.origin(request),
        });
        return reply.redirect(`${BASE}/verify/${methodId}`, 303);
      } catch (error) {
        if (!isSesameError(error)) throw error;
        if (error.code === "reauthenticationRequired") {
          return signInAgain(request, reply, auth, error);
        }
        return http.sendPage(
          reply,
          AddSecurityMethodPage({
            page: http.pageContext(request, reply),
            kind,
            value,
            errors: errorsOf(request.t, error, field),
          }),
          statusOf(error),
        );
      }
    },
  );

  const renderVerify = async (
    request: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    auth: ActiveSession,
    errors: FieldError[],
    status = 200,
  ) => {
    const method = await securityInfo.method(auth.user.id, request.params.id);
    if (!method || method.verified || method.kind === "securityQuestions") {
      return reply.redirect(BASE, 303);
    }
    return http.sendPage(
      reply,
      VerifySecurityMethodPage({
        page: http.pageContext(request, reply),
        methodId: method.id,
        source:
          method.kind === "authenticatorApp"
            ? { appLabel: auth.user.userPrincipalName }
            : { sentTo: method.display },
        errors,
      }),
      status,
    );
  };

  app.get<{ Params: { id: string } }>(`${BASE}/verify/:id`, signedIn, async (request, reply) => {
    const auth = request.auth;
    if (!auth) return reply;
    if (!recent(auth)) return renderList(request, reply, auth);
    return renderVerify(request, reply, auth, []);
  });

  app.post<{ Params: { id: string }; Body: Form }>(
    `${BASE}/verify/:id`,
    signedIn,
    async (request, reply) => {
      const auth = request.auth;
      if (!auth) return reply;
      const code = textOf(request.body ?? {}, "code");
      // An app's codes have 6 digits and can't be sent again: they get messages of their own.
      const app =
        (await securityInfo.method(auth.user.id, request.params.id))?.kind === "authenticatorApp";
      const codeError = (key: MessageKey) => [{ field: "code", message: request.t(key) }];
      if (code.trim() === "") {
        const errors = codeError(app ? "securityInfo.error.appCode" : "securityInfo.error.code");
        return renderVerify(request, reply, auth, errors, 400);
      }
      try {
        await securityInfo.verify({
          session: auth,
          methodId: request.params.id,
          code,
          origin: http.origin(request),
        });
      } catch (error) {
        if (!isSesameError(error)) throw error;
        if (error.code === "reauthenticationRequired") {
          return signInAgain(request, reply, auth, error);
        }
        const errors =
          app && error.code === "invalidCode"
            ? codeError("securityInfo.error.invalidAppCode")
            : errorsOf(request.t, error, "code");
        return renderVerify(request, reply, auth, errors, statusOf(error));
      }
      return reply.redirect(`${BASE}?notice=added`, 303);
    },
  );

  app.post(`${BASE}/authenticator`, signedIn, async (request, reply) => {
    const auth = request.auth;
    if (!auth) return reply;
    try {
      const { methodId } = await securityInfo.startAuthenticatorSetup(auth);
      return reply.redirect(`${BASE}/authenticator/${methodId}`, 303);
    } catch (error) {
      if (!isSesameError(error, "reauthenticationRequired")) throw error;
      return signInAgain(request, reply, auth, error);
    }
  });

  app.get<{ Params: { id: string } }>(
    `${BASE}/authenticator/:id`,
    signedIn,
    async (request, reply) => {
      const auth = request.auth;
      if (!auth) return reply;
      if (!recent(auth)) return renderList(request, reply, auth);
      const setup = await securityInfo.authenticatorSetup(auth, request.params.id);
      // Confirmed (or gone): the secret is never shown again.
      if (!setup) return reply.redirect(BASE, 303);
      return http.sendPage(
        reply,
        AuthenticatorSetupPage({
          page: http.pageContext(request, reply),
          setup,
          qrCode: await qrCodeDataUri(setup.uri),
        }),
      );
    },
  );

  app.post<{ Params: { id: string } }>(`${BASE}/delete/:id`, signedIn, async (request, reply) => {
    const auth = request.auth;
    if (!auth) return reply;
    try {
      await securityInfo.remove({
        session: auth,
        methodId: request.params.id,
        origin: http.origin(request),
      });
    } catch (error) {
      if (isSesameError(error, "reauthenticationRequired")) {
        return signInAgain(request, reply, auth, error);
      }
      if (isSesameError(error, "notFound")) return reply.redirect(BASE, 303);
      throw error;
    }
    return reply.redirect(`${BASE}?notice=deleted`, 303);
  });

  const renderQuestions = async (
    request: FastifyRequest,
    reply: FastifyReply,
    auth: ActiveSession,
    chosen: string[],
    errors: FieldError[],
    status = 200,
  ) => {
    const { count, questions } = await securityInfo.questionRules(auth.user.organisationId);
    return http.sendPage(
      reply,
      SecurityQuestionsPage({
        page: http.pageContext(request, reply),
        questions,
        count,
        chosen,
        errors,
      }),
      status,
    );
  };

  app.get(`${BASE}/questions`, signedIn, async (request, reply) => {
    const auth = request.auth;
    if (!auth) return reply;
    if (!recent(auth)) return renderList(request, reply, auth);
    return renderQuestions(
      request,
      reply,
      auth,
      (await securityInfo.list(auth.user.id)).questions,
      [],
    );
  });

  app.post<{ Body: Form }>(`${BASE}/questions`, signedIn, async (request, reply) => {
    const auth = request.auth;
    if (!auth) return reply;
    const body = request.body ?? {};
    const { count, customQuestions } = await securityInfo.questionRules(auth.user.organisationId);
    const answers = Array.from({ length: count }, (_, index) => ({
      question: textOf(body, `question${index + 1}`),
      answer: textOf(body, `answer${index + 1}`),
    }));
    const chosen = answers.map((entry) => entry.question);
    const problems = checkSecurityAnswers(answers, count, customQuestions);
    if (problems.length > 0) {
      const errors = problems.map((p) => ({
        field: p.field,
        message: request.t(PROBLEM_MESSAGE[p.problem]),
      }));
      return renderQuestions(request, reply, auth, chosen, errors, 400);
    }
    try {
      await securityInfo.setSecurityQuestions({
        session: auth,
        answers,
        origin: http.origin(request),
      });
    } catch (error) {
      if (isSesameError(error, "reauthenticationRequired")) {
        return signInAgain(request, reply, auth, error);
      }
      throw error;
    }
    return reply.redirect(`${BASE}?notice=questions`, 303);
  });
}
