import { type ContactKind, CONTACT_KINDS } from "../../../domain/methods.js";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { valueFieldOf } from "../../../domain/methods.js";
import { isSesameError } from "../../../services/errors.js";
import type { User } from "../../../store/users.js";
import type { FieldError } from "../../../views/components.js";
import { AuthenticationMethodFormPage } from "../../../views/pages/admin/authentication-methods.js";
import type { HttpContext } from "../../context.js";
import { textOf, type Form } from "../../forms.js";
import { adminCenterKit, formRefusal } from "./center-kit.js";

type Params = { id: string; kind: string };
type Mode = "add" | "edit";

const DONE = { add: "method-added", edit: "method-changed", delete: "method-deleted" } as const;

/**
 * A user's page > Authentication methods: add, change and delete a phone or the alternate
 * email (SPEC [S3], [S8]). The service decides who may; these forms only carry the input.
 */
export function registerAdminAuthenticationMethodRoutes(app: FastifyInstance, http: HttpContext) {
  const { authenticationMethods } = http.services.admin;
  const kit = adminCenterKit(http);
  const { adminOnly, principalOf } = kit;
  const userUrl = (id: string) => `/admin/users/${encodeURIComponent(id)}`;
  const kindOf = (kind: string): ContactKind | undefined =>
    CONTACT_KINDS.find((known) => known === kind);
  const methodGone = (request: FastifyRequest, reply: FastifyReply) =>
    kit.messagePage(request, reply, 404, "authMethods.gone");

  const renderForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    form: { user: User; kind: ContactKind; mode: Mode; value: string; errors: FieldError[] },
    status = 200,
  ) =>
    http.sendPage(
      reply,
      AuthenticationMethodFormPage({ page: http.pageContext(request, reply), ...form }),
      status,
    );

  for (const mode of ["add", "edit"] as const) {
    const path = `/admin/users/:id/authentication-methods/:kind/${mode}`;

    app.get<{ Params: Params }>(path, { preHandler: adminOnly }, async (request, reply) => {
      const kind = kindOf(request.params.kind);
      if (!kind) return kit.messagePage(request, reply, 404, "error.notFound");
      const { user, methods } = await authenticationMethods.list(
        principalOf(request),
        request.params.id,
      );
      const current = methods.find((method) => method.kind === kind);
      if (mode === "edit" && !current) return methodGone(request, reply);
      const value = mode === "edit" ? (current?.value ?? "") : "";
      return renderForm(request, reply, { user, kind, mode, value, errors: [] });
    });

    app.post<{ Params: Params; Body: Form }>(
      path,
      { preHandler: adminOnly },
      async (request, reply) => {
        const kind = kindOf(request.params.kind);
        if (!kind) return kit.messagePage(request, reply, 404, "error.notFound");
        const principal = principalOf(request);
        const value = textOf(request.body ?? {}, valueFieldOf(kind));
        const { user } = await authenticationMethods.list(principal, request.params.id);
        const input = { kind, value, origin: http.origin(request) };
        try {
          if (mode === "add") await authenticationMethods.add(principal, user.id, input);
          else await authenticationMethods.update(principal, user.id, input);
        } catch (error) {
          if (isSesameError(error, "notFound")) return methodGone(request, reply);
          const { errors, status } = formRefusal(request.t, error, {
            conflict: "authMethods.exists",
          });
          return renderForm(request, reply, { user, kind, mode, value, errors }, status);
        }
        return reply.redirect(`${userUrl(user.id)}?done=${DONE[mode]}`, 303);
      },
    );
  }

  app.post<{ Params: Params }>(
    "/admin/users/:id/authentication-methods/:kind/delete",
    { preHandler: adminOnly },
    async (request, reply) => {
      const kind = kindOf(request.params.kind);
      if (!kind) return kit.messagePage(request, reply, 404, "error.notFound");
      const principal = principalOf(request);
      const { user } = await authenticationMethods.list(principal, request.params.id);
      try {
        await authenticationMethods.remove(principal, user.id, {
          kind,
          origin: http.origin(request),
        });
      } catch (error) {
        if (isSesameError(error, "notFound")) return methodGone(request, reply);
        throw error;
      }
      return reply.redirect(`${userUrl(user.id)}?done=${DONE.delete}`, 303);
    },
  );
}
