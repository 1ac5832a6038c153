import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isSesameError, type SesameError } from "../../services/errors.js";
import type { FieldError } from "../../views/components.js";
import type { MessageKey } from "../../views/messages/en.js";
import { RecoverFlowPage } from "../../views/pages/recover-flow.js";
import { RecoverPage } from "../../views/pages/recover.js";
import { questionText } from "../../views/question-text.js";
import type { HttpContext } from "../context.js";
import { errorPage, statusOf } from "../errors.js";
import { formErrors, requiredFields } from "../form-errors.js";
import { textOf, type Form } from "../forms.js";

const FLOW = "/recover/flow";
/** Unauthenticated, so limited per IP; the service also limits starts per User ID. */
// Generous enough for an office behind one address; the CAPTCHA slows each start too.
const START_LIMIT = { max: 50, timeWindow: "15 minutes" };
const STEP_LIMIT = { max: 60, timeWindow: "15 minutes" };

/** The errors of a flow step, on the field the person must fix. */
const STEP_ERRORS: Partial<Record<SesameError["code"], { field?: string; key: MessageKey }>> = {
  invalidCode: { field: "code", key: "recover.error.invalidCode" },
  tooManyCodes: { key: "recover.error.tooManyCodes" },
  stepNotAllowed: { key: "recover.error.stepNotAllowed" },
};

/**
 * Self-service password reset and unlock (SPEC [S6]): page 1 starts a flow, whose token
 * lives only in an HttpOnly cookie; every later page shows the flow's current step, and
 * every step posts, then redirects back (so reloading never repeats a step).
 */
