import type { Logger } from 'pino';
import type { OutboxService } from './outbox-service.js';

export interface OutboxWorker {
  /**
   * Claims nothing more, hands back claimed mails not yet begun and waits for the sends in flight,
   * at most `graceMilliseconds`; a send still running then keeps its lease and is taken over later.
   */
  stop(graceMilliseconds: number): Promise<void>;
}

/** Polls for due mail and wakes up at once when a change commits new mail in this process. */
export function startOutboxWorker(deps: {
  outbox: OutboxService;
  logger: Logger;
  pollMilliseconds: number;
}): OutboxWorker {
  const { outbox, logger, pollMilliseconds } = deps;
  const stopping = new AbortController();
  let isRunning = false;
  let isWakeRequested = false;
  let current: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  function schedule(): void {
    if (!stopping.signal.aborted) {
      timer = setTimeout(run, pollMilliseconds);
    }
  }

  function run(): void {
    if (isRunning) {
      isWakeRequested = true;
      return;
    }
    clearTimeout(timer);
    isRunning = true;
    current = outbox
      .deliverDueMails({ signal: stopping.signal })
      .then(
        () => undefined,
        (error: unknown) => logger.error({ err: error }, 'outbox run failed'),
      )
      .finally(() => {
        isRunning = false;
        if (isWakeRequested && !stopping.signal.aborted) {
          isWakeRequested = false;
          run();
        } else {
          schedule();
        }
      });
  }

  const unsubscribe = outbox.onCommitted(run);
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
          { graceMilliseconds },
          'mails still being sent at shutdown; their leases run out and another process sends them',
        );
      }
    },
  };
}
