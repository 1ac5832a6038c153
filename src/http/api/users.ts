import { Type, type Static } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { MAX_OTHER_MAILS } from "../../services/admin/users-write.js";
import { NoContent, operation, type ApiContext } from "./context.js";
import { collection, CollectionOf, DEFAULT_TOP, PagingQuery, searchTerm } from "./odata.js";
import { GraphUserSchema, Nullable, toGraphUser } from "./user-shape.js";

const UserIdParams = Type.Object(
  {
    id: Type.String({
      minLength: 1,
      maxLength: 256,
      description: "The user's id or userPrincipalName",
    }),
  },
  { additionalProperties: false },
);
type UserIdParams = Static<typeof UserIdParams>;

const ListUsersQuery = Type.Object(
  {
    $search: Type.Optional(
      Type.String({
        maxLength: 300,
        description:
          'One term: "displayName:ada" (Graph\'s form) or ada. Finds users whose name, User ID or email starts with it.',
      }),
    ),
    ...PagingQuery,
  },
  { additionalProperties: false },
);

const Text = (maxLength: number) => Nullable(Type.String({ maxLength }));
const profile = {
  givenName: Type.Optional(Text(64)),
  surname: Type.Optional(Text(64)),
  mail: Type.Optional(Text(254)),
  otherMails: Type.Optional(
    Type.Array(Type.String({ maxLength: 254 }), { maxItems: MAX_OTHER_MAILS }),
  ),
  mobilePhone: Type.Optional(Text(32)),
  businessPhones: Type.Optional(
    Type.Array(Type.String({ maxLength: 32 }), {
      maxItems: 1,
      description: "The office phone: one number, or none to clear it",
    }),
  ),
  preferredLanguage: Type.Optional(Text(16)),
  accountEnabled: Type.Optional(Type.Boolean({ description: "false blocks sign-in" })),
};

const CreateUserBody = Type.Object(
  {
    userPrincipalName: Type.String({ maxLength: 113, description: "name@domain" }),
    displayName: Type.String({ maxLength: 256 }),
    ...profile,
    passwordProfile: Type.Optional(
      Type.Object(
        {
          password: Type.Optional(
            Type.String({
              maxLength: 1024,
              description: "Without one, a temporary password is generated and returned once.",
            }),
          ),
          forceChangePasswordNextSignIn: Type.Optional(Type.Boolean({ default: true })),
        },
        { additionalProperties: false },
      ),
    ),
    mailNickname: Type.Optional(
      Type.String({ maxLength: 64, description: "Accepted for Graph scripts; not used." }),
    ),
  },
  { additionalProperties: false },
);

const CreatedUserSchema = Type.Composite([
  GraphUserSchema,
  Type.Object({
    passwordProfile: Type.Optional(
      Type.Object({
        password: Type.String({ description: "The generated temporary password, shown once" }),
        forceChangePasswordNextSignIn: Type.Boolean(),
      }),
    ),
  }),
]);

const UpdateUserBody = Type.Object(
  { displayName: Type.Optional(Type.String({ maxLength: 256 })), ...profile },
  { additionalProperties: false },
);

const ResetPasswordBody = Type.Object(
  {
    password: Type.Optional(
      Type.String({
        maxLength: 1024,
        description: "Without one, a temporary password is generated and returned once.",
      }),
    ),
    forceChangePasswordNextSignIn: Type.Optional(Type.Boolean({ default: true })),
    sendTo: Type.Optional(
      Type.Array(Type.String({ maxLength: 254 }), {
        maxItems: 10,
        description: "Email the password to these addresses (never with compromised).",
      }),
    ),
    compromised: Type.Optional(
      Type.Boolean({
        default: false,
        description: "Signs the user out everywhere; the password is never emailed.",
      }),
    ),
    blockSignIn: Type.Optional(
      Type.Boolean({ default: false, description: "With compromised: block sign-in too." }),
    ),
  },
  { additionalProperties: false },
);

const PreferHeaders = Type.Object({
  prefer: Type.Optional(
    Type.String({ description: "return=representation answers 200 with the user" }),
  ),
});

/** Graph's businessPhones as the office phone: absent stays, [] clears, [n] sets. */
const officePhoneOf = (phones: string[] | undefined) =>
  phones === undefined ? undefined : (phones[0] ?? null);

