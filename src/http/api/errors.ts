import { Type } from "@sinclair/typebox";
import type { FastifyRequest } from "fastify";
import { isSesameError, type SesameError } from "../../services/errors.js";
import { translator } from "../../views/i18n.js";
import { asServiceError, ERROR_ANSWERS, GRAPH_CODES } from "../errors.js";
import { formErrors } from "../form-errors.js";
import { RequestValidationError } from "./validation.js";

/**
 * Errors in Microsoft Graph's shape, `{ error: { code, message } }`, with stable codes that
 * scripts switch on. `details[].target` names the property to fix, as Graph does.
 */
export const GraphErrorSchema = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ examples: ["Request_BadRequest"] }),
      message: Type.String(),
      details: Type.Optional(
        Type.Array(
          Type.Object({ code: Type.String(), message: Type.String(), target: Type.String() }),
        ),
      ),
      innerError: Type.Object({
        date: Type.String({ format: "date-time" }),
        "request-id": Type.String(),
      }),
    }),
  },
  { description: "An error, in Microsoft Graph's shape" },
);

/** The services name inputs as the admin center does; the API names them as Graph does. */
const GRAPH_FIELD: Readonly<Record<string, string>> = {
  userId: "userPrincipalName",
  officePhone: "businessPhones",
  after: "$skiptoken",
  limit: "$top",
  role: "roleDefinitionId",
  activity: "$filter",
  from: "$filter",
  until: "$filter",
};

/** An error the API layer itself raises (authentication, query options). */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly graphCode: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export const badRequest = (field: string, message: string) =>
  new ApiError(400, GRAPH_CODES.badRequest, `${field}: ${message}`, field);

export const unauthenticated = () =>
  new ApiError(
    401,
    GRAPH_CODES.unauthenticated,
    "Send an API key in the Authorization header (Bearer <key>); this request has none, or one that is unknown or revoked.",
  );

export interface GraphError {
  status: number;
  code: string;
  message: string;
  field?: string | undefined;
  retryAfterSeconds?: number | undefined;
}

const english = translator("en");

function fromService(error: SesameError, fields: Readonly<Record<string, string>>): GraphError {
  const { status, graph: code, retryAfterSeconds } = ERROR_ANSWERS[error.code];
  const field = error.field === undefined ? undefined : (fields[error.field] ?? error.field);
  let message = error.message;
  if (error.code === "passwordRejected") {
    message = formErrors(english, error)
      .map((reason) => reason.message)
      .join(" ");
  }
  return {
    status,
    code,
    message: field ? `${field}: ${message}` : message,
    field,
    retryAfterSeconds,
  };
}

/**
 * What the API answers for any error. `fields` renames service field names for the route
 * (POST /users names the password `passwordProfile.password`).
 */
export function toGraphError(
  thrown: unknown,
  fields: Readonly<Record<string, string>> = {},
): GraphError {
  const error = asServiceError(thrown);
  if (error instanceof RequestValidationError) {
    return {
      status: 400,
      code: GRAPH_CODES.badRequest,
      message: error.message,
      field: error.field,
    };
  }
  if (error instanceof ApiError) {
    return {
      status: error.statusCode,
      code: error.graphCode,
      message: error.message,
      field: error.field,
    };
  }
  if (isSesameError(error)) return fromService(error, { ...GRAPH_FIELD, ...fields });
  const status = (error as { statusCode?: unknown }).statusCode;
  const fastifyCode = (error as { code?: unknown }).code;
  if (status === 429) {
    return {
      status: 429,
      code: GRAPH_CODES.tooManyRequests,
      message: "Too many requests. Wait until the time in the Retry-After header, then try again.",
    };
  }
  if (status === 415) {
    return {
      status: 415,
      code: GRAPH_CODES.unsupportedMediaType,
      message: "Send the request body as application/json.",
    };
  }
  if (status === 413) {
    return { status: 413, code: GRAPH_CODES.tooLarge, message: "The request body is too large." };
  }
  if (typeof status === "number" && status >= 400 && status < 500) {
    const json = typeof fastifyCode === "string" && fastifyCode.startsWith("FST_ERR_CTP");
    return {
      status,
      code: GRAPH_CODES.badRequest,
      message: json ? "The request body is not valid JSON." : "The request is not valid.",
    };
  }
  return {
    status: 500,
    code: GRAPH_CODES.internal,
    message:
      "Something went wrong on our side. Try again; if it keeps happening, tell your administrator the request-id.",
  };
}

/** The body of an error response. */
export function graphErrorBody(request: FastifyRequest, error: GraphError) {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.field
        ? { details: [{ code: "InvalidValue", message: error.message, target: error.field }] }
        : {}),
      innerError: { date: new Date().toISOString(), "request-id": request.id },
    },
  };
}
