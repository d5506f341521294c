import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, textOf, type PageResponse } from '../support/browserless-client.js';
import { linkFrom } from '../support/smtp-receiver.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, PLATFORM_ORIGIN, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

const PASSWORD = 'Vier Jahreszeiten 4!';

/** What differs between two neutral answers by design: the CSRF field and the echoed address. */
function comparable(response: PageResponse, email: string): { status: number; text: string; headers: string[] } {
  return {
    status: response.status,
    text: textOf(response.body.replace(/name="_csrf" value="[^"]+"/, '').replace(/value="[^"]*"/g, '')).replaceAll(
      email,
      '<email>',
    ),
    headers: [...response.headers.keys()].filter((name) => name !== 'set-cookie').sort(),
  };
}

describe(`login answers (${databaseKind})`, () => {
  let portal: TestPortal;
  let tenant: { id: string; host: string; origin: string };

  beforeAll(async () => {
    portal = await createTestPortal();
    tenant = await createTestTenant(portal);
    const other = await createTestTenant(portal, 'other', 'Other Makler AG');
    for (const [tenantId, email] of [
      [tenant.id, 'known@example.com'],
      [other.id, 'elsewhere@example.com'],
    ] as const) {
      await portal.services.invitations.invite({ tenantId, email, name: 'Pat Beispiel', role: 'policyholder' });
      await portal.deliverMail();
      const token = required(
        new URL(linkFrom(await portal.smtp.waitForMail(email), '/set-password')).searchParams.get('token'),
      );
      const host = tenantId === tenant.id ? tenant.origin : other.origin;
      const browser = createClient(portal.app, host);
      await browser.get(`/set-password?token=${token}`);
      await browser.post('/set-password', { token, password: PASSWORD, passwordConfirm: PASSWORD });
    }
    await portal.services.invitations.invite({
      tenantId: tenant.id,
      email: 'pending@example.com',
      name: 'Pat Beispiel',
      role: 'policyholder',
    });
  });
  afterAll(() => portal.close());

  it('gives one neutral answer for an unknown address, a wrong password, no password yet and no membership here', async () => {
    const cases = [
      ['nobody@example.com', PASSWORD],
      ['known@example.com', 'Falsch und falsch 1!'],
      ['pending@example.com', PASSWORD],
      ['elsewhere@example.com', PASSWORD],
      ['not an address', PASSWORD],
      ['known@example.com', ''],
      ['known@example.com', 'x'.repeat(5000)],
    ] as const;
    const answers = [];
    for (const [email, password] of cases) {
      const browser = createClient(portal.app, tenant.origin);
      await browser.get('/login');
      answers.push(comparable(await browser.post('/login', { email, password }), email));
    }
    expect(required(answers[0]).status).toBe(401);
    expect(required(answers[0]).text).toContain('E-Mail-Adresse oder Passwort sind nicht korrekt');
    for (const answer of answers) {
      expect(answer).toEqual(answers[0]);
    }
  });

  it('lets the person in on the right host only, and the session stays on that host', async () => {
    const browser = createClient(portal.app, tenant.origin);
    await browser.get('/login');
    expect((await browser.post('/login', { email: 'known@example.com', password: PASSWORD })).location).toBe('/');
    const cookie = required(browser.cookies.get('portico_session'));
    const elsewhere = createClient(portal.app, 'http://other.portal.test');
    elsewhere.cookies.set('portico_session', cookie);
    expect((await elsewhere.get('/')).location).toBe('/login');
    const platform = createClient(portal.app, PLATFORM_ORIGIN);
    platform.cookies.set('portico_session', cookie);
    expect((await platform.get('/')).location).toBe('/login');
  });

  it('issues a new session id at every login and ends the session on the server at logout', async () => {
    const browser = createClient(portal.app, tenant.origin);
    await browser.get('/login');
    await browser.post('/login', { email: 'known@example.com', password: PASSWORD });
    const first = required(browser.cookies.get('portico_session'));
    await browser.post('/login', { email: 'known@example.com', password: PASSWORD });
    const second = required(browser.cookies.get('portico_session'));
    expect(second).not.toBe(first);
    const stale = createClient(portal.app, tenant.origin);
    stale.cookies.set('portico_session', first);
    expect((await stale.get('/')).location).toBe('/login');

    await browser.post('/logout', {});
    const replay = createClient(portal.app, tenant.origin);
    replay.cookies.set('portico_session', second);
    expect((await replay.get('/')).location).toBe('/login');
  });

  it('ends a session after 30 idle minutes', async () => {
    const browser = createClient(portal.app, tenant.origin);
    await browser.get('/login');
    await browser.post('/login', { email: 'known@example.com', password: PASSWORD });
    portal.clock.advance(29 * 60_000);
    expect((await browser.get('/')).status).toBe(200);
    portal.clock.advance(31 * 60_000);
    expect((await browser.get('/')).location).toBe('/login');
  });
});
