/**
 * The fuzz suite's requests: fast-check arbitraries for every API operation of the served
 * OpenAPI document and every route Fastify has, valid-ish and malformed. A case is symbolic
 * (a parameter may say "the third known user"); `realise` turns it into bytes against what
 * the running server holds. Used by test/integration/http/fuzz.test.ts (app.inject) and
 * chaos/fuzz.ts (the built server over real HTTP).
 */
import { maxHeaderSize } from "node:http";
import fc from "fast-check";

/** A route as Fastify has it: "/admin/users/:id", "/assets/*". */
export interface Route {
  method: string;
  url: string;
}

/** The part of JSON Schema the OpenAPI document uses. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  maxLength?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
}

export interface Operation {
  method: string;
  /** The full path, with `{param}`s: "/api/v1/users/{id}". */
  path: string;
  query: { name: string; schema: JsonSchema }[];
  headers: { name: string; schema: JsonSchema }[];
  body: JsonSchema | undefined;
}

/** Who sends a page request: a signed-in administrator or user, a reset flow, nobody, a forged cookie. */
export type Identity = "admin" | "user" | "recovering" | "anonymous" | "forged";
/** What an API request authenticates with. */
export type Credential = "adminKey" | "limitedKey" | "none" | "garbage";

/**
 * A value to fill in: a known one from a pool the server's pages and lists showed ("users",
 * "groups", "field:displayName", …), or a text, percent-encoded one way or another.
 */
export type Slot =
  { pool: string; pick: number } | { text: string; encoding: "component" | "raw" | "double" };

export type PathTrick =
  | "none"
  | "dotdot"
  | "encodedDotdot"
  | "doubleSlash"
  | "trailingSlash"
  | "dotSegment"
  | "upperCase"
  | "backslash";

export type Body =
  | { kind: "none" }
  | { kind: "form"; fields: [Slot, Slot][]; csrf: "valid" | "missing" | "garbage" }
  | { kind: "json"; value: unknown }
  | { kind: "text"; text: string }
  | { kind: "bytes"; bytes: Uint8Array };

export interface FuzzCase {
  method: string;
  /** Literal path segments and the parameters between them. */
  segments: (string | Slot)[];
  pathTrick: PathTrick;
  query: [Slot, Slot][];
  body: Body;
  /** The content type sent: the body's own, none, or another (a lie). */
  contentType: "natural" | null | string;
  identity: Identity;
  credential: Credential;
  headers: [string, string][];
  /** The client's address (X-Forwarded-For), so that rate limits do not end the run. */
  clientAddress: string;
}

/** A request as sent. */
export interface WireRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: Buffer;
}

/** What realising a case needs from the running server's world. */
export interface FuzzWorld {
  /** A known value of a pool, picked by index; undefined when the pool is empty. */
  pick(pool: string, index: number): string | undefined;
  cookie(identity: Identity): string | undefined;
  csrfToken(identity: Identity): string | undefined;
  apiKey(credential: Credential): string | undefined;
}

export const BODY_LIMIT = 64 * 1024;

// ---------------------------------------------------------------------------------------
// Texts

const ODD_TEXTS = [
  "",
  " ",
  "  padded  ",
  "\t",
  "\r\n",
  "null",
  "undefined",
  "true",
  "0",
  "-1",
  "1.5",
  "1e309",
  "NaN",
  "9007199254740993",
  "[]",
  "{}",
  "'",
  '"',
  "''",
  "\\",
  "%",
  "%00",
  "%25",
  "%%32%65",
  "../",
  "..\\",
  "..%2f",
  "%2e%2e%2f",
  "%252e%252e%252f",
  "/",
  "//",
  "?",
  "#",
  "&",
  "=",
  ";",
  ",",
  "*",
  "$",
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "' OR '1'='1",
  "'; DROP TABLE users; --",
  "${7*7}",
  "{{7*7}}",
  "__proto__",
  "constructor",
  "\u0000",
  "a\u0000b",
  "\u0001",
  "\u001b[31m",
  "\u007f",
  "\u0085",
  "\u00a0",
  "\u2028",
  "\u202e",
  "\u200b",
  "\ufeff",
  "\ufffd",
  "\ufffe",
  "\ud800",
  "\udfff",
  "x\ud83d",
  "😀",
  "👩‍👩‍👧",
  "é",
  "e\u0301",
  "İ",
  "ß",
  "ﬃ",
  "Ⅻ",
  "日本語",
  "עברית",
  "ا",
  "@",
  "a@b",
  "admin@",
  "@contoso.test",
  "+31612345678",
  "+",
  "00000000-0000-0000-0000-000000000000",
  "ffffffff-ffff-ffff-ffff-ffffffffffff",
  "ssk_",
  "ssk_" + "A".repeat(43),
];

