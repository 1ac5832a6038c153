import type { Services } from "../../src/services/index.js";
import { CLI_ORIGIN } from "../../src/services/context.js";

export const ADMIN_PASSWORD = "correct horse battery staple";
export const USER_PASSWORD = "violet mango kettle drums";
export const origin = { ip: "203.0.113.7", userAgent: "vitest" };

let counter = 0;

/** A fresh organisation with its admin, under a domain no other test uses. */
export async function seedOrganisation(services: Services, name = "Contoso") {
  counter += 1;
  const domain = `${name.toLowerCase()}${counter}-${process.pid}.test`;
  const created = await services.directory.initOrganisation({
    organisationName: name,
    domain,
    adminUserId: `admin@${domain}`,
    adminDisplayName: "Ada Admin",
    password: ADMIN_PASSWORD,
    origin: CLI_ORIGIN,
  });
  const addUser = async (
    localPart: string,
    options: { password?: string; temporary?: boolean } = {},
  ) =>
    services.directory.addUser({
      userId: `${localPart}@${domain}`,
      displayName: `${localPart} Tester`,
      password: options.password ?? USER_PASSWORD,
      temporary: options.temporary,
      origin: CLI_ORIGIN,
    });
  return { ...created, domain, addUser };
}
