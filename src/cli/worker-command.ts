import { createLogger } from '../logger.js';
import { startFileCleanupWorker } from '../modules/documents/file-cleanup-worker.js';
import { startOutboxWorker } from '../modules/outbox/outbox-worker.js';
import { startWebhookWorker } from '../modules/webhooks/webhook-worker.js';
import { startNotificationWorker } from '../modules/notifications/notification-worker.js';
import { startClaimDraftWorker, CLAIM_DRAFT_POLL_MILLISECONDS } from '../modules/claims/claim-draft-worker.js';
import { startDataExportWorker, DATA_EXPORT_POLL_MILLISECONDS } from '../modules/data-exports/data-export-worker.js';
import { openRuntime, SHUTDOWN_GRACE_MILLISECONDS } from '../runtime.js';
import { exitWithError, loadCliConfig, onStopSignal } from './cli-environment.js';

/**
 * Runs only the workers: the outbox, the webhooks and the hourly cleanup of unreferenced files; each process claims
 * its own mails, so several can run side by side on PostgreSQL.
 */
export async function workerCommand(): Promise<void> {
  try {
    const config = loadCliConfig();
    const logger = createLogger({ level: config.logLevel });
    const runtime = await openRuntime({ config, logger });
    const worker = startOutboxWorker({ outbox: runtime.services.outbox, logger, pollMilliseconds: 1000 });
    const webhookWorker = startWebhookWorker({ webhooks: runtime.services.webhooks, logger, pollMilliseconds: 1000 });
    const notificationWorker = startNotificationWorker({
      notifications: runtime.services.notifications,
      logger,
      pollMilliseconds: 5000,
    });
    const claimDraftWorker = startClaimDraftWorker({
      claimDrafts: runtime.services.claimDrafts,
      logger,
      pollMilliseconds: CLAIM_DRAFT_POLL_MILLISECONDS,
    });
    const dataExportWorker = startDataExportWorker({
      dataExports: runtime.services.dataExports,
      logger,
      pollMilliseconds: DATA_EXPORT_POLL_MILLISECONDS,
    });
    const fileCleanup = startFileCleanupWorker({ documents: runtime.services.documents, logger });
    // To stderr, like the start banner: stdout carries the log.
    process.stderr.write(
      `Portico worker delivers the outbox ` +
        `(${runtime.transport.kind === 'smtp' ? 'SMTP' : 'development mailbox'}); stop with Ctrl-C\n`,
    );
    onStopSignal(async () => {
      await Promise.all([
        worker.stop(SHUTDOWN_GRACE_MILLISECONDS),
        webhookWorker.stop(SHUTDOWN_GRACE_MILLISECONDS),
        notificationWorker.stop(SHUTDOWN_GRACE_MILLISECONDS),
        claimDraftWorker.stop(SHUTDOWN_GRACE_MILLISECONDS),
        dataExportWorker.stop(SHUTDOWN_GRACE_MILLISECONDS),
        fileCleanup.stop(),
      ]);
      await runtime.close();
    });
  } catch (error) {
    exitWithError(error);
  }
}
