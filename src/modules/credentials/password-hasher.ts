import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { hash, verify } from '@node-rs/argon2';

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

/** The native binding hashes on libuv's thread pool, so the event loop keeps serving while it works. */
export function createPasswordHasher(parameters: Argon2Parameters): Promise<PasswordHasher> {
  const options = { algorithm: ARGON2ID, ...parameters };
  // Made in the background: a start need not wait for it, and the first login that needs it does.
  const dummyHash = hash(randomBytes(32).toString('base64'), options);
  dummyHash.catch(() => undefined);
  const lanes = createLanes(availableParallelism());
  const { memoryCost, timeCost, parallelism } = parameters;
  const expectedPrefix = `$argon2id$v=19$m=${memoryCost},t=${timeCost},p=${parallelism}$`;
  return Promise.resolve({
    hashPassword: (password) => lanes.run(() => hash(password, options)),
    async verifyPassword(passwordHash, password) {
      try {
        return await lanes.run(() => verify(passwordHash, password));
      } catch {
        return false;
      }
    },
    async verifyAgainstDummy(password) {
      const dummy = await dummyHash;
      await lanes.run(() => verify(dummy, password)).catch(() => false);
    },
    needsRehash: (passwordHash) => !passwordHash.startsWith(expectedPrefix),
  });
}

/**
 * At most one argon2 computation per core at a time; the rest wait in order. More at once only
 * share the same cores while each one's 19 MiB pushes the others out of the processor's caches,
 * and they would hold every thread of libuv's pool that file and DNS work also need.
 */
export function createLanes(count: number): { run<T>(work: () => Promise<T>): Promise<T> } {
  let running = 0;
  const waiting: Array<() => void> = [];
  return {
    async run(work) {
      if (running >= count) {
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else {
        running += 1;
      }
      try {
        return await work();
      } finally {
        const next = waiting.shift();
        if (next === undefined) {
          running -= 1;
        } else {
          next();
        }
      }
    },
  };
}
