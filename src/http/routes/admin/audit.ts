import type { FastifyInstance } from "fastify";
import { AUDIT_ACTIVITY_NAMES } from "../../../services/admin/audit-log.js";
import type { FieldError } from "../../../views/components.js";
import { AuditLogPage, type AuditFilters } from "../../../views/pages/admin/audit-log.js";
import type { HttpContext } from "../../context.js";
import { textOf } from "../../forms.js";
import {
  adminCenterKit,
  decodePageToken,
  encodePageToken,
  fieldErrorsOf,
  isFormError,
} from "./center-kit.js";

type Query = Partial<Record<keyof AuditFilters | "before", string>>;

const DAY_MS = 24 * 3_600_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The start of a UTC day written YYYY-MM-DD (what <input type="date"> sends), or undefined. */
function utcDay(text: string): number | undefined {
  const match = DATE.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const at = Date.UTC(year, month - 1, day);
  const date = new Date(at);
  return date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
    ? at
    : undefined;
}

/** Admin center > Audit log (SPEC [S12]); needs readAudit. */
export function registerAdminAuditRoutes(app: FastifyInstance, http: HttpContext) {
  const { auditLog } = http.services.admin;
  const kit = adminCenterKit(http);

  app.get<{ Querystring: Query }>(
    "/admin/audit",
    { preHandler: kit.adminOnly },
    async (request, reply) => {
      const text = (name: keyof Query) => textOf(request.query, name).trim();
      const filters: AuditFilters = {
        activity: text("activity"),
        actor: text("actor"),
        target: text("target"),
        from: text("from"),
        to: text("to"),
      };
      const filterParams = new URLSearchParams(
        Object.entries(filters).filter(([, value]) => value !== ""),
      );
      const withFilters = (extra: Record<string, string> = {}) => {
        const params = new URLSearchParams(filterParams);
        for (const [name, value] of Object.entries(extra)) params.set(name, value);
        const query = params.toString();
        return query ? `/admin/audit?${query}` : "/admin/audit";
      };
      const token = text("before");
      const cursor = token === "" ? undefined : decodePageToken(token, "number");
      if (token !== "" && !cursor) return reply.redirect(withFilters(), 303);

      const render = (
        events: Parameters<typeof AuditLogPage>[0]["events"],
        errors: FieldError[],
        next?: { at: number; id: string },
      ) =>
        http.sendPage(
          reply,
          AuditLogPage({
            page: http.pageContext(request, reply),
            filters,
            activities: AUDIT_ACTIVITY_NAMES,
            events,
            errors,
            nextHref: next && withFilters({ before: encodePageToken(next.at, next.id) }),
            firstHref: cursor ? withFilters() : undefined,
          }),
          errors.length > 0 ? 400 : 200,
        );

      const errors: FieldError[] = [];
      const from = filters.from === "" ? undefined : utcDay(filters.from);
      const to = filters.to === "" ? undefined : utcDay(filters.to);
      if (filters.from !== "" && from === undefined) {
        errors.push({ field: "from", message: request.t("invalid.date") });
      }
      if (filters.to !== "" && to === undefined) {
        errors.push({ field: "to", message: request.t("invalid.date") });
      }
      try {
        if (!kit.allowedOf(request).readAudit) {
          return kit.errorPage(request, reply, "forbidden");
        }
        if (errors.length > 0) return render([], errors);
        const page = await auditLog.list(kit.principalOf(request), {
          activity: filters.activity || undefined,
          actor: filters.actor || undefined,
          target: filters.target || undefined,
          from,
          until: to === undefined ? undefined : to + DAY_MS,
          before: cursor && { at: cursor[0], id: cursor[1] },
        });
        return render(page.events, [], page.next);
      } catch (error) {
        if (isFormError(error)) {
          const field = error.field === "until" ? "to" : error.field;
          return render(
            [],
            fieldErrorsOf(request.t, error, {}, field).map((e) => ({ ...e, field })),
          );
        }
        throw error;
      }
    },
  );
}
