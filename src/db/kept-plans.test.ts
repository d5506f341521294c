import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPortal, type TestPortal } from '../../test/support/test-portal.js';
import { databaseKind } from '../../test/support/test-database.js';
import { KEEP_PLAN } from './kept-plans.js';
import { builtOnce } from './sql-template.js';

class RolledBack extends Error {}

describe(`statements with a kept plan (${databaseKind})`, () => {
  let portal: TestPortal;
  const db = () => portal.runtime.database.db;
  const rowsOf = (result: unknown) => (result as { rows: Record<string, unknown>[] }).rows;

  beforeAll(async () => {
    portal = await createTestPortal();
    await db().execute(sql`create table kept_plan_probe (key text primary key, count int not null, at timestamptz)`);
  });
  afterAll(() => portal.close());

  it('answers as the same statement without the mark, every time', async () => {
    const read = (marked: boolean, key: string) =>
      db().execute(sql`${marked ? KEEP_PLAN : sql``}select ${key}::text as "key", ${3}::int as "count",
        ${'2026-12-06T01:00:00.000Z'}::timestamptz as "at", ${null}::text as "none", ${true}::boolean as "isOn",
        json_build_object('key', ${key}::text) as "json"`);
    const usual = rowsOf(await read(false, 'a'));
    for (const key of ['a', 'b', 'a']) {
      const kept = rowsOf(await read(true, key));
      expect(kept).toEqual(usual.map((row) => ({ ...row, key, json: { key } })));
    }
    if (databaseKind === 'pglite') {
      // One connection: the statement is prepared there once, under its name.
      const prepared = await db().execute(
        sql`select name from pg_prepared_statements where name like 'kept%' and statement like '%as "isOn"%'`,
      );
      expect(rowsOf(prepared)).toHaveLength(1);
    }
  });

  it('reports a refused write with its code and keeps working afterwards', async () => {
    const insert = (key: string) =>
      db().execute(sql`${KEEP_PLAN}insert into kept_plan_probe (key, count) values (${key}, ${1})`);
    await insert('unique');
    const refused: unknown = await insert('unique').catch((error: unknown) => error);
    const codes: unknown[] = [];
    for (let error = refused; error instanceof Error; error = error.cause) {
      codes.push((error as { code?: unknown }).code);
    }
    expect(codes).toContain('23505');
    await insert('next');
    const rows = rowsOf(await db().execute(sql`${KEEP_PLAN}select key from kept_plan_probe order by key`));
    expect(rows.map((row) => row['key'])).toEqual(['next', 'unique']);
  });

  it('is not written by a transaction open meanwhile, and not undone by its rollback', async () => {
    const writes: Promise<unknown>[] = [];
    await db()
      .transaction(async (tx) => {
        await tx.execute(sql`insert into kept_plan_probe (key, count) values ('in transaction', 1)`);
        writes.push(
          db().execute(sql`${KEEP_PLAN}insert into kept_plan_probe (key, count) values (${'outside'}, ${1})`),
        );
        await new Promise((resolve) => setTimeout(resolve, 50));
        throw new RolledBack();
      })
      .catch((error: unknown) => {
        if (!(error instanceof RolledBack)) throw error;
      });
    await Promise.all(writes);
    const rows = rowsOf(
      await db().execute(sql`select key from kept_plan_probe where key in ('in transaction', 'outside')`),
    );
    expect(rows.map((row) => row['key'])).toEqual(['outside']);
  });

  it('runs inside a transaction as part of it', async () => {
    await db()
      .transaction(async (tx) => {
        await tx.execute(sql`${KEEP_PLAN}insert into kept_plan_probe (key, count) values (${'rolled back'}, ${1})`);
        throw new RolledBack();
      })
      .catch((error: unknown) => {
        if (!(error instanceof RolledBack)) throw error;
      });
    const rows = rowsOf(await db().execute(sql`select key from kept_plan_probe where key = 'rolled back'`));
    expect(rows).toEqual([]);
  });

  it('answers a statement built once as the same statement built on each call, with each call’s values', async () => {
    const build = ({ key, at }: { key: string; at: Date }) =>
      sql`${KEEP_PLAN}select ${key}::uuid as "key", ${at.toISOString()}::timestamptz as "at",
        ${'fest'}::text as "fixed", ${key}::text = ${key}::text as "twice", ${3}::int as "three"`;
    const once = builtOnce<{ key: string; at: Date }>({ key: 'id', at: 'time' }, build);
    for (const [key, at] of [
      ['0b1c4c1e-3b7a-4a51-9a34-2f5d8c1e0001', new Date('2026-12-06T01:00:00.000Z')],
      ['0b1c4c1e-3b7a-4a51-9a34-2f5d8c1e0002', new Date('2026-12-07T02:30:00.000Z')],
    ] as const) {
      const expected = rowsOf(await db().execute(build({ key, at })));
      expect(rowsOf(await db().execute(once({ key, at })))).toEqual(expected);
      expect(expected[0]).toMatchObject({ key, fixed: 'fest', twice: true, three: 3 });
    }
  });

  it('refuses to build once a statement whose text or constants depend on its values', async () => {
    const key = '0b1c4c1e-3b7a-4a51-9a34-2f5d8c1e0001';
    const byText = builtOnce<{ key: string }>({ key: 'id' }, (values) => sql`select ${sql.raw(`'${values.key}'`)}`);
    const byConstant = builtOnce<{ key: string }>({ key: 'id' }, (values) => sql`select ${values.key.slice(0, 8)}`);
    await expect(Promise.resolve().then(() => db().execute(byText({ key })))).rejects.toThrow(/chose its text/);
    await expect(Promise.resolve().then(() => db().execute(byConstant({ key })))).rejects.toThrow(/chose its text/);
  });
});
