import type { Logger } from 'pino';
import type { Database } from '../../db/database.js';
import { DAY, type Clock } from '../../shared/clock.js';
import type { OutboxService } from '../outbox/outbox-service.js';
import type { TenantService } from '../tenants/tenant-service.js';
import { DRAFT_DELETION_DAYS_AFTER_REMINDER, DRAFT_REMINDER_DAYS } from './claim.js';
import { enqueueClaimPortalMail } from './claim-notices.js';
import { createClaimQueries, type ClaimRow } from './claim-repo.js';

/** Drafts reminded in one transaction. */
const BATCH = 50;

export interface DraftSweep {
  reminded: number;
  deleted: number;
}

/**
 * Drafts nobody finishes: a draft untouched for 30 days is reminded to its reporter once (a link to it, nothing of
 * its answers); a reminded draft untouched for 14 more days is deleted with its answers (and whatever hangs on it by
 * foreign key). Saving a step, or a return from release, clears the reminder, so the 30 days start again.
 */
export function createClaimDraftService(deps: {
  db: Database;
  clock: Clock;
  outbox: OutboxService;
  tenants: Pick<TenantService, 'findTenantById' | 'tenantBaseUrl'>;
  logger: Logger;
}) {
  const { db, clock, outbox, tenants, logger } = deps;

  /** Mails the reminders of one batch of locked drafts and marks them reminded, in the caller's transaction. */
  async function remindWithin(tx: Database, rows: readonly ClaimRow[], now: Date): Promise<number> {
    const deletionAt = new Date(now.getTime() + DRAFT_DELETION_DAYS_AFTER_REMINDER * DAY);
    let mailed = 0;
    for (const row of rows) {
      const tenant = await tenants.findTenantById(row.tenantId, tx);
      // A draft whose reporter is gone or cannot log in any more is marked too: nobody can finish it, so it goes.
      if (tenant === null || row.reporterIdentityId === null) continue;
      const link = `${await tenants.tenantBaseUrl(tenant.id, tx)}/schaeden/${row.id}`;
      const isMailed = await enqueueClaimPortalMail(tx, outbox, tenant, {
        kind: 'draft_reminder',
        identityId: row.reporterIdentityId,
        link,
        now,
        deletionAt,
      });
      if (isMailed) mailed += 1;
    }
    await createClaimQueries(tx).markDraftsReminded(
      rows.map((row) => row.id),
      now,
    );
    return mailed;
  }

  return {
    /**
     * Reminds every draft due for it and deletes every reminded draft whose time is up. Each batch of reminders is one
     * transaction (drafts locked with SKIP LOCKED, mails written, drafts marked), so a crash reminds once or not yet,
     * and two workers never remind the same draft.
     */
    async sweepDrafts(options: { signal?: AbortSignal } = {}): Promise<DraftSweep> {
      let reminded = 0;
      while (options.signal?.aborted !== true) {
        const batch = await db.transaction(async (tx) => {
          const now = clock.now();
          const rows = await createClaimQueries(tx).lockDraftsToRemind(
            new Date(now.getTime() - DRAFT_REMINDER_DAYS * DAY),
            BATCH,
          );
          reminded += await remindWithin(tx, rows, now);
          return rows.length;
        });
        if (batch < BATCH) break;
      }
      const deleted = await createClaimQueries(db).deleteRemindedDrafts(
        new Date(clock.now().getTime() - DRAFT_DELETION_DAYS_AFTER_REMINDER * DAY),
      );
      if (reminded > 0 || deleted > 0) logger.info({ reminded, deleted }, 'claim drafts reminded and deleted');
      return { reminded, deleted };
    },
  };
}

export type ClaimDraftService = ReturnType<typeof createClaimDraftService>;
