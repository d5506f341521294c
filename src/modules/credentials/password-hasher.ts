import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { hash } from '@node-rs/argon2';

/** `Algorithm.Argon2id` of @node-rs/argon2, a const enum that isolated modules cannot read. */
const ARGON2ID = 2;

export interface Argon2Parameters {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/** OWASP Password Storage Cheat Sheet: argon2id, 19 MiB, 2 iterations, 1 lane. */
export const OWASP_ARGON2_PARAMETERS: Argon2Parameters = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export interface PasswordHasher {
  hashPassword(password: string): Promise<string>;
  verifyPassword(passwordHash: string, password: string): Promise<boolean>;
  /** Does the same work as a real verification, for addresses that have no password. */
  verifyAgainstDummy(password: string): Promise<void>;
  needsRehash(passwordHash: string): boolean;
}

let processThreads: ReturnType<typeof createArgon2Threads> | undefined;

/**
 * Computes on the process's hashing threads (see {@link createArgon2Threads}), so the event loop keeps serving
 * meanwhile. Every hasher of the process shares them, as they share the cores: at most one computation per core.
 */
export function createPasswordHasher(parameters: Argon2Parameters): Promise<PasswordHasher> {
  const options = { algorithm: ARGON2ID, ...parameters };
  // Made in the background on libuv's pool: a start need not wait for it, and the first login that needs it does.
  const dummyHash = hash(randomBytes(32).toString('base64'), options);
  dummyHash.catch(() => undefined);
  processThreads ??= createArgon2Threads(availableParallelism());
  const threads = processThreads;
  const { memoryCost, timeCost, parallelism } = parameters;
  const expectedPrefix = `$argon2id$v=19$m=${memoryCost},t=${timeCost},p=${parallelism}$`;
  const verify = (passwordHash: string, password: string) =>
    threads.run<boolean>({ work: 'verify', passwordHash, password }).catch(() => false);
  return Promise.resolve({
    hashPassword: (password) => threads.run<string>({ work: 'hash', password, options }),
    verifyPassword: verify,
    async verifyAgainstDummy(password) {
      await verify(await dummyHash, password);
    },
    needsRehash: (passwordHash) => !passwordHash.startsWith(expectedPrefix),
  });
}

type Argon2Work =
  | { work: 'hash'; password: string; options: Record<string, number> }
  | { work: 'verify'; passwordHash: string; password: string };

/**
 * The thread's whole program. It computes each message synchronously, so a thread runs one computation at a time, and
 * it takes the next one from its own queue the moment it answers: no computation waits for the event loop to hand it
 * out, which on the embedded database is often busy running a statement.
 */
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { hashSync, verifySync } = require(workerData.binding);
parentPort.on('message', (message) => {
  try {
    const value = message.work === 'hash'
      ? hashSync(message.password, message.options)
      : verifySync(message.passwordHash, message.password);
    parentPort.postMessage({ id: message.id, value });
  } catch (error) {
    parentPort.postMessage({ id: message.id, failure: String(error && error.message ? error.message : error) });
  }
});
`;

interface Thread {
  worker: Worker;
  pending: Map<number, { resolve(value: unknown): void; reject(error: Error): void }>;
}

/**
 * At most one argon2 computation per core at a time, each on a thread of its own; a new one joins the thread with the
 * fewest waiting. More at once would only share the same cores while each one's 19 MiB pushes the others out of the
 * processor's caches. The threads leave libuv's pool to file and DNS work, start when they are first needed and do
 * not keep the process alive while they have nothing to do.
 */
export function createArgon2Threads(count: number): {
  run<T>(work: Argon2Work): Promise<T>;
  close(): Promise<void>;
} {
  const binding = createRequire(import.meta.url).resolve('@node-rs/argon2');
  const threads: Array<Thread | undefined> = Array.from({ length: count }, () => undefined);
  let nextId = 0;

  function start(slot: number): Thread {
    const thread: Thread = {
      worker: new Worker(THREAD_SOURCE, { eval: true, workerData: { binding } }),
      pending: new Map(),
    };
    thread.worker.unref();
    thread.worker.on('message', (answer: { id: number; value?: unknown; failure?: string }) => {
      const waiting = thread.pending.get(answer.id);
      thread.pending.delete(answer.id);
      if (thread.pending.size === 0) thread.worker.unref();
      if (answer.failure === undefined) waiting?.resolve(answer.value);
      else waiting?.reject(new Error(answer.failure));
    });
    const end = (error: Error) => {
      if (threads[slot] === thread) threads[slot] = undefined;
      for (const waiting of thread.pending.values()) waiting.reject(error);
      thread.pending.clear();
    };
    thread.worker.on('error', end);
    thread.worker.on('exit', () => end(new Error('The hashing thread has ended.')));
    threads[slot] = thread;
    return thread;
  }

  function leastBusy(): Thread {
    let chosen: Thread | undefined;
    for (let slot = 0; slot < threads.length; slot += 1) {
      const thread = threads[slot] ?? start(slot);
      if (chosen === undefined || thread.pending.size < chosen.pending.size) chosen = thread;
      if (chosen.pending.size === 0) break;
    }
    return chosen as Thread;
  }

  return {
    run<T>(work: Argon2Work) {
      const thread = leastBusy();
      const id = (nextId += 1);
      return new Promise<T>((resolve, reject) => {
        thread.pending.set(id, { resolve, reject });
        if (thread.pending.size === 1) thread.worker.ref();
        thread.worker.postMessage({ id, ...work });
      });
    },
    async close() {
      const running = threads.filter((thread): thread is Thread => thread !== undefined);
      threads.fill(undefined);
      await Promise.all(running.map((thread) => thread.worker.terminate()));
    },
  };
}
