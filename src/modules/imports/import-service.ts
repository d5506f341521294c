import type { Logger } from 'pino';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { DAY, MINUTE } from '../../shared/clock.js';
import { AppError, isAppError, type ErrorCode } from '../../shared/errors.js';
import type { RequestOrigin } from '../audit/audit-service.js';
import type { InvitationService } from '../invitations/invitation-service.js';
import type { OutboxService } from '../outbox/outbox-service.js';
import type { Tenant } from '../tenants/tenant.js';
import type { TenantService } from '../tenants/tenant-service.js';
import { textOfError } from '../../shared/error-registry.js';
import type { PersonText } from '../../shared/i18n/translator.js';
import type { WebhookService } from '../webhooks/webhook-service.js';
import { rowProblem, type ImportRow, type RowProblem } from './invitation-csv.js';
import { isUuid } from '../../shared/ids.js';
import { createImportQueries, type ImportJobRow } from './import-repo.js';

export interface ImportJob {
  id: string;
  status: 'previewed' | 'running' | 'done';
  fileName: string;
  total: number;
  processed: number;
  invited: number;
  activated: number;
  alreadyInvited: number;
  failed: number;
  failures: RowProblem[];
  createdAt: Date;
  finishedAt: Date | null;
}

/**
 * What one row came to: the same outcomes as a single invitation, 'already_invited' when the person
 * was in that grant of this tenant before (the file was imported again), or why it could not be done.
 */
export type RowOutcome =
  { state: 'invited' | 'active' | 'already_invited' } | { state: 'failed'; code: ErrorCode; text: PersonText };

const LEASE = 1 * MINUTE;

/** The refusals decided before anything is written for the row: the row fails, the import goes on. */
const ROW_ERRORS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'EMAIL_INVALID',
  'NAME_INVALID',
  'GRANT_NAME_INVALID',
  'CUSTOMER_NUMBER_INVALID',
  'GRANT_KIND_MISMATCH',
]);

function toJob(row: ImportJobRow): ImportJob {
  return {
    id: row.id,
    status: row.status as ImportJob['status'],
    fileName: row.fileName,
    total: row.total,
    processed: row.processed,
    invited: row.invited,
    activated: row.activated,
    alreadyInvited: row.alreadyInvited,
    failed: row.failed,
    failures: row.failures as RowProblem[],
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
  };
}

/**
 * Imports of invitations from a CSV: the checked rows wait as a preview until the staff confirm,
 * then one process at a time (by lease) works through them with the single invitation's rules.
 */
