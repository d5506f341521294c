import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_PASSWORD, activatePerson, enrolSecondFactor, ticketFrom, totpCode } from '../support/accounts.js';
import { createClient } from '../support/browserless-client.js';
import { createHttpBrowser, startHttpPortal, type HttpBrowser, type HttpPortal } from '../support/http-portal.js';
import { linkFrom } from '../support/smtp-receiver.js';
import { databaseKind } from '../support/test-database.js';
import { createTestTenant } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

const NEW_PASSWORD = 'Neuer Satz mit 7 Worten!';

/** The attacker's view of one-time links, login tickets, TOTP codes and recovery codes, over real HTTP. */
describe(`attacks on one-time secrets over HTTP (${databaseKind})`, () => {
  let target: HttpPortal;
  let acme: { id: string; host: string; origin: string };

  async function invitationLink(email: string): Promise<URL> {
    await target.portal.services.invitations.invite({
      tenantId: acme.id,
      email,
      name: 'Tom Token',
      role: 'policyholder',
    });
    await target.portal.deliverMail();
    return new URL(linkFrom(await target.portal.smtp.waitForMail(email), '/set-password'));
  }

  async function logIn(email: string): Promise<{ browser: HttpBrowser; body: string; status: number }> {
    const browser = createHttpBrowser(target, acme.host);
    await browser.get('/login');
    const answer = await browser.post('/login', { email, password: ACCOUNT_PASSWORD });
    return { browser, body: answer.body, status: answer.status };
  }

  beforeAll(async () => {
    target = await startHttpPortal();
    acme = await createTestTenant(target.portal);
  });
  afterAll(() => target.close());

  it('uses a link once: a second submit, a tampered token and a token of another purpose get nowhere', async () => {
    const link = await invitationLink('reuse@example.com');
    const token = required(link.searchParams.get('token'));
    const browser = createHttpBrowser(target, acme.host);
    expect((await browser.get(link.pathname + link.search)).status).toBe(200);
    const first = await browser.post('/set-password', { token, password: NEW_PASSWORD, passwordConfirm: NEW_PASSWORD });
    expect(first.status).toBe(200);
    const again = await browser.post('/set-password', {
      token,
      password: 'Anderer Satz 8 Worte!',
      passwordConfirm: 'Anderer Satz 8 Worte!',
    });
    expect(again.status).toBe(410);
    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    expect((await browser.get(`/set-password?token=${flipped}`)).status).toBe(410);
    expect((await browser.get(`/confirm-email?token=${token}`)).status).toBe(410);
    expect((await browser.get(`/confirm-email-change?token=${token}`)).status).toBe(410);
    const login = createHttpBrowser(target, acme.host);
    await login.get('/login');
    expect((await login.post('/login', { email: 'reuse@example.com', password: 'Anderer Satz 8 Worte!' })).status).toBe(
      401,
    );
  });

  it('refuses an expired link, and GET never uses one up', async () => {
    const link = await invitationLink('late@example.com');
    const browser = createHttpBrowser(target, acme.host);
    for (let index = 0; index < 3; index += 1) {
      expect((await browser.get(link.pathname + link.search)).status).toBe(200);
    }
    target.portal.clock.advance(7 * 24 * 3600_000 + 1000);
    expect((await browser.get(link.pathname + link.search)).status).toBe(410);
    const late = await browser.post('/set-password', {
      token: required(link.searchParams.get('token')),
      password: NEW_PASSWORD,
      passwordConfirm: NEW_PASSWORD,
    });
    expect(late.status).toBe(410);
  });

  it('lets exactly one of many concurrent submits of one link through', async () => {
    const link = await invitationLink('race@example.com');
    const browsers = await Promise.all(
      Array.from({ length: 12 }, async () => {
        const browser = createHttpBrowser(target, acme.host);
        await browser.get(link.pathname + link.search);
        return browser;
      }),
    );
    const answers = await Promise.all(
      browsers.map((browser) =>
        browser.post('/set-password', {
          token: required(link.searchParams.get('token')),
          password: NEW_PASSWORD,
          passwordConfirm: NEW_PASSWORD,
        }),
      ),
    );
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    expect(answers.every((answer) => answer.status === 200 || answer.status === 410)).toBe(true);
  });

  it('does not accept a replayed TOTP code, a reused or raced recovery code, or a login ticket from another browser', async () => {
    await activatePerson(target.portal, acme, 'totp@example.com', 'policyholder');
    const setup = createClient(target.portal.app, acme.origin);
    await setup.get('/login');
    await setup.post('/login', { email: 'totp@example.com', password: ACCOUNT_PASSWORD });
    const { secret, recoveryCodes } = await enrolSecondFactor(setup, target.portal.clock.now);
    target.portal.clock.advance(30_000);

    const code = totpCode(secret, target.portal.clock.now());
    const first = await logIn('totp@example.com');
    expect((await first.browser.post('/login/second-factor', { ticket: ticketFrom(first.body), code })).status).toBe(
      303,
    );
    const replay = await logIn('totp@example.com');
    expect((await replay.browser.post('/login/second-factor', { ticket: ticketFrom(replay.body), code })).status).toBe(
      401,
    );
    // An older code of the window is refused too once a later one was used.
    expect(
      (
        await replay.browser.post('/login/second-factor', {
          ticket: ticketFrom(replay.body),
          code: totpCode(secret, target.portal.clock.now(), -1),
        })
      ).status,
    ).toBe(401);

    // A ticket stolen from the page works only in the browser (address and user agent) it was issued to.
    const victim = await logIn('totp@example.com');
    const thief = createHttpBrowser(target, acme.host, { headers: { 'user-agent': 'Thief' } });
    await thief.get('/login');
    expect(
      (await thief.post('/login/second-factor', { ticket: ticketFrom(victim.body), code: required(recoveryCodes[9]) }))
        .location,
    ).toBe('/login?erneut');

    // The logins one after another (six at once would themselves reach the password allowance); the codes race.
    const attempts = [];
    for (let index = 0; index < 6; index++) {
      attempts.push(await logIn('totp@example.com'));
    }
    const raced = await Promise.all(
      attempts.map((attempt) =>
        attempt.browser.post('/login/second-factor', {
          ticket: ticketFrom(attempt.body),
          code: required(recoveryCodes[0]),
        }),
      ),
    );
    expect(raced.filter((answer) => answer.status === 303)).toHaveLength(1);
    const reuse = await logIn('totp@example.com');
    expect(
      (
        await reuse.browser.post('/login/second-factor', {
          ticket: ticketFrom(reuse.body),
          code: required(recoveryCodes[0]),
        })
      ).status,
    ).toBe(401);
  });

  it('locks guessing of codes like guessing of passwords', async () => {
    await activatePerson(target.portal, acme, 'guess@example.com', 'policyholder');
    const setup = createClient(target.portal.app, acme.origin);
    await setup.get('/login');
    await setup.post('/login', { email: 'guess@example.com', password: ACCOUNT_PASSWORD });
    const { secret } = await enrolSecondFactor(setup, target.portal.clock.now);
    target.portal.clock.advance(30_000);
    const attempt = await logIn('guess@example.com');
    const ticket = ticketFrom(attempt.body);
    for (let guess = 0; guess < 6; guess += 1) {
      expect(
        (await attempt.browser.post('/login/second-factor', { ticket, code: String(100000 + guess) })).status,
      ).toBe(401);
    }
    // Locked now: even the right code is refused, with the same answer.
    expect(
      (
        await attempt.browser.post('/login/second-factor', {
          ticket,
          code: totpCode(secret, target.portal.clock.now()),
        })
      ).status,
    ).toBe(401);
  });
});
