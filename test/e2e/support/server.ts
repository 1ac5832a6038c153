import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { ROOT, sesame } from "../../support/cli.js";

export interface RunningServer {
  url: string;
  dataDir: string;
  env: Record<string, string>;
  output: () => string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Starts the built server exactly as `npm start` does, on a fresh data folder. */
export async function startServer(
  prepare?: (env: Record<string, string>) => Promise<void>,
): Promise<RunningServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sesame-e2e-"));
  const port = await freePort();
  const env = { SESAME_DATA_DIR: dataDir, PORT: String(port), SESAME_LOG_LEVEL: "warn" };
  await prepare?.(env);
  let output = "";
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, "dist/main.js")], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://localhost:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      const response = await fetch(`${url}/readyz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`server did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    dataDir,
    env,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
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
