import { describe, expect, it } from 'vitest';
import { requestsInTurn } from './requests-in-turn.js';

/** Keeps the event loop busy as a request on the embedded database does: its statements run on the loop itself. */
function busyFor(milliseconds: number): void {
  const until = performance.now() + milliseconds;
  while (performance.now() < until) {
    // The loop is held, as by a statement running.
  }
}

describe('requestsInTurn', () => {
  it('starts the requests in the order they arrived, a later arrival behind those already waiting', async () => {
    const started: string[] = [];
    const handle = requestsInTurn((name: string) => {
      started.push(name);
      if (name === 'first') {
        void handle('arrived during the first');
      }
      return name;
    });
    const answers = await Promise.all([handle('first'), handle('second'), handle('third')]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(answers).toEqual(['first', 'second', 'third']);
    expect(started).toEqual(['first', 'second', 'third', 'arrived during the first']);
  });

  it('gives the loop back between two requests, so what became ready during one runs before the next starts', async () => {
    const events: string[] = [];
    const handle = requestsInTurn((name: string) => {
      events.push(`start ${name}`);
      // A timer due while this request holds the loop stands for a socket that became readable meanwhile.
      setTimeout(() => events.push(`timer of ${name}`), 0);
      busyFor(3);
      return name;
    });
    await Promise.all([handle('a'), handle('b'), handle('c')]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(events).toEqual(['start a', 'timer of a', 'start b', 'timer of b', 'start c', 'timer of c']);
  });

  it('passes a request’s failure on to its caller and goes on with the next', async () => {
    const handle = requestsInTurn((name: string) => {
      if (name === 'bad') {
        throw new Error('bad request');
      }
      return Promise.resolve(name);
    });
    const [bad, good] = await Promise.allSettled([handle('bad'), handle('good')]);
    expect(bad).toMatchObject({ status: 'rejected', reason: new Error('bad request') });
    expect(good).toEqual({ status: 'fulfilled', value: 'good' });
  });
});
