import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { pageIdsText } from './document-page-sql.js';
import { statementOf } from './document-repo.js';

const dialect = new PgDialect();

describe('the document list written as SQL text', () => {
  it('binds the values in the order their marks stand in the text, whatever order the fragments were built in', () => {
    const query = dialect.sqlToQuery(
      statementOf((value) => {
        const inner = `select ${value('inner')}`;
        return `select ${value('first')}, (${inner}), ${value(3)}`;
      }),
    );
    expect(query.sql).toBe('select $1, (select $2), $3');
    expect(query.params).toEqual(['first', 'inner', 3]);
  });

  it('keeps every value out of the text: a search, a keyword and ids are bound, never written', () => {
    const hostile = "x'); drop table documents; --";
    const query = dialect.sqlToQuery(
      statementOf(
        (value) =>
          pageIdsText(
            value,
            'tenant',
            'identity',
            [{ grantId: 'g', customerIds: ['c'], contractIds: ['k'], keywords: { kind: 'only', keywords: [hostile] } }],
            { search: hostile, keyword: hostile },
            null,
            26,
          ) ?? '',
      ),
    );
    expect(query.sql).not.toContain('drop table');
    expect(query.params.filter((param) => param === hostile)).toHaveLength(4);
    expect(query.params).toContain("%x'); drop table documents; --%");
  });

  it('has no page for scopes that reach nothing the filter allows', () => {
    const scope = { grantId: 'g', customerIds: ['c'], contractIds: [], keywords: { kind: 'all' as const } };
    const value = (): string => '';
    expect(pageIdsText(value, 't', 'i', [scope], { contractId: 'k' }, null, 26)).toBeNull();
    expect(pageIdsText(value, 't', 'i', [scope], { customerId: 'c' }, null, 26)).not.toBeNull();
  });
});
