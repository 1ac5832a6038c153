import type { ContactKind } from "../../domain/methods.js";
import { Type, type Static } from "@sinclair/typebox";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { RegisteredMethod } from "../../services/admin/authentication-methods.js";
import type { User } from "../../store/users.js";
import { NoContent, operation, type ApiContext } from "./context.js";
import { GRAPH_CODES } from "../errors.js";
import { ApiError, badRequest } from "./errors.js";
import { CollectionOf, contextUrl } from "./odata.js";
import { Nullable } from "./user-shape.js";

/** Graph names each phone method by a fixed id per phone type, and the email method by one id. */
export const PHONE_METHOD_IDS = {
  mobile: "3179e48a-750b-4051-897c-87b9720928f7",
  alternateMobile: "b6332ec1-7057-4abe-9331-3d72feddfe41",
  office: "e37fc753-ff3b-4958-9484-eaa9425c82bc",
} as const;
export const EMAIL_METHOD_ID = "3ddfcfc8-9383-446f-83cc-3ab9be4be18f";
export const PASSWORD_METHOD_ID = "28c10230-6103-485e-b985-444c60001490";

type PhoneKind = Extract<ContactKind, "mobilePhone" | "officePhone">;
type PhoneType = "mobile" | "office";
const PHONE_KIND: Record<PhoneType, PhoneKind> = { mobile: "mobilePhone", office: "officePhone" };
const PHONE_TYPE: Record<PhoneKind, PhoneType> = { mobilePhone: "mobile", officePhone: "office" };

const PhoneTypeSchema = Type.Union(
  [Type.Literal("mobile"), Type.Literal("alternateMobile"), Type.Literal("office")],
  { description: "mobile or office; alternateMobile is not supported (one mobile per user)" },
);

const PhoneMethodSchema = Type.Object(
  {
    id: Type.String({ description: "The fixed id of the phone type" }),
    phoneNumber: Type.String({ description: "E.164, such as +31612345678" }),
    phoneType: Type.Union([Type.Literal("mobile"), Type.Literal("office")]),
    smsSignInState: Type.Literal("notSupported", {
      description: "Sesame has no sign-in by text message",
    }),
  },
  { description: "microsoft.graph.phoneAuthenticationMethod" },
);

const EmailMethodSchema = Type.Object(
  {
    id: Type.Literal(EMAIL_METHOD_ID),
    emailAddress: Type.String(),
  },
  { description: "microsoft.graph.emailAuthenticationMethod" },
);

const AnyMethodSchema = Type.Object(
  {
    "@odata.type": Type.String({ examples: ["#microsoft.graph.phoneAuthenticationMethod"] }),
    id: Type.String(),
    createdDateTime: Type.Optional(Nullable(Type.String({ format: "date-time" }))),
    password: Type.Optional(Type.Null({ description: "Never returned" })),
    phoneNumber: Type.Optional(Type.String()),
    phoneType: Type.Optional(Type.String()),
    smsSignInState: Type.Optional(Type.String()),
    emailAddress: Type.Optional(Type.String()),
    secretKey: Type.Optional(Type.Null({ description: "Never returned" })),
  },
  {
    description:
      "One of the user's methods: password, phone and email as Graph shapes them; security questions and authenticator apps only as registered, never their answers or secrets",
  },
);

