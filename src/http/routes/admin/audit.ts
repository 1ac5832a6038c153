import type { FastifyInstance } from "fastify";
import { AUDIT_ACTIVITY_NAMES, type AuditLogQuery } from "../../../services/admin/audit-log.js";
import type { FieldError } from "../../../views/components.js";
import { toCsv } from "../../../views/csv.js";
import type { Translate } from "../../../views/i18n.js";
import {
  AuditEventPage,
  AuditLogPage,
  type AuditFilters,
} from "../../../views/pages/admin/audit-log.js";
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

const CSV_MAX_ROWS = 10_000;
const CSV_PAGE = 200;

/** The filters as typed, what is wrong with them, and the query they make. */
function filtersOf(query: Query, t: Translate) {
  const text = (name: keyof Query) => textOf(query, name).trim();
  const filters: AuditFilters = {
    activity: text("activity"),
    actor: text("actor"),
    target: text("target"),
    from: text("from"),
    to: text("to"),
  };
  const errors: FieldError[] = [];
  const from = filters.from === "" ? undefined : utcDay(filters.from);
  const to = filters.to === "" ? undefined : utcDay(filters.to);
  if (filters.from !== "" && from === undefined) {
    errors.push({ field: "from", message: t("invalid.date") });
  }
  if (filters.to !== "" && to === undefined) {
    errors.push({ field: "to", message: t("invalid.date") });
  }
  const params = new URLSearchParams(Object.entries(filters).filter(([, value]) => value !== ""));
  const search: AuditLogQuery = {
    activity: filters.activity || undefined,
    actor: filters.actor || undefined,
    target: filters.target || undefined,
    from,
    until: to === undefined ? undefined : to + DAY_MS,
  };
  return { filters, errors, params, search };
}

/** Admin center > Audit log (SPEC [S12]); needs readAudit. */
export function registerAdminAuditRoutes(app: FastifyInstance, http: HttpContext) {
  const { auditLog } = http.services.admin;
  const { now } = http.services.deps;
  const kit = adminCenterKit(http);

  app.get<{ Querystring: Query }>(
    "/admin/audit",
    { preHandler: kit.adminOnly },
    async (request, reply) => {
      const { filters, errors, params: filterParams, search } = filtersOf(request.query, request.t);
      const withFilters = (extra: Record<string, string> = {}, path = "/admin/audit") => {
        const params = new URLSearchParams(filterParams);
        for (const [name, value] of Object.entries(extra)) params.set(name, value);
        const query = params.toString();
        return query ? `${path}?${query}` : path;
      };
      const token = textOf(request.query, "before").trim();
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
            csvHref: withFilters({}, "/admin/audit.csv"),
            now: now(),
          }),
          errors.length > 0 ? 400 : 200,
        );

      try {
        if (!kit.allowedOf(request).readAudit) {
          return kit.errorPage(request, reply, "forbidden");
        }
        if (errors.length > 0) return render([], errors);
        const page = await auditLog.list(kit.principalOf(request), {
          ...search,
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

  // The events these filters find, newest first, for a spreadsheet (up to 10,000 rows).
  app.get<{ Querystring: Query }>(
    "/admin/audit.csv",
    { preHandler: kit.adminOnly },
    async (request, reply) => {
      const { errors, params, search } = filtersOf(request.query, request.t);
      const page = `/admin/audit${params.size > 0 ? `?${params}` : ""}`;
      if (errors.length > 0) return reply.redirect(page, 303);
      const t = request.t;
      const rows: string[][] = [
        [
          t("admin.audit.column.at"),
          t("admin.audit.column.activity"),
          t("admin.audit.category"),
          t("admin.audit.column.result"),
          t("admin.audit.column.actor"),
          t("admin.audit.column.target"),
          t("admin.audit.column.ip"),
          t("admin.audit.userAgent"),
          t("admin.audit.eventId"),
        ],
      ];
      let before: AuditLogQuery["before"];
      try {
        do {
          const found = await auditLog.list(kit.principalOf(request), {
            ...search,
            before,
            limit: CSV_PAGE,
          });
          for (const event of found.events.slice(0, CSV_MAX_ROWS + 1 - rows.length)) {
            rows.push([
              new Date(event.at).toISOString(),
              event.activity,
              event.category,
              event.resultReason ? `${event.result} (${event.resultReason})` : event.result,
              event.actorName ?? "",
              event.targetName ?? "",
              event.ip ?? "",
              event.userAgent ?? "",
              event.id,
            ]);
          }
          before = found.next;
        } while (before && rows.length <= CSV_MAX_ROWS);
      } catch (error) {
        if (isFormError(error)) return reply.redirect(page, 303);
        throw error;
      }
      return reply
        .header("cache-control", "no-store")
        .header("content-disposition", 'attachment; filename="audit-log.csv"')
        .type("text/csv; charset=utf-8")
        .send(toCsv(rows));
    },
  );

  app.get<{ Params: { id: string } }>(
    "/admin/audit/:id",
    kit.section({ back: { href: "/admin/audit", key: "admin.audit.title" } }),
    async (request, reply) => {
      const event = await auditLog.get(kit.principalOf(request), request.params.id);
      return http.sendPage(
        reply,
        AuditEventPage({ page: http.pageContext(request, reply), event, now: now() }),
      );
    },
  );
}
