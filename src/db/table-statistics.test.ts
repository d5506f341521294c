import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';
import {
  maintainChangedTables,
  maintenanceOf,
  startTableMaintenanceWorker,
  tablesToAnalyse,
} from './table-statistics.js';

describe('tablesToAnalyse', () => {
  it('takes a table once more than 50 rows and a tenth of its known rows were written', () => {
    const known = new Map([
      ['contracts', 1_000],
      ['customers', -1],
    ]);
    expect(tablesToAnalyse([{ table: 'customers', rows: 51 }], known)).toEqual(['customers']);
    expect(tablesToAnalyse([{ table: 'customers', rows: 50 }], known)).toEqual([]);
    expect(tablesToAnalyse([{ table: 'contracts', rows: 150 }], known)).toEqual([]);
    expect(tablesToAnalyse([{ table: 'contracts', rows: 151 }], known)).toEqual(['contracts']);
    expect(tablesToAnalyse([{ table: 'unknown', rows: 51 }], known)).toEqual(['unknown']);
  });
});

describe('maintenanceOf', () => {
  const quiet = { changed: 0, dead: 0, inserted: 0, known: 1_000, age: 10 };
  it('vacuums on dead rows, on inserted rows and on age, and otherwise analyses on changed rows, as autovacuum does', () => {
    expect(
      maintenanceOf([
        { table: 'quiet', ...quiet, changed: 150, dead: 250, inserted: 1_200 },
        { table: 'dead', ...quiet, dead: 251 },
        { table: 'inserted', ...quiet, inserted: 1_201 },
        { table: 'old', ...quiet, age: 200_000_001 },
        { table: 'changed', ...quiet, changed: 151 },
        { table: 'new', ...quiet, known: -1, changed: 51, dead: 0 },
      ]),
    ).toEqual({ vacuum: ['dead', 'inserted', 'old'], analyse: ['changed', 'new'] });
  });
});

/**
 * Tables of the test's own, so that nothing else writes them; on a server without autovacuum, which would otherwise
 * analyse them itself. A quoted name with a quote in it, as the catalogue may hold one.
 */
describe('the tables kept up after single writes', () => {
  let database: TestDatabase;
  const db = () => database.handle.db;

  beforeAll(async () => {
    database = await createTestDatabase();
    await db().execute(sql`create table stat_rows (id int primary key) with (autovacuum_enabled = false)`);
    await db().execute(sql`create table "stat ""quoted"" rows" (id int primary key) with (autovacuum_enabled = false)`);
  });
  afterAll(() => database.drop());

  /** Writes rows one statement at a time, then has the database publish its counts of them (it does so when idle). */
  async function insertOneByOne(table: string, from: number, count: number): Promise<void> {
    for (let id = from; id < from + count; id += 1) {
      await db().execute(sql`insert into ${sql.identifier(table)} (id) values (${id})`);
    }
  }

  /** One of the database's counts of a table's rows (`pg_stat_user_tables`); -1 before it has any. */
  async function countOf(table: string, count: 'n_mod_since_analyze' | 'n_ins_since_vacuum'): Promise<number> {
    const result = await db().execute(sql`
      select coalesce((select ${sql.identifier(count)} from pg_stat_user_tables
                        where relname = ${table} and schemaname = current_schema()), -1)::int as "rows"`);
    return (result as { rows: { rows: number }[] }).rows[0]?.rows ?? -1;
  }

  const changedSinceAnalysis = (table: string) => countOf(table, 'n_mod_since_analyze');

  async function knownRows(table: string): Promise<number> {
    const result = await db().execute(sql`select reltuples::float8 as "rows" from pg_class where relname = ${table}`);
    return (result as { rows: { rows: number }[] }).rows[0]?.rows ?? Number.NaN;
  }

  /** The counts reach the statistics a second or so after the writes; another statement flushes them. */
  async function untilCounted(table: string, rows: number): Promise<void> {
    await expect
      .poll(() => changedSinceAnalysis(table), { timeout: 15_000, interval: 250 })
      .toBeGreaterThanOrEqual(rows);
  }

  it('analyses a table once more than the threshold changed, and not again until the next change', async () => {
    await insertOneByOne('stat_rows', 0, 40);
    await untilCounted('stat_rows', 40);
    expect((await maintainChangedTables(db())).analysed).not.toContain('stat_rows');
    expect(await knownRows('stat_rows')).toBeLessThan(40);

    await insertOneByOne('stat_rows', 40, 160);
    await insertOneByOne('stat "quoted" rows', 0, 60);
    await untilCounted('stat_rows', 200);
    await untilCounted('stat "quoted" rows', 60);
    expect((await maintainChangedTables(db())).analysed.sort()).toEqual(['"stat ""quoted"" rows"', 'stat_rows']);
    expect(await knownRows('stat_rows')).toBe(200);
    expect(await knownRows('stat "quoted" rows')).toBe(60);
    expect(await changedSinceAnalysis('stat_rows')).toBe(0);
    expect(await maintainChangedTables(db())).toEqual({ vacuumed: [], analysed: [] });

    // 200 known rows: the next analysis after more than 50 + 20 changes.
    await insertOneByOne('stat_rows', 200, 60);
    await untilCounted('stat_rows', 60);
    expect(await maintainChangedTables(db())).toEqual({ vacuumed: [], analysed: [] });
    await insertOneByOne('stat_rows', 260, 20);
    await untilCounted('stat_rows', 80);
    expect(await maintainChangedTables(db())).toEqual({ vacuumed: [], analysed: ['stat_rows'] });
    expect(await knownRows('stat_rows')).toBe(280);
  });

  it('vacuums by itself every interval a table that had enough rows inserted, and stops', async () => {
    await db().execute(sql`insert into stat_rows (id) select g from generate_series(10000, 11499) g`);
    await expect
      .poll(() => countOf('stat_rows', 'n_ins_since_vacuum'), { timeout: 15_000, interval: 250 })
      .toBeGreaterThanOrEqual(1_500);
    const lines: { msg: string; vacuumed?: string[]; analysed?: string[] }[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const worker = startTableMaintenanceWorker({ db: db(), logger, intervalMilliseconds: 50 });
    try {
      await expect.poll(() => knownRows('stat_rows'), { timeout: 10_000, interval: 50 }).toBe(1_780);
    } finally {
      await worker.stop();
    }
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: 'tables vacuumed and analysed', vacuumed: ['stat_rows'], analysed: [] }),
    );
    const vacuumed = await db().execute(
      sql`select last_vacuum is not null as "isVacuumed" from pg_stat_user_tables where relname = 'stat_rows'`,
    );
    expect((vacuumed as { rows: { isVacuumed: boolean }[] }).rows).toEqual([{ isVacuumed: true }]);
  });
});
