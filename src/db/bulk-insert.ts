import { sql, type SQL } from 'drizzle-orm';
import type { Database } from './database.js';

export interface BulkColumn<Row> {
  name: string;
  /** The PostgreSQL type of the column, e.g. 'uuid', 'text', 'timestamptz'. */
  type: string;
  value: (row: Row) => unknown;
}

/**
 * Inserts many rows as one array per column (`insert … select * from unnest(…)`): a fixed number of
 * parameters however many rows, where a multi-row VALUES list builds one parameter per cell.
 */
export async function insertByColumns<Row>(
  executor: Database,
  table: string,
  columns: BulkColumn<Row>[],
  rows: Row[],
  suffix: SQL = sql``,
): Promise<void> {
  if (rows.length === 0) {
    return;
  }
  const names = sql.join(
    columns.map((column) => sql.identifier(column.name)),
    sql`, `,
  );
  const arrays = sql.join(
    columns.map((column) => {
      const values = rows.map((row) => {
        const value = column.value(row);
        return value instanceof Date ? value.toISOString() : value;
      });
      return sql`${sql.param(values)}::${sql.raw(column.type)}[]`;
    }),
    sql`, `,
  );
  await executor.execute(
    sql`insert into ${sql.identifier(table)} (${names}) select * from unnest(${arrays}) ${suffix}`,
  );
}