const HUGE_SIZES = [
  1_000,
  4_096,
  16_384,
  BODY_LIMIT - 200,
  BODY_LIMIT - 1,
  BODY_LIMIT,
  BODY_LIMIT + 1,
];

/** Long texts, near and over the body limit. */
const hugeText = fc
  .tuple(fc.constantFrom(...HUGE_SIZES), fc.constantFrom("a", "é", "😀", "\u0000", "%", " "))
  .map(([size, unit]) => unit.repeat(Math.ceil(size / unit.length)));

/** Texts from the odd to the absurd. */
export const oddText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...ODD_TEXTS) },
  { weight: 3, arbitrary: fc.string({ unit: "grapheme", maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.string({ maxLength: 8 }),
        fc.constantFrom(...ODD_TEXTS),
        fc.string({ maxLength: 8 }),
      )
      .map((parts) => parts.join("")),
  },
  { weight: 1, arbitrary: hugeText },
);

const PLAUSIBLE: [RegExp, string[]][] = [
  [/userId|principalName|upn|memberId|principalId|@odata\.id|^id$|groupId/i, []],
  [/mail|email|sendTo/i, ["ann@example.test", "a@b.c", "not-an-email", "x@localhost"]],
  [/phone/i, ["+31612345678", "+31201234567", "0612345678", "+1 555 0100", "+999999999999999"]],
  [/language/i, ["en", "nl", "nl-NL", "en-GB", "fr", "xx-YY", "*"]],
  [/password/i, ["violet mango kettle drums", "Pa55word!", "short", "cobalt meadow lantern sky"]],
  [/code/i, ["12345678", "123456", "00000000", "1234567", "abcdefgh"]],
  [/answer/i, ["Utrecht", "Leiden", "Zwolle"]],
  [/name|description|question|banned|term/i, ["Ada Lovelace", "Finance", "Zoë Ødegård"]],
  [/days|number|count|max|min|limit/i, ["0", "1", "30", "-5", "999999"]],
  [
    /url|href|return/i,
    ["/", "/myaccount", "https://help.example.test", "//evil.test", "javascript:alert(1)"],
  ],
];

/** A text for a field or property of this name: a plausible one, a known one, or an odd one. */
function textFor(name: string): fc.Arbitrary<Slot> {
  const examples = PLAUSIBLE.find(([pattern]) => pattern.test(name))?.[1] ?? [];
  const encoded = (text: fc.Arbitrary<string>) =>
    text.map((value): Slot => ({ text: value, encoding: "component" }));
  return fc.oneof(
    { weight: 3, arbitrary: pooled(`field:${name}`) },
    { weight: 2, arbitrary: pooled(/id|name|member|principal/i.test(name) ? "upn" : "users") },
    ...(examples.length > 0
      ? [{ weight: 3, arbitrary: encoded(fc.constantFrom(...examples)) }]
      : []),
    { weight: 3, arbitrary: encoded(oddText) },
  );
}

const pooled = (pool: string): fc.Arbitrary<Slot> => fc.nat().map((pick): Slot => ({ pool, pick }));

const textSlot = (text: fc.Arbitrary<string>): fc.Arbitrary<Slot> =>
  fc
    .tuple(text, fc.constantFrom("component", "component", "component", "raw", "double" as const))
    .map(([value, encoding]): Slot => ({ text: value, encoding }));

// ---------------------------------------------------------------------------------------
// Query options of the API

const FILTER_PROPERTIES = [
  "activityDisplayName",
  "activityDateTime",
  "category",
  "result",
  "initiatedBy/user/id",
  "initiatedBy/user/userPrincipalName",
  "targetResources/any(t:t/id eq 'x')",
  "principalId",
  "roleDefinitionId",
  "directoryScopeId",
  "displayName",
  "accountEnabled",
  "userPrincipalName",
  "nonsense",
  "",
];
const FILTER_OPERATORS = ["eq", "ne", "ge", "gt", "le", "lt", "in", "has", "EQ", "eq eq", ""];
const FILTER_LITERALS = fc.oneof(
  fc.constantFrom(
    "'Reset password'",
    "'Add user'",
    "'success'",
    "2026-11-22T09:00:00Z",
    "2026-13-45T99:99:99Z",
    "true",
    "null",
    "''",
    "'it''s'",
    "'unterminated",
    "('a','b')",
    "-1",
    "99999999999999999999",
  ),
  oddText.map((text) => `'${text}'`),
  oddText,
);
const filterClause = fc
  .tuple(
    fc.constantFrom(...FILTER_PROPERTIES),
    fc.constantFrom(...FILTER_OPERATORS),
    FILTER_LITERALS,
  )
  .map(([property, operator, literal]) => `${property} ${operator} ${literal}`.trim());
