import { Type, type Static, type TSchema } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import type { FastifyRequest } from "fastify";
import { badRequest } from "./errors.js";

/**
 * The few OData conventions the API speaks, as Microsoft Graph does: collections with
 * `@odata.context` and an absolute `@odata.nextLink` carrying `$skiptoken`, `$top`, a
 * `$search` of one term and `$filter` clauses joined by `and`.
 */

export const API_ROOT = "/api/v1";
export const MAX_TOP = 999;
export const DEFAULT_TOP = 100;

export const PagingQuery = {
  $top: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: MAX_TOP,
      default: DEFAULT_TOP,
      description: "How many items a page holds (1–999).",
    }),
  ),
  $skiptoken: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 4096,
      description: "Where the page starts: take it from the previous page's @odata.nextLink.",
    }),
  ),
};

export function contextUrl(publicUrl: URL, fragment: string): string {
  return new URL(`${API_ROOT}/$metadata#${fragment}`, publicUrl).href;
}

/** This request's own URL (under the public URL) with `$skiptoken` set to the next page. */
export function nextLink(publicUrl: URL, request: FastifyRequest, skiptoken: string): string {
  const [path = API_ROOT, query = ""] = request.url.split("?", 2);
  const url = new URL(publicUrl.href);
  url.pathname = path;
  const params = new URLSearchParams(query);
  params.set("$skiptoken", skiptoken);
  // Written as Graph writes them: $top, $skiptoken (a "$" needs no escaping in a query).
  url.search = [...params]
    .map(
      ([name, value]) =>
        `${encodeURIComponent(name).replace(/^%24/, "$")}=${encodeURIComponent(value)}`,
    )
    .join("&");
  return url.href;
}

/** A collection response: `value`, and `@odata.nextLink` when another page follows. */
export function collection<T>(
  publicUrl: URL,
  request: FastifyRequest,
  fragment: string,
  value: T[],
  next: string | undefined,
) {
  return {
    "@odata.context": contextUrl(publicUrl, fragment),
    value,
    ...(next === undefined ? {} : { "@odata.nextLink": nextLink(publicUrl, request, next) }),
  };
}

/** The JSON schema of a collection of `item`. */
export function CollectionOf(item: TSchema, description: string) {
  return Type.Object(
    {
      "@odata.context": Type.String(),
      value: Type.Array(item),
      "@odata.nextLink": Type.Optional(
        Type.String({ description: "The next page, when there is one." }),
      ),
    },
    { description },
  );
}

// A cursor the services take as a value travels as base64url JSON; a token that does not
// decode to the expected shape is refused, naming $skiptoken.
export function encodeSkipToken(cursor: unknown): string {
  return Buffer.from(JSON.stringify(cursor), "utf8").toString("base64url");
}

export function decodeSkipToken<T extends TSchema>(
  schema: T,
  token: string | undefined,
): Static<T> | undefined {
  if (token === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    value = undefined;
  }
  if (!/^[A-Za-z0-9_-]+$/.test(token) || !Value.Check(schema, value)) {
    throw badRequest("$skiptoken", "This page link is not valid; start again from the first page.");
  }
  return value;
}

/**
 * The page a list request asks for, as the services take it: the cursor its `$skiptoken`
 * carries (of `schema`) and how many items `$top` wants.
 */
export function pageAsked<T extends TSchema>(
  schema: T,
  query: { $skiptoken?: string | undefined; $top?: number | undefined },
): { after: Static<T> | undefined; limit: number } {
  return { after: decodeSkipToken(schema, query.$skiptoken), limit: query.$top ?? DEFAULT_TOP };
}

/** Properties a user `$search` may name; all of them are searched by prefix. */
const SEARCHABLE = ["displayName", "givenName", "surname", "userPrincipalName", "mail"];

/**
 * The term of a `$search`: Graph's quoted `"displayName:ada"` form or a plain `ada`. One term
 * only; users are found whose name, User ID or email starts with it.
 */
export function searchTerm(search: string | undefined): string | undefined {
  if (search === undefined) return undefined;
  let text = search.trim();
  const quoted = /^"([^"]*)"$/.exec(text);
  if (quoted) text = quoted[1] ?? "";
  else if (text.includes('"')) {
    throw badRequest("$search", 'Search for one term, such as "displayName:ada".');
  }
  const property = /^([A-Za-z]+):(.*)$/s.exec(text);
  if (property) {
    const [, name = "", term = ""] = property;
    if (!SEARCHABLE.includes(name)) {
      throw badRequest("$search", `Search by one of ${SEARCHABLE.join(", ")}.`);
    }
    text = term;
  }
  return text.trim() || undefined;
}

export interface FilterClause {
  property: string;
  operator: "eq" | "ne" | "ge" | "gt" | "le" | "lt";
  /** A quoted string literal ('' unescaped), or the bare literal as written. */
  value: string;
  quoted: boolean;
}

const CLAUSE = /\s*([A-Za-z][\w/]*)\s+(eq|ne|ge|gt|le|lt)\s+('(?:[^']|'')*'|[^\s']+)\s*/iy;
const AND = /and\b/iy;

/**
 * `$filter` as clauses joined by `and`: `property op literal`. Each property must be one
 * of `allowed`, with one of its operators.
 */
export function filterClauses(
  filter: string | undefined,
  allowed: Readonly<Record<string, readonly FilterClause["operator"][]>>,
): FilterClause[] {
  if (filter === undefined || filter.trim() === "") return [];
  const clauses: FilterClause[] = [];
  let at = 0;
  for (;;) {
    CLAUSE.lastIndex = at;
    const match = CLAUSE.exec(filter);
    if (!match) break;
    const [, property = "", operator = "", literal = ""] = match;
    const quoted = literal.startsWith("'");
    const op = operator.toLowerCase() as FilterClause["operator"];
    if (!allowed[property]?.includes(op)) {
      const supported = Object.entries(allowed)
        .map(([name, ops]) => `${name} ${ops.join("/")}`)
        .join(", ");
      throw badRequest("$filter", `Filter on ${supported}.`);
    }
    clauses.push({
      property,
      operator: op,
      value: quoted ? literal.slice(1, -1).replaceAll("''", "'") : literal,
      quoted,
    });
    at = CLAUSE.lastIndex;
    AND.lastIndex = at;
    if (at >= filter.length || !AND.test(filter)) break;
    at = AND.lastIndex;
  }
  if (at < filter.length || clauses.length === 0) {
    throw badRequest(
      "$filter",
      "Write clauses like activityDisplayName eq 'Add user', joined by and.",
    );
  }
  return clauses;
}

/** An ISO 8601 date-time (`2026-11-22T09:00:00Z`) as epoch milliseconds. */
export function dateTimeOf(text: string, field: string): number {
  const iso = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;
  const at = iso.test(text) ? Date.parse(text) : Number.NaN;
  if (!Number.isFinite(at)) {
    throw badRequest(
      field,
      `${text} is not an ISO 8601 date and time, such as 2026-11-22T09:00:00Z.`,
    );
  }
  return at;
}
