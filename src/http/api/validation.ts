import type { TSchema } from "@sinclair/typebox";
import { TypeCompiler, type TypeCheck } from "@sinclair/typebox/compiler";
import { Value } from "@sinclair/typebox/value";
import type { FastifySchemaCompiler } from "fastify";

/** A request that does not match its route's schema; `field` is the property to fix. */
export class RequestValidationError extends Error {
  readonly statusCode = 400;
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = "RequestValidationError";
  }
}

/** "/passwordProfile/password" → "passwordProfile.password"; "/otherMails/2" → "otherMails". */
function fieldOf(path: string, part: string): string {
  const segments = path
    .split("/")
    .slice(1)
    .map((segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~"))
    .filter((segment) => !/^\d+$/.test(segment));
  return segments.length > 0 ? segments.join(".") : part;
}

/**
 * Validates requests with TypeBox's own compiler instead of Fastify's default Ajv setup,
 * which removes unknown properties silently: here an unknown or misspelt property is an
 * error that names it. Query strings and path parameters are converted from text first
 * ("5" → 5); schema defaults are filled in. Each check is compiled at the first request it
 * sees rather than at start, where compiling them all took a tenth of a cold start.
 */
export const typeBoxValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  let compiled: TypeCheck<TSchema> | undefined;
  const part = httpPart === "querystring" ? "query" : (httpPart ?? "body");
  return (data: unknown) => {
    // No body at all (an action without options) is an empty object.
    const input = httpPart === "body" && (data === null || data === undefined) ? {} : data;
    const converted = httpPart === "body" ? input : Value.Convert(schema, input);
    const value: unknown = Value.Default(schema, converted);
    const check = (compiled ??= TypeCompiler.Compile(schema));
    if (check.Check(value)) return { value };
    const first = check.Errors(value).First();
    const field = fieldOf(first?.path ?? "", part);
    const message =
      first?.message === "Unexpected property"
        ? `Unknown property '${field}'.`
        : `Invalid value for '${field}': ${first?.message ?? "not valid"}.`;
    return { error: new RequestValidationError(field, message) };
  };
};
