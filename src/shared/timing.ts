import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Runs the work and answers no sooner than the given time. For requests whose answer must not
 * tell whether an address exists: the known address does more work (a transaction, a mail), and
 * a fixed floor hides that difference.
 */
export async function withMinimumDuration<T>(milliseconds: number, work: () => Promise<T>): Promise<T> {
  const [result] = await Promise.all([work(), sleep(milliseconds)]);
  return result;
}
