import { PassThrough } from "node:stream";

/** A log stream for buildApp that keeps the lines at error level or worse (pino's 50+). */
export function errorLog(): { stream: PassThrough; lines: string[] } {
  const stream = new PassThrough();
  const lines: string[] = [];
  stream.on("data", (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n").filter(Boolean)) {
      if ((JSON.parse(line) as { level: number }).level >= 50) lines.push(line);
    }
  });
  return { stream, lines };
}
