import type { Logger } from 'pino';
import { startQueueWorker, type QueueWorker } from '../../shared/queue-worker.js';
import type { WebhookService } from './webhook-service.js';

export type WebhookWorker = QueueWorker;

/** Delivers due webhook events and wakes at once when this process commits an event. */
export function startWebhookWorker(deps: {
  webhooks: WebhookService;
  logger: Logger;
  pollMilliseconds: number;
}): WebhookWorker {
  return startQueueWorker({
    name: 'webhooks',
    drain: (signal) => deps.webhooks.deliverDueWebhooks({ signal }),
    onCommitted: deps.webhooks.onCommitted,
    logger: deps.logger,
    pollMilliseconds: deps.pollMilliseconds,
  });
}
