import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isSesameError } from "../../services/errors.js";
import { SetupPage, type SetupValues } from "../../views/pages/setup.js";
import type { HttpContext } from "../context.js";
import { errorPage, statusOf } from "../errors.js";
import { formErrors, requiredFields } from "../form-errors.js";
import { textOf, type Form } from "../forms.js";

/** The one-time setup link printed at first start (SPEC [S1]: organisation + first Global Administrator). */
export function registerSetupRoutes(app: FastifyInstance, http: HttpContext) {
  const { services } = http;

  const invalid = (request: FastifyRequest, reply: FastifyReply) =>
    errorPage(http, request, reply, "invalidSetupToken", "setup.title", {
      href: "/signin",
      key: "recover.backToSignIn",
    });

  app.get<{ Querystring: { token?: string } }>("/setup", async (request, reply) => {
    const token = request.query.token;
    if (!(await services.setup.isValid(token)) || !token) return invalid(request, reply);
    return http.sendPage(
      reply,
      SetupPage({ page: http.pageContext(request, reply), token, values: {}, errors: [] }),
    );
  });

  app.post<{ Body: Form }>("/setup", async (request, reply) => {
    const body = request.body ?? {};
    const token = textOf(body, "token");
    const values: SetupValues = {
      organisationName: textOf(body, "organisationName"),
      domain: textOf(body, "domain"),
      adminUserId: textOf(body, "adminUserId"),
      adminDisplayName: textOf(body, "adminDisplayName"),
    };
    const render = (errors: ReturnType<typeof formErrors>, status = 400) =>
      http.sendPage(
        reply,
        SetupPage({ page: http.pageContext(request, reply), token, values, errors }),
        status,
      );

    const missing = requiredFields(request.t, body, {
      organisationName: "required.organisationName",
      domain: "required.domain",
      adminUserId: "required.adminUserId",
      adminDisplayName: "required.adminDisplayName",
      password: "required.newPassword",
      confirmPassword: "required.confirmPassword",
    });
    if (missing.length > 0) return render(missing);
    try {
      const created = await services.setup.complete(token, {
        organisationName: values.organisationName ?? "",
        domain: values.domain ?? "",
        adminUserId: values.adminUserId ?? "",
        adminDisplayName: values.adminDisplayName,
        password: textOf(body, "password"),
        confirmPassword: textOf(body, "confirmPassword"),
        origin: http.origin(request),
      });
      const t = request.t;
      return http.messagePage(
        request,
        reply,
        {
          title: t("setup.title"),
          message: t("setup.done", { userId: created.user.userPrincipalName }),
          link: { href: "/signin", text: t("signIn.submit") },
        },
        201,
      );
    } catch (error) {
      if (isSesameError(error, "invalidSetupToken")) return invalid(request, reply);
      if (isSesameError(error)) return render(formErrors(request.t, error), statusOf(error));
      throw error;
    }
  });
}
