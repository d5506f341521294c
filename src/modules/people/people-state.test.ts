import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../../../test/support/test-portal.js';
import { databaseKind } from '../../../test/support/test-database.js';
import {
  createPeopleQueries,
  createPersonPageQueries,
  type LifecycleStep,
  type PersonStateInTenant,
} from './people-repo.js';
import { required } from '../../shared/required.js';

const MINUTE = 60_000;

/** The facts of one person in one tenant, as rows; every case of the table below is one of these. */
interface Facts {
  hasPassword?: boolean;
  isConfirmed?: boolean;
  isDeactivated?: boolean;
  firstLoginMinutesAgo?: number;
  /** Access here waits for this tenant's invitation (a person with a password from elsewhere). */
  isWaitingForInvitation?: boolean;
  token?: { createdMinutesAgo: number; expiresInMinutes: number; used?: boolean; revoked?: boolean; opened?: boolean };
  /** A second link created at the same moment as the first, revoked (a resend). */
  hasRevokedTwin?: boolean;
  mail?: 'queued' | 'sent' | 'failed' | 'abandoned';
}

const CASES: Array<[string, Facts, PersonStateInTenant, PersonStateInTenant, LifecycleStep | null]> = [
  [
    'invited, mail queued',
    { token: { createdMinutesAgo: 10, expiresInMinutes: 60 }, mail: 'queued' },
    'invited',
    'invited',
    'queued',
  ],
  [
    'invited, mail sent',
    { token: { createdMinutesAgo: 10, expiresInMinutes: 60 }, mail: 'sent' },
    'invited',
    'invited',
    'sent',
  ],
  [
    'invited, delivery failed',
    { token: { createdMinutesAgo: 10, expiresInMinutes: 60 }, mail: 'failed' },
    'invited',
    'invited',
    'delivery_failed',
  ],
  [
    'invited, delivery abandoned',
    { token: { createdMinutesAgo: 10, expiresInMinutes: 60 }, mail: 'abandoned' },
    'invited',
    'invited',
    'delivery_failed',
  ],
  [
    'invited, link opened',
    { token: { createdMinutesAgo: 10, expiresInMinutes: 60, opened: true }, mail: 'sent' },
    'invited',
    'invited',
    'link_opened',
  ],
  [
    'invitation expired',
    { token: { createdMinutesAgo: 10, expiresInMinutes: -1, opened: true }, mail: 'sent' },
    'invitation_expired',
    'invitation_expired',
    'expired',
  ],
  [
    'invitation revoked',
    { token: { createdMinutesAgo: 10, expiresInMinutes: -1, revoked: true } },
    'invitation_revoked',
    'invitation_expired',
    'revoked',
  ],
  [
    'resent at the same moment',
    { token: { createdMinutesAgo: 10, expiresInMinutes: 60 }, hasRevokedTwin: true },
    'invited',
    'invited',
    'queued',
  ],
  [
    'password set, not logged in yet',
    { hasPassword: true, isConfirmed: true, token: { createdMinutesAgo: 10, expiresInMinutes: 60, used: true } },
    'active',
    'active',
    'password_set',
  ],
  [
    'logged in',
    {
      hasPassword: true,
      isConfirmed: true,
      firstLoginMinutesAgo: 1,
      token: { createdMinutesAgo: 10, expiresInMinutes: 60, used: true },
    },
    'active',
    'active',
    'first_login',
  ],
  [
    'address not confirmed',
    { hasPassword: true, firstLoginMinutesAgo: 1 },
    'email_unconfirmed',
    'email_unconfirmed',
    'first_login',
  ],
  [
    'deactivated',
    { hasPassword: true, isConfirmed: true, isDeactivated: true, firstLoginMinutesAgo: 1 },
    'deactivated',
    'deactivated',
    'first_login',
  ],
  ['access here before any invitation', { hasPassword: true, isConfirmed: true }, 'active', 'active', null],
  [
    'password from elsewhere, waiting for this invitation',
    {
      hasPassword: true,
      isConfirmed: true,
      isWaitingForInvitation: true,
      token: { createdMinutesAgo: 10, expiresInMinutes: 60 },
      mail: 'sent',
    },
    'invited',
    'invited',
    'sent',
  ],
  [
    'password from elsewhere, invitation lapsed',
    {
      hasPassword: true,
      isConfirmed: true,
      isWaitingForInvitation: true,
      token: { createdMinutesAgo: 10, expiresInMinutes: -1 },
    },
    'invitation_expired',
    'invitation_expired',
    'expired',
  ],
  [
    'password from elsewhere, logged in here',
    {
      hasPassword: true,
      isConfirmed: true,
      isWaitingForInvitation: true,
      firstLoginMinutesAgo: 1,
      token: { createdMinutesAgo: 10, expiresInMinutes: 60 },
    },
    'active',
    'active',
    'first_login',
  ],
];

