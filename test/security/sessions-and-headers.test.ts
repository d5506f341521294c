import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_PASSWORD, activatePerson } from '../support/accounts.js';
import { createHttpBrowser, startHttpPortal, type HttpAnswer, type HttpPortal } from '../support/http-portal.js';
import { databaseKind } from '../support/test-database.js';
import { createTestTenant } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

function cookieLine(answer: HttpAnswer, name: string): string {
  const line = answer.setCookies.find((entry) => entry.startsWith(`${name}=`));
  if (line === undefined) {
    throw new Error(`no ${name} cookie in ${JSON.stringify(answer.setCookies)}`);
  }
  return line;
}

function expectHardenedPage(answer: HttpAnswer): void {
  const csp = String(answer.headers['content-security-policy']);
  expect(csp).toContain("default-src 'none'");
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}'/);
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("base-uri 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(answer.headers['x-content-type-options']).toBe('nosniff');
  expect(answer.headers['referrer-policy']).toBe('no-referrer');
  expect(answer.headers['x-frame-options']).toBe('DENY');
  expect(answer.headers['cache-control']).toBe('no-store');
  // No inline script at all: every script tag loads a file and carries the nonce.
  for (const tag of answer.body.match(/<script\b[^>]*>/g) ?? []) {
    expect(tag).toMatch(/src="\/assets\//);
  }
}

describe(`sessions, cookies and headers over plain HTTP (${databaseKind})`, () => {
  let target: HttpPortal;
  let acme: { id: string; host: string; origin: string };
  let beta: { id: string; host: string; origin: string };

  beforeAll(async () => {
    target = await startHttpPortal();
    acme = await createTestTenant(target.portal);
    beta = await createTestTenant(target.portal, 'beta', 'Beta Finanz KG');
    await activatePerson(target.portal, acme, 'sitzung@example.com', 'policyholder');
    await target.portal.services.invitations.invite({
      tenantId: beta.id,
      email: 'sitzung@example.com',
      name: 'Sitzung',
      role: 'policyholder',
    });
  });
  afterAll(() => target.close());

  it('issues a new session id at login and never adopts one the attacker planted', async () => {
    const browser = createHttpBrowser(target, acme.host);
    await browser.get('/login');
    const planted = 'A'.repeat(43);
    browser.cookies.set('portico_session', planted);
    const login = await browser.post('/login', { email: 'sitzung@example.com', password: ACCOUNT_PASSWORD });
    expect(login.status).toBe(303);
    const issued = required(browser.cookies.get('portico_session'));
    expect(issued).not.toBe(planted);
    expect(issued).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const line = cookieLine(login, 'portico_session');
    expect(line).toMatch(/HttpOnly/i);
    expect(line).toMatch(/SameSite=Lax/i);
    expect(line).toMatch(/Path=\//);
    expect(line).not.toMatch(/Domain=/i);
    expect(line).not.toMatch(/Secure/i);
    expect(cookieLine(await createHttpBrowser(target, acme.host).get('/login'), 'portico_csrf')).toMatch(/HttpOnly/i);

    // A second login in the same browser ends the first session on the server.
    await browser.get('/login', { cookie: '' });
    const again = createHttpBrowser(target, acme.host);
    again.cookies.set('portico_session', issued);
    await again.get('/');
    await again.get('/login');
    const relogin = await again.post('/login', { email: 'sitzung@example.com', password: ACCOUNT_PASSWORD });
    expect(relogin.status).toBe(303);
    const replay = createHttpBrowser(target, acme.host);
    replay.cookies.set('portico_session', issued);
    expect((await replay.get('/')).location).toBe('/login');
  });

  it('ends the session on the server at logout, so a copied cookie is worthless', async () => {
    const browser = createHttpBrowser(target, acme.host);
    await browser.get('/login');
    await browser.post('/login', { email: 'sitzung@example.com', password: ACCOUNT_PASSWORD });
    const stolen = required(browser.cookies.get('portico_session'));
    await browser.get('/');
    expect((await browser.post('/logout', {})).location).toBe('/login?abgemeldet');
    const thief = createHttpBrowser(target, acme.host);
    thief.cookies.set('portico_session', stolen);
    expect((await thief.get('/')).location).toBe('/login');
  });

  it("does not accept a session of one broker's host on another broker's host or the platform host", async () => {
    const browser = createHttpBrowser(target, acme.host);
    await browser.get('/login');
    await browser.post('/login', { email: 'sitzung@example.com', password: ACCOUNT_PASSWORD });
    const cookie = required(browser.cookies.get('portico_session'));
    for (const host of [beta.host, 'portico.test']) {
      const other = createHttpBrowser(target, host);
      other.cookies.set('portico_session', cookie);
      const answer = await other.get('/profile');
      expect(answer.location).toBe('/login');
    }
  });

  it('sends CSP with a nonce, nosniff, frame-ancestors, Referrer-Policy and no-store on pages, errors and health checks, but no HSTS over HTTP', async () => {
    for (const [host, path] of [
      [acme.host, '/login'],
      [acme.host, '/does-not-exist'],
      ['unknown.example', '/login'],
      ['portico.test', '/forgot-password'],
    ] as const) {
      const answer = await target.send({ host, path });
      expectHardenedPage(answer);
      expect(answer.headers['strict-transport-security']).toBeUndefined();
    }
    const health = await target.send({ host: 'anything', path: '/healthz' });
    expect(health.headers['x-content-type-options']).toBe('nosniff');
    const first = await target.send({ host: acme.host, path: '/login' });
    const second = await target.send({ host: acme.host, path: '/login' });
    expect(first.headers['content-security-policy']).not.toBe(second.headers['content-security-policy']);
  });
});

describe(`sessions, cookies and headers behind TLS (${databaseKind})`, () => {
  let target: HttpPortal;
  let acme: { id: string; host: string; origin: string };

  beforeAll(async () => {
    // The TLS proxy in front talks plain HTTP to Portico; PLATFORM_URL says what browsers see.
    target = await startHttpPortal({ environment: { PLATFORM_URL: 'https://portico.test', TRUST_PROXY: '127.0.0.1' } });
    acme = await createTestTenant(target.portal);
    await activatePerson(
      target.portal,
      { id: acme.id, origin: `https://${acme.host}` },
      'tls@example.com',
      'policyholder',
    );
  });
  afterAll(() => target.close());

  it('uses __Host- cookies with Secure, and sends HSTS', async () => {
    const browser = createHttpBrowser(target, acme.host, {
      scheme: 'https',
      headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' },
    });
    const page = await browser.get('/login');
    expectHardenedPage(page);
    expect(page.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    const csrf = cookieLine(page, '__Host-portico_csrf');
    expect(csrf).toMatch(/Secure/);
    expect(csrf).toMatch(/Path=\//);
    expect(csrf).not.toMatch(/Domain=/i);
    const login = await browser.post('/login', { email: 'tls@example.com', password: ACCOUNT_PASSWORD });
    expect(login.status).toBe(303);
    const session = cookieLine(login, '__Host-portico_session');
    expect(session).toMatch(/Secure/);
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(session).not.toMatch(/Domain=/i);
    expect([...browser.cookies.keys()]).not.toContain('portico_session');
    expect((await browser.get('/')).status).toBe(200);
    // A form posted from the http:// origin is foreign to an https portal.
    const downgrade = await browser.post('/logout', {}, { origin: `http://${acme.host}` });
    expect(downgrade.status).toBe(403);
  });
});
