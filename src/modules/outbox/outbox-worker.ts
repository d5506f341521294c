import type { Logger } from 'pino';
import type { OutboxService } from './outbox-service.js';

export interface OutboxWorker {
  stop(): Promise<void>;
}

/** Polls for due mail and wakes up at once when a change commits new mail in this process. */
export function startOutboxWorker(deps: { outbox: OutboxService; logger: Logger; pollMilliseconds: number }): OutboxWorker {
  const { outbox, logger, pollMilliseconds } = deps;
  let isStopping = false;
  let isRunning = false;
  let isWakeRequested = false;
  let current: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  function schedule(): void {
    if (!isStopping) {
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
      .deliverDueMails()
      .then(
        () => undefined,
        (error: unknown) => logger.error({ err: error }, 'outbox run failed'),
      )
      .finally(() => {
        isRunning = false;
        if (isWakeRequested && !isStopping) {
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
    async stop() {
      isStopping = true;
      unsubscribe();
      clearTimeout(timer);
      await current;
    },
  };
}
