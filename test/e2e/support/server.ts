import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, spawnSesame } from "../../../bench/support/sesame-process.js";
import { sesame } from "../../support/cli.js";

export interface RunningServer {
  url: string;
  dataDir: string;
  env: Record<string, string>;
  output: () => string;
  stop(): Promise<void>;
}

/** Starts the built server exactly as `npm start` does, on a fresh data folder. */
export async function startServer(
  prepare?: (env: Record<string, string>) => Promise<void>,
): Promise<RunningServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sesame-e2e-"));
  const env = {
    SESAME_DATA_DIR: dataDir,
    PORT: String(await freePort()),
    SESAME_LOG_LEVEL: "warn",
  };
  await prepare?.(env);
  const server = await spawnSesame({ env });
  return {
    url: server.url,
    dataDir,
    env,
    output: server.output,
    stop: async () => {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs `sesame` against the server's data folder and returns its last output line. */
export async function sesameFor(env: Record<string, string>, args: string[]): Promise<string> {
  const result = await sesame(args, env);
  if (result.code !== 0) throw new Error(`sesame ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout.trim().split("\n").at(-1) ?? "";
}
