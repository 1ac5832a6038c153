import { availableParallelism } from "node:os";
import { hash, verify, type Algorithm } from "@node-rs/argon2";
import { createWorkQueue, type WorkQueue } from "./work-queue.js";

// Algorithm is an ambient const enum, which verbatimModuleSyntax cannot read; 2 is its Argon2id.
const ARGON2ID = 2 as Algorithm;

export interface Argon2Parameters {
  memoryKib: number;
  iterations: number;
  parallelism: number;
}

/**
 * argon2id through @node-rs/argon2, whose hash and verify run on libuv's thread pool,
 * never on the event loop, behind a bounded queue (`busy` when it is full).
 */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(passwordHash: string, password: string): Promise<boolean>;
  /** The stored hash was made with other parameters: re-hash it at the next sign-in. */
  needsRehash(passwordHash: string): boolean;
  /** Spends the time of a real verification, so unknown users answer as slowly as known ones. */
  verifyNothing(password: string): Promise<void>;
  /** Hashes waiting for a core. */
  waiting(): number;
}

/**
 * One hash per core at a time: more only queue inside the thread pool (4 threads), where
 * they also delay file reads, and take CPU from the event loop that serves every page.
 * Beyond `maxWaitMs` of queued hashing (SESAME_HASHING_QUEUE_MS, 3 s), a new one is refused
 * (`busy`, 503 with Retry-After): an overload is told at once, waits do not grow without end.
 */
export function hashingQueue(maxWaitMs: number): WorkQueue {
  return createWorkQueue({
    concurrency: availableParallelism(),
    maxWaitMs,
    initialJobMs: 50,
  });
}

/**
 * The same password typed on two keyboards can arrive composed or decomposed (é vs e + ◌́);
 * the rules check the NFC form, so the hash is of the NFC form too.
 */
const canonical = (password: string) => password.normalize("NFC");

export function createPasswordHasher(
  parameters: Argon2Parameters,
  queue: WorkQueue,
): PasswordHasher {
  const options = {
    algorithm: ARGON2ID,
    memoryCost: parameters.memoryKib,
    timeCost: parameters.iterations,
    parallelism: parameters.parallelism,
  };
  const expected = `$argon2id$v=19$m=${parameters.memoryKib},t=${parameters.iterations},p=${parameters.parallelism}$`;
  let decoy: Promise<string> | undefined;
  return {
    hash: (password) => queue.run(() => hash(canonical(password), options)),
    verify: (passwordHash, password) =>
      queue.run(async () => {
        try {
          return await verify(passwordHash, canonical(password));
        } catch {
          return false;
        }
      }),
    needsRehash: (passwordHash) => !passwordHash.startsWith(expected),
    verifyNothing: (password) =>
      queue.run(async () => {
        decoy ??= hash("decoy password never used", options);
        await verify(await decoy, password).catch(() => false);
      }),
    waiting: queue.waiting,
  };
}
