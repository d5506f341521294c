import type { Logger } from 'pino';
import { startQueueWorker, type QueueWorker } from '../../shared/queue-worker.js';
import type { DataExportService } from './data-export-service.js';

/** A look every half minute finds exports requested in another process and links that ran out; both are indexed. */
export const DATA_EXPORT_POLL_MILLISECONDS = 30_000;

/**
 * Prepares the requested data exports (at once when a request commits in this process, else at its poll) and removes
 * the files of exports downloaded or expired. Several processes may run it side by side: exports are leased.
 */
export function startDataExportWorker(deps: {
  dataExports: Pick<DataExportService, 'prepareDue' | 'removeSpentFiles' | 'onCommitted'>;
  logger: Logger;
  pollMilliseconds: number;
}): QueueWorker {
  return startQueueWorker({
    name: 'data-exports',
    drain: async (signal) => {
      await deps.dataExports.prepareDue({ signal });
      await deps.dataExports.removeSpentFiles();
    },
    onCommitted: deps.dataExports.onCommitted,
    logger: deps.logger,
    pollMilliseconds: deps.pollMilliseconds,
  });
}
