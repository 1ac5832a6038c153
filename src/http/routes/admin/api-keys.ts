import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { roleKeyOf } from "../../../domain/permissions.js";
import type { RoleKey } from "../../../domain/roles.js";
import { assignableApiKeyRoles } from "../../../services/admin/api-keys.js";
import type { FieldError } from "../../../views/components.js";
import {
  ApiKeysPage,
  NewApiKeyPage,
  type ApiKeyValues,
} from "../../../views/pages/admin/api-keys.js";
import type { HttpContext } from "../../context.js";
import { requiredFields } from "../../form-errors.js";
import { textOf, textsOf, type Form } from "../../forms.js";
import { adminCenterKit, formRefusal } from "./center-kit.js";
import { showResult } from "./results.js";

const BACK = { href: "/admin/api-keys", key: "admin.apiKeys.title" } as const;

/** API keys for programs ([B1]); needs manageApiKeys. */
export function registerAdminApiKeyRoutes(app: FastifyInstance, http: HttpContext) {
  const { apiKeys } = http.services.admin;
  const kit = adminCenterKit(http);
  const { principalOf } = kit;
  // Here a service's notFound is about a key, and its conflict a key already revoked (a
  // name taken is the form's to show).
  const inSection = kit.section({
    back: BACK,
    wording: { notFound: "error.apiKeyNotFound", conflict: "error.apiKeyRevoked" },
  });

  app.get<{ Querystring: { revoked?: string } }>(
    "/admin/api-keys",
    inSection,
    async (request, reply) => {
      const keys = await apiKeys.list(principalOf(request));
      const revoked = keys.find((key) => key.id === request.query.revoked);
      return http.sendPage(
        reply,
        ApiKeysPage({
          page: http.pageContext(request, reply),
          keys,
          notice: revoked && request.t("admin.apiKeys.done.revoked", { name: revoked.name }),
        }),
      );
    },
  );

  const renderNew = (
    request: FastifyRequest,
    reply: FastifyReply,
    values: ApiKeyValues,
    errors: FieldError[],
    status = 200,
  ) =>
    http.sendPage(
      reply,
      NewApiKeyPage({
        page: http.pageContext(request, reply),
        values,
        assignable: assignableApiKeyRoles(principalOf(request)),
        errors,
      }),
      status,
    );

  app.get("/admin/api-keys/new", inSection, async (request, reply) => {
    if (!kit.allowedOf(request).manageApiKeys) {
      return kit.errorPage(request, reply, "forbidden", BACK);
    }
    return renderNew(request, reply, { name: "", roles: [] }, []);
  });

  app.post<{ Body: Form }>("/admin/api-keys/new", inSection, async (request, reply) => {
    const body = request.body ?? {};
    const roleIds = textsOf(body, "roles");
    const values: ApiKeyValues = {
      name: textOf(body, "name"),
      roles: roleIds.map(roleKeyOf).filter((key): key is RoleKey => key !== undefined),
    };
    if (!kit.allowedOf(request).manageApiKeys) {
      return kit.errorPage(request, reply, "forbidden", BACK);
    }
    const errors = requiredFields(request.t, body, { name: "required.apiKeyName" });
    if (roleIds.length === 0) errors.push({ field: "roles", message: request.t("invalid.roles") });
    if (errors.length > 0) return renderNew(request, reply, values, errors, 400);
    try {
      const created = await apiKeys.create(principalOf(request), {
        name: values.name,
        roles: roleIds,
        origin: http.origin(request),
      });
      return await showResult(http, request, reply, "api-key", { created });
    } catch (error) {
      const { errors, status } = formRefusal(request.t, error);
      return renderNew(request, reply, values, errors, status);
    }
  });

  app.post<{ Params: { id: string } }>(
    "/admin/api-keys/:id/revoke",
    inSection,
    async (request, reply) => {
      await apiKeys.revoke(principalOf(request), request.params.id, http.origin(request));
      return reply.redirect(
        `/admin/api-keys?revoked=${encodeURIComponent(request.params.id)}`,
        303,
      );
    },
  );
}
