import { randomBytes } from 'node:crypto';
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
export async function createPasswordHasher(parameters: Argon2Parameters): Promise<PasswordHasher> {
  const options = { algorithm: ARGON2ID, ...parameters };
  // Made in the background: a start need not wait for it, and the first login that needs it does.
  const dummyHash = hash(randomBytes(32).toString('base64'), options);
  dummyHash.catch(() => undefined);
  const expectedPrefix = `$argon2id$v=19$m=${parameters.memoryCost},t=${parameters.timeCost},p=${parameters.parallelism}$`;
  return {
    hashPassword: (password) => hash(password, options),
    async verifyPassword(passwordHash, password) {
      try {
        return await verify(passwordHash, password);
      } catch {
        return false;
      }
    },
    async verifyAgainstDummy(password) {
      await verify(await dummyHash, password).catch(() => false);
    },
    needsRehash: (passwordHash) => !passwordHash.startsWith(expectedPrefix),
  };
}
