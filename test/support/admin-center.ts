import type { FastifyInstance } from "fastify";
import type { RoleKey } from "../../src/domain/roles.js";
import type { Services } from "../../src/wiring.js";
import type { Store } from "../../src/store/database.js";
import { grantRoles } from "./admins.js";
import { ADMIN_PASSWORD, seedOrganisation, USER_PASSWORD } from "./seed.js";
import { Client } from "./http.js";

/** The first match of a pattern in a page, HTML entities of links undone (for "next page" links). */
export function linkIn(html: string, pattern: RegExp): string | undefined {
  return pattern.exec(html)?.[1]?.replaceAll("&amp;", "&");
}

/**
 * An organisation whose Global Administrator is signed in, and a way to sign in more
 * administrators holding the given roles (a fresh user each time).
 */
export async function adminCenterScene(
  app: FastifyInstance,
  services: Services,
  store: Store,
  name = "Contoso",
) {
  const org = await seedOrganisation(services, name);
  const global = new Client(app);
  await global.signIn(`admin@${org.domain}`, ADMIN_PASSWORD);
  let counter = 0;
  const signInAs = async (roles: readonly RoleKey[]) => {
    counter += 1;
    const { user } = await org.addUser(`${roles.join("-").toLowerCase() || "member"}${counter}`);
    await grantRoles(store, user, roles);
    const client = new Client(app);
    await client.signIn(user.userPrincipalName, USER_PASSWORD);
    return { client, user };
  };
  return { org, global, signInAs };
}

/** POSTs a form whose fields may repeat (check boxes of one name), as the client's browser would. */
export async function postPairs(
  app: FastifyInstance,
  client: Client,
  url: string,
  pairs: readonly [string, string][],
) {
  return app.inject({
    method: "POST",
    url,
    headers: {
      cookie: [...client.cookies].map(([name, value]) => `${name}=${value}`).join("; "),
      "content-type": "application/x-www-form-urlencoded",
    },
    payload: new URLSearchParams(pairs as [string, string][]).toString(),
  });
}
