import type { Logger } from 'pino';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { DAY, MINUTE } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import { isUuid } from '../../shared/ids.js';
import type { RequestOrigin } from '../audit/audit-service.js';
import type { PortfolioService } from '../portfolio/portfolio-service.js';
import {
  gdvItemOutcomeOf,
  importGdvPortfolio,
  type GdvImportProblem,
  type GdvItemOutcome,
} from './gdv-import-service.js';
import { createGdvImportJobQueries, type GdvImportJobRow } from './gdv-import-job-repo.js';
import { readGdvPortfolio } from './gdv-portfolio.js';
import type { PortfolioItemData } from '../portfolio/portfolio-input.js';
import { required } from '../../shared/required.js';

/** The largest GDV file the workspace takes (the command line takes any size). */
export const GDV_UPLOAD_MAX_BYTES = 20 * 1024 * 1024;
/** Problems kept per job; the count of all of them is kept too. */
const PROBLEMS_KEPT = 500;
const LEASE = 1 * MINUTE;

export interface GdvPreview {
  records: number;
  recordsBySatzart: Record<string, number>;
  skippedBySatzart: Record<string, number>;
  packages: number;
  customers: { create: number; update: number };
  contracts: { create: number; update: number };
  problems: GdvImportProblem[];
  problemCount: number;
}

export interface GdvJobCounts {
  customers: { created: number; updated: number };
  contracts: { created: number; updated: number };
  refused: number;
}

export interface GdvImportJob {
  id: string;
  status: 'previewed' | 'running' | 'done' | 'failed';
  fileName: string;
  preview: GdvPreview;
  totalRecords: number;
  recordsDone: number;
  counts: GdvJobCounts;
  /** Items the portfolio refused while importing (the reader's problems are in the preview). */
  problems: GdvImportProblem[];
  createdAt: Date;
  finishedAt: Date | null;
}

const EMPTY_COUNTS: GdvJobCounts = {
  customers: { created: 0, updated: 0 },
  contracts: { created: 0, updated: 0 },
  refused: 0,
};

type JobRow = GdvImportJobRow;

function toJob(row: JobRow): GdvImportJob {
  return {
    id: row.id,
    status: row.status as GdvImportJob['status'],
    fileName: row.fileName,
    preview: row.preview as GdvPreview,
    totalRecords: row.totalRecords,
    recordsDone: row.recordsDone,
    counts: { ...structuredClone(EMPTY_COUNTS), ...structuredClone(row.counts as Partial<GdvJobCounts>) },
    problems: row.problems as GdvImportProblem[],
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
  };
}

// eslint-disable-next-line @typescript-eslint/require-await -- the reader takes an async source, as a file stream is
async function* bytesOf(content: Uint8Array): AsyncGenerator<Uint8Array> {
  const chunk = 256 * 1024;
  for (let offset = 0; offset < content.length; offset += chunk) {
    yield content.subarray(offset, offset + chunk);
  }
}

/** Reads the whole file once without writing: counts, problems, and what would be created or updated. */
async function previewOf(
  content: Uint8Array,
  findExisting: PortfolioService['findExisting'],
  tenantId: string,
): Promise<GdvPreview> {
  const customerNumbers = new Set<string>();
  const contractKeys = new Map<string, { insurerNumber: string; sparte: string; policyNumber: string }>();
  const problems: GdvImportProblem[] = [];
  let problemCount = 0;
  let summary = { records: 0, recordsBySatzart: {}, skippedBySatzart: {}, packages: 0 } as Pick<
    GdvPreview,
    'records' | 'recordsBySatzart' | 'skippedBySatzart' | 'packages'
  >;
  for await (const event of readGdvPortfolio(bytesOf(content))) {
    if (event.kind === 'error') {
      problemCount += 1;
      if (problems.length < PROBLEMS_KEPT) problems.push({ source: 'record', ...event.error });
    } else if (event.kind === 'customer') {
      customerNumbers.add(event.customer.customerNumber);
    } else if (event.kind === 'contract') {
      const { insurerNumber, sparte, policyNumber } = event.contract;
      contractKeys.set(`${insurerNumber}/${sparte}/${policyNumber}`, { insurerNumber, sparte, policyNumber });
    } else {
      summary = event.summary;
    }
  }
  const existing = await findExisting(tenantId, [...customerNumbers], [...contractKeys.values()]);
  const known = (keys: Iterable<string>, set: Set<string>): number => [...keys].filter((key) => set.has(key)).length;
  const knownCustomers = known(customerNumbers, existing.customerNumbers);
  const knownContracts = known(contractKeys.keys(), existing.contractKeys);
  return {
    records: summary.records,
    recordsBySatzart: summary.recordsBySatzart,
    skippedBySatzart: summary.skippedBySatzart,
    packages: summary.packages,
    customers: { create: customerNumbers.size - knownCustomers, update: knownCustomers },
    contracts: { create: contractKeys.size - knownContracts, update: knownContracts },
    problems,
    problemCount,
  };
}

