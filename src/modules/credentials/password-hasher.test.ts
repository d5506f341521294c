import { describe, expect, it } from 'vitest';
import { createLanes, createPasswordHasher } from './password-hasher.js';

describe('createLanes', () => {
  it('runs at most the given number at once, the rest in the order they came', async () => {
    const lanes = createLanes(2);
    let running = 0;
    let mostAtOnce = 0;
    const started: number[] = [];
    const work = (index: number) =>
      lanes.run(async () => {
        started.push(index);
        running += 1;
        mostAtOnce = Math.max(mostAtOnce, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running -= 1;
        return index;
      });
    expect(await Promise.all([0, 1, 2, 3, 4, 5].map(work))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(mostAtOnce).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('frees the lane of a failed computation', async () => {
    const lanes = createLanes(1);
    await expect(lanes.run(() => Promise.reject(new Error('broken')))).rejects.toThrow('broken');
    expect(await lanes.run(() => Promise.resolve('next'))).toBe('next');
  });
});

describe('createPasswordHasher', () => {
  it('verifies many passwords at once through its lanes, the right ones only', async () => {
    const hasher = await createPasswordHasher({ memoryCost: 1024, timeCost: 1, parallelism: 1 });
    const stored = await hasher.hashPassword('Richtig 4 sicher!');
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        hasher.verifyPassword(stored, index % 2 === 0 ? 'Richtig 4 sicher!' : 'Falsch 4 sicher!'),
      ),
    );
    expect(answers).toEqual(Array.from({ length: 12 }, (_, index) => index % 2 === 0));
    await hasher.verifyAgainstDummy('egal');
  });
});