export function createImportService(deps: {
  db: Database;
  clock: Clock;
  tenants: TenantService;
  invitations: InvitationService;
  outbox: OutboxService;
  webhooks: WebhookService;
  logger: Logger;
}) {
  const { db, clock, tenants, invitations, logger } = deps;
  const running = new Set<string>();
  let isStopping = false;

  async function tenantById(tenantId: string): Promise<Tenant> {
    const tenant = await tenants.findTenantById(tenantId);
    if (tenant === null) {
      throw new AppError('TENANT_NOT_FOUND', 'No such tenant');
    }
    return tenant;
  }

  /** One row through the same path as a single invitation, in the caller's transaction; refusals become the row's message. */
  async function inviteRowWithin(
    executor: Database,
    tenant: Tenant,
    row: Omit<ImportRow, 'line'>,
    origin: RequestOrigin,
  ): Promise<RowOutcome> {
    try {
      const outcome = await invitations.inviteOnceWithin(
        executor,
        tenant,
        {
          email: row.email,
          name: row.name,
          role: row.role,
          grant: { ...(row.grantName === null ? {} : { name: row.grantName }), customerNumbers: row.customerNumbers },
        },
        { origin },
      );
      return { state: outcome.state };
    } catch (error) {
      // Only refusals, which are decided before anything is written for the row, end up here.
      if (isAppError(error) && ROW_ERRORS.has(error.code)) {
        return { state: 'failed', code: error.code, text: textOfError(error) };
      }
      throw error;
    }
  }

  /** One row in its own transaction: committed when this returns, so the caller may report it as done. */
  async function inviteRow(tenantId: string, row: Omit<ImportRow, 'line'>, origin: RequestOrigin): Promise<RowOutcome> {
    const tenant = await tenantById(tenantId);
    const outcome = await db.transaction((tx) => inviteRowWithin(tx, tenant, row, origin));
    return outcome;
  }

  async function claim(jobId: string): Promise<ImportJobRow | null> {
    const now = clock.now();
    return createImportQueries(db).claim(jobId, now, new Date(now.getTime() + LEASE));
  }

  /**
   * Each row commits together with the job's progress, so after a crash the job goes on exactly
   * after the last committed row; a row done twice anyway (another process took over) is
   * recognised as invited already and sends nothing.
   */
  async function work(jobId: string, resumedBy: RequestOrigin): Promise<void> {
    const job = await claim(jobId);
    if (job === null) {
      return;
    }
    const tenant = await tenantById(job.tenantId);
    // Whoever resumes the work (another staff member opening the page), the Protokoll names the one who confirmed the import.
    const origin = { ...resumedBy, actorIdentityId: job.createdBy };
    const rows = job.rows as ImportRow[];
    let counts = {
      processed: job.processed,
      invited: job.invited,
      activated: job.activated,
      alreadyInvited: job.alreadyInvited,
      failed: job.failed,
    };
    let failures = job.failures as RowProblem[];
    if (job.processed >= rows.length) {
      await createImportQueries(db).update(job.tenantId, jobId, {
        status: 'done',
        finishedAt: clock.now(),
        leaseUntil: null,
        rows: [],
      });
      return;
    }
    for (let index = job.processed; index < rows.length; index += 1) {
      if (isStopping) {
        // Without the lease: the next look at the job's page in any process goes on from here.
        await createImportQueries(db).update(job.tenantId, jobId, { leaseUntil: null });
        return;
      }
      const row = rows[index]!;
      const next = await db.transaction(async (tx) => {
        const outcome = await inviteRowWithin(tx, tenant, row, origin);
        const after = {
          counts: countOutcome(counts, outcome),
          failures: outcome.state === 'failed' ? [...failures, rowProblem(row.line, [outcome.text])] : failures,
        };
        const isLast = after.counts.processed >= rows.length;
        const now = clock.now();
        await createImportQueries(tx).update(job.tenantId, jobId, {
          ...after.counts,
          ...(after.failures === failures ? {} : { failures: after.failures }),
          leaseUntil: isLast ? null : new Date(now.getTime() + LEASE),
          ...(isLast ? { status: 'done', finishedAt: now, rows: [] } : {}),
        });
        return after;
      });
      counts = next.counts;
      failures = next.failures;
    }
  }

  return {
    inviteRow,

    /** Keeps the checked rows for the staff to confirm; previews left unconfirmed for a day are dropped. */
    async createPreview(
      tenantId: string,
      createdBy: string | null,
      fileName: string,
      rows: ImportRow[],
    ): Promise<string> {
      const now = clock.now();
      const queries = createImportQueries(db);
      await queries.deletePreviewsBefore(tenantId, new Date(now.getTime() - DAY));
      return queries.insert({
        tenantId,
        createdBy,
        fileName: fileName.replace(/\p{Cc}/gu, '').slice(0, 200),
        rows,
        total: rows.length,
        createdAt: now,
      });
    },

    async find(tenantId: string, jobId: string): Promise<ImportJob | null> {
      if (!isUuid(jobId)) {
        return null;
      }
      const row = await createImportQueries(db).find(tenantId, jobId);
      return row === null ? null : toJob(row);
    },

    async listRecent(tenantId: string, limit = 10): Promise<ImportJob[]> {
      return (await createImportQueries(db).listStarted(tenantId, limit)).map(toJob);
    },

    /**
     * Confirms a preview once (a second click finds it running already) and starts working on it; the
     * staff member who confirms is the one who opens the access, so the job keeps them as its author.
     */
    async start(tenantId: string, jobId: string, origin: RequestOrigin): Promise<boolean> {
      if (!isUuid(jobId)) {
        return false;
      }
      const started = await createImportQueries(db).startPreview(tenantId, jobId, origin.actorIdentityId ?? null);
      const job = await this.find(tenantId, jobId);
      if (job === null) {
        return false;
      }
      if (started) {
        this.resume(jobId, origin);
      }
      return true;
    },

    /**
     * Works on the job in the background unless this or another process holds its lease; called
     * at the start and whenever somebody looks at a job whose worker has gone (its lease ran out).
     */
    resume(jobId: string, origin: RequestOrigin): void {
      if (running.has(jobId)) {
        return;
      }
      running.add(jobId);
      work(jobId, origin)
        .catch((error: unknown) =>
          logger.error({ err: error, importJobId: jobId }, 'import stopped; it resumes when its page is opened again'),
        )
        .finally(() => running.delete(jobId));
    },

    /** Resolves when no import runs in this process any more (for tests). */
    async settle(): Promise<void> {
      while (running.size > 0) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },

    /** On shutdown: finish the row in hand, save the progress, and leave the rest for later. */
    async stop(): Promise<void> {
      isStopping = true;
      while (running.size > 0) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },

    isLeaseExpired(job: { status: string }, leaseUntil: Date | null): boolean {
      return job.status === 'running' && (leaseUntil === null || leaseUntil < clock.now());
    },

    async leaseOf(jobId: string): Promise<Date | null> {
      return createImportQueries(db).leaseOf(jobId);
    },
  };
}

export type ImportService = ReturnType<typeof createImportService>;

type ImportCounts = Pick<ImportJob, 'processed' | 'invited' | 'activated' | 'alreadyInvited' | 'failed'>;

function countOutcome(counts: ImportCounts, outcome: RowOutcome): ImportCounts {
  const key = (
    { invited: 'invited', active: 'activated', already_invited: 'alreadyInvited', failed: 'failed' } as const
  )[outcome.state];
  return { ...counts, processed: counts.processed + 1, [key]: counts[key] + 1 };
}
