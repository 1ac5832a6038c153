import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { PageContext } from "../../../views/components.js";
import type { MessageKey } from "../../../views/i18n.js";
import type { Named } from "../../../views/pages/admin/models.js";
import { AddUserDonePage, type AddedUser } from "../../../views/pages/admin/add-user.js";
import { ApiKeyCreatedPage, type CreatedKey } from "../../../views/pages/admin/api-keys.js";
import { BulkResetDonePage, type BulkResetEntry } from "../../../views/pages/admin/bulk-reset.js";
import { ResetDonePage, type ResetOutcome } from "../../../views/pages/admin/reset-password.js";
import type { HttpContext } from "../../context.js";
import type { PageLink } from "../../errors.js";
import { adminCenterKit } from "./center-kit.js";

/** What a change shows once, by kind: each is the props of its page. */
interface AdminResults {
  reset: { result: ResetOutcome; emailedTo: string[] };
  "bulk-reset": { results: BulkResetEntry[] };
  "add-user": { created: AddedUser };
  "api-key": { created: CreatedKey };
}
type Kind = keyof AdminResults;

const PAGES: {
  [K in Kind]: (page: PageContext, content: AdminResults[K]) => ReturnType<typeof ResetDonePage>;
} = {
  reset: (page, content) => ResetDonePage({ page, ...content }),
  "bulk-reset": (page, content) => BulkResetDonePage({ page, ...content }),
  "add-user": (page, content) => AddUserDonePage({ page, ...content }),
  "api-key": (page, content) => ApiKeyCreatedPage({ page, ...content }),
};

const named = (user: Named): Named => ({ id: user.id, displayName: user.displayName });

/**
 * Exactly what each page shows, copied field by field: a service's result may carry more
 * (a whole user), and nothing beyond the page's needs is kept, even sealed.
 */
const KEPT: { [K in Kind]: (content: AdminResults[K]) => AdminResults[K] } = {
  reset: ({ result, emailedTo }) => ({
    result: {
      user: named(result.user),
      temporaryPassword: result.temporaryPassword,
      forceChangePasswordNextSignIn: result.forceChangePasswordNextSignIn,
      sessionsEnded: result.sessionsEnded,
    },
    emailedTo: [...emailedTo],
  }),
  "bulk-reset": ({ results }) => ({
    results: results.map(({ targetId, result, problem }) => ({
      targetId,
      result: result && { user: named(result.user), temporaryPassword: result.temporaryPassword },
      problem,
    })),
  }),
  "add-user": ({ created: { user, temporaryPassword } }) => ({
    created: {
      user: {
        ...named(user),
        userPrincipalName: user.userPrincipalName,
        forceChangePassword: user.forceChangePassword,
      },
      temporaryPassword,
    },
  }),
  "api-key": ({ created: { apiKey, key } }) => ({
    created: { apiKey: { name: apiKey.name, roles: [...apiKey.roles] }, key },
  }),
};

/** Where a result's "shown already" page leads: its section. */
const SECTIONS: Record<Kind, PageLink> = {
  reset: { href: "/admin/users", key: "admin.users.title" },
  "bulk-reset": { href: "/admin/users", key: "admin.users.title" },
  "add-user": { href: "/admin/users", key: "admin.users.title" },
  "api-key": { href: "/admin/api-keys", key: "admin.apiKeys.title" },
};
const isKind = (kind: string): kind is Kind => Object.hasOwn(PAGES, kind);

/**
 * Ends a form that changed something (POST/redirect/GET): keeps its result for this session
 * and sends the browser to it, so a refresh shows the result and never runs the change again.
 */
export async function showResult<K extends Kind>(
  http: HttpContext,
  request: FastifyRequest,
  reply: FastifyReply,
  kind: K,
  content: AdminResults[K],
): Promise<FastifyReply> {
  if (!request.auth) throw new Error("adminOnly runs first");
  const token = await http.services.shownOnce.keep(request.auth.idHash, kind, KEPT[kind](content));
  return reply.redirect(`/admin/results/${token}`, 303);
}

/** A result once, then "shown already"; another session's link, or an expired one, is gone. */
export function registerAdminResultRoutes(app: FastifyInstance, http: HttpContext) {
  const kit = adminCenterKit(http);
  app.get<{ Params: { token: string } }>(
    "/admin/results/:token",
    { preHandler: kit.adminOnly },
    async (request, reply) => {
      const session = request.auth?.idHash ?? "";
      const taken = await http.services.shownOnce.take(session, request.params.token);
      const notice = (status: number, key: MessageKey, back?: PageLink) =>
        kit.messagePage(request, reply, status, key, back);
      if (taken.state === "gone") return notice(404, "admin.result.gone");
      if (!isKind(taken.kind)) throw new Error(`No page for results of kind ${taken.kind}`);
      if (taken.state === "shown") return notice(410, "admin.result.shown", SECTIONS[taken.kind]);
      const page = PAGES[taken.kind] as (
        page: PageContext,
        content: unknown,
      ) => ReturnType<typeof ResetDonePage>;
      return http.sendPage(reply, page(http.pageContext(request, reply), taken.content));
    },
  );
}
