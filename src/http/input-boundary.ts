import type { FastifyInstance } from "fastify";
import { RequestValidationError } from "./api/validation.js";

/**
 * What no Sesame input has a use for, refused once for every route (pages and API alike)
 * before any of it reaches a service or the store: control characters (C0, DEL and C1;
 * PostgreSQL cannot store NUL in text at all, the others are invisible and nothing Sesame
 * keeps is binary), unpaired surrogates (not text: UTF-8 cannot encode them), and
 * addresses whose percent-escapes are malformed or not UTF-8. Form and JSON text may hold
 * tabs and line breaks (a textarea's lines; the password rules refuse them with their own
 * message); an address may not.
 */
const UNACCEPTABLE_IN_ADDRESS = /[\p{Cc}\p{Cs}]/u;
const UNACCEPTABLE_IN_TEXT = /[^\P{Cc}\t\n\r]|\p{Cs}/u;

/** A run of percent-escapes, a malformed escape, or anything else. */
const ESCAPES = /(?:%[0-9A-Fa-f]{2})+|%/g;
const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The request's input holds what Sesame refuses; `field` names where (for the API's target). */
export class UnacceptableInput extends RequestValidationError {
  constructor(field: string) {
    super(
      field,
      `Invalid value for '${field}': control characters (such as NUL), unpaired surrogates and text that is not UTF-8 are not accepted.`,
    );
    this.name = "UnacceptableInput";
  }
}

/** Percent-escapes decoded as UTF-8; undefined when one is malformed or not UTF-8. */
function decoded(text: string): string | undefined {
  let valid = true;
  const result = text.replace(ESCAPES, (run) => {
    if (run === "%") {
      valid = false;
      return run;
    }
    try {
      return utf8.decode(Buffer.from(run.replaceAll("%", ""), "hex"));
    } catch {
      valid = false;
      return run;
    }
  });
  return valid ? result : undefined;
}

const acceptableInAddress = (text: string): boolean => {
  const value = decoded(text);
  return value !== undefined && !UNACCEPTABLE_IN_ADDRESS.test(value);
};

/** Where an address (path and query, as sent) holds what is refused: the path or a parameter. */
export function unacceptableInAddress(url: string): string | undefined {
  const [path = "", query] = splitOnce(url, "?");
  if (!acceptableInAddress(path)) return "path";
  if (query === undefined) return undefined;
  for (const parameter of query.split("&")) {
    const [name = "", value = ""] = splitOnce(parameter, "=");
    const acceptableName = acceptableInAddress(name);
    if (!acceptableName || !acceptableInAddress(value)) {
      return acceptableName && name !== "" ? (decoded(name) ?? "query") : "query";
    }
  }
  return undefined;
}

/**
 * The address with every percent-escape the router cannot decode made a literal `%`, so
 * that the router finds the route (and with it the API's or the pages' way of answering),
 * whose first hook then refuses the request as sent.
 */
export function routableAddress(url: string): string {
  const [path = "", query] = splitOnce(url, "?");
  const routable = path.replace(ESCAPES, (run) =>
    run === "%" || decoded(run) === undefined ? run.replaceAll("%", "%25") : run,
  );
  return query === undefined ? routable : `${routable}?${query}`;
}

/** Where a parsed body (a form or JSON) holds refused text, as "property.property"; arrays are not counted. */
export function unacceptableInBody(body: unknown): string | undefined {
  // Iterative: a 64 KiB JSON body can nest thirty thousand levels deep.
  const pending: { value: unknown; path: string[] }[] = [{ value: body, path: [] }];
  for (let item = pending.pop(); item; item = pending.pop()) {
    const { value, path } = item;
    if (typeof value === "string") {
      if (UNACCEPTABLE_IN_TEXT.test(value)) return path.join(".") || "body";
    } else if (value instanceof Uint8Array) {
      // An uploaded file (a logo): what reads it checks its bytes (domain/branding.ts).
      continue;
    } else if (Array.isArray(value)) {
      for (const element of value as unknown[]) pending.push({ value: element, path });
    } else if (typeof value === "object" && value !== null) {
      for (const [key, property] of Object.entries(value)) {
        if (UNACCEPTABLE_IN_TEXT.test(key)) return path.join(".") || "body";
        pending.push({ value: property, path: [...path, key] });
      }
    }
  }
  return undefined;
}

/**
 * The boundary's hooks: the address before anything else reads it (the session, the API
 * key), the body once parsed and before it is validated or handled.
 */
export function refuseUnacceptableInput(app: FastifyInstance): void {
  app.addHook("onRequest", async (request) => {
    const field = unacceptableInAddress(request.originalUrl);
    if (field !== undefined) throw new UnacceptableInput(field);
  });
  app.addHook("preValidation", async (request) => {
    const field = unacceptableInBody(request.body);
    if (field !== undefined) throw new UnacceptableInput(field);
  });
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at === -1 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
