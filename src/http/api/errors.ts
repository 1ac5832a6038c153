import { Type } from "@sinclair/typebox";
import type { FastifyRequest } from "fastify";
import { isSesameError, type ErrorCode, type SesameError } from "../../services/errors.js";
import { translator } from "../../views/i18n.js";
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

export const GRAPH_CODES = {
  badRequest: "Request_BadRequest",
  unauthenticated: "InvalidAuthenticationToken",
  forbidden: "Authorization_RequestDenied",
  notFound: "Request_ResourceNotFound",
  conflict: "Request_Conflict",
  lastGlobalAdministrator: "Directory_LastGlobalAdministrator",
  managedOnPremises: "Directory_PasswordManagedOnPremises",
  tooManyRequests: "TooManyRequests",
  unsupportedMediaType: "Request_UnsupportedMediaType",
  tooLarge: "Request_EntityTooLarge",
  internal: "generalException",
} as const;

/** Every service error code gets a status and a Graph code: a new code must be placed here. */
const SERVICE_ERRORS: Record<ErrorCode, { status: number; code: string }> = {
  invalidInput: { status: 400, code: GRAPH_CODES.badRequest },
  unknownDomain: { status: 400, code: GRAPH_CODES.badRequest },
  passwordRejected: { status: 400, code: GRAPH_CODES.badRequest },
  passwordMismatch: { status: 400, code: GRAPH_CODES.badRequest },
  samePassword: { status: 400, code: GRAPH_CODES.badRequest },
  wrongCurrentPassword: { status: 400, code: GRAPH_CODES.badRequest },
  invalidCredentials: { status: 400, code: GRAPH_CODES.badRequest },
  accountLocked: { status: 400, code: GRAPH_CODES.badRequest },
  signInBlocked: { status: 400, code: GRAPH_CODES.badRequest },
  invalidSetupToken: { status: 400, code: GRAPH_CODES.badRequest },
  forbidden: { status: 403, code: GRAPH_CODES.forbidden },
  notFound: { status: 404, code: GRAPH_CODES.notFound },
  duplicateUser: { status: 409, code: GRAPH_CODES.conflict },
  domainTaken: { status: 409, code: GRAPH_CODES.conflict },
  conflict: { status: 409, code: GRAPH_CODES.conflict },
  alreadyInitialised: { status: 409, code: GRAPH_CODES.conflict },
  lastGlobalAdministrator: { status: 409, code: GRAPH_CODES.lastGlobalAdministrator },
  managedOnPremises: { status: 409, code: GRAPH_CODES.managedOnPremises },
  reauthenticationRequired: { status: 403, code: GRAPH_CODES.forbidden },
  invalidCode: { status: 400, code: GRAPH_CODES.badRequest },
  tooManyCodes: { status: 429, code: GRAPH_CODES.tooManyRequests },
  // Self-service reset has no API; these complete the table for the type's sake.
  captchaFailed: { status: 400, code: GRAPH_CODES.badRequest },
  unknownUser: { status: 404, code: GRAPH_CODES.notFound },
  flowExpired: { status: 400, code: GRAPH_CODES.badRequest },
  stepNotAllowed: { status: 409, code: GRAPH_CODES.conflict },
  selfServiceBlocked: { status: 429, code: GRAPH_CODES.tooManyRequests },
  tooManyAttempts: { status: 429, code: GRAPH_CODES.tooManyRequests },
};

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
}

const english = translator("en");

function fromService(error: SesameError, fields: Readonly<Record<string, string>>): GraphError {
  const { status, code } = SERVICE_ERRORS[error.code];
  const field = error.field === undefined ? undefined : (fields[error.field] ?? error.field);
  let message = error.message;
  if (error.code === "passwordRejected") {
    message = formErrors(english, error)
      .map((reason) => reason.message)
      .join(" ");
  }
  return { status, code, message: field ? `${field}: ${message}` : message, field };
}

/**
 * What the API answers for any error. `fields` renames service field names for the route
 * (POST /users names the password `passwordProfile.password`).
 */
export function toGraphError(
  error: unknown,
  fields: Readonly<Record<string, string>> = {},
): GraphError {
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