export function registerRecoverRoutes(app: FastifyInstance, http: HttpContext) {
  const { services } = http;
  const flows = services.selfServiceReset;

  const flowToken = (request: FastifyRequest) => request.cookies[http.cookies.reset];

  const recoverPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    input: { userId?: string; intent?: string; errors?: FieldError[]; askErrors?: FieldError[] },
  ) =>
    http.sendPage(
      reply,
      RecoverPage({
        page: http.pageContext(request, reply),
        userId: input.userId,
        intent: input.intent,
        errors: input.errors ?? [],
        askErrors: input.askErrors ?? [],
      }),
      status,
    );

  const expiredPage = (request: FastifyRequest, reply: FastifyReply) =>
    errorPage(http, request, reply, "flowExpired", "recover.expiredTitle", {
      href: "/recover",
      key: "recover.startAgain",
    });

  /** Shows the flow where it stands, with the errors of the step that just failed. */
  async function flowPage(
    request: FastifyRequest,
    reply: FastifyReply,
    status = 200,
    errors: FieldError[] = [],
  ) {
    let flow;
    try {
      flow = await flows.view(flowToken(request));
    } catch (error) {
      if (isSesameError(error, "flowExpired")) return expiredPage(request, reply);
      throw error;
    }
    return http.sendPage(
      reply,
      RecoverFlowPage({
        page: http.pageContext(request, reply),
        flow,
        errors,
        questionText: (question) => questionText(request.t, question),
      }),
      status,
    );
  }

  /** Runs a step; any outcome but an unexpected failure lands back on the flow's page. */
  async function step(
    request: FastifyRequest,
    reply: FastifyReply,
    work: () => Promise<unknown>,
    options: { wrongProof?: MessageKey } = {},
  ) {
    try {
      await work();
      return reply.redirect(FLOW, 303);
    } catch (error) {
      if (!isSesameError(error)) throw error;
      const t = request.t;
      const status = statusOf(error);
      if (error.code === "flowExpired") return expiredPage(request, reply);
      if (error.code === "selfServiceBlocked") return flowPage(request, reply, status);
      if (error.code === "invalidCode" && options.wrongProof) {
        return flowPage(request, reply, status, [{ message: t(options.wrongProof) }]);
      }
      const known = STEP_ERRORS[error.code];
      if (known) {
        return flowPage(request, reply, status, [
          { ...(known.field ? { field: known.field } : {}), message: t(known.key) },
        ]);
      }
      if (error.code === "invalidInput" && error.field === "method") {
        return flowPage(request, reply, status, [
          { field: "method", message: t("recover.error.method") },
        ]);
      }
      return flowPage(request, reply, status, formErrors(t, error));
    }
  }

  app.get<{ Querystring: { intent?: string } }>("/recover", async (request, reply) =>
    recoverPage(request, reply, 200, { intent: request.query.intent }),
  );

  app.post<{ Body: Form }>(
    "/recover",
    { config: { rateLimit: START_LIMIT } },
    async (request, reply) => {
      const t = request.t;
      const body = request.body ?? {};
      const userId = textOf(body, "userId").trim();
      const intent = body.intent === "unlock" ? "unlock" : "reset";
      const missing = requiredFields(t, body, { userId: "required.userId" });
      if (missing.length > 0) return recoverPage(request, reply, 400, { intent, errors: missing });
      try {
        const { token } = await flows.start({
          userId,
          intent,
          captcha: body.altcha,
          origin: http.origin(request),
        });
        reply.setCookie(http.cookies.reset, token, {
          path: "/",
          httpOnly: true,
          sameSite: "lax",
          secure: http.secureCookies,
        });
        return reply.redirect(FLOW, 303);
      } catch (error) {
        if (!isSesameError(error)) throw error;
        const errors: FieldError[] =
          error.code === "tooManyAttempts"
            ? [{ message: t("recover.error.tooManyStarts") }]
            : error.code === "captchaFailed"
              ? [{ field: "altcha", message: t("recover.error.captcha") }]
              : error.code === "unknownUser"
                ? [{ field: "userId", message: t("recover.error.unknownUser") }]
                : formErrors(t, error);
        return recoverPage(request, reply, statusOf(error), { userId, intent, errors });
      }
    },
  );

  app.get(FLOW, async (request, reply) => flowPage(request, reply));

  const stepOptions = { config: { rateLimit: STEP_LIMIT } };

  app.post<{ Body: Form }>(`${FLOW}/method`, stepOptions, async (request, reply) =>
    step(request, reply, () =>
      flows.choose(flowToken(request), request.body?.method, http.origin(request)),
    ),
  );

  app.post<{ Body: Form }>(`${FLOW}/verify`, stepOptions, async (request, reply) => {
    const body = request.body ?? {};
    const answerFields = Object.keys(body).filter((name) => /^answer\d+$/.test(name));
    if (answerFields.length > 0) {
      const answers = answerFields
        .sort((a, b) => Number(a.slice(6)) - Number(b.slice(6)))
        .map((name) => textOf(body, name));
      const empty = answerFields.filter((name) => textOf(body, name).trim() === "");
      if (empty.length > 0) {
        const message = request.t("recover.error.answerRequired");
        return flowPage(
          request,
          reply,
          400,
          empty.map((field) => ({ field, message })),
        );
      }
      return step(
        request,
        reply,
        () => flows.prove(flowToken(request), { answers }, http.origin(request)),
        { wrongProof: "recover.error.wrongAnswers" },
      );
    }
    return step(request, reply, () =>
      flows.prove(flowToken(request), { code: textOf(body, "code") }, http.origin(request)),
    );
  });

  app.post<{ Body: Form }>(`${FLOW}/password`, stepOptions, async (request, reply) => {
    const body = request.body ?? {};
    const missing = requiredFields(request.t, body, {
      newPassword: "required.newPassword",
      confirmPassword: "required.confirmPassword",
    });
    if (missing.length > 0) return flowPage(request, reply, 400, missing);
    return step(request, reply, () =>
      flows.resetPassword(
        flowToken(request),
        {
          newPassword: textOf(body, "newPassword"),
          confirmPassword: textOf(body, "confirmPassword"),
        },
        http.origin(request),
      ),
    );
  });

  app.post(`${FLOW}/unlock`, stepOptions, async (request, reply) =>
    step(request, reply, () => flows.unlock(flowToken(request), http.origin(request))),
  );

  app.post(`${FLOW}/contact`, stepOptions, async (request, reply) => {
    const t = request.t;
    let helpdeskUrl: string | null;
    try {
      ({ helpdeskUrl } = await flows.contactAdministrators(
        flowToken(request),
        http.origin(request),
      ));
    } catch (error) {
      if (isSesameError(error, "flowExpired")) return expiredPage(request, reply);
      throw error;
    }
    // The request is filed either way; an organisation with its own helpdesk site sends
    // people there, as a link on this page rather than a redirect they didn't ask for.
    return http.messagePage(request, reply, {
      title: t("recover.contactedTitle"),
      message: t(helpdeskUrl ? "recover.contactedHelpdesk" : "recover.contacted"),
      link: helpdeskUrl
        ? { href: helpdeskUrl, text: t("recover.contactHelpdesk") }
        : { href: "/signin", text: t("recover.backToSignIn") },
    });
  });

  // SPEC [S4]: asking never tells whether the User ID exists, and is rate limited per IP.
  app.post<{ Body: Form }>(
    "/recover/ask",
    { config: { rateLimit: { max: 10, timeWindow: "15 minutes" } } },
    async (request, reply) => {
      const t = request.t;
      const body = request.body ?? {};
      const userId = textOf(body, "askUserId").trim();
      const missing = requiredFields(t, body, { askUserId: "required.userId" });
      if (missing.length > 0) return recoverPage(request, reply, 400, { askErrors: missing });
      await services.resetRequests.ask({ userId, origin: http.origin(request) });
      return http.messagePage(request, reply, {
        title: t("recover.askedTitle"),
        message: t("recover.asked", { userId }),
        link: { href: "/signin", text: t("recover.backToSignIn") },
      });
    },
  );
}
