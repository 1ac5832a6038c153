import { RESET_METHODS } from "../../../domain/methods.js";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type PolicyError, type ResetPolicy } from "../../../domain/reset-policy.js";
import {
  isResetPolicyInvalid,
  mayManageResetPolicy,
} from "../../../services/admin/reset-policy.js";
import type { Group } from "../../../store/groups.js";
import type { FieldError } from "../../../views/components.js";
import type { MessageKey, Translate } from "../../../views/i18n.js";
import {
  PasswordResetPolicyPage,
  POLICY_SECTIONS,
  policyFormValues,
  policySectionHref,
  type PolicyFormValues,
  type PolicySection,
} from "../../../views/pages/admin/password-reset-policy.js";
import type { HttpContext } from "../../context.js";
import { textOf, type Form } from "../../forms.js";
import { adminCenterKit } from "./center-kit.js";

const BACK = { href: "/admin/password-reset/properties", key: "resetPolicy.title" } as const;

const sectionOf = (slug: string): PolicySection | undefined =>
  POLICY_SECTIONS.find((section) => policySectionHref(section).endsWith(`/${slug}`));

/** Each section's form fields, as the API names them. */
const SECTION_FIELDS: Record<PolicySection, readonly string[]> = {
  properties: ["enabledFor", "groupId", "allowEmailingPasswords", "strictPrivacy"],
  methods: [
    "methodsRequired",
    "methods",
    "securityQuestionsToRegister",
    "securityQuestionsToReset",
    "customSecurityQuestions",
  ],
  registration: ["requireRegistration", "reconfirmDays"],
  notifications: ["notifyUsers", "notifyAdmins"],
  customization: ["helpdesk"],
  onPremises: ["writeback", "allowUnlock"],
};

const BOOLEAN = new Set([
  "allowEmailingPasswords",
  "strictPrivacy",
  "requireRegistration",
  "notifyUsers",
  "notifyAdmins",
  "writeback",
  "allowUnlock",
]);
const NUMBER = new Set([
  "methodsRequired",
  "securityQuestionsToRegister",
  "securityQuestionsToReset",
  "reconfirmDays",
]);

/** A yes/no radio as a boolean; anything else goes through as is, for the domain to refuse. */
const booleanOf = (text: string): unknown => (text === "yes" ? true : text === "no" ? false : text);
const numberOf = (text: string): unknown => (/^\d{1,6}$/.test(text.trim()) ? Number(text) : text);

/** The custom questions' text area: one question a line, blank lines left out. */
const questionLines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((question, index) => ({ line: index + 1, question }))
    .filter((entry) => entry.question.trim() !== "");

/** The form of one section as a policy patch (the API's shape). */
export function patchOfForm(section: PolicySection, body: Form): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const field of SECTION_FIELDS[section]) {
    if (BOOLEAN.has(field)) patch[field] = booleanOf(textOf(body, field));
    else if (NUMBER.has(field)) patch[field] = numberOf(textOf(body, field));
    else if (field === "enabledFor") patch[field] = textOf(body, field);
    else if (field === "groupId") patch[field] = textOf(body, field) || null;
    else if (field === "customSecurityQuestions") {
      patch[field] = questionLines(textOf(body, field)).map((entry) => entry.question);
    } else if (field === "methods") {
      patch[field] = Object.fromEntries(
        RESET_METHODS.map((method) => [method, textOf(body, `methods.${method}`) !== ""]),
      );
    } else if (field === "helpdesk") {
      const kind = textOf(body, "helpdeskKind");
      const text = textOf(body, "helpdesk").trim();
      patch[field] =
        kind === "email"
          ? { email: text }
          : kind === "url"
            ? { url: text }
            : kind === "none"
              ? null
              : kind;
    }
  }
  return patch;
}

/** The values the form shows again after an error: what the administrator sent. */
function valuesOfForm(current: ResetPolicy, section: PolicySection, body: Form): PolicyFormValues {
  const values = policyFormValues(current);
  for (const field of SECTION_FIELDS[section]) {
    if (field === "methods") {
      for (const method of RESET_METHODS) {
        values[`methods.${method}`] = textOf(body, `methods.${method}`) !== "" ? "on" : "";
      }
    } else if (field === "helpdesk") {
      values.helpdeskKind = textOf(body, "helpdeskKind");
      values.helpdeskValue = textOf(body, "helpdesk");
    } else {
      values[field] = textOf(body, field);
    }
  }
  return values;
}

