import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createClient, textOf } from '../support/browserless-client.js';
import { linkFrom } from '../support/smtp-receiver.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

describe(`bad input (${databaseKind})`, () => {
  let portal: TestPortal;
  let tenant: { id: string; host: string; origin: string };
  let token: string;

  beforeAll(async () => {
    portal = await createTestPortal();
    tenant = await createTestTenant(portal);
    await portal.services.invitations.invite({
      tenantId: tenant.id,
      email: 'input@example.com',
      name: 'Ina Put',
      role: 'policyholder',
    });
    await portal.deliverMail();
    token = required(
      new URL(linkFrom(await portal.smtp.waitForMail('input@example.com'), '/set-password')).searchParams.get('token'),
    );
  });
  afterAll(() => portal.close());

  async function passwordHashCount(): Promise<number> {
    const result = await portal.runtime.database.db.execute(
      sql`select count(*)::int as n from identities where password_hash is not null`,
    );
    return required((result as { rows: { n: number }[] }).rows[0]).n;
  }

  it('shows a clear page for malformed tokens of any length', async () => {
    const browser = createClient(portal.app, tenant.origin);
    for (const candidate of [
      '',
      'abc',
      'A'.repeat(42),
      'A'.repeat(44),
      'A'.repeat(10_000),
      '%00%00',
      '../../etc/passwd',
      '%E2%80%AE',
      '<script>alert(1)</script>',
    ]) {
      const response = await browser.get(`/set-password?token=${candidate}`);
      expect(response.status).toBe(410);
      expect(textOf(response.body)).toContain('Dieser Link funktioniert nicht mehr');
      expect(response.body).not.toContain('<script>alert');
    }
  });

  it('refuses missing and repeated fields, NUL bytes and wrong content types with a 4xx page, writing nothing', async () => {
    const browser = createClient(portal.app, tenant.origin);
    await browser.get(`/set-password?token=${token}`);
    const before = await passwordHashCount();
    const attempts = [
      await browser.post('/set-password', { token, password: 'Guter Satz 1!' }),
      await browser.post('/set-password', {
        token,
        password: ['Guter Satz 1!', 'Anderer Satz 2!'],
        passwordConfirm: 'Guter Satz 1!',
      }),
      await browser.post('/set-password', {
        token: [token, token],
        password: 'Guter Satz 1!',
        passwordConfirm: 'Guter Satz 1!',
      }),
      await browser.post('/set-password', {
        token,
        password: 'Guter\u0000Satz 1!',
        passwordConfirm: 'Guter\u0000Satz 1!',
      }),
      await browser.post('/login', { email: 'input\u0000@example.com', password: 'x\u0000' }),
      await browser.raw('/set-password', {
        method: 'POST',
        body: JSON.stringify({ token }),
        headers: { 'content-type': 'application/json', origin: tenant.origin },
      }),
      await browser.raw('/set-password', { method: 'POST', body: 'token=x', headers: { origin: tenant.origin } }),
    ];
    for (const response of attempts) {
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(response.body).not.toMatch(/at .*\.(ts|js):\d+/);
    }
    expect(required(attempts[0]).status).toBe(400);
    expect(textOf(required(attempts[0]).body)).toContain('Das Formular war unvollständig');
    expect(required(attempts[3]).body).toContain('data-problem="PASSWORD_HAS_CONTROL_CHARACTER"');
    expect(await passwordHashCount()).toBe(before);
    expect((await browser.get(`/set-password?token=${token}`)).status).toBe(200);
  });

  it('refuses a 1 MB body before reading it', async () => {
    const browser = createClient(portal.app, tenant.origin);
    await browser.get('/login');
    const response = await browser.post('/login', { email: 'input@example.com', password: 'x'.repeat(1024 * 1024) });
    expect(response.status).toBe(413);
    expect(textOf(response.body)).toContain('Zu viele Daten');
  });

  it('refuses a body whose declared length is over the limit, and takes one within it', async () => {
    const browser = createClient(portal.app, tenant.origin);
    await browser.get('/login');
    const form = (password: string) => `_csrf=${browser.csrfToken}&email=input%40example.com&password=${password}`;
    const post = (body: string) =>
      browser.raw('/login', {
        method: 'POST',
        body,
        headers: {
          origin: tenant.origin,
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': String(Buffer.byteLength(body)),
        },
      });
    const tooLarge = await post(form('x'.repeat(20 * 1024)));
    expect(tooLarge.status).toBe(413);
    expect(textOf(tooLarge.body)).toContain('Zu viele Daten');
    expect((await post(form('falsch'))).status).toBe(401);
  });

  it('refuses bytes that are not UTF-8 with a 400 page instead of reading them as U+FFFD', async () => {
    const browser = createClient(portal.app, tenant.origin);
    await browser.get('/login');
    const body = Buffer.concat([
      Buffer.from(`_csrf=${browser.csrfToken}&email=`),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('&password=%FF%FE'),
    ]);
    const response = await browser.raw('/login', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: tenant.origin },
    });
    expect(response.status).toBe(400);
    expect(textOf(response.body)).toContain('Unlesbare Zeichen im Formular');
  });

  it('accepts the "Origin: null" that browsers send under Referrer-Policy no-referrer when the form is same-origin', async () => {
    const browser = createClient(portal.app, tenant.origin);
    await browser.get('/login');
    const response = await browser.post(
      '/login',
      { email: 'input@example.com', password: 'x' },
      { origin: 'null', 'sec-fetch-site': 'same-origin' },
    );
    expect(response.status).toBe(401);
  });

  it('refuses forms without a valid CSRF token or from a foreign origin', async () => {
    const browser = createClient(portal.app, tenant.origin);
    await browser.get('/login');
    const missing = await browser.post('/login', { _csrf: '', email: 'input@example.com', password: 'x' });
    expect(missing.status).toBe(403);
    const foreign = await browser.post(
      '/login',
      { email: 'input@example.com', password: 'x' },
      { origin: 'http://evil.example' },
    );
    expect(foreign.status).toBe(403);
    const crossSite = await browser.post(
      '/login',
      { email: 'input@example.com', password: 'x' },
      { origin: 'null', 'sec-fetch-site': 'cross-site' },
    );
    expect(crossSite.status).toBe(403);
    const otherHostToken = createClient(portal.app, 'http://portico.test');
    await otherHostToken.get('/login');
    const forged = await browser.post('/login', {
      _csrf: otherHostToken.csrfToken,
      email: 'input@example.com',
      password: 'x',
    });
    expect(forged.status).toBe(403);
  });
});