const filterExpression: fc.Arbitrary<string> = fc.oneof(
  filterClause,
  fc
    .tuple(
      fc.array(filterClause, { minLength: 2, maxLength: 5 }),
      fc.constantFrom(" and ", " or ", " AND ", " and not "),
    )
    .map(([clauses, joiner]) => clauses.join(joiner)),
  filterClause.map((clause) => `(${clause}`),
  filterClause.map((clause) => `not ${clause}`),
  fc
    .tuple(fc.constantFrom("startswith", "endswith", "contains", "length"), oddText)
    .map(([name, text]) => `${name}(displayName,'${text}')`),
  fc.constant(Array(300).fill("result eq 'success'").join(" and ")),
  oddText,
);
const searchExpression: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom("displayName", "givenName", "surname", "userPrincipalName", "mail", "id", ""),
      oddText,
    )
    .map(([property, term]) => `"${property}:${term}"`),
  oddText.map((term) => `"${term}"`),
  oddText,
  fc.constant('"displayName:a" OR "mail:b"'),
);
const topValue = fc.oneof(
  fc.integer({ min: -2, max: 1_002 }).map(String),
  fc.constantFrom(
    "0",
    "1",
    "999",
    "1000",
    "1.5",
    "1e3",
    "0x10",
    "",
    "abc",
    "-0",
    "99999999999999999999",
  ),
  oddText,
);

/** A value for an API query option, by its name and schema. */
function queryValueFor(name: string, schema: JsonSchema): fc.Arbitrary<Slot> {
  if (name === "$filter") return textSlot(filterExpression);
  if (name === "$search") return textSlot(searchExpression);
  if (name === "$top") return textSlot(topValue);
  if (name === "$skiptoken") return fc.oneof(pooled("skiptoken"), textSlot(oddText));
  if (schema.type === "integer" || schema.type === "number") return textSlot(topValue);
  return fc.oneof(textFor(name), textSlot(oddText));
}

const UNKNOWN_QUERY_OPTIONS = [
  "$select",
  "$expand",
  "$orderby",
  "$count",
  "$skip",
  "$format",
  "$top",
  "foo",
  "$",
  "",
];

function apiQuery(operation: Operation): fc.Arbitrary<[Slot, Slot][]> {
  const named = (name: string): Slot => ({ text: name, encoding: "component" });
  const declared = operation.query.map((option) =>
    fc.option(
      queryValueFor(option.name, option.schema).map((value): [Slot, Slot] => [
        named(option.name),
        value,
      ]),
      { freq: 2 },
    ),
  );
  const unknown = fc.array(
    fc.tuple(
      fc.oneof(fc.constantFrom(...UNKNOWN_QUERY_OPTIONS).map(named), textSlot(oddText)),
      textSlot(oddText),
    ),
    { maxLength: 2 },
  );
  return fc
    .tuple(
      fc.tuple(...declared),
      fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: unknown }),
    )
    .map(([options, extra]) => [
      ...options.filter((option): option is [Slot, Slot] => option !== null),
      ...extra,
    ]);
}

// ---------------------------------------------------------------------------------------
// JSON bodies from schemas

const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, true, 0, -1, 1e308, "", [], {}),
);

/** A JSON value after a schema, now and then the wrong type, or right but absurd. */
function fromSchema(
  schema: JsonSchema | undefined,
  name: string,
  depth: number,
): fc.Arbitrary<unknown> {
  const wrongType = { weight: 1, arbitrary: anyJson };
  if (!schema || depth > 4) return anyJson;
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) {
    return fc.oneof(...variants.map((variant) => fromSchema(variant, name, depth)), anyJson);
  }
  if (schema.enum) {
    return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...schema.enum) }, wrongType, {
      weight: 1,
      arbitrary: oddText,
    });
  }
  if (schema.const !== undefined) return fc.oneof(fc.constant(schema.const), anyJson);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "string":
      return fc.oneof({ weight: 6, arbitrary: textFor(name).map(asJsonSlot) }, wrongType);
    case "boolean":
      return fc.oneof({ weight: 6, arbitrary: fc.boolean() }, wrongType);
    case "integer":
    case "number":
      return fc.oneof(
        {
          weight: 6,
          arbitrary: fc.integer({
            min: (schema.minimum ?? -10) - 2,
            max: (schema.maximum ?? 1_000) + 2,
          }),
        },
        { weight: 1, arbitrary: fc.constantFrom(1.5, -0, 1e308, Number.MAX_SAFE_INTEGER + 2) },
        wrongType,
      );
    case "array":
      return fc.oneof(
        {
          weight: 6,
          arbitrary: fc.array(fromSchema(schema.items, name, depth + 1), {
            maxLength: Math.min((schema.maxItems ?? 5) + 2, 50),
          }),
        },
        wrongType,
      );
    case "object": {
      const properties = Object.entries(schema.properties ?? {});
      const entries = properties.map(([property, propertySchema]) =>
        fc.option(
          fromSchema(propertySchema, property, depth + 1).map(
            (value) => [property, value] as const,
          ),
          {
            freq: 3,
          },
        ),
      );
      const extra = fc.option(fc.tuple(oddText, anyJson), { freq: 8 });
      return fc.oneof(
        {
          weight: 6,
          arbitrary: fc.tuple(fc.tuple(...entries), extra).map(([chosen, unknown]) => {
            const object: Record<string, unknown> = {};
            for (const entry of chosen) if (entry) object[entry[0]] = entry[1];
            if (unknown) object[unknown[0]] = unknown[1];
            return object;
          }),
        },
        wrongType,
      );
    }
    default:
      return anyJson;
  }
}