const Params = Type.Object(
  {
    id: Type.String({
      minLength: 1,
      maxLength: 256,
      description: "The user's id or userPrincipalName",
    }),
  },
  { additionalProperties: false },
);
const MethodParams = Type.Object(
  { ...Params.properties, methodId: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);
type Params = Static<typeof Params>;
type MethodParams = Static<typeof MethodParams>;

const PhoneNumber = Type.String({
  maxLength: 64,
  description: "With the country code: +31 6 12345678; stored as E.164",
});
const EmailAddress = Type.String({ maxLength: 254 });

const CreatePhoneBody = Type.Object(
  { phoneNumber: PhoneNumber, phoneType: PhoneTypeSchema },
  { additionalProperties: false },
);
const UpdatePhoneBody = Type.Object(
  { phoneNumber: PhoneNumber, phoneType: Type.Optional(PhoneTypeSchema) },
  { additionalProperties: false },
);
const EmailBody = Type.Object({ emailAddress: EmailAddress }, { additionalProperties: false });

const iso = (at: number) => new Date(at).toISOString();

const isPhone = (method: RegisteredMethod): method is RegisteredMethod & { kind: PhoneKind } =>
  method.kind === "mobilePhone" || method.kind === "officePhone";

function toPhoneMethod(method: RegisteredMethod & { kind: PhoneKind }) {
  const phoneType = PHONE_TYPE[method.kind];
  return {
    id: PHONE_METHOD_IDS[phoneType],
    phoneNumber: method.value ?? "",
    phoneType,
    smsSignInState: "notSupported" as const,
  };
}

const toEmailMethod = (method: RegisteredMethod) => ({
  id: EMAIL_METHOD_ID,
  emailAddress: method.value ?? "",
});

/** Every method in Graph's polymorphic list: the password first, as Graph lists it. */
function toAnyMethods(user: User, methods: RegisteredMethod[]) {
  const password = {
    "@odata.type": "#microsoft.graph.passwordAuthenticationMethod",
    id: PASSWORD_METHOD_ID,
    password: null,
    createdDateTime: user.passwordChangedAt === null ? null : iso(user.passwordChangedAt),
  };
  return [
    password,
    ...methods.map((method) => {
      const createdDateTime = iso(method.registeredAt);
      if (isPhone(method)) {
        return {
          "@odata.type": "#microsoft.graph.phoneAuthenticationMethod",
          ...toPhoneMethod(method),
        };
      }
      if (method.kind === "email") {
        return {
          "@odata.type": "#microsoft.graph.emailAuthenticationMethod",
          ...toEmailMethod(method),
        };
      }
      if (method.kind === "authenticatorApp") {
        return {
          "@odata.type": "#microsoft.graph.softwareOathAuthenticationMethod",
          id: method.id,
          secretKey: null,
          createdDateTime,
        };
      }
      // Graph has no type for security questions; the name says whose it is.
      return {
        "@odata.type": "#sesame.securityQuestionsAuthenticationMethod",
        id: method.id,
        createdDateTime,
      };
    }),
  ];
}

const methodNotFound = () =>
  new ApiError(404, GRAPH_CODES.notFound, "The user has no authentication method with this id.");

/** The phone kind a Graph phone method id names; alternateMobile never exists here. */
function phoneKindOf(methodId: string): PhoneKind {
  const type = (Object.keys(PHONE_KIND) as PhoneType[]).find(
    (candidate) => PHONE_METHOD_IDS[candidate] === methodId.toLowerCase(),
  );
  if (!type) throw methodNotFound();
  return PHONE_KIND[type];
}

function assertEmailMethodId(methodId: string) {
  if (methodId.toLowerCase() !== EMAIL_METHOD_ID) throw methodNotFound();
}

function phoneKindOfType(phoneType: Static<typeof PhoneTypeSchema>): PhoneKind {
  if (phoneType === "alternateMobile") {
    throw badRequest(
      "phoneType",
      "alternateMobile is not supported: a user has one mobile and one office phone.",
    );
  }
  return PHONE_KIND[phoneType];
}

/**
 * /users/{id}/authentication (SPEC [S3], [S8]): the phone and email methods an administrator
 * who may reset the user's password sets for them, in Microsoft Graph's shapes.
 */
export function registerAuthenticationMethodApi(api: FastifyInstance, ctx: ApiContext) {
  const { authenticationMethods } = ctx.services.admin;
  const user = ctx.resolveUserId;
  const base = "/users/:id/authentication";

  type UserRequest = FastifyRequest & { params: Params };
  const methodsOf = (request: UserRequest) =>
    authenticationMethods.list(ctx.principalOf(request), request.params.id);

  const findMethod = async (request: UserRequest, kind: ContactKind) => {
    const { methods } = await methodsOf(request);
    const method = methods.find((candidate) => candidate.kind === kind);
    if (!method) throw methodNotFound();
    return method;
  };

  api.get<{ Params: Params }>(
    `${base}/methods`,
    operation(
      "listAuthenticationMethods",
      { params: Params, response: { 200: CollectionOf(AnyMethodSchema, "The user's methods") } },
      { preHandler: user },
    ),
    async (request) => {
      const { user: target, methods } = await methodsOf(request);
      return {
        "@odata.context": contextUrl(ctx.publicUrl, "users('id')/authentication/methods"),
        value: toAnyMethods(target, methods),
      };
    },
  );

  // ---- Phone methods ----

  api.get<{ Params: Params }>(
    `${base}/phoneMethods`,
    operation(
      "listPhoneMethods",
      { params: Params, response: { 200: CollectionOf(PhoneMethodSchema, "The user's phones") } },
      { preHandler: user },
    ),
    async (request) => {
      const { methods } = await methodsOf(request);
      return {
        "@odata.context": contextUrl(ctx.publicUrl, "users('id')/authentication/phoneMethods"),
        value: methods.filter(isPhone).map(toPhoneMethod),
      };
    },
  );

  api.get<{ Params: MethodParams }>(
    `${base}/phoneMethods/:methodId`,
    operation(
      "getPhoneMethod",
      { params: MethodParams, response: { 200: PhoneMethodSchema } },
      { preHandler: user },
    ),
    async (request) => {
      const method = await findMethod(request, phoneKindOf(request.params.methodId));
      return toPhoneMethod(method as RegisteredMethod & { kind: PhoneKind });
    },
  );

  api.post<{ Params: Params; Body: Static<typeof CreatePhoneBody> }>(
    `${base}/phoneMethods`,
    operation(
      "createPhoneMethod",
      { params: Params, body: CreatePhoneBody, response: { 201: PhoneMethodSchema } },
      { preHandler: user },
    ),
    async (request, reply) => {
      const kind = phoneKindOfType(request.body.phoneType);
      const added = await authenticationMethods.add(ctx.principalOf(request), request.params.id, {
        kind,
        value: request.body.phoneNumber,
        origin: ctx.origin(request),
      });
      return reply.status(201).send(toPhoneMethod({ ...added, kind }));
    },
  );

  api.patch<{ Params: MethodParams; Body: Static<typeof UpdatePhoneBody> }>(
    `${base}/phoneMethods/:methodId`,
    operation(
      "updatePhoneMethod",
      { params: MethodParams, body: UpdatePhoneBody, response: { 204: NoContent } },
      { preHandler: user },
    ),
    async (request, reply) => {
      const kind = phoneKindOf(request.params.methodId);
      const { phoneType } = request.body;
      if (phoneType !== undefined && phoneKindOfType(phoneType) !== kind) {
        throw badRequest(
          "phoneType",
          "A phone's type can't change: add a phone of the other type, then delete this one.",
        );
      }
      await authenticationMethods.update(ctx.principalOf(request), request.params.id, {
        kind,
        value: request.body.phoneNumber,
        origin: ctx.origin(request),
      });
      return reply.status(204).send();
    },
  );

  api.delete<{ Params: MethodParams }>(
    `${base}/phoneMethods/:methodId`,
    operation(
      "deletePhoneMethod",
      { params: MethodParams, response: { 204: NoContent } },
      { preHandler: user },
    ),
    async (request, reply) => {
      await authenticationMethods.remove(ctx.principalOf(request), request.params.id, {
        kind: phoneKindOf(request.params.methodId),
        origin: ctx.origin(request),
      });
      return reply.status(204).send();
    },
  );

  // ---- Email method ----

  api.get<{ Params: Params }>(
    `${base}/emailMethods`,
    operation(
      "listEmailMethods",
      {
        params: Params,
        response: { 200: CollectionOf(EmailMethodSchema, "The user's email method, if any") },
      },
      { preHandler: user },
    ),
    async (request) => {
      const { methods } = await methodsOf(request);
      return {
        "@odata.context": contextUrl(ctx.publicUrl, "users('id')/authentication/emailMethods"),
        value: methods.filter((method) => method.kind === "email").map(toEmailMethod),
      };
    },
  );

  api.get<{ Params: MethodParams }>(
    `${base}/emailMethods/:methodId`,
    operation(
      "getEmailMethod",
      { params: MethodParams, response: { 200: EmailMethodSchema } },
      { preHandler: user },
    ),
    async (request) => {
      assertEmailMethodId(request.params.methodId);
      return toEmailMethod(await findMethod(request, "email"));
    },
  );

  api.post<{ Params: Params; Body: Static<typeof EmailBody> }>(
    `${base}/emailMethods`,
    operation(
      "createEmailMethod",
      { params: Params, body: EmailBody, response: { 201: EmailMethodSchema } },
      { preHandler: user },
    ),
    async (request, reply) => {
      const added = await authenticationMethods.add(ctx.principalOf(request), request.params.id, {
        kind: "email",
        value: request.body.emailAddress,
        origin: ctx.origin(request),
      });
      return reply.status(201).send(toEmailMethod(added));
    },
  );

  api.patch<{ Params: MethodParams; Body: Static<typeof EmailBody> }>(
    `${base}/emailMethods/:methodId`,
    operation(
      "updateEmailMethod",
      { params: MethodParams, body: EmailBody, response: { 200: EmailMethodSchema } },
      { preHandler: user },
    ),
    async (request) => {
      assertEmailMethodId(request.params.methodId);
      return toEmailMethod(
        await authenticationMethods.update(ctx.principalOf(request), request.params.id, {
          kind: "email",
          value: request.body.emailAddress,
          origin: ctx.origin(request),
        }),
      );
    },
  );

  api.delete<{ Params: MethodParams }>(
    `${base}/emailMethods/:methodId`,
    operation(
      "deleteEmailMethod",
      { params: MethodParams, response: { 204: NoContent } },
      { preHandler: user },
    ),
    async (request, reply) => {
      assertEmailMethodId(request.params.methodId);
      await authenticationMethods.remove(ctx.principalOf(request), request.params.id, {
        kind: "email",
        origin: ctx.origin(request),
      });
      return reply.status(204).send();
    },
  );
}
