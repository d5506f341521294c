import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../support/browserless-client.js';
import { linkFrom } from '../support/smtp-receiver.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

const FIRST = 'Geheimes Erstes 1!';
const SECOND = 'Geheimes Zweites 2?';
const WRONG = 'Geheimes Falsches 3#';

describe(`audit log and logs (${databaseKind})`, () => {
  const logLines: string[] = [];
  const secrets: string[] = [FIRST, SECOND, WRONG];
  let portal: TestPortal;
  let tenant: { id: string; host: string; origin: string };

  async function linkTo(email: string): Promise<URL> {
    await portal.deliverMail();
    const url = new URL(linkFrom(await portal.smtp.waitForMail(email), '/set-password'));
    secrets.push(required(url.searchParams.get('token')));
    return url;
  }

  beforeAll(async () => {
    portal = await createTestPortal({ logLines });
    tenant = await createTestTenant(portal);
    const other = await createTestTenant(portal, 'other', 'Other Makler AG');
    await portal.services.invitations.invite({
      tenantId: tenant.id,
      email: 'audited@example.com',
      name: 'Ada Audit',
      role: 'policyholder',
    });
    const client = createClient(portal.app, tenant.origin, { 'user-agent': 'Audit Browser 1.0' });
    const invitation = await linkTo('audited@example.com');
    await client.get(invitation.pathname + invitation.search);
    await client.post('/set-password', {
      token: required(invitation.searchParams.get('token')),
      password: FIRST,
      passwordConfirm: FIRST,
    });
    await client.get('/login');
    await client.post('/login', { email: 'audited@example.com', password: WRONG });
    const loggedIn = await client.post('/login', { email: 'audited@example.com', password: FIRST });
    secrets.push(/portico_session=([^;]+)/.exec(loggedIn.headers.get('set-cookie') ?? '')?.[1] ?? 'no-session-cookie');
    await client.post('/forgot-password', { email: 'audited@example.com' });
    const reset = await linkTo('audited@example.com');
    await client.get(reset.pathname + reset.search);
    await client.post('/set-password', {
      token: required(reset.searchParams.get('token')),
      password: SECOND,
      passwordConfirm: SECOND,
    });
    // A stranger to this broker: their failed attempt must not name them here.
    await portal.services.invitations.invite({
      tenantId: other.id,
      email: 'stranger@example.com',
      name: 'Sven Fremd',
      role: 'policyholder',
    });
    const strangerLink = await linkTo('stranger@example.com');
    const strangerClient = createClient(portal.app, other.origin);
    await strangerClient.get(strangerLink.pathname + strangerLink.search);
    await strangerClient.post('/set-password', {
      token: required(strangerLink.searchParams.get('token')),
      password: FIRST,
      passwordConfirm: FIRST,
    });
    await client.post('/login', { email: 'stranger@example.com', password: WRONG });
  });
  afterAll(() => portal.close());

  it('records every authentication event with tenant, person, address and browser', async () => {
    const events = await portal.services.audit.listForTenant(tenant.id, 100);
    // The test clock stands still, so events of one test share a time: compare them as a set.
    const kinds = events.map((event) => `${event.kind} ${event.email ?? '(not named)'}`).sort();
    expect(kinds).toEqual([
      'invitation.created audited@example.com',
      'login.failed (not named)',
      'login.failed audited@example.com',
      'login.succeeded audited@example.com',
      'password.reset audited@example.com',
      'password.set audited@example.com',
    ]);
    const succeeded = required(events.find((event) => event.kind === 'login.succeeded'));
    expect(succeeded).toMatchObject({ origin: 'unknown', userAgent: 'Audit Browser 1.0' });
    expect(await portal.services.audit.listForTenant(null, 100)).toEqual([]);
  });

  it('keeps passwords, tokens and session ids out of the logs and the audit log', async () => {
    const audit = await portal.runtime.database.db.execute(sql`select * from audit_events`);
    const haystacks = [logLines.join('\n'), JSON.stringify(audit)];
    expect(logLines.length).toBeGreaterThan(10);
    for (const haystack of haystacks) {
      for (const secret of secrets) {
        expect(haystack).not.toContain(secret);
      }
    }
  });
});
