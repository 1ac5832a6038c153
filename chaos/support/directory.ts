/**
 * An organisation in the built server's store, made as an operator would: `sesame init` and
 * `sesame apikey create` on the server's settings, then users through the REST API.
 */
import { sesame } from "../../test/support/cli.js";
import { apiClient } from "./web-client.js";

export const PASSWORD = "violet mango kettle drums";

export interface Directory {
  domain: string;
  /** A User Administrator's API key. */
  key: string;
  /** User IDs that sign in with PASSWORD (never reset by the scripts). */
  signInUsers: string[];
  /** Object ids of users the scripts reset. */
  resetTargets: string[];
}

async function cli(args: string[], env: Record<string, string>): Promise<string> {
  const result = await sesame(args, env);
  if (result.code !== 0) throw new Error(`sesame ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout.trim().split("\n").at(-1) ?? "";
}

/** `env` is the server's (SESAME_DATABASE_URL or SESAME_DATA_DIR); `url` where it listens. */
export async function seedDirectory(
  env: Record<string, string>,
  url: string,
  counts: { signInUsers: number; resetTargets: number },
): Promise<Directory> {
  const domain = "fault.test";
  await cli(["init", "--org", "Fault", "--domain", domain, "--admin", `admin@${domain}`], {
    ...env,
    SESAME_LOG_LEVEL: "warn",
  });
  const key = await cli(
    ["apikey", "create", "--name", "fault scripts", "--role", "User Administrator"],
    env,
  );
  const api = apiClient(url, key);
  const create = async (localPart: string) => {
    const answer = await api.post("/api/v1/users", {
      userPrincipalName: `${localPart}@${domain}`,
      displayName: `${localPart} Tester`,
      passwordProfile: { password: PASSWORD, forceChangePasswordNextSignIn: false },
    });
    if (answer.status !== 201) throw new Error(`creating ${localPart}: ${answer.body}`);
    return (JSON.parse(answer.body) as { id: string }).id;
  };
  const signInUsers: string[] = [];
  for (let i = 0; i < counts.signInUsers; i++) {
    await create(`signin${i}`);
    signInUsers.push(`signin${i}@${domain}`);
  }
  const resetTargets: string[] = [];
  for (let i = 0; i < counts.resetTargets; i++) resetTargets.push(await create(`reset${i}`));
  return { domain, key, signInUsers, resetTargets };
}
