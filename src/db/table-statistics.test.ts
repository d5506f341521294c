import { describe, expect, it } from 'vitest';
import { tablesToAnalyse } from './table-statistics.js';

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