/** A slot inside JSON is marked so that `realise` can fill it in. */
const asJsonSlot = (slot: Slot): unknown => ({ [SLOT_MARK]: slot });
const SLOT_MARK = "\u0000fuzz-slot";

const MALFORMED_JSON = [
  "{",
  "}",
  "{'a': 1}",
  '{"a": }',
  '{"a": 1,}',
  '{"a": 1}}',
  "[1, 2",
  "nul",
  "tru",
  '"unterminated',
  '{"__proto__": {"polluted": true}}',
  '{"constructor": {"prototype": {"polluted": true}}}',
  '{"a": 1e999999}',
  '{"a": "\\ud800"}',
  '{"a": "\\u0000"}',
  "\ufeff{}",
  "[".repeat(5_000) + "]".repeat(5_000),
  '{"a":'.repeat(2_000) + "1" + "}".repeat(2_000),
  "",
  " ",
];

const invalidUtf8 = fc.oneof(
  fc.uint8Array({ maxLength: 64 }),
  fc.constantFrom(
    Uint8Array.from([0xff, 0xfe]),
    Uint8Array.from([0xc0, 0xaf]),
    Uint8Array.from([0xed, 0xa0, 0x80]),
    Uint8Array.from([0xf4, 0x90, 0x80, 0x80]),
    Uint8Array.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]),
    Uint8Array.from([0x61, 0x3d, 0xe9]),
  ),
);

// ---------------------------------------------------------------------------------------
// Headers, identities and the path

const ACCEPT_LANGUAGES = [
  "nl-NL,nl;q=0.9",
  "en-GB",
  "*",
  "xx",
  "nl;q=abc",
  "en;q=-1, nl;q=2",
  ",,,;;;",
  "a".repeat(4_000),
  Array(500).fill("nl").join(","),
  "zh-Hant-TW-x-private-0123456789",
];

/** Header values as a real client can send them: visible ASCII, space, tab, and Latin-1. */
const headerText = fc.oneof(
  fc.constantFrom("", " ", "\t", "x", "é", "\u00ff", "a".repeat(2_000)),
  fc
    .string({ unit: "binary-ascii", maxLength: 40 })
    .map((text) => text.replace(/[^\t\x20-\x7e]/g, "")),
);

const oddHeaders: fc.Arbitrary<[string, string][]> = fc.array(
  fc.oneof(
    fc
      .constantFrom(...ACCEPT_LANGUAGES)
      .map((value): [string, string] => ["accept-language", value]),
    fc
      .constantFrom("*/*", "application/json", "text/html", "image/png", ";;;", "")
      .map((value): [string, string] => ["accept", value]),
    headerText.map((value): [string, string] => ["accept-language", value]),
    headerText.map((value): [string, string] => ["user-agent", value]),
    headerText.map((value): [string, string] => ["prefer", value]),
    headerText.map((value): [string, string] => ["x-forwarded-host", value]),
    headerText.map((value): [string, string] => ["x-forwarded-proto", value]),
    headerText.map((value): [string, string] => ["origin", value]),
    headerText.map((value): [string, string] => ["referer", value]),
    headerText.map((value): [string, string] => ["if-none-match", value]),
    headerText.map((value): [string, string] => ["range", value]),
    fc
      .constantFrom("return=representation", "return=minimal", "odata.maxpagesize=1")
      .map((value): [string, string] => ["prefer", value]),
    fc
      .constantFrom("bytes=0-1", "bytes=-1", "bytes=99999999-", "bytes=a-b")
      .map((value): [string, string] => ["range", value]),
  ),
  { maxLength: 3 },
);

