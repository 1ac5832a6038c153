/** What every answer to a fuzzed request must be, whatever the request. */
import type { WireRequest } from "./requests.js";
import type { WireResponse } from "./world.js";

// What Sesame serves: pages, the API, assets, plain text and the audit log's CSV export.
const SANE_TYPES =
  /^(text\/html|application\/json|text\/css|application\/javascript|text\/javascript|image\/svg\+xml|text\/plain|text\/csv)(;|$)/;

/** Everything wrong with an answer: empty when it is one Sesame may give. */
export function problemsOf(request: WireRequest, response: WireResponse): string[] {
  const problems: string[] = [];
  if (response.status >= 500) problems.push(`status ${response.status}`);
  const type = String(response.headers["content-type"] ?? "");
  const hasBody = response.body.length > 0 && request.method !== "HEAD";
  if (hasBody && !SANE_TYPES.test(type)) problems.push(`content type "${type}"`);
  const path = request.url.split("?")[0] ?? "";
  // Where the path leads once its dot segments are resolved, as the router does: only there
  // is it the API's to answer. A backslash is no separator to the server (only browsers
  // read it as one). A path that does not start with a slash leads nowhere in the API.
  const resolved = path.startsWith("/")
    ? new URL(`http://sesame.invalid${path.replaceAll("\\", "%5C")}`).pathname
    : path;
  // What is not HTTP (bad framing, a head over Node's limit) gets the HTTP parser's answer,
  // Fastify's client error, before any route: its status and content type count, not the
  // API's error shape.
  const routed = !/^\{"error":"[^"]*","message":"[^"]*","statusCode":4\d\d\}$/.test(response.body);
  const api = routed && /^\/api\/v1(\/|$)/.test(resolved) && resolved !== "/api/v1/docs";
  if (hasBody && type.startsWith("application/json")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(response.body);
    } catch {
      problems.push("JSON that does not parse");
    }
    const error = (parsed as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    if (
      api &&
      response.status >= 400 &&
      (typeof error?.code !== "string" || typeof error.message !== "string")
    ) {
      problems.push("an API error not in Graph's shape");
    }
  }
  if (api && hasBody && response.status !== 204 && !type.startsWith("application/json")) {
    problems.push(`an API answer in "${type}"`);
  }
  return problems;
}

/** One line about a request, for a report. */
export function describeRequest(request: WireRequest): string {
  const url =
    request.url.length > 160 ? `${request.url.slice(0, 160)}…(${request.url.length})` : request.url;
  const body = request.body
    ? ` [${request.headers["content-type"] ?? "no type"}, ${request.body.length} bytes: ${JSON.stringify(request.body.subarray(0, 120).toString())}]`
    : "";
  return `${request.method} ${url}${body}`;
}
