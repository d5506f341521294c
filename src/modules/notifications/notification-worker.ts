import type { Logger } from 'pino';
import { startQueueWorker, type QueueWorker } from '../../shared/queue-worker.js';
import type { NotificationService } from './notification-service.js';

/**
 * Writes the due digests (documents and messages; customers' messages for staff) into the outbox: at once when a
 * commits in this process, else at its poll, which also finds the digests whose hour has passed.
 */
export function startNotificationWorker(deps: {
  notifications: NotificationService;
  logger: Logger;
  pollMilliseconds: number;
}): QueueWorker {
  return startQueueWorker({
    name: 'document-notifications',
    drain: (signal) => deps.notifications.sendDueDigests({ signal }),
    onCommitted: deps.notifications.onCommitted,
    logger: deps.logger,
    pollMilliseconds: deps.pollMilliseconds,
  });
}