const CONTENT_TYPES = [
  "application/json",
  "application/json; charset=latin1",
  "application/x-www-form-urlencoded",
  "text/plain",
  "multipart/form-data; boundary=x",
  "application/xml",
  "application/json-patch+json",
  "",
  ";",
  "application/x-www-form-urlencoded; charset=utf-16",
];

const clientAddress = fc.oneof(
  fc
    .tuple(fc.integer({ min: 1, max: 254 }), fc.integer({ min: 1, max: 254 }))
    .map(([a, b]) => `198.51.${a}.${b}`),
  fc.integer({ min: 1, max: 65_535 }).map((n) => `2001:db8:${n.toString(16)}::1`),
);

const pathTrick: fc.Arbitrary<PathTrick> = fc.oneof(
  { weight: 12, arbitrary: fc.constant("none" as const) },
  {
    weight: 3,
    arbitrary: fc.constantFrom<PathTrick>(
      "dotdot",
      "encodedDotdot",
      "doubleSlash",
      "trailingSlash",
      "dotSegment",
      "upperCase",
      "backslash",
    ),
  },
);

/** The pool a parameter picks from: the literal before it ("users" for /users/:id) or its name. */
export function poolOf(segments: string[], index: number, parameter: string): string {
  if (parameter === "kind" || parameter === "section") return parameter;
  const before = segments[index - 1];
  return before && !before.startsWith(":") && !before.startsWith("{") ? before : parameter;
}

/** Path segments with a slot for every parameter (`:id`, `{id}`, `*`). */
function pathOf(path: string): fc.Arbitrary<(string | Slot)[]> {
  const segments = path.split("/").slice(1);
  return fc.tuple(
    ...segments.map((segment, index) => {
      const parameter = /^:(\w+)$|^\{(\w+)\}$/.exec(segment);
      const name = parameter?.[1] ?? parameter?.[2];
      if (segment === "*") return fc.oneof(pooled("assets"), textSlot(oddText));
      if (!name) return fc.constant(segment);
      return fc.oneof(
        { weight: 5, arbitrary: pooled(poolOf(segments, index, name)) },
        { weight: 1, arbitrary: pooled("upn") },
        { weight: 3, arbitrary: textSlot(oddText) },
      );
    }),
  );
}

// ---------------------------------------------------------------------------------------
// Cases

const common = {
  pathTrick,
  headers: oddHeaders,
  clientAddress,
  contentType: fc.oneof(
    { weight: 8, arbitrary: fc.constant<"natural">("natural") },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
  ),
};

const otherBodies: fc.Arbitrary<Body> = fc.oneof(
  fc.constantFrom(...MALFORMED_JSON).map((text): Body => ({ kind: "text", text })),
  oddText.map((text): Body => ({ kind: "text", text })),
  invalidUtf8.map((bytes): Body => ({ kind: "bytes", bytes })),
  anyJson.map((value): Body => ({ kind: "json", value })),
);

/** A request to one API operation. */
export function apiCase(operation: Operation): fc.Arbitrary<FuzzCase> {
  const body: fc.Arbitrary<Body> = operation.body
    ? fc.oneof(
        {
          weight: 6,
          arbitrary: fromSchema(operation.body, "body", 0).map((value): Body => ({
            kind: "json",
            value,
          })),
        },
        { weight: 3, arbitrary: otherBodies },
        { weight: 1, arbitrary: fc.constant<Body>({ kind: "none" }) },
      )
    : fc.oneof(
        { weight: 6, arbitrary: fc.constant<Body>({ kind: "none" }) },
        { weight: 1, arbitrary: otherBodies },
      );
  return fc.record({
    method: fc.oneof(
      { weight: 20, arbitrary: fc.constant(operation.method) },
      { weight: 1, arbitrary: fc.constantFrom("PUT", "OPTIONS", "HEAD", "TRACE") },
    ),
    segments: pathOf(operation.path),
    query: apiQuery(operation),
    body,
    identity: fc.constantFrom<Identity>("anonymous", "admin"),
    credential: fc.oneof(
      { weight: 8, arbitrary: fc.constant<Credential>("adminKey") },
      { weight: 3, arbitrary: fc.constant<Credential>("limitedKey") },
      { weight: 1, arbitrary: fc.constantFrom<Credential>("none", "garbage") },
    ),
    ...common,
  });
}

