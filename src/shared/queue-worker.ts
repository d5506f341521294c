import type { Logger } from 'pino';

export interface QueueWorker {
  /**
   * Claims nothing more and waits for the work in flight, at most `graceMilliseconds`. Work still running
   * then keeps its lease and another process (or this one, started again) takes it over when the lease ends.
   */
  stop(graceMilliseconds: number): Promise<void>;
}

/**
 * One background worker for a queue in the database (the outbox, webhook deliveries). It works through
 * what is due, then polls; a commit in this process wakes it at once. One run at a time: a wake during a
 * run starts one more run right after it, so wakes never pile up. Several processes may each run one —
 * the queue's claims (FOR UPDATE SKIP LOCKED with leases) keep them from doing the same work twice.
 */
export function startQueueWorker(options: {
  /** Names the queue in the log. */
  name: string;
  /** Delivers everything due now, in its own parallel lanes; once `signal` aborts it claims nothing more. */
  drain: (signal: AbortSignal) => Promise<unknown>;
  /** Subscribes to this process's commits of new work; returns the unsubscribe. */
  onCommitted: (wake: () => void) => () => void;
  logger: Logger;
  pollMilliseconds: number;
}): QueueWorker {
  const { name, drain, logger, pollMilliseconds } = options;
  const stopping = new AbortController();
  let isRunning = false;
  let isWakeRequested = false;
  let current: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  function run(): void {
    if (isRunning) {
      isWakeRequested = true;
      return;
    }
    clearTimeout(timer);
    isRunning = true;
    current = drain(stopping.signal)
      .then(
        () => undefined,
        (error: unknown) => logger.error({ err: error, queue: name }, `${name} run failed`),
      )
      .finally(() => {
        isRunning = false;
        if (stopping.signal.aborted) {
          return;
        }
        if (isWakeRequested) {
          isWakeRequested = false;
          run();
        } else {
          timer = setTimeout(run, pollMilliseconds);
        }
      });
  }

  const unsubscribe = options.onCommitted(run);
  run();
  return {
    async stop(graceMilliseconds) {
      stopping.abort();
      unsubscribe();
      clearTimeout(timer);
      let graceTimer: NodeJS.Timeout | undefined;
      const isFinished = await Promise.race([
        current.then(() => true),
        new Promise<boolean>((resolve) => {
          graceTimer = setTimeout(() => resolve(false), graceMilliseconds);
        }),
      ]);
      clearTimeout(graceTimer);
      if (!isFinished) {
        logger.warn(
          { graceMilliseconds, queue: name },
          `${name}: work still in flight at shutdown; its leases run out and another process takes it over`,
        );
      }
    },
  };
}
