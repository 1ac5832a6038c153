import { Type, type Static } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import type { AuditLogQuery } from "../../services/admin/audit-log.js";
import type { AuditEvent } from "../../store/audit.js";
import { operation, type ApiContext } from "./context.js";
import {
  collection,
  CollectionOf,
  dateTimeOf,
  encodeSkipToken,
  filterClauses,
  pageAsked,
  PagingQuery,
} from "./odata.js";
import { Nullable } from "./user-shape.js";

const DirectoryAuditSchema = Type.Object(
  {
    id: Type.String(),
    activityDateTime: Type.String({ format: "date-time" }),
    activityDisplayName: Type.String({ examples: ["Reset password (by admin)"] }),
    category: Type.String({ examples: ["UserManagement"] }),
    result: Type.Union([Type.Literal("success"), Type.Literal("failure")]),
    resultReason: Type.String(),
    loggedByService: Type.String(),
    initiatedBy: Type.Object({
      user: Nullable(
        Type.Object({
          id: Nullable(Type.String()),
          userPrincipalName: Nullable(Type.String({ description: "Or the API key's name" })),
          ipAddress: Nullable(Type.String()),
        }),
      ),
    }),
    targetResources: Type.Array(
      Type.Object({
        id: Nullable(Type.String()),
        displayName: Nullable(Type.String()),
        type: Type.String({ examples: ["User"] }),
      }),
    ),
  },
  { description: "microsoft.graph.directoryAudit" },
);

const ListQuery = Type.Object(
  {
    $filter: Type.Optional(
      Type.String({
        maxLength: 500,
        description:
          "activityDisplayName eq '<activity>', activityDateTime ge|gt|le|lt <ISO 8601>, joined by and",
      }),
    ),
    ...PagingQuery,
  },
  { additionalProperties: false },
);

const AuditCursor = Type.Object({ at: Type.Integer(), id: Type.String() });

/** What an event was done to, by its activity (the log keeps the target's id and name). */
const TARGET_TYPE: Readonly<Record<string, string>> = {
  "Add group": "Group",
  "Add API key": "ApiKey",
  "Revoke API key": "ApiKey",
  "Create company": "Company",
};

function toDirectoryAudit(event: AuditEvent) {
  return {
    id: event.id,
    activityDateTime: new Date(event.at).toISOString(),
    activityDisplayName: event.activity,
    category: event.category,
    result: event.result,
    resultReason: event.resultReason ?? "",
    loggedByService: "Sesame",
    initiatedBy: {
      user:
        event.actorId === null && event.actorName === null && event.ip === null
          ? null
          : { id: event.actorId, userPrincipalName: event.actorName, ipAddress: event.ip },
    },
    targetResources:
      event.targetId === null && event.targetName === null
        ? []
        : [
            {
              id: event.targetId,
              displayName: event.targetName,
              type: TARGET_TYPE[event.activity] ?? "User",
            },
          ],
  };
}

/** Graph's `$filter` on activity and time as the audit log's query; gt/lt move by a millisecond. */
function auditQuery(filter: string | undefined): AuditLogQuery {
  const query: AuditLogQuery = {};
  const clauses = filterClauses(filter, {
    activityDisplayName: ["eq"],
    activityDateTime: ["ge", "gt", "le", "lt"],
  });
  for (const clause of clauses) {
    if (clause.property === "activityDisplayName") {
      query.activity = clause.value;
      continue;
    }
    const at = dateTimeOf(clause.value, "$filter");
    if (clause.operator === "ge") query.from = Math.max(query.from ?? at, at);
    if (clause.operator === "gt") query.from = Math.max(query.from ?? at + 1, at + 1);
    if (clause.operator === "le") query.until = Math.min(query.until ?? at + 1, at + 1);
    if (clause.operator === "lt") query.until = Math.min(query.until ?? at, at);
  }
  return query;
}

/** /auditLogs (SPEC [S12]): what happened, newest first. Needs a role that reads the audit log. */
export function registerAuditLogApi(api: FastifyInstance, ctx: ApiContext) {
  const { auditLog } = ctx.services.admin;

  api.get<{ Querystring: Static<typeof ListQuery> }>(
    "/auditLogs/directoryAudits",
    operation("listDirectoryAudits", {
      querystring: ListQuery,
      response: { 200: CollectionOf(DirectoryAuditSchema, "A page of audit events, newest first") },
    }),
    async (request) => {
      // The log pages backwards in time: its cursor is where the page ends.
      const { after: before, limit } = pageAsked(AuditCursor, request.query);
      const page = await auditLog.list(ctx.principalOf(request), {
        ...auditQuery(request.query.$filter),
        before,
        limit,
      });
      return collection(
        ctx.publicUrl,
        request,
        "auditLogs/directoryAudits",
        page.events.map(toDirectoryAudit),
        page.next && encodeSkipToken(page.next),
      );
    },
  );
}
