import type { FastifyReply, FastifyRequest } from "fastify";
import { storeUnavailable, type ErrorCode, type SesameError } from "../services/errors.js";
import { isStoreUnavailable } from "../store/database.js";
import type { MessageKey } from "../views/i18n.js";
import type { HttpContext } from "./context.js";

/** Microsoft Graph's error codes, which scripts switch on (the API's `error.code`). */
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
  serviceUnavailable: "serviceNotAvailable",
} as const;

export type GraphCode = (typeof GRAPH_CODES)[keyof typeof GRAPH_CODES];

/** How the HTTP layer answers one service error, in the admin center, the portal and the API. */
export interface ErrorAnswer {
  /** The status of the answer: a page, a form shown again, or an API error. */
  status: number;
  /** The API's error code. */
  graph: GraphCode;
  /** What a form says beside its field, or a list beside its row, unless it words it itself. */
  message?: MessageKey;
  /** What the page says when the error ends the request on a page of its own. */
  page?: MessageKey;
  /** Sent as Retry-After: when the same request may succeed. */
  retryAfterSeconds?: number;
}

const G = GRAPH_CODES;

const ANSWERS = {
  invalidInput: { status: 400, graph: G.badRequest },
  unknownDomain: { status: 400, graph: G.badRequest, message: "error.unknownDomain" },
  passwordRejected: { status: 400, graph: G.badRequest },
  passwordMismatch: { status: 400, graph: G.badRequest, message: "error.passwordMismatch" },
  samePassword: { status: 400, graph: G.badRequest, message: "error.samePassword" },
  wrongCurrentPassword: {
    status: 400,
    graph: G.badRequest,
    message: "error.wrongCurrentPassword",
  },
  forbidden: {
    status: 403,
    graph: G.forbidden,
    // One user of several (a bulk reset) is beyond the actor: said beside that user.
    message: "error.forbidden",
    page: "admin.forbidden",
  },
  notFound: {
    status: 404,
    graph: G.notFound,
    message: "error.userNotFound",
    page: "error.userNotFound",
  },
  duplicateUser: { status: 409, graph: G.conflict, message: "error.duplicateUser" },
  domainTaken: { status: 409, graph: G.conflict, message: "setup.domainTaken" },
  conflict: { status: 409, graph: G.conflict },
  alreadyInitialised: { status: 409, graph: G.conflict },
  lastGlobalAdministrator: {
    status: 409,
    graph: G.lastGlobalAdministrator,
    message: "error.lastGlobalAdministrator",
    page: "error.lastGlobalAdministrator",
  },
  managedOnPremises: {
    status: 409,
    graph: G.managedOnPremises,
    message: "error.managedOnPremises",
    page: "error.managedOnPremises",
  },
  reauthenticationRequired: { status: 403, graph: G.forbidden },
  invalidCode: { status: 400, graph: G.badRequest },
  tooManyCodes: { status: 429, graph: G.tooManyRequests },
  // Sign-in, setup and self-service reset have no API: their Graph codes complete the table.
  invalidCredentials: { status: 401, graph: G.badRequest },
  accountLocked: { status: 403, graph: G.badRequest, message: "error.accountLocked" },
  signInBlocked: { status: 403, graph: G.badRequest },
  invalidSetupToken: {
    status: 410,
    graph: G.badRequest,
    message: "setup.invalidLink",
    page: "setup.invalidLink",
  },
  captchaFailed: { status: 400, graph: G.badRequest },
  unknownUser: { status: 400, graph: G.badRequest },
  flowExpired: { status: 410, graph: G.badRequest, page: "recover.expired" },
  stepNotAllowed: { status: 409, graph: G.conflict },
  selfServiceBlocked: { status: 429, graph: G.tooManyRequests },
  tooManyAttempts: { status: 429, graph: G.tooManyRequests },
  // Not raised by a service: a driver's error that the store is away, named by
  // asServiceError. A PostgreSQL restart takes a few seconds.
  storeUnavailable: {
    status: 503,
    graph: G.serviceUnavailable,
    page: "error.storeUnavailable",
    retryAfterSeconds: 5,
  },
  // Password hashing has more than a few seconds of work queued (services/work-queue.ts).
  busy: {
    status: 503,
    graph: G.serviceUnavailable,
    message: "error.busy",
    page: "error.busy",
    retryAfterSeconds: 2,
  },
} satisfies Record<ErrorCode, ErrorAnswer>;

/**
 * Every service error code is answered here: a new code must be placed. Typed per code, so
 * that the page of a code known to have one is known to be there.
 */
export const ERROR_ANSWERS: { readonly [C in ErrorCode]: ErrorAnswer & (typeof ANSWERS)[C] } =
  ANSWERS;

/** The codes that have a page of their own. */
export type PagedErrorCode = {
  [C in ErrorCode]: (typeof ANSWERS)[C] extends { page: MessageKey } ? C : never;
}[ErrorCode];

/**
 * A driver's error saying the store can't serve now, as the service error that answers it
 * (503 with Retry-After on every route); any other error unchanged.
 */
export const asServiceError = (error: unknown): unknown =>
  isStoreUnavailable(error) ? storeUnavailable() : error;

/** The codes that mean "the same request may succeed later": answered 503 with Retry-After. */
export type TemporaryErrorCode = {
  [C in ErrorCode]: (typeof ANSWERS)[C] extends { retryAfterSeconds: number; page: MessageKey }
    ? C
    : never;
}[ErrorCode];

export const temporary = (code: ErrorCode): code is TemporaryErrorCode =>
  "retryAfterSeconds" in ERROR_ANSWERS[code];

/** The status that answers a service error. */
export const statusOf = (error: SesameError): number => ERROR_ANSWERS[error.code].status;

/** A link onward from a page, its text a message key. */
export interface PageLink {
  href: string;
  key: MessageKey;
}

/**
 * The page of a service error: its status and message from the table above, its title and
 * its link onward from the place that shows it.
 */
export function errorPage(
  http: HttpContext,
  request: FastifyRequest,
  reply: FastifyReply,
  code: PagedErrorCode,
  title: MessageKey,
  link: PageLink,
): FastifyReply {
  const { status, page } = ERROR_ANSWERS[code];
  return http.messagePage(
    request,
    reply,
    {
      title: request.t(title),
      message: request.t(page),
      link: { href: link.href, text: request.t(link.key) },
    },
    status,
  );
}