/** A request to one page route: its form, a query, as someone, with or without CSRF. */
export function pageCase(route: Route): fc.Arbitrary<FuzzCase> {
  const field = (name: Slot) =>
    fc.tuple(fc.constant(name), fc.oneof(pooled("field:*"), textSlot(oddText)));
  const formFields = fc
    .tuple(fc.array(fc.nat(), { maxLength: 10 }), fc.array(textSlot(oddText), { maxLength: 2 }))
    .chain(([known, unknown]) =>
      fc.tuple(
        ...known.map((pick) => field({ pool: `form:${route.url}`, pick })),
        ...unknown.map((name) => field(name)),
      ),
    )
    .map((fields) => fields as [Slot, Slot][]);
  const form = fc.record({
    kind: fc.constant("form" as const),
    fields: formFields,
    csrf: fc.oneof(
      { weight: 8, arbitrary: fc.constant("valid" as const) },
      { weight: 1, arbitrary: fc.constantFrom("missing" as const, "garbage" as const) },
    ),
  });
  const body: fc.Arbitrary<Body> =
    route.method === "GET" || route.method === "HEAD"
      ? fc.oneof(
          { weight: 10, arbitrary: fc.constant<Body>({ kind: "none" }) },
          { weight: 1, arbitrary: otherBodies },
        )
      : fc.oneof(
          { weight: 8, arbitrary: form },
          { weight: 2, arbitrary: otherBodies },
          { weight: 1, arbitrary: fc.constant<Body>({ kind: "none" }) },
        );
  const query = fc.array(
    fc.tuple(
      fc.oneof(pooled("queryName"), textSlot(oddText)),
      fc.oneof(pooled("query:*"), textSlot(oddText)),
    ),
    { maxLength: 3 },
  );
  return fc.record({
    method: fc.oneof(
      { weight: 20, arbitrary: fc.constant(route.method) },
      { weight: 1, arbitrary: fc.constantFrom("PUT", "DELETE", "PATCH", "OPTIONS") },
    ),
    segments: pathOf(route.url),
    query: fc.oneof(
      { weight: 3, arbitrary: fc.constant<[Slot, Slot][]>([]) },
      { weight: 2, arbitrary: query },
    ),
    body,
    identity: fc.oneof(
      { weight: 4, arbitrary: fc.constant<Identity>("admin") },
      { weight: 3, arbitrary: fc.constant<Identity>("user") },
      {
        weight: route.url.startsWith("/recover") ? 6 : 1,
        arbitrary: fc.constant<Identity>("recovering"),
      },
      { weight: 2, arbitrary: fc.constantFrom<Identity>("anonymous", "forged") },
    ),
    credential: fc.constant<Credential>("none"),
    ...common,
  });
}

/** Requests spread over every operation and every page route. */
export function fuzzCases(targets: {
  operations: Operation[];
  pages: Route[];
}): fc.Arbitrary<FuzzCase> {
  return fc.oneof(
    ...targets.operations.map((operation) => apiCase(operation)),
    ...targets.pages.map((route) => pageCase(route)),
  );
}

// ---------------------------------------------------------------------------------------
// Realising a case

function encode(slot: Slot, world: FuzzWorld, pool: string | undefined): string {
  if ("pool" in slot) {
    const value = world.pick(
      pool && slot.pool.endsWith(":*") ? slot.pool.replace("*", pool) : slot.pool,
      slot.pick,
    );
    return encodeURIComponent(value ?? "unknown");
  }
  switch (slot.encoding) {
    case "component":
      return encodeURIComponent(safeForEncoding(slot.text));
    case "double":
      return encodeURIComponent(encodeURIComponent(safeForEncoding(slot.text)));
    case "raw":
      // As typed into a client that escapes only what a URL cannot hold.
      return encodeURI(safeForEncoding(slot.text));
  }
}

/** Unpaired surrogates, which encodeURIComponent refuses, as their own (invalid) UTF-8 bytes. */
function safeForEncoding(text: string): string {
  return text.replace(/[\ud800-\udfff]/g, (unit, at: number, whole: string) => {
    const code = unit.charCodeAt(0);
    const paired =
      (code < 0xdc00 && /[\udc00-\udfff]/.test(whole[at + 1] ?? "")) ||
      (code >= 0xdc00 && /[\ud800-\udbff]/.test(whole[at - 1] ?? ""));
    return paired ? unit : "\ufffd";
  });
}

function textOf(slot: Slot, world: FuzzWorld, pool?: string): string {
  if ("pool" in slot) {
    return (
      world.pick(
        pool && slot.pool.endsWith(":*") ? slot.pool.replace("*", pool) : slot.pool,
        slot.pick,
      ) ?? ""
    );
  }
  return slot.text;
}

function fillJson(value: unknown, world: FuzzWorld): unknown {
  if (Array.isArray(value)) return value.map((item) => fillJson(item, world));
  if (typeof value === "object" && value !== null) {
    const slot = (value as Record<string, unknown>)[SLOT_MARK] as Slot | undefined;
    if (slot) return textOf(slot, world);
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, fillJson(item, world)]),
    );
  }
  return value;
}

