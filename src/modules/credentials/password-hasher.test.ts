import { afterEach, describe, expect, it } from 'vitest';
import { createArgon2Threads, createPasswordHasher, type PasswordHasher } from './password-hasher.js';

const QUICK = { memoryCost: 1024, timeCost: 1, parallelism: 1 };
const opened: Array<{ close(): Promise<void> }> = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((closable) => closable.close()));
});

const quickHasher = (): Promise<PasswordHasher> => createPasswordHasher(QUICK);

describe('createPasswordHasher', () => {
  it('verifies many passwords at once on its threads, the right ones only', async () => {
    const hasher = await quickHasher();
    const stored = await hasher.hashPassword('Richtig 4 sicher!');
    expect(stored.startsWith('$argon2id$v=19$m=1024,t=1,p=1$')).toBe(true);
    expect(hasher.needsRehash(stored)).toBe(false);
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        hasher.verifyPassword(stored, index % 2 === 0 ? 'Richtig 4 sicher!' : 'Falsch 4 sicher!'),
      ),
    );
    expect(answers).toEqual(Array.from({ length: 12 }, (_, index) => index % 2 === 0));
    await hasher.verifyAgainstDummy('egal');
  });

  it('answers false for a stored value that is no argon2 hash, and verifies the next one as before', async () => {
    const hasher = await quickHasher();
    const stored = await hasher.hashPassword('Richtig 4 sicher!');
    expect(await hasher.verifyPassword('kein Hash', 'Richtig 4 sicher!')).toBe(false);
    expect(await hasher.verifyPassword(stored, 'Richtig 4 sicher!')).toBe(true);
  });

  it('asks for a new hash when the stored one was made with other parameters', async () => {
    const hasher = await quickHasher();
    const older = await createPasswordHasher({ ...QUICK, timeCost: 2 });
    const stored = await older.hashPassword('Richtig 4 sicher!');
    expect(hasher.needsRehash(stored)).toBe(true);
    expect(await hasher.verifyPassword(stored, 'Richtig 4 sicher!')).toBe(true);
  });
});

describe('createArgon2Threads', () => {
  it('hands each computation to the thread with the fewest waiting, and its answer back to its caller', async () => {
    const threads = createArgon2Threads(2);
    opened.push(threads);
    const options = { algorithm: 2, ...QUICK };
    const hashes = await Promise.all(
      ['eins', 'zwei', 'drei', 'vier', 'fünf'].map((password) =>
        threads.run<string>({ work: 'hash', password, options }),
      ),
    );
    expect(new Set(hashes).size).toBe(5);
    const checks = await Promise.all(
      hashes.map((passwordHash, index) =>
        threads.run<boolean>({ work: 'verify', passwordHash, password: index === 2 ? 'drei' : 'falsch' }),
      ),
    );
    expect(checks).toEqual([false, false, true, false, false]);
  });

  it('refuses the computations of closed threads and starts new threads for later ones', async () => {
    const threads = createArgon2Threads(1);
    opened.push(threads);
    const options = { algorithm: 2, ...QUICK };
    const cut = threads.run<string>({ work: 'hash', password: 'eins', options });
    await threads.close();
    await expect(cut).rejects.toThrow();
    expect(await threads.run<string>({ work: 'hash', password: 'zwei', options })).toMatch(/^\$argon2id\$/);
  });
});
