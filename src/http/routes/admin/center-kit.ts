import type { FastifyReply, FastifyRequest } from "fastify";
import { adminAllowed, type AdminAllowed } from "../../../services/admin/capabilities.js";
import { isSesameError, type ErrorCode, type SesameError } from "../../../services/errors.js";
import type { FieldError } from "../../../views/components.js";
import type { MessageKey, Translate } from "../../../views/i18n.js";
import { MessagePage } from "../../../views/pages/message.js";
import type { HttpContext } from "../../context.js";
import { formErrors } from "../../form-errors.js";
import { adminRouteKit } from "./common.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TOKEN = /^[A-Za-z0-9_-]{1,2048}$/;

/** A keyset position as an opaque page token: [sort value, id]. */
export function encodePageToken(value: string | number, id: string): string {
  return Buffer.from(JSON.stringify([value, id]), "utf8").toString("base64url");
}

/**
 * The [sort value, id] of a token encodePageToken made, or undefined for anything else
 * (the caller then starts again from the first page).
 */
export function decodePageToken<Kind extends "string" | "number">(
  token: unknown,
  kind: Kind,
): [Kind extends "string" ? string : number, string] | undefined {
  if (typeof token !== "string" || !TOKEN.test(token)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || value.length !== 2) return undefined;
  const [sort, id] = value as unknown[];
  if (typeof id !== "string" || !UUID.test(id)) return undefined;
  if (kind === "number" ? !Number.isSafeInteger(sort) : typeof sort !== "string") return undefined;
  if (typeof sort === "string" && (sort.length === 0 || sort.length > 1024)) return undefined;
  return [sort as Kind extends "string" ? string : number, id];
}

/** The status a form answers with when a service refuses its input. */
export function formStatus(error: SesameError): number {
  switch (error.code) {
    case "conflict":
    case "duplicateUser":
    case "lastGlobalAdministrator":
      return 409;
    case "notFound":
      return 404;
    case "forbidden":
      return 403;
    default:
      return 400;
  }
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

export interface ErrorPage {
  status: number;
  key: MessageKey;
}

const DEFAULT_PAGES: Partial<Record<ErrorCode, ErrorPage>> = {
  forbidden: { status: 403, key: "admin.forbidden" },
  notFound: { status: 404, key: "error.userNotFound" },
  lastGlobalAdministrator: { status: 409, key: "error.lastGlobalAdministrator" },
  managedOnPremises: { status: 409, key: "error.managedOnPremises" },
};

/**
 * The admin center's shared pieces (the gate and principal from ./common.ts) plus what the
 * sections beyond one user's page need: a message page that links back to its section, and
 * typed errors mapped to pages per section.
 */
export function adminCenterKit(http: HttpContext) {
  const { adminOnly, principalOf } = adminRouteKit(http);

  const messagePage = (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    key: MessageKey,
    back: { href: string; key: MessageKey } = { href: "/admin/users", key: "admin.users.title" },
  ) =>
    http.sendPage(
      reply,
      MessagePage({
        page: http.pageContext(request, reply),
        title: request.t("admin.title"),
        message: request.t(key),
        link: { href: back.href, text: request.t(back.key) },
      }),
      status,
    );

  return {
    adminOnly,
    principalOf,
    messagePage,
    allowedOf: (request: FastifyRequest): AdminAllowed => adminAllowed(principalOf(request)),

    /** A typed service error as its page; anything else is a real failure (500). */
    failure(
      request: FastifyRequest,
      reply: FastifyReply,
      error: unknown,
      back?: { href: string; key: MessageKey },
      pages: Partial<Record<ErrorCode, ErrorPage>> = {},
    ) {
      const page = isSesameError(error)
        ? (pages[error.code] ?? DEFAULT_PAGES[error.code])
        : undefined;
      if (!page) throw error;
      return messagePage(request, reply, page.status, page.key, back);
    },
  };
}

export type AdminCenterKit = ReturnType<typeof adminCenterKit>;
