import { Type, type TSchema } from "@sinclair/typebox";
import type { User } from "../../store/users.js";

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const DateTime = (description: string) =>
  Nullable(Type.String({ format: "date-time", description }));

/** A user as Microsoft Graph names its properties. */
export const GraphUserSchema = Type.Object(
  {
    id: Type.String({ description: "Sesame's id of the user" }),
    userPrincipalName: Type.String({ description: "The User ID, name@domain" }),
    displayName: Type.String(),
    givenName: Nullable(Type.String()),
    surname: Nullable(Type.String()),
    mail: Nullable(Type.String({ description: "Primary email address" })),
    otherMails: Type.Array(Type.String(), { description: "Alternate email addresses" }),
    mobilePhone: Nullable(Type.String({ description: "E.164, such as +31612345678" })),
    businessPhones: Type.Array(Type.String(), { description: "The office phone, if any" }),
    preferredLanguage: Nullable(Type.String({ description: "en or nl" })),
    accountEnabled: Type.Boolean({ description: "false when sign-in is blocked" }),
    onPremisesSyncEnabled: Type.Boolean({
      description: "true when the password is managed in the on-premises directory",
    }),
    createdDateTime: Type.String({ format: "date-time" }),
    lastPasswordChangeDateTime: DateTime("When the password was last set"),
    deletedDateTime: DateTime("When the user was deleted (deleted items only)"),
  },
  { description: "microsoft.graph.user" },
);

const iso = (at: number) => new Date(at).toISOString();

export function toGraphUser(user: User) {
  return {
    id: user.id,
    userPrincipalName: user.userPrincipalName,
    displayName: user.displayName,
    givenName: user.givenName,
    surname: user.surname,
    mail: user.mail,
    otherMails: user.otherMails,
    mobilePhone: user.mobilePhone,
    businessPhones: user.officePhone === null ? [] : [user.officePhone],
    preferredLanguage: user.preferredLanguage,
    accountEnabled: user.accountEnabled,
    onPremisesSyncEnabled: user.passwordManaged === "onPremises",
    createdDateTime: iso(user.createdAt),
    lastPasswordChangeDateTime:
      user.passwordChangedAt === null ? null : iso(user.passwordChangedAt),
    deletedDateTime: user.deletedAt === null ? null : iso(user.deletedAt),
  };
}

export { Nullable };
