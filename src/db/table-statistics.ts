import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { startIntervalJob, type IntervalJob } from '../shared/interval-job.js';
import type { Database } from './database.js';

/**
 * Rows written to a table by one bulk write. `table` is one of the schema's table names (never input from a request).
 */
export interface TableWrites {
  table: string;
  rows: number;
}

/** Like PostgreSQL's autovacuum: a table is analysed again once more than 50 rows plus a tenth of it changed. */
const BASE_THRESHOLD = 50;
const SCALE_FACTOR = 0.1;

/**
 * The tables among `writes` whose written rows exceed the threshold, given each table's row count as the planner
 * knows it (`reltuples`, -1 or 0 for a table never analysed).
 */
export function tablesToAnalyse(writes: readonly TableWrites[], knownRows: ReadonlyMap<string, number>): string[] {
  return writes
    .filter(({ table, rows }) => rows > BASE_THRESHOLD + SCALE_FACTOR * Math.max(knownRows.get(table) ?? 0, 0))
    .map(({ table }) => table);
}

/**
 * Renews the planner's statistics of the tables a bulk write (a portfolio sync, an import) changed a large part of.
 * Without them the planner takes a table of hundreds of a customer's contracts for one row and joins them in nested
 * loops: a contract list of 300 took 45 ms in PostgreSQL before and 2.5 ms after. PostgreSQL's autovacuum would
 * analyse the table within a minute where it runs; the embedded database (single user) has none, and a server may
 * run without it, so the write asks itself. Called after the write's commit; never inside a transaction of the caller.
 */
export async function analyseAfterBulkWrite(db: Database, writes: readonly TableWrites[]): Promise<string[]> {
  const candidates = writes.filter(({ rows }) => rows > BASE_THRESHOLD);
  if (candidates.length === 0) {
    return [];
  }
  const names = candidates.map(({ table }) => table);
  const result = await db.execute(sql`
    select c.relname as "table", c.reltuples::float8 as "rows"
      from pg_class c
     where c.relkind = 'r' and c.relnamespace = current_schema()::regnamespace
       and c.relname in (${sql.join(
         names.map((name) => sql`${name}`),
         sql`, `,
       )})`);
  const known = new Map(
    (result as { rows: { table: string; rows: number }[] }).rows.map(({ table, rows }) => [table, rows]),
  );
  // Only names the catalogue confirmed are written into the statement.
  const analysed = tablesToAnalyse(candidates, known).filter((table) => known.has(table));
  await analyse(db, analysed);
  return analysed;
}

/**
 * Renews the planner's statistics of every table of the schema in which more rows were written since its last
 * analysis than the threshold above (the database's own count of inserted, updated and deleted rows): what PostgreSQL's
 * autovacuum does once a minute. Tables that grow by single writes (claims, messages, documents uploaded one by one)
 * are otherwise planned forever as they were when empty.
 */
export async function analyseChangedTables(db: Database): Promise<string[]> {
  const result = await db.execute(sql`
    select s.relname as "table", s.n_mod_since_analyze::float8 as "rows", c.reltuples::float8 as "known"
      from pg_stat_user_tables s
      join pg_class c on c.oid = s.relid
     where s.schemaname = current_schema() and s.n_mod_since_analyze > ${BASE_THRESHOLD}`);
  const changed = (result as { rows: { table: string; rows: number; known: number }[] }).rows;
  const analysed = tablesToAnalyse(changed, new Map(changed.map(({ table, known }) => [table, known])));
  await analyse(db, analysed);
  return analysed;
}

/** `tables` are names read from the catalogue or the schema's own, never input from a request. */
async function analyse(db: Database, tables: readonly string[]): Promise<void> {
  if (tables.length > 0) {
    await db.execute(sql.raw(`analyze ${tables.map((table) => `"${table.replaceAll('"', '""')}"`).join(', ')}`));
  }
}

/** How often the embedded database's tables are checked for changes worth new statistics (autovacuum's naptime). */
export const STATISTICS_INTERVAL_MILLISECONDS = 60 * 1000;

/**
 * The embedded database's autovacuum, as far as the planner needs it: every interval, `analyseChangedTables`. PGlite
 * runs in this process and has no background workers of its own; PostgreSQL's autovacuum does this on a server.
 */
export function startStatisticsWorker(deps: {
  db: Database;
  logger: Logger;
  intervalMilliseconds?: number;
}): IntervalJob {
  return startIntervalJob(async () => {
    const startedAt = performance.now();
    try {
      const analysed = await analyseChangedTables(deps.db);
      if (analysed.length > 0) {
        deps.logger.info(
          { tables: analysed, milliseconds: Math.round(performance.now() - startedAt) },
          'planner statistics renewed',
        );
      }
    } catch (error) {
      // The next run tries again; the statistics stay as they were.
      deps.logger.error({ err: error }, 'planner statistics not renewed');
    }
  }, deps.intervalMilliseconds ?? STATISTICS_INTERVAL_MILLISECONDS);
}
