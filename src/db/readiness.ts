import type { Logger } from 'pino';
import { systemClock, type Clock } from '../shared/clock.js';
import { describeDatabaseWriteFailure } from './database-errors.js';
import type { DatabaseHandle } from './database.js';

export type ReadinessStatus = 'ready' | 'database unavailable' | 'database cannot write';

export interface Readiness {
  /** A read on every call; the write probe's answer is reused while younger than its maximum age. */
  check(): Promise<ReadinessStatus>;
  /** A request that failed to write tells at once, without waiting for the next probe. */
  reportWriteFailure(error: unknown): void;
}

/**
 * A balancer asks /readyz every few seconds from every node; a write each time would be a write
 * per second or more for nothing. One probe write serves every check for WRITE_PROBE_MAX_AGE, so
 * a full disk is noticed within that time plus the balancer's interval, and so is its recovery.
 */
export const WRITE_PROBE_MAX_AGE_MILLISECONDS = 5_000;

export function createReadiness(options: {
  database: Pick<DatabaseHandle, 'ping' | 'probeWrite'>;
  logger: Logger;
  clock?: Clock;
  maxAgeMilliseconds?: number;
}): Readiness {
  const { database, logger } = options;
  const clock = options.clock ?? systemClock;
  const maxAge = options.maxAgeMilliseconds ?? WRITE_PROBE_MAX_AGE_MILLISECONDS;
  let cause: string | null = null;
  let checkedAt = Number.NEGATIVE_INFINITY;
  let probing: Promise<void> | null = null;

  function record(next: string | null): void {
    if (next !== null && cause === null) {
      logger.error({ cause: next }, 'the database cannot write; readiness fails until it can again');
    } else if (next === null && cause !== null) {
      logger.warn({ previousCause: cause }, 'the database can write again; ready');
    }
    cause = next;
    checkedAt = clock.now().getTime();
  }

  async function probe(): Promise<void> {
    try {
      await database.probeWrite();
      record(null);
    } catch (error) {
      record(
        describeDatabaseWriteFailure(error) ??
          (error instanceof Error ? error.message.replace(/\s+/g, ' ').slice(0, 300) : String(error)),
      );
    }
  }

  return {
    async check() {
      try {
        await database.ping();
      } catch {
        return 'database unavailable';
      }
      if (clock.now().getTime() - checkedAt >= maxAge) {
        probing ??= probe().finally(() => {
          probing = null;
        });
        await probing;
      }
      return cause === null ? 'ready' : 'database cannot write';
    },
    reportWriteFailure(error) {
      const failure = describeDatabaseWriteFailure(error);
      if (failure !== null) {
        record(failure);
      }
    },
  };
}
