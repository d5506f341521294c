import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_PASSWORD, activatePerson } from '../support/accounts.js';
import { createHttpBrowser, startHttpPortal, type HttpBrowser, type HttpPortal } from '../support/http-portal.js';
import { linkFrom } from '../support/smtp-receiver.js';
import { databaseKind } from '../support/test-database.js';
import { createTestTenant } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

const HOSTILE_NAME = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';

describe(`CSRF, redirects, hosts, injection and malformed input over HTTP (${databaseKind})`, () => {
  let target: HttpPortal;
  let acme: { id: string; host: string; origin: string };

  async function logIn(email: string): Promise<HttpBrowser> {
    const browser = createHttpBrowser(target, acme.host);
    await browser.get('/login');
    expect((await browser.post('/login', { email, password: ACCOUNT_PASSWORD })).status).toBe(303);
    await browser.get('/profile');
    return browser;
  }

  beforeAll(async () => {
    target = await startHttpPortal();
    acme = await createTestTenant(target.portal);
    await activatePerson(target.portal, acme, 'person@example.com', 'policyholder');
    await activatePerson(target.portal, acme, 'chefin@acme.example', 'staff_admin');
  });
  afterAll(() => target.close());

  it('refuses state changes with a foreign, a null cross-site or a missing Origin, or without the token', async () => {
    const browser = await logIn('person@example.com');
    const attempts: Array<Record<string, string>> = [
      { origin: 'http://evil.example' },
      { origin: `http://${acme.host}.evil.example` },
      { origin: 'null', 'sec-fetch-site': 'cross-site' },
      { origin: '', 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of attempts) {
      const answer = await browser.post('/logout', {}, headers);
      expect(answer.status, JSON.stringify(headers)).toBe(403);
    }
    expect((await browser.post('/logout', { _csrf: '' })).status).toBe(403);
    expect((await browser.post('/logout', { _csrf: 'x'.repeat(43) })).status).toBe(403);
    expect((await browser.get('/profile')).status).toBe(200);
    // The login form itself is protected: a foreign page cannot log the victim into the attacker's account.
    const victim = createHttpBrowser(target, acme.host);
    expect(
      (
        await victim.post(
          '/login',
          { email: 'person@example.com', password: ACCOUNT_PASSWORD },
          { origin: 'http://evil.example' },
        )
      ).status,
    ).toBe(403);
    // What a real browser sends for its own form under Referrer-Policy no-referrer is accepted.
    expect((await browser.post('/logout', {}, { origin: 'null', 'sec-fetch-site': 'same-origin' })).location).toBe(
      '/login?abgemeldet',
    );
  });

  it('never redirects to a target taken from the request', async () => {
    const browser = createHttpBrowser(target, acme.host);
    const evil = ['https://evil.example/', '//evil.example/', '/\\evil.example', 'javascript:alert(1)'];
    for (const value of evil) {
      const query = new URLSearchParams({
        return: value,
        returnTo: value,
        next: value,
        redirect: value,
        url: value,
      }).toString();
      const page = await browser.get(`/login?${query}`);
      expect(page.location).toBeNull();
      expect(page.body).not.toContain('evil.example');
    }
    await browser.get('/login');
    const login = await browser.post('/login?next=https://evil.example/', {
      email: 'person@example.com',
      password: ACCOUNT_PASSWORD,
    });
    expect(login.location).toBe('/');
    for (const path of ['//evil.example/', '/\\evil.example/', '/%2F%2Fevil.example']) {
      const answer = await browser.get(path);
      expect(answer.location === null || (answer.location.startsWith('/') && !answer.location.startsWith('//'))).toBe(
        true,
      );
    }
  });

  it('builds mail links from configuration, never from Host or forwarding headers', async () => {
    expect((await target.send({ host: 'evil.example', path: '/forgot-password' })).status).toBe(404);
    const browser = createHttpBrowser(target, acme.host, {
      headers: { 'x-forwarded-host': 'evil.example', forwarded: 'host=evil.example' },
    });
    await browser.get('/forgot-password');
    await browser.post('/forgot-password', { email: 'person@example.com' });
    await target.portal.deliverMail();
    const link = new URL(linkFrom(await target.portal.smtp.waitForMail('person@example.com'), '/set-password'));
    expect(link.origin).toBe(acme.origin);
    const withPort = createHttpBrowser(target, `${acme.host}:80`);
    await withPort.get('/forgot-password');
    target.portal.clock.advance(2 * 60_000);
    // Browsers leave the default port out of Origin.
    const second = await withPort.post('/forgot-password', { email: 'person@example.com' }, { origin: acme.origin });
    expect(second.status).toBe(200);
    await target.portal.deliverMail();
    expect(new URL(linkFrom(await target.portal.smtp.waitForMail('person@example.com'), '/set-password')).origin).toBe(
      acme.origin,
    );
  });

  it('escapes hostile names and addresses in pages and mails, and keeps CR/LF out of headers', async () => {
    const staff = await logIn('chefin@acme.example');
    await staff.get('/admin/people');
    const invited = await staff.post('/admin/people/invite', {
      email: 'xss@example.com',
      name: HOSTILE_NAME,
      kind: 'policyholder',
      grant: '',
      customers: '',
    });
    expect(invited.status).toBe(303);
    const list = await staff.get('/admin/people');
    expect(list.body).not.toContain('<script>alert(1)');
    expect(list.body).not.toContain('<img src=x');
    expect(list.body).toContain('&lt;script&gt;');
    await target.portal.deliverMail();
    const mail = await target.portal.smtp.waitForMail('xss@example.com');
    expect(mail.html).not.toContain('<script>alert(1)');
    expect(mail.html).not.toContain('<img src=x');

    await staff.get('/admin/people');
    const injected = await staff.post('/admin/people/invite', {
      email: 'crlf@example.com',
      name: 'Max\r\nBcc: evil@example.com',
      kind: 'policyholder',
      grant: '',
      customers: '',
    });
    expect(injected.status).toBe(303);
    // Line breaks in a name become spaces before anything is stored, so they never reach a header.
    const stored = required(
      (await target.portal.services.people.listPeople(acme.id)).find((person) => person.email === 'crlf@example.com'),
    );
    expect(stored.name).toBe('Max Bcc: evil@example.com');
    await target.portal.deliverMail();
    const crlfMail = await target.portal.smtp.waitForMail('crlf@example.com');
    expect(crlfMail.raw).not.toMatch(/^Bcc:/im);

    const login = createHttpBrowser(target, acme.host);
    await login.get('/login');
    const echoed = await login.post('/login', { email: '"><script>alert(3)</script>@example.com', password: 'x' });
    expect(echoed.status).toBe(401);
    expect(echoed.body).not.toContain('<script>alert(3)');

    const forgot = createHttpBrowser(target, acme.host);
    await forgot.get('/forgot-password');
    expect(
      (await forgot.post('/forgot-password', { email: 'person@example.com\r\nBcc: evil@example.com' })).status,
    ).toBe(200);
    await target.portal.deliverMail();
    expect(target.portal.smtp.mails.some((received) => received.to.some((to) => to.includes('evil')))).toBe(false);

    const raw = await target.sendRaw(
      `GET /login?x=%0d%0aSet-Cookie:%20evil=1 HTTP/1.1\r\nHost: ${acme.host}\r\nConnection: close\r\n\r\n`,
    );
    expect(raw).not.toMatch(/^Set-Cookie: evil/im);
  });

  it('answers oversized and malformed requests with a 4xx page, never a 500 or a stack trace', async () => {
    const browser = createHttpBrowser(target, acme.host);
    await browser.get('/login');
    const cookie = [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const post = (body: string | Buffer, contentType: string) =>
      target.send({
        host: acme.host,
        method: 'POST',
        path: '/login',
        body,
        headers: { 'content-type': contentType, origin: acme.origin, cookie },
      });
    const answers = [
      await post(
        `_csrf=${browser.csrfToken}&email=${'a'.repeat(20_000)}&password=x`,
        'application/x-www-form-urlencoded',
      ),
      await post('{"email":"a@example.com","password":"x"}', 'application/json'),
      await post('email=a', 'text/plain'),
      await post(
        `_csrf=${browser.csrfToken}&email=a@example.com&email=b@example.com&password=x`,
        'application/x-www-form-urlencoded',
      ),
      await post(
        Buffer.concat([
          Buffer.from(`_csrf=${browser.csrfToken}&email=`),
          Buffer.from([0xff, 0xfe, 0x00]),
          Buffer.from('&password=x'),
        ]),
        'application/x-www-form-urlencoded',
      ),
      await post(
        '--broken\r\nContent-Disposition: form-data; name="email"\r\n\r\nno end',
        'multipart/form-data; boundary=broken',
      ),
      await post(`_csrf=${browser.csrfToken}&email=%E0%A4%A&password=%`, 'application/x-www-form-urlencoded'),
      await target.send({ host: acme.host, path: `/set-password?token=${'A'.repeat(5000)}` }),
      await target.send({ host: acme.host, path: '/confirm-email?token[]=1&token=2' }),
      await target.send({
        host: acme.host,
        path: '/profile',
        headers: { cookie: `portico_session=${'%'.repeat(300)}; portico_session=x` },
      }),
    ];
    // Bytes that are not UTF-8 (raw 0xFF, a cut-off sequence) are refused, not read as U+FFFD.
    expect(answers.map((answer) => answer.status)).toEqual([413, 415, 415, 400, 400, 403, 400, 410, 410, 303]);
    for (const answer of answers) {
      expect(answer.body).not.toMatch(/at .*\.(ts|js):\d+/);
    }
    const garbage = await target.sendRaw('GARBAGE / HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(garbage).toMatch(/^HTTP\/1\.1 4\d\d/);
    const lying = await target.sendRaw(
      `POST /login HTTP/1.1\r\nHost: ${acme.host}\r\nContent-Type: ` +
        `application/x-www-form-urlencoded\r\nContent-Length: 100000\r\nConnection: close\r\n\r\nemail=a`,
    );
    expect(lying).toMatch(/^HTTP\/1\.1 413/);
  });
});
