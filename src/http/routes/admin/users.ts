import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { MAX_BULK_RESET } from "../../../services/admin/password-reset.js";
import type { Principal } from "../../../services/admin/principal.js";
import {
  DEFAULT_USER_SORT,
  parseUserColumns,
  parseUserSort,
  USER_FILTERS,
} from "../../../domain/user-grid.js";
import { isSesameError } from "../../../services/errors.js";
import type { MessageKey } from "../../../views/i18n.js";
import {
  ResetPasswordPage,
  type ResetFormValues,
} from "../../../views/pages/admin/reset-password.js";
import { UserDetailsPage } from "../../../views/pages/admin/user-details.js";
import {
  ACCOUNT_ACTIONS,
  AccountActionPage,
  accountActionsOffered,
  type AccountAction,
} from "../../../views/pages/admin/account-action.js";
import {
  UsersListPage,
  usersListHref,
  type UsersListState,
} from "../../../views/pages/admin/users-list.js";
import { AdminHomePage } from "../../../views/pages/admin/home.js";
import { BulkResetPage } from "../../../views/pages/admin/bulk-reset.js";
import type { HttpContext } from "../../context.js";
import { statusOf } from "../../errors.js";
import { formErrors } from "../../form-errors.js";
import { textOf, textsOf, type Form } from "../../forms.js";
import { loadUserPage } from "./user-management.js";
import { adminCenterKit } from "./center-kit.js";
import { showResult } from "./results.js";

type Params = { id: string };

const DONE: Record<string, MessageKey> = {
  unlock: "admin.done.unlock",
  "revoke-sessions": "admin.done.revokeSessions",
  block: "admin.done.block",
  unblock: "admin.done.unblock",
  profile: "admin.done.profile",
  "contact-info": "admin.done.contactInfo",
  "role-assigned": "admin.done.roleAssigned",
  "role-removed": "admin.done.roleRemoved",
  restore: "admin.done.restore",
  "method-added": "authMethods.done.added",
  "method-changed": "authMethods.done.changed",
  "method-deleted": "authMethods.done.deleted",
};