function applyTrick(path: string, trick: PathTrick): string {
  const cut = path.lastIndexOf("/");
  switch (trick) {
    case "none":
      return path;
    case "dotdot":
      return `${path.slice(0, cut)}/../${path.slice(1)}`;
    case "encodedDotdot":
      return `${path.slice(0, cut)}/%2e%2e${path.slice(cut)}`;
    case "doubleSlash":
      return `/${path}`.replace(/\/(?=[^/]*$)/, "//");
    case "trailingSlash":
      return `${path}/`;
    case "dotSegment":
      return `${path.slice(0, cut)}/.${path.slice(cut)}`;
    case "upperCase":
      return path.toUpperCase();
    case "backslash":
      return path.replace(/\/(?=[^/]*$)/, "\\");
  }
}

/** The request a case stands for, against what the world holds now. */
export function realise(fuzzCase: FuzzCase, world: FuzzWorld): WireRequest {
  const path = applyTrick(
    "/" +
      fuzzCase.segments
        .map((segment) =>
          typeof segment === "string" ? segment : encode(segment, world, undefined),
        )
        .join("/"),
    fuzzCase.pathTrick,
  );
  const query = fuzzCase.query
    .map(([name, value]) => {
      const nameText = textOf(name, world);
      return `${encode(name, world, undefined)}=${encode(value, world, nameText)}`;
    })
    .join("&");
  const headers: Record<string, string> = { "x-forwarded-for": fuzzCase.clientAddress };
  const cookie = world.cookie(fuzzCase.identity);
  if (cookie) headers.cookie = cookie;
  const key = world.apiKey(fuzzCase.credential);
  if (key) headers.authorization = `Bearer ${key}`;
  for (const [name, value] of fuzzCase.headers) headers[name] = value;

  let body: Buffer | undefined;
  let naturalType: string | undefined;
  const content = fuzzCase.body;
  switch (content.kind) {
    case "none":
      break;
    case "form": {
      const pairs = content.fields.map(([name, value]) => {
        const fieldName = textOf(name, world);
        return `${encodeURIComponent(safeForEncoding(fieldName))}=${encodeURIComponent(safeForEncoding(textOf(value, world, fieldName)))}`;
      });
      const token =
        content.csrf === "valid"
          ? world.csrfToken(fuzzCase.identity)
          : content.csrf === "garbage"
            ? "forged-token"
            : undefined;
      if (token) pairs.unshift(`_csrf=${encodeURIComponent(token)}`);
      body = Buffer.from(pairs.join("&"));
      naturalType = "application/x-www-form-urlencoded";
      break;
    }
    case "json":
      body = Buffer.from(JSON.stringify(fillJson(content.value, world)) ?? "null");
      naturalType = "application/json";
      break;
    case "text":
      body = Buffer.from(content.text);
      naturalType = "application/json";
      break;
    case "bytes":
      body = Buffer.from(content.bytes);
      naturalType = "application/x-www-form-urlencoded";
      break;
  }
  const type = fuzzCase.contentType === "natural" ? naturalType : fuzzCase.contentType;
  if (body && type !== undefined && type !== null) headers["content-type"] = type;
  return {
    method: fuzzCase.method,
    url: query === "" ? path : `${path}?${query}`,
    headers,
    ...(body ? { body } : {}),
  };
}

// ---------------------------------------------------------------------------------------
// On the wire: what only a raw socket can send

/** How a request is bent on the wire, beyond what an HTTP client library would send. */
export type WireTrick =
  | "asIs"
  | "hangUp"
  | "invalidUtf8Path"
  | "latin1Header"
  | "nulInHeader"
  | "bareLineFeeds"
  | "foldedHeader"
  | "twoLengths"
  | "lengthAndChunked"
  | "badChunk"
  | "shortBody"
  | "longBody"
  | "http10"
  | "absoluteForm"
  | "noHost"
  | "hugeHeader"
  | "pipelined"
  | "lowerCaseMethod"
  | "spaceInPath";

export interface RawCase {
  fuzzCase: FuzzCase;
  trick: WireTrick;
}

export function rawCases(targets: {
  operations: Operation[];
  pages: Route[];
}): fc.Arbitrary<RawCase> {
  return fc.record({
    fuzzCase: fuzzCases(targets),
    trick: fc.oneof(
      { weight: 4, arbitrary: fc.constant<WireTrick>("hangUp") },
      {
        weight: 6,
        arbitrary: fc.constantFrom<WireTrick>(
          "invalidUtf8Path",
          "latin1Header",
          "nulInHeader",
          "bareLineFeeds",
          "foldedHeader",
          "twoLengths",
          "lengthAndChunked",
          "badChunk",
          "shortBody",
          "longBody",
          "http10",
          "absoluteForm",
          "noHost",
          "hugeHeader",
          "pipelined",
          "lowerCaseMethod",
          "spaceInPath",
        ),
      },
    ),
  });
}

