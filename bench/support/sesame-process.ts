/**
 * The built server (`dist/main.js`) as a child process, started exactly as `npm start` does:
 * for browser tests, benchmarks and fault scripts that must see the real process (its start
 * time, its memory, its death under kill -9).
 */
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const MAIN = path.join(ROOT, "dist/main.js");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface SesameProcess {
  readonly url: string;
  readonly port: number;
  readonly child: ChildProcess;
  /** Milliseconds from spawn to the first 200 from `/readyz`. */
  readonly readyAfterMs: number;
  output(): string;
  /** SIGTERM and wait for the exit (a clean shutdown). */
  stop(): Promise<void>;
  /** SIGKILL and wait for the exit: nothing is flushed, nothing is closed. */
  kill9(): Promise<void>;
}

export interface SpawnOptions {
  /** Environment beyond PATH; PORT is chosen when missing. */
  env: Record<string, string>;
  /** How long to wait for `/readyz`. */
  timeoutMs?: number;
}

export async function spawnSesame(options: SpawnOptions): Promise<SesameProcess> {
  const port = Number(options.env.PORT ?? (await freePort()));
  const began = performance.now();
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, ...options.env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://localhost:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    try {
      const response = await fetch(`${url}/readyz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const readyAfterMs = performance.now() - began;
  const exit = (signal: NodeJS.Signals) => async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill(signal);
    await exited;
  };
  return {
    url,
    port,
    child,
    readyAfterMs,
    output: () => output,
    stop: exit("SIGTERM"),
    kill9: exit("SIGKILL"),
  };
}