/** Admin center > Users: a user's page, the reset dialog and account actions (SPEC [S3]–[S5]). */
export function registerAdminUserRoutes(app: FastifyInstance, http: HttpContext) {
  const { services } = http;
  const admin = services.admin;

  const { messagePage, errorPage, adminOnly, principalOf } = adminCenterKit(http);

  app.get("/admin", { preHandler: adminOnly }, async (request, reply) => {
    const counts = await admin.dashboard.overview(principalOf(request));
    return http.sendPage(
      reply,
      AdminHomePage({
        page: http.pageContext(request, reply),
        counts,
        today: new Date(services.deps.now()).toISOString().slice(0, 10),
      }),
    );
  });

  type ListQuery = {
    Querystring: {
      search?: string;
      filter?: string;
      sort?: string;
      columns?: string | string[];
      after?: string;
    };
  };
  const listUsers = async (request: FastifyRequest<ListQuery>, reply: FastifyReply) => {
    const { query } = request;
    const state: UsersListState = {
      search: typeof query.search === "string" ? query.search : "",
      filter: USER_FILTERS.find((f) => f === query.filter) ?? "all",
      sort: (typeof query.sort === "string" && parseUserSort(query.sort)) || DEFAULT_USER_SORT,
      columns: parseUserColumns(
        [query.columns ?? []].flat().filter((c): c is string => typeof c === "string"),
      ),
    };
    const principal = principalOf(request);
    try {
      const { rows, next } = await admin.usersRead.list(principal, {
        search: state.search,
        filter: state.filter,
        sort: state.sort,
        after: query.after,
      });
      return http.sendPage(
        reply,
        UsersListPage({
          page: http.pageContext(request, reply),
          state,
          counts: await admin.dashboard.filterCounts(principal),
          rows,
          nextHref: next && usersListHref(state, next),
          isFirstPage: !query.after,
          now: services.deps.now(),
        }),
      );
    } catch (error) {
      // A stale page link or a sort a search can't have: the same list from its first page.
      if (isSesameError(error, "invalidInput")) {
        const sort = state.search ? DEFAULT_USER_SORT : state.sort;
        return reply.redirect(usersListHref({ ...state, sort }), 303);
      }
      throw error;
    }
  };
  app.get<ListQuery>("/admin/users", { preHandler: adminOnly }, listUsers);
  // Microsoft 365 calls the same list "Active users".
  app.get<ListQuery>("/admin/users/active", { preHandler: adminOnly }, listUsers);

  // Several users at once (SPEC [S4]): choose on the list, confirm, see each password once.
  const selectedUsers = (body: Form | undefined): string[] => textsOf(body ?? {}, "users");
  app.post<{ Body: Form }>(
    "/admin/users/bulk-reset",
    { preHandler: adminOnly },
    async (request, reply) => {
      const userIds = [...new Set(selectedUsers(request.body))];
      if (userIds.length === 0 || userIds.length > MAX_BULK_RESET) {
        return messagePage(request, reply, 400, "admin.bulk.wrongCount");
      }
      return http.sendPage(
        reply,
        BulkResetPage({ page: http.pageContext(request, reply), userIds }),
      );
    },
  );
  app.post<{ Body: Form }>(
    "/admin/users/bulk-reset/confirm",
    { preHandler: adminOnly },
    async (request, reply) => {
      try {
        const results = await admin.passwordReset.resetMany(
          principalOf(request),
          selectedUsers(request.body),
          {
            forceChangePasswordNextSignIn: request.body?.forceChange === "on",
            origin: http.origin(request),
          },
        );
        return await showResult(http, request, reply, "bulk-reset", {
          results: results.map(({ targetId, result, error }) => ({
            targetId,
            result,
            problem:
              error &&
              formErrors(request.t, error)
                .map((e) => e.message)
                .join(" "),
          })),
        });
      } catch (error) {
        if (isSesameError(error, "invalidInput") || isSesameError(error, "forbidden")) {
          return messagePage(request, reply, 400, "admin.bulk.wrongCount");
        }
        throw error;
      }
    },
  );

  app.get<{ Params: Params; Querystring: { done?: string } }>(
    "/admin/users/:id",
    { preHandler: adminOnly },
    async (request, reply) => {
      const { details, ...extras } = await loadUserPage(
        admin,
        principalOf(request),
        request.params.id,
      );
      const done = DONE[request.query.done ?? ""];
      return http.sendPage(
        reply,
        UserDetailsPage({
          page: http.pageContext(request, reply),
          details,
          ...extras,
          notice: done && request.t(done, { name: details.user.displayName }),
        }),
      );
    },
  );

  const actions: Record<
    AccountAction,
    (principal: Principal, id: string, request: FastifyRequest) => Promise<unknown>
  > = {
    unlock: (principal, id, request) =>
      admin.accountActions.unlock(principal, id, http.origin(request)),
    "revoke-sessions": (principal, id, request) =>
      admin.accountActions.revokeSessions(principal, id, http.origin(request)),
    block: (principal, id, request) =>
      admin.accountActions.setSignInBlocked(principal, id, true, http.origin(request)),
    unblock: (principal, id, request) =>
      admin.accountActions.setSignInBlocked(principal, id, false, http.origin(request)),
  };
  for (const action of ACCOUNT_ACTIONS) {
    const run = actions[action];
    // The question first, as a page (or the panel beside the user's page, with JavaScript).
    app.get<{ Params: Params }>(
      `/admin/users/:id/${action}`,
      { preHandler: adminOnly },
      async (request, reply) => {
        const details = await admin.usersRead.details(principalOf(request), request.params.id);
        if (!accountActionsOffered(details).includes(action)) {
          return reply.redirect(`/admin/users/${encodeURIComponent(details.user.id)}`, 303);
        }
        return http.sendPage(
          reply,
          AccountActionPage({
            page: http.pageContext(request, reply),
            user: details.user,
            action,
          }),
        );
      },
    );
    app.post<{ Params: Params }>(
      `/admin/users/:id/${action}`,
      { preHandler: adminOnly },
      async (request, reply) => {
        await run(principalOf(request), request.params.id, request);
        return reply.redirect(
          `/admin/users/${encodeURIComponent(request.params.id)}?done=${action}`,
          303,
        );
      },
    );
  }

  const defaults = (request: FastifyRequest): ResetFormValues => ({
    mode: "generate",
    forceChange: true,
    sendEmail: false,
    recipients: request.auth?.user.mail ?? request.auth?.user.userPrincipalName ?? "",
    compromised: false,
    blockSignIn: false,
  });

  app.get<{ Params: Params }>(
    "/admin/users/:id/reset-password",
    { preHandler: adminOnly },
    async (request, reply) => {
      const details = await admin.usersRead.details(principalOf(request), request.params.id);
      if (!details.allowed.resetPassword) return errorPage(request, reply, "forbidden");
      return http.sendPage(
        reply,
        ResetPasswordPage({
          page: http.pageContext(request, reply),
          user: details.user,
          values: defaults(request),
          errors: [],
          allowEmailingPasswords: (await admin.resetPolicy.get(principalOf(request)))
            .allowEmailingPasswords,
        }),
      );
    },
  );

  app.post<{ Params: Params; Body: Form }>(
    "/admin/users/:id/reset-password",
    { preHandler: adminOnly },
    async (request, reply) => {
      const principal = principalOf(request);
      const body = request.body ?? {};
      const checked = (name: string) => body[name] === "on";
      const values: ResetFormValues = {
        mode: body.mode === "type" ? "type" : "generate",
        forceChange: checked("forceChange"),
        sendEmail: checked("sendEmail"),
        recipients: textOf(body, "sendTo"),
        compromised: checked("compromised"),
        blockSignIn: checked("blockSignIn"),
      };
      const sendTo = values.sendEmail ? values.recipients.split(/[\s,;]+/).filter(Boolean) : [];
      try {
        const result = await admin.passwordReset.reset(principal, {
          targetId: request.params.id,
          password: values.mode === "type" ? String(body.password ?? "") || " " : undefined,
          forceChangePasswordNextSignIn: values.forceChange,
          sendTo,
          compromised: values.compromised,
          blockSignIn: values.compromised && values.blockSignIn,
          language: request.language,
          origin: http.origin(request),
        });
        return await showResult(http, request, reply, "reset", { result, emailedTo: sendTo });
      } catch (error) {
        if (isSesameError(error) && (error.field || error.code === "passwordRejected")) {
          const details = await admin.usersRead.details(principal, request.params.id);
          return http.sendPage(
            reply,
            ResetPasswordPage({
              page: http.pageContext(request, reply),
              user: details.user,
              values,
              errors: formErrors(request.t, error),
              allowEmailingPasswords: (await admin.resetPolicy.get(principal))
                .allowEmailingPasswords,
            }),
            statusOf(error),
          );
        }
        throw error;
      }
    },
  );
}