/** The bytes of a request with its trick, and whether the client hangs up or half-closes after them. */
export function wireBytes(
  request: WireRequest,
  trick: WireTrick,
  host: string,
): { bytes: Buffer; hangUp: boolean; halfClose: boolean } {
  const body = request.body ?? Buffer.alloc(0);
  const latin1 = (text: string) => Buffer.from(text, "latin1");
  let method = request.method;
  let target = Buffer.from(request.url);
  if (trick === "lowerCaseMethod") method = method.toLowerCase();
  if (trick === "invalidUtf8Path")
    target = Buffer.concat([target, Buffer.from([0xff, 0xc3, 0x28])]);
  if (trick === "spaceInPath") target = Buffer.from(`${request.url} x`);
  if (trick === "absoluteForm") target = Buffer.from(`http://evil.test${request.url}`);
  const lines: Buffer[] = [
    Buffer.concat([latin1(`${method} `), target, latin1(` HTTP/1.${trick === "http10" ? 0 : 1}`)]),
  ];
  if (trick !== "noHost" && trick !== "http10") lines.push(latin1(`host: ${host}`));
  for (const [name, value] of Object.entries(request.headers))
    lines.push(Buffer.from(`${name}: ${value}`));
  if (trick === "latin1Header") lines.push(Buffer.from([...Buffer.from("x-name: "), 0xe9, 0xff]));
  if (trick === "nulInHeader") lines.push(latin1("x-name: a\u0000b"));
  if (trick === "foldedHeader") lines.push(latin1("x-folded: one"), latin1("  two"));
  if (trick === "hugeHeader") lines.push(latin1(`x-huge: ${"h".repeat(maxHeaderSize + 1)}`));
  let payload = body;
  if (trick === "lengthAndChunked" || trick === "badChunk") {
    lines.push(latin1("transfer-encoding: chunked"));
    if (trick === "lengthAndChunked") lines.push(latin1(`content-length: ${body.length}`));
    const size = trick === "badChunk" ? "zz" : body.length.toString(16);
    payload = Buffer.concat([latin1(`${size}\r\n`), body, latin1("\r\n0\r\n\r\n")]);
  } else {
    const declared =
      trick === "shortBody"
        ? body.length + 10
        : trick === "longBody"
          ? Math.max(0, body.length - 3)
          : body.length;
    lines.push(latin1(`content-length: ${declared}`));
    if (trick === "twoLengths") lines.push(latin1(`content-length: ${declared + 1}`));
  }
  if (trick !== "pipelined") lines.push(latin1("connection: close"));
  const newline = latin1(trick === "bareLineFeeds" ? "\n" : "\r\n");
  const head = Buffer.concat(lines.flatMap((line) => [line, newline]));
  const one = Buffer.concat([head, newline, payload]);
  const bytes =
    trick === "pipelined"
      ? Buffer.concat([
          one,
          latin1(`GET /healthz HTTP/1.1\r\nhost: ${host}\r\nconnection: close\r\n\r\n`),
        ])
      : one;
  return { bytes, hangUp: trick === "hangUp", halfClose: trick === "shortBody" };
}

/**
 * Whether Node's HTTP parser refuses the request itself (431) before any route sees it: its
 * request line and headers exceed the parser's limit. app.inject has no such limit.
 */
export function beyondHeaderLimit(request: WireRequest): boolean {
  const head = Object.entries(request.headers).reduce(
    (size, [name, value]) => size + name.length + Buffer.byteLength(value) + 4,
    request.method.length + request.url.length + 12,
  );
  return head > maxHeaderSize;
}

// ---------------------------------------------------------------------------------------
// The OpenAPI document

interface OpenApiDocument {
  servers?: { url: string }[];
  paths: Record<string, Record<string, OpenApiOperation>>;
}
interface OpenApiOperation {
  parameters?: { in: string; name: string; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

/** Every operation of the served document, its paths under the server's path. */
export function operationsOf(document: unknown): Operation[] {
  const openapi = document as OpenApiDocument;
  const base = new URL(openapi.servers?.[0]?.url ?? "http://localhost/").pathname.replace(
    /\/$/,
    "",
  );
  return Object.entries(openapi.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => {
      const parameters = operation.parameters ?? [];
      const of = (place: string) =>
        parameters
          .filter((parameter) => parameter.in === place)
          .map((parameter) => ({ name: parameter.name, schema: parameter.schema ?? {} }));
      return {
        method: method.toUpperCase(),
        path: `${base}${path}`,
        query: of("query"),
        headers: of("header"),
        body: operation.requestBody?.content?.["application/json"]?.schema,
      };
    }),
  );
}
