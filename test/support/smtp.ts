import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/** One message as a real SMTP server received it: the envelope and the raw data. */
export interface ReceivedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  raw: string;
  /** Header name (lowercase) to its unfolded value; the first occurrence wins. */
  headers: Map<string, string>;
  /** When the server accepted it (performance.now() of this process). */
  acceptedAt: number;
}

/**
 * A real SMTP server on localhost (no TLS, no authentication) collecting what it receives
 * into `inbox`. Pass the port of a stopped one to bring "the same server" back.
 */
export async function startSmtpServer(inbox: ReceivedMail[], port = 0) {
  let connections = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    // No DNS lookups of the client: localhost only, and they would slow every message.
    disableReverseLookup: true,
    // stop() is a relay going down: after this grace it answers 421 on the connections a
    // client keeps open (a pool) and closes them, as a restarting relay does.
    closeTimeout: 200,
    onConnect(_session, callback) {
      connections += 1;
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        inbox.push({
          envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          envelopeTo: session.envelope.rcptTo.map((recipient) => recipient.address),
          raw,
          headers: parseHeaders(raw),
          acceptedAt: performance.now(),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    /** Connections clients opened to this server so far. */
    connectionsOpened: () => connections,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function parseHeaders(raw: string): Map<string, string> {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? "";
  const headers = new Map<string, string>();
  // Folded lines (starting with white space) continue the header above them.
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return headers;
}
