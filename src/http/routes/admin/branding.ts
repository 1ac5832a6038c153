import multipart from "@fastify/multipart";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { MAX_LOGO_BYTES, type BrandingInput } from "../../../domain/branding.js";
import { isBrandingInvalid } from "../../../services/branding.js";
import { isSesameError } from "../../../services/errors.js";
import type { FieldError } from "../../../views/components.js";
import {
  BrandingPage,
  brandingErrors,
  type BrandingFormValues,
} from "../../../views/pages/admin/branding.js";
import type { HttpContext } from "../../context.js";
import { textOf, type Form } from "../../forms.js";
import { adminCenterKit } from "./center-kit.js";

const BACK = { href: "/admin/branding", key: "branding.title" } as const;

/** The form as the service takes it: an empty file input keeps the logo, the box removes it. */
function inputOf(body: Form): BrandingInput {
  const file = body.logo;
  const bytes = file instanceof Uint8Array && file.length > 0 ? file : undefined;
  return {
    name: textOf(body, "name"),
    accentColour: textOf(body, "accentColour"),
    signInMessage: textOf(body, "signInMessage"),
    helpdeskText: textOf(body, "helpdeskText"),
    logo: bytes
      ? { keep: false, bytes }
      : textOf(body, "removeLogo") === "yes"
        ? { keep: false, bytes: null }
        : { keep: true },
  };
}

/** Admin center > Company branding (Global Administrators). */
export async function registerAdminBrandingRoutes(app: FastifyInstance, http: HttpContext) {
  const { branding } = http.services;
  const kit = adminCenterKit(http);
  const { principalOf } = kit;

  const render = (
    request: FastifyRequest,
    reply: FastifyReply,
    values: BrandingFormValues,
    errors: FieldError[],
    status = 200,
  ) =>
    http.sendPage(
      reply,
      BrandingPage({
        page: http.pageContext(request, reply),
        values,
        errors,
        notice:
          errors.length === 0 && request.url.endsWith("?saved=1")
            ? request.t("branding.saved")
            : undefined,
      }),
      status,
    );

  app.get("/admin/branding", kit.section({ back: BACK }), async (request, reply) => {
    const { name, branding: saved } = await branding.get(principalOf(request));
    return render(
      request,
      reply,
      {
        name,
        accentColour: saved.accentColour ?? "",
        signInMessage: saved.signInMessage ?? "",
        helpdeskText: saved.helpdeskText ?? "",
        hasLogo: saved.logo !== null,
      },
      [],
    );
  });

  // Only this form sends files: multipart is parsed in its scope alone, fields and the logo
  // as plain values (the logo a Buffer), one file at most, a little over the largest logo so
  // that a larger one is refused in words rather than cut off.
  await app.register(async (scope) => {
    // A form cut short or malformed fails in busboy with a plain Error before the body is
    // attached: the form did not arrive whole, which is the sender's to fix, not a 500.
    scope.setErrorHandler(async (error, request, reply) => {
      const unparsed = request.isMultipart() && request.body === undefined;
      const plain = !isSesameError(error) && !(error instanceof Object && "statusCode" in error);
      if (unparsed && plain) {
        return kit.messagePage(request, reply, 400, "branding.invalid.form", BACK);
      }
      return kit.errorHandler(error, request, reply);
    });
    await scope.register(multipart, {
      attachFieldsToBody: "keyValues",
      throwFileSizeLimit: false,
      limits: { files: 1, fields: 10, fieldSize: 8 * 1024, fileSize: MAX_LOGO_BYTES + 1 },
    });
    scope.post<{ Body: Form }>(
      "/admin/branding",
      kit.section({ back: BACK }),
      async (request, reply) => {
        const body = request.body ?? {};
        const principal = principalOf(request);
        try {
          await branding.update(principal, inputOf(body), http.origin(request));
          return reply.redirect("/admin/branding?saved=1", 303);
        } catch (error) {
          if (!isBrandingInvalid(error)) throw error;
          const { branding: saved } = await branding.get(principal);
          return render(
            request,
            reply,
            {
              name: textOf(body, "name"),
              accentColour: textOf(body, "accentColour"),
              signInMessage: textOf(body, "signInMessage"),
              helpdeskText: textOf(body, "helpdeskText"),
              hasLogo: saved.logo !== null,
            },
            brandingErrors(request.t, error.problems),
            400,
          );
        }
      },
    );
  });
}
