import type { FastifyReply, FastifyRequest } from "fastify";
import { isUuid, readPageToken, writePageToken } from "../../../domain/page-token.js";
import { isAdministrator } from "../../../domain/permissions.js";
import { adminAllowed, type AdminAllowed } from "../../../services/admin/capabilities.js";
import type { Principal } from "../../../services/admin/principal.js";
import { isSesameError, type ErrorCode, type SesameError } from "../../../services/errors.js";
import type { FieldError } from "../../../views/components.js";
import type { MessageKey, Translate } from "../../../views/i18n.js";
import type { HttpContext } from "../../context.js";
import {
  ERROR_ANSWERS,
  errorPage,
  statusOf,
  type PageLink,
  type PagedErrorCode,
} from "../../errors.js";
import { formErrors } from "../../form-errors.js";

/** A keyset position as an opaque page token: [sort value, id]. */
export function encodePageToken(value: string | number, id: string): string {
  return writePageToken([value, id]);
}

/**
 * The [sort value, id] of a token encodePageToken made, or undefined for anything else
 * (the caller then starts again from the first page).
 */
export function decodePageToken<Kind extends "string" | "number">(
  token: unknown,
  kind: Kind,
): [Kind extends "string" ? string : number, string] | undefined {
  const [sort, id] = readPageToken(token, 2) ?? [];
  if (!isUuid(id)) return undefined;
  if (kind === "number" ? !Number.isSafeInteger(sort) : typeof sort !== "string") return undefined;
  if (typeof sort === "string" && (sort.length === 0 || sort.length > 1024)) return undefined;
  return [sort as Kind extends "string" ? string : number, id];
}

/** A service error as form errors, with this form's own wording for some codes. */
export function fieldErrorsOf(
  t: Translate,
  error: SesameError,
  wording: Partial<Record<ErrorCode, MessageKey>> = {},
  field = error.field,
): FieldError[] {
  const key = wording[error.code];
  if (key) return [{ ...(field ? { field } : {}), message: t(key) }];
  return formErrors(t, error);
}

/** Errors a form shows beside its fields (the rest become pages: 403, 404, ...). */
export const isFormError = (error: unknown): error is SesameError =>
  isSesameError(error) &&
  (error.code === "invalidInput" ||
    error.code === "passwordRejected" ||
    error.code === "duplicateUser" ||
    error.code === "unknownDomain" ||
    error.code === "conflict");

/**
 * A service's refusal of a form's input as the form shows it again: the errors beside its
 * fields (in the form's own wording for some codes) and the status. Any other error goes
 * on, to become its page.
 */
export function formRefusal(
  t: Translate,
  error: unknown,
  wording: Partial<Record<ErrorCode, MessageKey>> = {},
  field?: string,
): { errors: FieldError[]; status: number } {
  if (!isFormError(error)) throw error;
  return { errors: fieldErrorsOf(t, error, wording, field), status: statusOf(error) };
}

/** How a section words the pages of service errors, and where they link back to. */
export interface ErrorPages {
  back?: PageLink;
  wording?: Partial<Record<ErrorCode, MessageKey>>;
}

declare module "fastify" {
  interface FastifyContextConfig {
    /** The admin center's error pages for this route (the users' section's by default). */
    adminErrorPages?: ErrorPages;
  }
}

const USERS: PageLink = { href: "/admin/users", key: "admin.users.title" };

/**
 * What every admin center route shares: the gate, the acting principal, message pages that
 * link back to their section, and the error handler that shows a typed service error as
 * its page.
 */
export function adminCenterKit(http: HttpContext) {
  const messagePage = (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    key: MessageKey,
    back: PageLink = USERS,
  ) =>
    http.messagePage(
      request,
      reply,
      {
        title: request.t("admin.title"),
        message: request.t(key),
        link: { href: back.href, text: request.t(back.key) },
      },
      status,
    );

  const principalOf = (request: FastifyRequest): Principal => {
    if (!request.principal) throw new Error("adminOnly runs first");
    return request.principal;
  };

  /** Signed in with at least one admin role; what each role may do is decided by the services. */
  const adminOnly = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.auth) return reply.redirect("/signin", 303);
    if (!isAdministrator(request.principal?.roles ?? [])) {
      return messagePage(request, reply, 403, "admin.noAccess");
    }
  };

  return {
    messagePage,
    principalOf,
    adminOnly,
    allowedOf: (request: FastifyRequest): AdminAllowed => adminAllowed(principalOf(request)),

    /** The options of a section's routes: the gate, and how its error pages read. */
    section: (pages: ErrorPages) => ({
      preHandler: adminOnly,
      config: { adminErrorPages: pages },
    }),

    /** The page of a service error, for a refusal the route sees before asking a service. */
    errorPage: (
      request: FastifyRequest,
      reply: FastifyReply,
      code: PagedErrorCode,
      back: PageLink = USERS,
    ) => errorPage(http, request, reply, code, "admin.title", back),

    /**
     * The admin center's error handler: a typed service error as its page, in the route's
     * wording; anything else goes on to the app's handler (a real failure: 500).
     */
    errorHandler: (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
      if (!isSesameError(error)) throw error;
      const { back, wording = {} } = request.routeOptions.config.adminErrorPages ?? {};
      const key = wording[error.code] ?? ERROR_ANSWERS[error.code].page;
      if (!key) throw error;
      return messagePage(request, reply, ERROR_ANSWERS[error.code].status, key, back);
    },
  };
}
