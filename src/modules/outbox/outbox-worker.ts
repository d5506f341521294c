import type { Logger } from 'pino';
import { startQueueWorker, type QueueWorker } from '../../shared/queue-worker.js';
import type { OutboxService } from './outbox-service.js';

export type OutboxWorker = QueueWorker;

/**
 * Delivers due mail and wakes up at once when a change commits new mail in this process. At stop, claimed
 * mails not yet begun are handed back; a send still running after the grace period keeps its lease.
 */
export function startOutboxWorker(deps: {
  outbox: OutboxService;
  logger: Logger;
  pollMilliseconds: number;
}): OutboxWorker {
  return startQueueWorker({
    name: 'outbox',
    drain: (signal) => deps.outbox.deliverDueMails({ signal }),
    onCommitted: deps.outbox.onCommitted,
    logger: deps.logger,
    pollMilliseconds: deps.pollMilliseconds,
  });
}
