import type { Logger } from 'pino';
import { startQueueWorker, type QueueWorker } from '../../shared/queue-worker.js';
import type { ClaimDraftService } from './claim-draft-service.js';

/** Drafts are due by the day; a look every ten minutes is prompt enough and costs one indexed statement. */
export const CLAIM_DRAFT_POLL_MILLISECONDS = 10 * 60 * 1000;

/**
 * Reminds and deletes untouched claim drafts (see `sweepDrafts`) at every poll; nothing a request commits makes a
 * draft due sooner, so no commit wakes it. Several processes may run it side by side.
 */
export function startClaimDraftWorker(deps: {
  claimDrafts: Pick<ClaimDraftService, 'sweepDrafts'>;
  logger: Logger;
  pollMilliseconds: number;
}): QueueWorker {
  return startQueueWorker({
    name: 'claim-drafts',
    drain: (signal) => deps.claimDrafts.sweepDrafts({ signal }),
    onCommitted: () => () => undefined,
    logger: deps.logger,
    pollMilliseconds: deps.pollMilliseconds,
  });
}
