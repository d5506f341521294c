import type { Config } from '../config/config.js';
import { gdvItemOutcomeOf, type GdvItemOutcome } from '../modules/gdv/gdv-import-service.js';
import type { CheckedPortfolioBatch } from '../modules/portfolio/portfolio-check.js';
import { systemClock } from '../shared/clock.js';
import type { GdvThreadPayload } from './gdv-read-thread.js';
import { runningPortal, type CommandRunner } from './run-command.js';

/** Where `portico import gdv` writes its batches: a running portal, or this process. */
export interface GdvBatchWriter {
  /** The batches are written in this process, so the reading thread checks the items too (`checkPortfolioItems`). */
  readonly checksHere: boolean;
  /** One batch; one outcome per item, in order. */
  write(payload: GdvThreadPayload): Promise<GdvItemOutcome[]>;
  /** After the last batch, with the rows written in all. */
  finish(written: { customers: number; contracts: number }): Promise<void>;
  close(): Promise<void>;
}

/**
 * The writer for the tenant `tenantSlug`: a running portal that holds the embedded database is handed the items as
 * read and checks them itself; otherwise this process opens the database and writes the batches its reading thread
 * checked. Either way an unknown tenant fails here, before a batch is written.
 */
export async function openGdvBatchWriter(config: Config, tenantSlug: string): Promise<GdvBatchWriter> {
  const portal = runningPortal(config);
  return portal === null ? openHere(config, tenantSlug) : await handTo(portal, tenantSlug);
}

async function handTo(portal: CommandRunner, tenant: string): Promise<GdvBatchWriter> {
  await portal('portfolio.upsert', { tenant, items: [] });
  return {
    checksHere: false,
    async write(payload) {
      if (!Array.isArray(payload)) {
        throw new Error('a running portal is handed the items as read, not a checked batch');
      }
      return (await portal('portfolio.upsert', { tenant, items: payload })).map(outcomeOf);
    },
    // The portal renews the planner's statistics after each batch itself.
    finish: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}

/** The portal's answer to one item: `created`, `updated`, or `failed` with code and message, tab-separated. */
function outcomeOf(line: string): GdvItemOutcome {
  const [status, code, message] = line.split('\t');
  return status === 'created' || status === 'updated'
    ? { status }
    : { status: 'failed', code: code ?? 'VALIDATION_FAILED', message: message ?? '' };
}

/**
 * Opens the database here with only what writing a portfolio needs: the tenants and the portfolio's writer, not the
 * rest of Portico's services, whose loading would cost every import a fixed half second.
 */
async function openHere(config: Config, tenantSlug: string): Promise<GdvBatchWriter> {
  const [
    { openConfiguredDatabase },
    { commandWriteFailure },
    { createTenantService },
    { createPortfolioWriter },
    { CLI_ORIGIN },
  ] = await Promise.all([
    import('../db/configured-database.js'),
    import('../db/database-errors.js'),
    import('../modules/tenants/tenant-service.js'),
    import('../modules/portfolio/portfolio-writer.js'),
    import('../modules/audit/audit-service.js'),
  ]);
  const database = await openConfiguredDatabase(config);
  try {
    await database.handle.migrate();
    const db = database.handle.db;
    const tenant = await createTenantService({ db, config }).findTenantBySlug(tenantSlug);
    const writer = createPortfolioWriter({ db, clock: systemClock });
    /** A full disk or a read-only database: the cause in one line, as every command says it. */
    const explained = async <T>(write: () => Promise<T>): Promise<T> => {
      try {
        return await write();
      } catch (error) {
        throw commandWriteFailure(error) ?? error;
      }
    };
    return {
      checksHere: true,
      write: (payload) =>
        explained(async () =>
          (
            await writer.upsertCheckedBatch(tenant.id, payload as CheckedPortfolioBatch, CLI_ORIGIN, {
              refreshStatistics: false,
            })
          ).map(gdvItemOutcomeOf),
        ),
      finish: (written) => explained(() => writer.refreshStatistics(written)),
      close: () => database.close(),
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
