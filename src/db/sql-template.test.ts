import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { ACCOUNT_RULE, CLIENT_RULE } from '../modules/throttling/throttle-policy.js';
import { releaseStatement, reserveAttemptsStatement } from '../modules/throttling/throttle-repo.js';
import { insertInTenantStatement } from '../modules/sessions/session-repo.js';
import { required } from '../shared/required.js';
import { identities, sessions } from './schema.js';
import { sqlTemplate } from './sql-template.js';

const dialect = new PgDialect();
const rendered = (statement: SQL) => dialect.sqlToQuery(statement);

describe('sqlTemplate', () => {
  /** The same statement written directly, as drizzle renders it on every run. */
  const direct = (values: { email: string; at: string; extra: SQL }) =>
    sql`select ${identities.id}, ${5}::int from ${identities}
      where ${identities.email} = ${values.email} and ${sessions.createdAt} < ${values.at}::timestamptz
        and ${values.extra} and ${values.at}::timestamptz > now() - ${'1 day'}::interval`;
  const template = sqlTemplate<'email' | 'at' | 'extra'>((slot) =>
    direct({ email: slot('email') as unknown as string, at: slot('at') as unknown as string, extra: slot('extra') }),
  );

  it('renders the text and parameters drizzle renders for the statement written directly', () => {
    for (const values of [
      { email: 'anna@example.com', at: '2026-12-06T01:00:00.000Z', extra: sql`true` },
      { email: 'ben@example.com', at: '2026-12-07T02:00:00.000Z', extra: sql`${identities.name} = ${'Ben'}` },
      { email: 'carl@example.com', at: '2026-12-08T03:00:00.000Z', extra: sql`${identities.id} in (${'x'}, ${'y'})` },
    ]) {
      const made = rendered(template(values));
      expect(made).toEqual(rendered(direct(values)));
    }
    // A piece of SQL in a slot numbers its own parameters in turn, and the constants stay in the template.
    const withPiece = rendered(
      template({ email: 'a@b.c', at: '2026-12-06T01:00:00.000Z', extra: sql`${identities.name} = ${'Ben'}` }),
    );
    expect(withPiece.params).toEqual([
      5,
      'a@b.c',
      '2026-12-06T01:00:00.000Z',
      'Ben',
      '2026-12-06T01:00:00.000Z',
      '1 day',
    ]);
  });

  it('refuses a statement whose own text looks like a parameter', () => {
    expect(() => sqlTemplate<'value'>((slot) => sql`select '$1' || ${slot('value')}`)).toThrow(/parameters/);
  });

  it('makes the throttle and session statements as they were written before (same text, same values)', () => {
    const now = new Date('2026-12-06T03:00:00.000Z');
    const reservation = reserveAttemptsStatement(
      [
        { key: 'client:203.0.113.9', rule: CLIENT_RULE },
        { key: 'account:anna@example.com', rule: ACCOUNT_RULE },
      ],
      now,
    );
    const reserved = rendered(sql`${reservation.withClause} ${reservation.reservedRows}`);
    // Rows are taken in the order of their keys: the account's first, whatever order they were given in.
    expect(reserved.params.slice(0, 3)).toEqual([
      'account:anna@example.com',
      now.toISOString(),
      null, // the first attempt never locks
    ]);
    expect(reserved.params).toContain(new Date(now.getTime() - ACCOUNT_RULE.forgetAfter).toISOString());
    expect(reserved.params).toContain(new Date(now.getTime() - CLIENT_RULE.forgetAfter).toISOString());
    expect(reserved.params).toContain(ACCOUNT_RULE.freeFailures);
    expect(reserved.params).toContain(CLIENT_RULE.freeFailures);
    expect(reserved.sql).toMatch(/^with reserved_0 as \(/);
    expect(reserved.sql).toMatch(
      /select key, failures from reserved_0 union all select key, failures from reserved_1$/,
    );

    const release = required(
      releaseStatement(
        [
          { key: 'account:anna@example.com', failures: 2 },
          { key: 'client:203.0.113.9', failures: 7 },
        ],
        ['account:anna@example.com'],
        { rowLocking: 'none' },
      ),
    );
    const released = rendered(release);
    expect(released.sql).toContain('where key in ($14, $15)');
    expect(released.params).toEqual([
      'account:anna@example.com',
      'account:anna@example.com',
      2,
      'client:203.0.113.9',
      7,
      'account:anna@example.com',
      2,
      'client:203.0.113.9',
      7,
      'account:anna@example.com',
      ACCOUNT_RULE.freeFailures,
      'client:203.0.113.9',
      CLIENT_RULE.freeFailures,
      'account:anna@example.com',
      'client:203.0.113.9',
    ]);
    // Another shape (one attempt, nothing ending, rows locked in key order) has a template of its own.
    const single = rendered(required(releaseStatement([{ key: 'client:203.0.113.9', failures: 1 }])));
    expect(single.sql).toContain('case when false and failures');
    expect(single.sql).toContain('order by key collate "C" for update');
    expect(single.params).toEqual([
      'client:203.0.113.9',
      1,
      'client:203.0.113.9',
      1,
      'client:203.0.113.9',
      CLIENT_RULE.freeFailures,
      'client:203.0.113.9',
    ]);

    const session = rendered(
      insertInTenantStatement({
        tokenHash: 'hash',
        identityId: 'identity',
        tenantId: 'tenant',
        host: 'acme.portal.test',
        userAgent: null,
        createdAt: now,
      }),
    );
    expect(session.params).toEqual([
      'hash',
      'identity',
      'acme.portal.test',
      null,
      now.toISOString(),
      now.toISOString(),
      now.toISOString(),
      'tenant',
    ]);
  });
});
