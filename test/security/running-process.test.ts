import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpBrowser, sendHttp, type HttpAnswer } from '../support/http-portal.js';
import { startPorticoProcess, type PorticoProcess } from '../support/portico-process.js';
import { linkFrom, startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver.js';
import { createTestDatabase, databaseKind, type TestDatabase } from '../support/test-database.js';
import { required } from '../../src/shared/required.js';

const PASSWORD = 'Ein langer Satz 4 mich!';

function cookieLine(answer: HttpAnswer, name: string): string {
  return answer.setCookies.find((line) => line.startsWith(`${name}=`)) ?? '';
}

/**
 * `portico start` as an operator runs it, behind a TLS proxy on this machine (PLATFORM_URL https,
 * TRUST_PROXY 127.0.0.1): the attacker only has HTTP and the operator only the CLI.
 */
describe(`a running Portico process behind TLS (${databaseKind})`, () => {
  let smtp: SmtpReceiver;
  let database: TestDatabase;
  let portico: PorticoProcess;
  let tenantHost: string;
  const target = { send: (request: Parameters<typeof sendHttp>[1]) => sendHttp(portico.port, request) };

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    database = await createTestDatabase();
    if (databaseKind === 'pglite') {
      // The process opens its own embedded database in its DATA_DIR.
      await database.drop();
    }
    portico = await startPorticoProcess({
      smtpUrl: smtp.url,
      database,
      platformScheme: 'https',
      environment: { TRUST_PROXY: '127.0.0.1' },
    });
    tenantHost = `acme.localhost:${portico.port}`;
    const created = await portico.runCli([
      'tenant',
      'create',
      '--slug',
      'acme',
      '--name',
      'Acme Makler',
      '--host',
      tenantHost,
    ]);
    expect(created.code, created.stderr).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await portico.stop();
    await smtp.close();
    if (databaseKind !== 'pglite') {
      await database.drop();
    }
  });

  it('sends HSTS, the CSP and __Host- cookies with Secure from the real server', async () => {
    const page = await target.send({
      host: `localhost:${portico.port}`,
      path: '/login',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(page.status).toBe(200);
    expect(page.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(String(page.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(cookieLine(page, '__Host-portico_csrf')).toMatch(/Path=\/; HttpOnly; Secure; SameSite=Lax/);
    expect((await target.send({ host: 'evil.example', path: '/login' })).status).toBe(404);
  });

  it('lets the operator set session timeouts and the staff factor through the CLI, within the ranges', async () => {
    const updated = await portico.runCli([
      'tenant',
      'update',
      '--slug',
      'acme',
      '--session-idle-minutes',
      '15',
      '--session-absolute-hours',
      '8',
      '--require-staff-second-factor',
      'on',
    ]);
    expect(updated.code, updated.stderr).toBe(0);
    expect(updated.stdout).toContain('15 idle minutes and at most 8 hours; second factor for staff required');
    const refused = await portico.runCli(['tenant', 'update', '--slug', 'acme', '--session-idle-minutes', '1000']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('5 to 120');
    const reset = await portico.runCli([
      'user',
      'reset-second-factor',
      '--email',
      'nobody@example.com',
      '--tenant',
      'acme',
    ]);
    expect(reset.code).toBe(1);
    expect(reset.stderr).toContain('No person');
  });

  it('logs a person in with a fresh __Host- session and refuses a planted one', async () => {
    const invited = await portico.runCli([
      'invite',
      '--tenant',
      'acme',
      '--email',
      'prozess@example.com',
      '--name',
      'Paula Prozess',
      '--kind',
      'policyholder',
    ]);
    expect(invited.code, invited.stderr).toBe(0);
    const link = new URL(
      linkFrom(await smtp.waitForMail('prozess@example.com', { timeoutMilliseconds: 20_000 }), '/set-password'),
    );
    expect(link.origin).toBe(`https://${tenantHost}`);
    const browser = createHttpBrowser(target, tenantHost, { scheme: 'https' });
    await browser.get(link.pathname + link.search);
    expect(
      (
        await browser.post('/set-password', {
          token: required(link.searchParams.get('token')),
          password: PASSWORD,
          passwordConfirm: PASSWORD,
        })
      ).status,
    ).toBe(200);
    await browser.get('/login');
    browser.cookies.set('__Host-portico_session', 'B'.repeat(43));
    const login = await browser.post('/login', { email: 'prozess@example.com', password: PASSWORD });
    expect(login.status).toBe(303);
    expect(cookieLine(login, '__Host-portico_session')).toMatch(/Path=\/; HttpOnly; Secure; SameSite=Lax/);
    expect(browser.cookies.get('__Host-portico_session')).not.toBe('B'.repeat(43));
    expect((await browser.get('/')).status).toBe(200);
    const other = createHttpBrowser(target, `localhost:${portico.port}`, { scheme: 'https' });
    other.cookies.set('__Host-portico_session', required(browser.cookies.get('__Host-portico_session')));
    expect((await other.get('/profile')).location).toBe('/login');
  });
});