/** A domain field ("methods.email", "helpdesk.url") as the form field that shows its error. */
const formFieldOf = (field: string) => field.split(".")[0] ?? field;

const CUSTOM_QUESTION = /^customSecurityQuestions\[(\d+)\]$/;

/** Each field's message once; a custom question's problem names its line of the text area. */
function translatedErrors(t: Translate, errors: readonly PolicyError[], body: Form): FieldError[] {
  const lines = questionLines(textOf(body, "customSecurityQuestions"));
  const translated = errors.map((error): FieldError => {
    const index = CUSTOM_QUESTION.exec(error.field)?.[1];
    if (index !== undefined && error.problem) {
      return {
        field: "customSecurityQuestions",
        message: t(`resetPolicy.invalid.customQuestion.${error.problem}`, {
          line: lines[Number(index)]?.line ?? Number(index) + 1,
        }),
      };
    }
    const field = formFieldOf(error.field);
    return { field, message: t(`resetPolicy.invalid.${field}` as MessageKey) };
  });
  const seen = new Set<string>();
  return translated.filter((error) => {
    const key = `${error.field ?? ""}\n${error.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Admin center > Password reset (SPEC [S9]); Global Administrators only. */
export function registerAdminPasswordResetPolicyRoutes(app: FastifyInstance, http: HttpContext) {
  const { resetPolicy, groups } = http.services.admin;
  const kit = adminCenterKit(http);
  const { adminOnly, principalOf } = kit;

  async function allGroups(request: FastifyRequest): Promise<Group[]> {
    const all: Group[] = [];
    let after: { displayName: string; id: string } | undefined;
    // An organisation's groups, a few pages at most in the select.
    for (let page = 0; page < 5; page++) {
      const result = await groups.list(principalOf(request), { after, limit: 200 });
      all.push(...result.groups);
      if (!result.next) break;
      after = result.next;
    }
    return all;
  }

  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    section: PolicySection,
    values: PolicyFormValues,
    errors: FieldError[],
    status = 200,
    notice?: string,
  ) =>
    http.sendPage(
      reply,
      PasswordResetPolicyPage({
        page: http.pageContext(request, reply),
        section,
        values,
        groups: section === "properties" ? await allGroups(request) : [],
        errors,
        notice,
      }),
      status,
    );

  app.get("/admin/password-reset", { preHandler: adminOnly }, async (_request, reply) =>
    reply.redirect(policySectionHref("properties"), 303),
  );

  /** A section's handler, once the section exists and the principal may manage the policy. */
  const inSection =
    <Route extends { Params: { section: string } }>(
      handle: (
        request: FastifyRequest<Route>,
        reply: FastifyReply,
        section: PolicySection,
      ) => Promise<FastifyReply>,
    ) =>
    async (request: FastifyRequest<Route>, reply: FastifyReply) => {
      // Fastify's request types don't narrow through Route; its Params always hold the section.
      const section = sectionOf((request.params as { section: string }).section);
      if (!section) return kit.messagePage(request, reply, 404, "error.notFound", BACK);
      if (!mayManageResetPolicy(principalOf(request))) {
        return kit.errorPage(request, reply, "forbidden");
      }
      return handle(request, reply, section);
    };

  type ShowSection = { Params: { section: string }; Querystring: { saved?: string } };
  app.get<ShowSection>(
    "/admin/password-reset/:section",
    kit.section({ back: BACK }),
    inSection<ShowSection>(async (request, reply, section) => {
      const policy = await resetPolicy.get(principalOf(request));
      return await render(
        request,
        reply,
        section,
        policyFormValues(policy),
        [],
        200,
        request.query.saved === "1" ? request.t("resetPolicy.saved") : undefined,
      );
    }),
  );

  type SaveSection = { Params: { section: string }; Body: Form };
  app.post<SaveSection>(
    "/admin/password-reset/:section",
    kit.section({ back: BACK }),
    inSection<SaveSection>(async (request, reply, section) => {
      const body = request.body ?? {};
      try {
        await resetPolicy.update(
          principalOf(request),
          patchOfForm(section, body),
          http.origin(request),
        );
        return reply.redirect(`${policySectionHref(section)}?saved=1`, 303);
      } catch (error) {
        if (isResetPolicyInvalid(error)) {
          const current = await resetPolicy.get(principalOf(request));
          return render(
            request,
            reply,
            section,
            valuesOfForm(current, section, body),
            translatedErrors(request.t, error.errors, body),
            400,
          );
        }
        throw error;
      }
    }),
  );
}
