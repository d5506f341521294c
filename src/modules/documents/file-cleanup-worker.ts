import type { Logger } from 'pino';
import { startIntervalJob, type IntervalJob } from '../../shared/interval-job.js';
import type { DocumentService } from './document-service.js';

/** How often the worker looks for files no row names. */
export const FILE_CLEANUP_INTERVAL_MILLISECONDS = 60 * 60 * 1000;
/**
 * Files younger than this are never removed: an upload still streaming its other files, or a row still committing,
 * names its file only later. A file written again with the same bytes counts as new (the store rewrites it).
 */
export const FILE_CLEANUP_GRACE_MILLISECONDS = 24 * 60 * 60 * 1000;

export type FileCleanupWorker = IntervalJob;

/**
 * Removes, every interval, the stored files that no document row names and that are older than the grace age: what a
 * crash left between storing a file and committing its row, or between dropping the last row and removing the file.
 * Runs in the process that runs the outbox worker; several processes may run it side by side (removing a file twice
 * is harmless, and a file named by a row is never touched).
 */
export function startFileCleanupWorker(deps: {
  documents: Pick<DocumentService, 'removeUnreferencedFiles'>;
  logger: Logger;
  intervalMilliseconds?: number;
  graceMilliseconds?: number;
  now?: () => number;
}): FileCleanupWorker {
  const interval = deps.intervalMilliseconds ?? FILE_CLEANUP_INTERVAL_MILLISECONDS;
  const grace = deps.graceMilliseconds ?? FILE_CLEANUP_GRACE_MILLISECONDS;
  const now = deps.now ?? Date.now;
  return startIntervalJob(async () => {
    const startedAt = now();
    try {
      const outcome = await deps.documents.removeUnreferencedFiles(new Date(startedAt - grace));
      deps.logger.info(
        { ...outcome, milliseconds: Math.round(now() - startedAt) },
        'unreferenced document files removed',
      );
    } catch (error) {
      // The next run tries again; nothing is removed on a failed check.
      deps.logger.error({ err: error }, 'unreferenced document files not cleaned up');
    }
  }, interval);
}