describe(`one definition of a person's state (${databaseKind})`, () => {
  let portal: TestPortal;
  let db: Database;
  let tenantId: string;
  let now: Date;

  beforeAll(async () => {
    portal = await createTestPortal();
    db = portal.runtime.database.db;
    tenantId = (await createTestTenant(portal)).id;
    now = portal.clock.now();
  });
  afterAll(() => portal.close());

  const ago = (minutes: number): string => new Date(now.getTime() - minutes * MINUTE).toISOString();

  async function createPerson(email: string, facts: Facts): Promise<string> {
    const identity =
      await db.execute(sql`insert into identities (email, email_display, name, password_hash, email_confirmed_at)
      values (${email}, ${email}, ${email}, ${facts.hasPassword ? 'hash' : null},
        ${facts.isConfirmed ? ago(20) : null}::timestamptz)
      returning id`);
    const id = required((identity as { rows: Array<{ id: string }> }).rows[0]).id;
    await db.execute(sql`insert into memberships (tenant_id, identity_id, role, deactivated_at, first_login_at,
      invitation_until)
      values (${tenantId}, ${id}, 'policyholder', ${facts.isDeactivated ? ago(1) : null}::timestamptz,
        ${facts.firstLoginMinutesAgo === undefined ? null : ago(facts.firstLoginMinutesAgo)}::timestamptz,
        ${facts.isWaitingForInvitation ? ago(-60) : null}::timestamptz)`);
    const token = facts.token;
    if (token !== undefined) {
      const links = [{ revoked: token.revoked ?? false }, ...(facts.hasRevokedTwin ? [{ revoked: true }] : [])];
      for (const [index, link] of links.entries()) {
        await db.execute(sql`insert into action_tokens (token_hash, purpose, tenant_id, identity_id, email, expires_at,
          used_at, revoked_at, link_opened_at, created_at)
          values (${`${email}-${index}`}, 'invitation', ${tenantId}, ${id}, ${email},
            ${ago(-token.expiresInMinutes)}::timestamptz,
            ${token.used ? ago(5) : null}::timestamptz, ${link.revoked ? ago(4) : null}::timestamptz,
            ${token.opened ? ago(6) : null}::timestamptz, ${ago(token.createdMinutesAgo)}::timestamptz)`);
      }
    }
    if (facts.mail !== undefined) {
      await db.execute(sql`insert into outbox (tenant_id, kind, from_name, to_address, subject, message_id, status,
        last_error, sent_at, created_at)
        values (${tenantId}, 'invitation', 'Acme', ${email}, 'Einladung', ${`<${email}>`}, ${facts.mail},
          ${facts.mail === 'failed' ? '552 Mailbox full' : null}, ${facts.mail === 'sent' ? ago(8) : null}::timestamptz,
            ${ago(9)}::timestamptz)`);
    }
    return id;
  }

  it.each(CASES)('%s', async (label, facts, state, apiState, step) => {
    const email = `${label.replace(/[^a-z]+/g, '-')}@example.com`;
    const id = await createPerson(email, facts);
    const [row] = await createPeopleQueries(db).listPeople(tenantId, now, { identityId: id });
    expect({ state: required(row).state, step: required(row).step }).toEqual({ state, step });
    const [record] = await createPersonPageQueries(db).listPage(tenantId, now, {
      afterId: null,
      identityId: id,
      limit: 1,
    });
    expect(required(record).state).toBe(apiState);
    // Lists and counts filter by the same state: the table's status filter finds the person under it.
    const page = await createPeopleQueries(db).listTable(tenantId, now, {
      scope: { identityIds: [id] },
      status: state,
      sort: 'name',
      direction: 'asc',
      cursor: null,
      isBackward: false,
      limit: 5,
    });
    expect(page.rows.map((found) => found.id)).toEqual([id]);
  });
});
