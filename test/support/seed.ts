import type { Services } from "../../src/wiring.js";
import { CLI_ORIGIN } from "../../src/services/context.js";

export const ADMIN_PASSWORD = "correct horse battery staple";
export const USER_PASSWORD = "violet mango kettle drums";
export const origin = { ip: "203.0.113.7", userAgent: "vitest" };

let counter = 0;

/**
 * A fresh organisation with its admin, under a domain no other test uses (or the one given,
 * for a test that names its people in advance), everyone with `password` if given.
 */
export async function seedOrganisation(
  services: Services,
  name = "Contoso",
  setup: { domain?: string; password?: string } = {},
) {
  counter += 1;
  const domain = setup.domain ?? `${name.toLowerCase()}${counter}-${process.pid}.test`;
  const created = await services.directory.initOrganisation({
    organisationName: name,
    domain,
    adminUserId: `admin@${domain}`,
    adminDisplayName: "Ada Admin",
    password: setup.password ?? ADMIN_PASSWORD,
    origin: CLI_ORIGIN,
  });
  const addUser = async (
    localPart: string,
    options: { password?: string; temporary?: boolean } = {},
  ) =>
    services.directory.addUser({
      userId: `${localPart}@${domain}`,
      displayName: `${localPart} Tester`,
      password: options.password ?? setup.password ?? USER_PASSWORD,
      temporary: options.temporary,
      origin: CLI_ORIGIN,
    });
  return { ...created, domain, addUser };
}
