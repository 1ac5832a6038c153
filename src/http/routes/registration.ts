import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isSesameError } from "../../services/errors.js";
import type { ActiveSession } from "../../services/sessions.js";
import type { FieldError } from "../../views/components.js";
import { REGISTRATION_PATH, RegistrationPage } from "../../views/pages/registration.js";
import type { HttpContext } from "../context.js";
import { statusOf } from "../errors.js";
import { signedIn } from "../guards.js";

/** Where a user goes once signed in: the registration interrupt when the policy asks for it. */
export async function afterSignIn(
  http: HttpContext,
  auth: Pick<ActiveSession, "user">,
  home = "/myaccount",
): Promise<string> {
  const status = await http.services.registration.status(auth.user);
  return status.due ? REGISTRATION_PATH : home;
}

/** Registration at sign-in (SPEC [S8]): the interrupt page, skip and "Looks good". */
export function registerRegistrationRoutes(app: FastifyInstance, http: HttpContext) {
  const { registration } = http.services;

  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    auth: ActiveSession,
    errors: FieldError[] = [],
    statusCode = 200,
  ) => {
    const status = await registration.status(auth.user);
    if (!status.due) return reply.redirect("/myaccount", 303);
    return http.sendPage(
      reply,
      RegistrationPage({ page: http.pageContext(request, reply), status, errors }),
      statusCode,
    );
  };

  app.get(REGISTRATION_PATH, signedIn, async (request, reply) => {
    const auth = request.auth;
    if (!auth) return reply;
    return render(request, reply, auth);
  });

  app.post(`${REGISTRATION_PATH}/skip`, signedIn, async (request, reply) => {
    const auth = request.auth;
    if (!auth) return reply;
    await registration.skip(auth.user, http.origin(request));
    return reply.redirect("/myaccount", 303);
  });

  app.post(`${REGISTRATION_PATH}/confirm`, signedIn, async (request, reply) => {
    const auth = request.auth;
    if (!auth) return reply;
    try {
      await registration.confirm(auth.user, http.origin(request));
    } catch (error) {
      if (!isSesameError(error, "conflict")) throw error;
      const errors = [{ message: request.t("registration.tooFew") }];
      return render(request, reply, auth, errors, statusOf(error));
    }
    return reply.redirect("/myaccount", 303);
  });
}