/**
 * GDV files uploaded in the workspace: checked into a preview, imported once confirmed. The import is
 * the command line's (importGdvPortfolio into the portfolio's batches); after each committed batch the
 * job saves how far it got, so a process that stops leaves a job the next look at its page resumes.
 */
export function createGdvUploadService(deps: {
  db: Database;
  clock: Clock;
  portfolio: PortfolioService;
  logger: Logger;
}) {
  const { db, clock, portfolio, logger } = deps;
  const running = new Set<string>();
  let isStopping = false;

  async function claim(jobId: string): Promise<JobRow | null> {
    const now = clock.now();
    return createGdvImportJobQueries(db).claim(jobId, now, new Date(now.getTime() + LEASE));
  }

  /** How many of the file's records lie behind the items written, by the preview's share of items per record. */
  function recordsAfter(job: JobRow, items: number): number {
    const preview = job.preview as GdvPreview;
    const totalItems =
      preview.customers.create + preview.customers.update + preview.contracts.create + preview.contracts.update;
    return totalItems === 0
      ? job.totalRecords
      : Math.min(job.totalRecords, Math.round((items / totalItems) * job.totalRecords));
  }

  async function work(jobId: string, origin: RequestOrigin): Promise<void> {
    const claimed = await claim(jobId);
    if (claimed === null) {
      return;
    }
    const job: JobRow = claimed;
    const queries = createGdvImportJobQueries(db);
    const counts = toJob(job).counts;
    const problems = [...(job.problems as GdvImportProblem[])];
    let itemsDone = job.itemsDone;
    let itemsSeen = 0;
    let progressWrite: Promise<unknown> = Promise.resolve();
    const saveProgress = (): void => {
      const values = { itemsDone, recordsDone: recordsAfter(job, itemsDone), counts: structuredClone(counts) };
      const kept = [...problems];
      progressWrite = progressWrite.then(() =>
        queries.update(job.tenantId, jobId, {
          ...values,
          problems: kept,
          leaseUntil: new Date(clock.now().getTime() + LEASE),
        }),
      );
    };
    const stopped = new Error('stopping');
    const writeBatch = async (items: PortfolioItemData[]): Promise<GdvItemOutcome[]> => {
      if (isStopping) throw stopped;
      const first = itemsSeen;
      itemsSeen += items.length;
      // Batches committed before a stop are not sent again: the same file gives the same batches.
      const skip = Math.max(0, Math.min(items.length, itemsDone - first));
      const results = await portfolio.upsertBatch(job.tenantId, items.slice(skip), origin);
      const written = results.map(gdvItemOutcomeOf);
      written.forEach((outcome, index) => {
        if (outcome.status !== 'failed') {
          counts[required(items[skip + index]).type === 'customer' ? 'customers' : 'contracts'][outcome.status] += 1;
        }
      });
      return [...items.slice(0, skip).map(() => ({ status: 'updated' as const })), ...written];
    };
    try {
      await importGdvPortfolio(bytesOf(Buffer.from(job.content, 'base64')), {
        writeBatch,
        // The reader's problems are the preview's; only the portfolio's refusals are new here.
        onProblem: (problem) => {
          if (problem.source === 'item' && problem.line > 0) {
            counts.refused += 1;
            if (problems.length < PROBLEMS_KEPT) problems.push(problem);
          }
        },
        onBatchWritten: () => {
          itemsDone = Math.max(itemsDone, itemsSeen);
          saveProgress();
        },
      });
    } catch (error) {
      await progressWrite;
      const isStopped = error === stopped;
      await queries.update(
        job.tenantId,
        jobId,
        isStopped ? { leaseUntil: null } : { status: 'failed', finishedAt: clock.now(), leaseUntil: null },
      );
      if (isStopped) return;
      throw error;
    }
    await progressWrite;
    await queries.update(job.tenantId, jobId, {
      status: 'done',
      finishedAt: clock.now(),
      leaseUntil: null,
      content: '',
      recordsDone: job.totalRecords,
      itemsDone,
      counts,
      problems,
    });
  }

  return {
    /** Checks the file and keeps it as a preview; previews left unconfirmed for a day are dropped. */
    async createPreview(
      tenantId: string,
      createdBy: string | null,
      fileName: string,
      content: Uint8Array,
    ): Promise<GdvImportJob> {
      if (content.length > GDV_UPLOAD_MAX_BYTES) {
        throw new AppError('GDV_FILE_TOO_LARGE', {
          params: { max: GDV_UPLOAD_MAX_BYTES / 1024 / 1024 },
          detail: 'GDV file too large',
        });
      }
      const preview = await previewOf(content, portfolio.findExisting.bind(portfolio), tenantId);
      if (preview.packages === 0 && preview.customers.create + preview.customers.update === 0) {
        throw new AppError('GDV_FILE_NOT_GDV', 'The file has no Vorsatz (Satzart 0001)');
      }
      const now = clock.now();
      const queries = createGdvImportJobQueries(db);
      await queries.deletePreviewsBefore(tenantId, new Date(now.getTime() - DAY));
      const row = await queries.insert({
        tenantId,
        createdBy,
        fileName: fileName.replace(/\p{Cc}/gu, '').slice(0, 200),
        content: Buffer.from(content).toString('base64'),
        preview,
        totalRecords: preview.records,
        createdAt: now,
      });
      return toJob(row);
    },

    async find(tenantId: string, jobId: string): Promise<GdvImportJob | null> {
      if (!isUuid(jobId)) {
        return null;
      }
      const row = await createGdvImportJobQueries(db).find(tenantId, jobId);
      return row === null ? null : toJob(row);
    },

    async listRecent(tenantId: string, limit = 10): Promise<GdvImportJob[]> {
      return (await createGdvImportJobQueries(db).listStarted(tenantId, limit)).map(toJob);
    },

    /** Confirms a preview once (a second click finds it running) and starts the import in the background. */
    async start(tenantId: string, jobId: string, origin: RequestOrigin): Promise<boolean> {
      if (!isUuid(jobId)) {
        return false;
      }
      const started = await createGdvImportJobQueries(db).startPreview(tenantId, jobId, origin.actorIdentityId ?? null);
      if (started) {
        this.resume(jobId, origin);
        return true;
      }
      return (await this.find(tenantId, jobId)) !== null;
    },

    /** Works on the job unless this or another process holds its lease. */
    resume(jobId: string, origin: RequestOrigin): void {
      if (running.has(jobId)) {
        return;
      }
      running.add(jobId);
      work(jobId, origin)
        .catch((error: unknown) => logger.error({ err: error, gdvImportJobId: jobId }, 'GDV import failed'))
        .finally(() => running.delete(jobId));
    },

    async isAbandoned(job: GdvImportJob): Promise<boolean> {
      if (job.status !== 'running') {
        return false;
      }
      const row = await createGdvImportJobQueries(db).leaseOf(job.id);
      return row !== null && (row.leaseUntil === null || row.leaseUntil < clock.now());
    },

    /** Resolves when no import runs in this process any more. */
    async settle(): Promise<void> {
      while (running.size > 0) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },

    /** On shutdown: the batch in hand commits, the progress is saved, the rest waits for the next look. */
    async stop(): Promise<void> {
      isStopping = true;
      await this.settle();
    },
  };
}

export type GdvUploadService = ReturnType<typeof createGdvUploadService>;
