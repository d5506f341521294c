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
    .filter(({ table, rows }) => isDueForAnalysis(rows, knownRows.get(table) ?? 0))
    .map(({ table }) => table);
}

/** Whether `changed` rows of a table the planner knows `known` rows of (-1 or 0: never analysed) call for analysis. */
function isDueForAnalysis(changed: number, known: number): boolean {
  return changed > BASE_THRESHOLD + SCALE_FACTOR * Math.max(known, 0);
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
  if (analysed.length > 0) {
    await db.execute(sql.raw(`analyze ${analysed.map((table) => `"${table}"`).join(', ')}`));
  }
  return analysed;
}

/**
 * PostgreSQL's autovacuum defaults: vacuum after 50 dead rows plus a fifth of the table, or 1,000 inserted rows plus a
 * fifth of it (so that the rows are frozen before the transaction counter wraps), or once its oldest transaction id is
 * 200 million transactions old.
 */
const VACUUM_THRESHOLD = 50;
const VACUUM_SCALE_FACTOR = 0.2;
const VACUUM_INSERT_THRESHOLD = 1000;
const VACUUM_INSERT_SCALE_FACTOR = 0.2;
const FREEZE_MAX_AGE = 200_000_000;

/** A table's counts as the database keeps them (`pg_stat_all_tables`, `pg_class`). */
export interface TableActivity {
  /** Its name as a statement names it, quoted and qualified where it needs to be (`regclass`). */
  table: string;
  /** Rows inserted, updated or deleted since the last analysis. */
  changed: number;
  /** Dead row versions that a vacuum would reclaim. */
  dead: number;
  /** Rows inserted since the last vacuum. */
  inserted: number;
  /** The row count as the planner knows it (-1 or 0 for a table never analysed). */
  known: number;
  /** How many transactions old the table's oldest unfrozen transaction id is. */
  age: number;
}

/** Which tables autovacuum would vacuum (and analyse with it) and which it would only analyse, from their counts. */
export function maintenanceOf(tables: readonly TableActivity[]): { vacuum: string[]; analyse: string[] } {
  const vacuum: string[] = [];
  const analyse: string[] = [];
  for (const { table, changed, dead, inserted, known, age } of tables) {
    const rows = Math.max(known, 0);
    if (
      dead > VACUUM_THRESHOLD + VACUUM_SCALE_FACTOR * rows ||
      inserted > VACUUM_INSERT_THRESHOLD + VACUUM_INSERT_SCALE_FACTOR * rows ||
      age > FREEZE_MAX_AGE
    ) {
      vacuum.push(table);
    } else if (isDueForAnalysis(changed, known)) {
      analyse.push(table);
    }
  }
  return { vacuum, analyse };
}

/**
 * What PostgreSQL's autovacuum does once a minute, for the tables of the schema: vacuums (and analyses) those with
 * enough dead or newly inserted rows, or an old enough transaction id, and renews the planner's statistics of those in
 * which enough rows changed since their last analysis. Without it, tables that grow by single writes (claims,
 * messages, documents uploaded one by one) are planned forever as they were when empty, tables updated often
 * (sessions, attempt limits, the outbox) keep every dead row version in their indexes, and the transaction counter
 * would one day wrap.
 */
export async function maintainChangedTables(db: Database): Promise<{ vacuumed: string[]; analysed: string[] }> {
  // The system catalogues too, as autovacuum does: analyses rewrite pg_statistic, and the oldest transaction id of
  // the database is theirs as much as its tables'.
  const result = await db.execute(sql`
    select s.relid::regclass::text as "table", s.n_mod_since_analyze::float8 as "changed",
           s.n_dead_tup::float8 as "dead", s.n_ins_since_vacuum::float8 as "inserted", c.reltuples::float8 as "known",
           age(c.relfrozenxid)::float8 as "age"
      from pg_stat_all_tables s
      join pg_class c on c.oid = s.relid
     where s.schemaname in (current_schema(), 'pg_catalog') and c.relkind = 'r'
       and (s.n_mod_since_analyze > ${BASE_THRESHOLD} or s.n_dead_tup > ${VACUUM_THRESHOLD}
            or s.n_ins_since_vacuum > ${VACUUM_INSERT_THRESHOLD} or age(c.relfrozenxid) > ${FREEZE_MAX_AGE})`);
  const { vacuum, analyse: toAnalyse } = maintenanceOf((result as { rows: TableActivity[] }).rows);
  // VACUUM cannot run inside a transaction block; each statement here runs on its own. The names are the catalogue's
  // own, quoted by it.
  if (vacuum.length > 0) {
    await db.execute(sql.raw(`vacuum (analyze) ${vacuum.join(', ')}`));
  }
  if (toAnalyse.length > 0) {
    await db.execute(sql.raw(`analyze ${toAnalyse.join(', ')}`));
  }
  return { vacuumed: vacuum, analysed: toAnalyse };
}

/** How often the embedded database's tables are looked at (autovacuum's naptime). */
export const MAINTENANCE_INTERVAL_MILLISECONDS = 60 * 1000;

/**
 * The embedded database's autovacuum: every interval, `maintainChangedTables`. PGlite runs in this process and has no
 * background workers of its own; on a server PostgreSQL's autovacuum does this.
 */
export function startTableMaintenanceWorker(deps: {
  db: Database;
  logger: Logger;
  intervalMilliseconds?: number;
}): IntervalJob {
  return startIntervalJob(async () => {
    const startedAt = performance.now();
    try {
      const { vacuumed, analysed } = await maintainChangedTables(deps.db);
      if (vacuumed.length + analysed.length > 0) {
        deps.logger.info(
          { vacuumed, analysed, milliseconds: Math.round(performance.now() - startedAt) },
          'tables vacuumed and analysed',
        );
      }
    } catch (error) {
      // The next run tries again; the tables stay as they were.
      deps.logger.error({ err: error }, 'tables not vacuumed or analysed');
    }
  }, deps.intervalMilliseconds ?? MAINTENANCE_INTERVAL_MILLISECONDS);
}
