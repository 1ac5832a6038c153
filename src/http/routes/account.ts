import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isSesameError } from "../../services/errors.js";
import { rulesOf } from "../../services/password-rules.js";
import { findOrganisation } from "../../store/organisations.js";
import type { FieldError } from "../../views/components.js";
import { ChangePasswordPage } from "../../views/pages/change-password.js";
import { MyAccountPage } from "../../views/pages/my-account.js";
import type { HttpContext } from "../context.js";
import { statusOf } from "../errors.js";
import { formErrors, requiredFields } from "../form-errors.js";
import { textOf, type Form } from "../forms.js";
import { requireSignIn, signedIn } from "../guards.js";
import { afterSignIn } from "./registration.js";

/** My account (SPEC [S7]) and the forced change of a temporary password (SPEC [S2]). */
export function registerAccountRoutes(app: FastifyInstance, http: HttpContext) {
  const { services, store } = http;

  const renderChange = async (
    request: FastifyRequest,
    reply: FastifyReply,
    forced: boolean,
    errors: FieldError[],
    status = 200,
  ) => {
    const auth = request.auth;
    const organisation = auth && (await findOrganisation(store, auth.user.organisationId));
    if (!organisation) return reply.redirect("/signin", 303);
    return http.sendPage(
      reply,
      ChangePasswordPage({
        page: http.pageContext(request, reply),
        forced,
        rules: rulesOf(organisation),
        errors,
      }),
      status,
    );
  };

  const submitChange =
    (forced: boolean) => async (request: FastifyRequest<{ Body: Form }>, reply: FastifyReply) => {
      const auth = request.auth;
      if (!auth) return reply.redirect("/signin", 303);
      const body = request.body ?? {};
      const missing = requiredFields(request.t, body, {
        ...(forced ? {} : { currentPassword: "required.currentPassword" as const }),
        newPassword: "required.newPassword",
        confirmPassword: "required.confirmPassword",
      });
      if (missing.length > 0) return renderChange(request, reply, forced, missing, 400);
      try {
        await services.changePassword({
          userId: auth.user.id,
          sessionIdHash: auth.idHash,
          currentPassword: forced ? undefined : textOf(body, "currentPassword"),
          newPassword: textOf(body, "newPassword"),
          confirmPassword: textOf(body, "confirmPassword"),
          origin: http.origin(request),
        });
      } catch (error) {
        if (isSesameError(error) && error.code !== "notFound") {
          return renderChange(
            request,
            reply,
            forced,
            formErrors(request.t, error),
            statusOf(error),
          );
        }
        throw error;
      }
      const changed = "/myaccount?notice=password-changed";
      // The forced change ends the sign-in: registration (SPEC [S8]) may follow it.
      return reply.redirect(forced ? await afterSignIn(http, auth, changed) : changed, 303);
    };

  app.get<{ Querystring: { notice?: string } }>("/myaccount", signedIn, async (request, reply) => {
    const auth = request.auth;
    if (!auth) return reply;
    return http.sendPage(
      reply,
      MyAccountPage({
        page: http.pageContext(request, reply),
        user: auth.user,
        organisationName: auth.organisationName,
        notice:
          request.query.notice === "password-changed"
            ? request.t("myAccount.passwordChanged")
            : undefined,
      }),
    );
  });

  app.get("/myaccount/password", signedIn, (request, reply) =>
    renderChange(request, reply, false, []),
  );
  app.post<{ Body: Form }>("/myaccount/password", signedIn, submitChange(false));

  const pending = { preHandler: requireSignIn, config: { allowPendingPasswordChange: true } };
  app.get("/password/update", pending, (request, reply) => {
    if (!request.auth?.user.forceChangePassword) return reply.redirect("/myaccount", 303);
    return renderChange(request, reply, true, []);
  });
  app.post<{ Body: Form }>("/password/update", pending, (request, reply) => {
    if (!request.auth?.user.forceChangePassword) return reply.redirect("/myaccount", 303);
    return submitChange(true)(request, reply);
  });
}