/** /users (SPEC [S1], [S3]–[S5]): the directory's users, their passwords and sessions. */
export function registerUserApi(api: FastifyInstance, ctx: ApiContext) {
  const { usersRead, usersWrite, passwordReset, accountActions } = ctx.services.admin;
  const user = ctx.resolveUserId;

  api.get<{ Querystring: Static<typeof ListUsersQuery> }>(
    "/users",
    operation("listUsers", {
      querystring: ListUsersQuery,
      response: { 200: CollectionOf(GraphUserSchema, "A page of users by display name") },
    }),
    async (request) => {
      const page = await usersRead.list(ctx.principalOf(request), {
        search: searchTerm(request.query.$search),
        after: request.query.$skiptoken,
        limit: request.query.$top ?? DEFAULT_TOP,
      });
      const users = page.rows.map((row) => toGraphUser(row.user));
      return collection(ctx.publicUrl, request, "users", users, page.next);
    },
  );

  api.post<{ Body: Static<typeof CreateUserBody> }>(
    "/users",
    operation(
      "createUser",
      { body: CreateUserBody, response: { 201: CreatedUserSchema } },
      { fields: { password: "passwordProfile.password" } },
    ),
    async (request, reply) => {
      const { body } = request;
      const created = await usersWrite.addUser(ctx.principalOf(request), {
        userId: body.userPrincipalName,
        displayName: body.displayName,
        givenName: body.givenName,
        surname: body.surname,
        mail: body.mail,
        otherMails: body.otherMails,
        mobilePhone: body.mobilePhone,
        officePhone: officePhoneOf(body.businessPhones),
        preferredLanguage: body.preferredLanguage,
        accountEnabled: body.accountEnabled,
        password: body.passwordProfile?.password,
        forceChangePasswordNextSignIn: body.passwordProfile?.forceChangePasswordNextSignIn,
        origin: ctx.origin(request),
      });
      return reply.status(201).send({
        ...toGraphUser(created.user),
        ...(created.temporaryPassword === null
          ? {}
          : {
              passwordProfile: {
                password: created.temporaryPassword,
                forceChangePasswordNextSignIn: created.user.forceChangePassword,
              },
            }),
      });
    },
  );

  api.get<{ Params: UserIdParams }>(
    "/users/:id",
    operation(
      "getUser",
      { params: UserIdParams, response: { 200: GraphUserSchema } },
      { preHandler: user },
    ),
    async (request) =>
      toGraphUser((await usersRead.details(ctx.principalOf(request), request.params.id)).user),
  );

  api.patch<{
    Params: UserIdParams;
    Body: Static<typeof UpdateUserBody>;
    Headers: Static<typeof PreferHeaders>;
  }>(
    "/users/:id",
    operation(
      "updateUser",
      {
        params: UserIdParams,
        headers: PreferHeaders,
        body: UpdateUserBody,
        response: { 200: GraphUserSchema, 204: NoContent },
      },
      { preHandler: user },
    ),
    async (request, reply) => {
      const { body } = request;
      const updated = await usersWrite.updateUser(ctx.principalOf(request), request.params.id, {
        displayName: body.displayName,
        givenName: body.givenName,
        surname: body.surname,
        mail: body.mail,
        otherMails: body.otherMails,
        mobilePhone: body.mobilePhone,
        officePhone: officePhoneOf(body.businessPhones),
        preferredLanguage: body.preferredLanguage,
        accountEnabled: body.accountEnabled,
        origin: ctx.origin(request),
      });
      if (/\breturn=representation\b/i.test(request.headers.prefer ?? "")) {
        return reply.status(200).send(toGraphUser(updated));
      }
      return reply.status(204).send();
    },
  );

  api.delete<{ Params: UserIdParams }>(
    "/users/:id",
    operation(
      "deleteUser",
      { params: UserIdParams, response: { 204: NoContent } },
      { preHandler: user },
    ),
    async (request, reply) => {
      await usersWrite.deleteUser(ctx.principalOf(request), request.params.id, ctx.origin(request));
      return reply.status(204).send();
    },
  );

  api.post<{ Params: UserIdParams; Body: Static<typeof ResetPasswordBody> }>(
    "/users/:id/resetPassword",
    operation(
      "resetPassword",
      {
        params: UserIdParams,
        body: ResetPasswordBody,
        response: {
          200: Type.Object(
            { temporaryPassword: Type.String() },
            { description: "The generated temporary password, shown once" },
          ),
          204: Type.Null({ description: "The typed password is set" }),
        },
      },
      { preHandler: user },
    ),
    async (request, reply) => {
      const { body } = request;
      const result = await passwordReset.reset(ctx.principalOf(request), {
        targetId: request.params.id,
        password: body.password,
        forceChangePasswordNextSignIn: body.forceChangePasswordNextSignIn,
        sendTo: body.sendTo,
        compromised: body.compromised,
        blockSignIn: body.blockSignIn,
        language: request.language,
        origin: ctx.origin(request),
      });
      if (result.temporaryPassword === null) return reply.status(204).send();
      return { temporaryPassword: result.temporaryPassword };
    },
  );

  api.post<{ Params: UserIdParams }>(
    "/users/:id/revokeSignInSessions",
    operation(
      "revokeSignInSessions",
      {
        params: UserIdParams,
        response: { 200: Type.Object({ value: Type.Literal(true) }) },
      },
      { preHandler: user },
    ),
    async (request) => {
      await accountActions.revokeSessions(
        ctx.principalOf(request),
        request.params.id,
        ctx.origin(request),
      );
      return { value: true as const };
    },
  );

  api.post<{ Params: UserIdParams }>(
    "/users/:id/unlock",
    operation(
      "unlockUser",
      { params: UserIdParams, response: { 204: NoContent } },
      { preHandler: user },
    ),
    async (request, reply) => {
      await accountActions.unlock(ctx.principalOf(request), request.params.id, ctx.origin(request));
      return reply.status(204).send();
    },
  );
}
