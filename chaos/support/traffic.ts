/**
 * Bounded load on the built server from a fixed number of concurrent clients, each answer
 * recorded with its time, so a fault script can tell what the server said before, during
 * and after the fault it caused.
 */
import type { Directory } from "./directory.js";
import { PASSWORD } from "./directory.js";
import { apiClient, WebClient, type Answer } from "./web-client.js";

export interface Recorded {
  /** Milliseconds since the traffic began: when the step was sent, and when it ended. */
  at: number;
  done: number;
  operation: string;
  /** The HTTP status, or 0 when no answer came (refused, reset, timed out). */
  status: number;
  retryAfter: string | null;
  /** Why no answer came. */
  failure?: string;
}

/** One step a client takes: its name and the answers of the requests it made. */
type Operation = (client: number, round: number) => Promise<{ name: string; answers: Answer[] }>;

/** What a client of the directory does in turn: sign in, list and read users, reset one. */
export function directoryOperations(
  url: string,
  directory: Directory,
  options: { emailResets?: boolean } = {},
): Operation[] {
  const sendTo = options.emailResets ? { sendTo: [`helpdesk@${directory.domain}`] } : {};
  const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;
  // Each step from an address of its own among many (people at their desks, scripts on
  // their servers), so the limits per address never bind and load means work, not 429s.
  const from = (client: number, round: number) => ({
    "x-forwarded-for": `10.${client + 1}.${Math.floor(round / 250) % 250}.${(round % 250) + 1}`,
  });
  const apiOf = (client: number, round: number) =>
    apiClient(url, directory.key, from(client, round));
  return [
    async (client, round) => {
      const browser = new WebClient(url, from(client, round));
      const userId = pick(directory.signInUsers, client + round);
      const page = await browser.get("/signin");
      if (page.status !== 200) return { name: "sign-in", answers: [page] };
      const signedIn = await browser.submit("/signin", "/signin", { userId, password: PASSWORD });
      return { name: "sign-in", answers: [page, signedIn] };
    },
    async (client, round) => ({
      name: "list users",
      answers: [await apiOf(client, round).get("/api/v1/users?$top=20")],
    }),
    async (client, round) => ({
      name: "read user",
      answers: [
        await apiOf(client, round).get(
          `/api/v1/users/${pick(directory.signInUsers, client * 7 + round)}`,
        ),
      ],
    }),
    async (client, round) => ({
      name: "reset password",
      answers: [
        await apiOf(client, round).post(
          `/api/v1/users/${pick(directory.resetTargets, client + round)}/resetPassword`,
          sendTo,
        ),
      ],
    }),
  ];
}

export interface Traffic {
  readonly recorded: readonly Recorded[];
  /** Ends every client after its step in hand; resolves when all have ended. */
  stop(): Promise<void>;
}

/** Starts `clients` loops over the operations, each waiting for its answer before the next. */
export function startTraffic(
  operations: readonly Operation[],
  options: {
    clients: number;
    until: number;
    /** A pause after each step (think time), to hold a rate below capacity. */
    pauseMs?: () => number;
  },
): Traffic {
  const began = performance.now();
  const recorded: Recorded[] = [];
  let stopped = false;
  const loop = async (client: number) => {
    for (let round = 0; !stopped && Date.now() < options.until; round++) {
      const operation = operations[(client + round) % operations.length] as Operation;
      const at = performance.now() - began;
      try {
        const { name, answers } = await operation(client, round);
        const done = performance.now() - began;
        for (const answer of answers) {
          recorded.push({
            at,
            done,
            operation: name,
            status: answer.status,
            retryAfter: answer.retryAfter,
          });
        }
      } catch (error) {
        recorded.push({
          at,
          done: performance.now() - began,
          operation: "request",
          status: 0,
          retryAfter: null,
          failure: error instanceof Error ? String(error.cause ?? error.message) : String(error),
        });
        // Not a hot loop against a dead port.
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const pause = options.pauseMs?.() ?? 0;
      if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
    }
  };
  const loops = Array.from({ length: options.clients }, (_, client) => loop(client));
  return {
    recorded,
    async stop() {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

/** An answer a client may get while the store is away: success, a redirect, or 503 to retry. */
export function isAcceptable(answer: Recorded): boolean {
  if (answer.status >= 200 && answer.status < 400) return true;
  return answer.status === 503 && answer.retryAfter !== null;
}

/** "200×41 303×12 503×3" */
export function tallyOf(answers: readonly Recorded[]): string {
  const counts = new Map<string, number>();
  for (const answer of answers) {
    const label = answer.status === 0 ? "no answer" : String(answer.status);
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [...counts]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([label, count]) => `${label}×${count}`)
    .join(" ");
}
