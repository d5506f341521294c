import type { Logger } from 'pino';
import type { WebhookService } from './webhook-service.js';

export interface WebhookWorker {
  stop(): Promise<void>;
}

/** Polls for due deliveries and wakes at once when this process commits an event. */
export function startWebhookWorker(deps: {
  webhooks: WebhookService;
  logger: Logger;
  pollMilliseconds: number;
}): WebhookWorker {
  const { webhooks, logger, pollMilliseconds } = deps;
  let isStopping = false;
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
    current = webhooks
      .deliverDueWebhooks()
      .then(
        () => undefined,
        (error: unknown) => logger.error({ err: error }, 'webhook run failed'),
      )
      .finally(() => {
        isRunning = false;
        if (isStopping) {
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

  const unsubscribe = webhooks.onCommitted(run);
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
