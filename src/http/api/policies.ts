import { Type, type Static, type TBoolean } from "@sinclair/typebox";
import { RESET_METHODS, type ResetMethod } from "../../domain/methods.js";
import type { FastifyInstance } from "fastify";
import {
  CUSTOM_QUESTION_MAX_LENGTH,
  CUSTOM_QUESTION_MIN_LENGTH,
  CUSTOM_QUESTIONS_MAX,
  QUESTIONS_MAX,
  QUESTIONS_MIN,
  RECONFIRM_DAYS_MAX,
  type ResetPolicy,
} from "../../domain/reset-policy.js";
import { operation, type ApiContext } from "./context.js";
import { Nullable } from "./user-shape.js";

const Questions = Type.Integer({ minimum: QUESTIONS_MIN, maximum: QUESTIONS_MAX });
const Methods = Type.Object(
  Object.fromEntries(RESET_METHODS.map((method) => [method, Type.Boolean()])) as Record<
    ResetMethod,
    TBoolean
  >,
  { additionalProperties: false, description: "The methods users may prove themselves with" },
);
const Helpdesk = Nullable(
  Type.Union([
    Type.Object({ email: Type.String({ maxLength: 512 }) }, { additionalProperties: false }),
    Type.Object({ url: Type.String({ maxLength: 512 }) }, { additionalProperties: false }),
  ]),
);

const policyProperties = {
  enabledFor: Type.Union([Type.Literal("none"), Type.Literal("group"), Type.Literal("all")], {
    description: "Who may reset their own password",
  }),
  groupId: Nullable(Type.String({ maxLength: 64, description: 'The group when "group"' })),
  methodsRequired: Type.Union([Type.Literal(1), Type.Literal(2)], {
    description: "Methods a user proves to reset; administrators always 2",
  }),
  methods: Methods,
  securityQuestionsToRegister: Questions,
  securityQuestionsToReset: Questions,
  customSecurityQuestions: Type.Array(
    Type.String({ minLength: CUSTOM_QUESTION_MIN_LENGTH, maxLength: CUSTOM_QUESTION_MAX_LENGTH }),
    {
      maxItems: CUSTOM_QUESTIONS_MAX,
      description:
        "The organisation's own security questions, offered after the 35 predefined ones: trimmed, one line each, no two alike (ignoring case)",
    },
  ),
  requireRegistration: Type.Boolean(),
  reconfirmDays: Type.Integer({
    minimum: 0,
    maximum: RECONFIRM_DAYS_MAX,
    description: "Days before users reconfirm their security info; 0 = never",
  }),
  notifyUsers: Type.Boolean(),
  notifyAdmins: Type.Boolean(),
  helpdesk: Helpdesk,
  allowUnlock: Type.Boolean(),
  writeback: Type.Boolean(),
  allowEmailingPasswords: Type.Boolean(),
  strictPrivacy: Type.Boolean(),
};

const PolicySchema = Type.Object(policyProperties, {
  description: "The self-service password reset policy of the key's organisation",
});

const PolicyPatch = Type.Object(
  {
    ...Object.fromEntries(
      Object.entries(policyProperties).map(([key, schema]) => [key, Type.Optional(schema)]),
    ),
    methods: Type.Optional(Type.Partial(Methods)),
    // Each question is checked by the policy itself, so an error names its index
    // ("customSecurityQuestions[2]"); the schema only says it is a list of texts.
    customSecurityQuestions: Type.Optional(
      Type.Array(Type.String(), {
        description: policyProperties.customSecurityQuestions.description,
      }),
    ),
  },
  { additionalProperties: false },
);

const toApiPolicy = (policy: ResetPolicy): Static<typeof PolicySchema> => ({
  ...policy,
  methods: { ...policy.methods },
});

/** /policies/passwordReset (SPEC [S9]): read by directory readers, changed by Global Administrators. */
export function registerPolicyApi(api: FastifyInstance, ctx: ApiContext) {
  const { resetPolicy } = ctx.services.admin;

  api.get(
    "/policies/passwordReset",
    operation("getPasswordResetPolicy", { response: { 200: PolicySchema } }),
    async (request) => toApiPolicy(await resetPolicy.get(ctx.principalOf(request))),
  );

  api.patch<{ Body: Static<typeof PolicyPatch> }>(
    "/policies/passwordReset",
    operation("updatePasswordResetPolicy", {
      body: PolicyPatch,
      response: { 200: PolicySchema },
    }),
    async (request) =>
      toApiPolicy(
        await resetPolicy.update(ctx.principalOf(request), request.body, ctx.origin(request)),
      ),
  );
}
