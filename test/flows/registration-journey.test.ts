import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, textOf } from '../support/browserless-client.js';
import { linkFrom } from '../support/smtp-receiver.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, PLATFORM_ORIGIN, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

const STRONG_PASSWORD = 'Blauer Elefant tanzt 7 Mal!';

describe(`registration journey (${databaseKind})`, () => {
  let portal: TestPortal;
  let tenant: { id: string; host: string; origin: string };

  beforeAll(async () => {
    portal = await createTestPortal();
    tenant = await createTestTenant(portal);
  });
  afterAll(() => portal.close());

  async function inviteAndReadLink(email: string, name = 'Max Mustermann'): Promise<string> {
    const outcome = await portal.services.invitations.invite({
      tenantId: tenant.id,
      email,
      name,
      role: 'policyholder',
      grantName: 'Familie Mustermann',
      customerNumbers: ['100234'],
    });
    expect(outcome.state).toBe('invited');
    await portal.deliverMail();
    const mail = await portal.smtp.waitForMail(email);
    return linkFrom(mail, '/set-password');
  }

  /** An invited person who has set STRONG_PASSWORD through the link, as the walk through the link does. */
  async function registerWithPassword(email: string): Promise<void> {
    const link = new URL(await inviteAndReadLink(email));
    const browser = createClient(portal.app, tenant.origin);
    await browser.get(link.pathname + link.search);
    const saved = await browser.post('/set-password', {
      token: required(link.searchParams.get('token')),
      password: STRONG_PASSWORD,
      passwordConfirm: STRONG_PASSWORD,
    });
    expect(saved.status).toBe(200);
  }

  it("invites by mail in the broker's name with a link on the tenant host", async () => {
    await portal.services.invitations.invite({
      tenantId: tenant.id,
      email: 'Erika.Muster@Example.COM',
      name: 'Erika Muster',
      role: 'policyholder',
      customerNumbers: ['4711'],
    });
    expect(await portal.deliverMail()).toBe(1);
    const mail = await portal.smtp.waitForMail('erika.muster@example.com');
    expect(mail.subject).toContain('Acme Versicherungsmakler GmbH');
    expect(mail.from).toContain('Acme Versicherungsmakler GmbH');
    expect(mail.text).toContain('Guten Tag Erika Muster');
    expect(mail.text).toMatch(/7 Tage gültig/);
    expect(linkFrom(mail, '/set-password')).toMatch(
      /^http:\/\/acme\.portal\.test\/set-password\?token=[A-Za-z0-9_-]{43}$/,
    );
    expect(mail.html).toContain('href="http://acme.portal.test/set-password?token=');
  });

  it('walks from the invitation link to the portal home, and the link works once', async () => {
    const link = await inviteAndReadLink('max@example.com');
    const path = new URL(link).pathname + new URL(link).search;
    const browser = createClient(portal.app, tenant.origin);

    const form = await browser.get(path);
    expect(form.status).toBe(200);
    expect(form.headers.get('referrer-policy')).toBe('no-referrer');
    expect(form.headers.get('cache-control')).toBe('no-store');
    expect(textOf(form.body)).toContain('max@example.com');
    expect(form.body).toContain('autocomplete="new-password"');
    for (const rule of [
      'PASSWORD_TOO_SHORT',
      'PASSWORD_NEEDS_SPECIAL',
      'PASSWORD_NEEDS_DIGIT',
      'PASSWORD_NEEDS_UPPERCASE',
    ]) {
      expect(form.body).toContain(`data-rule="${rule}" data-met="false"`);
    }
    const token = required(new URL(link).searchParams.get('token'));

    const refused = await browser.post('/set-password', { token, password: 'kurz', passwordConfirm: 'anders' });
    expect(refused.status).toBe(422);
    for (const code of [
      'PASSWORD_TOO_SHORT',
      'PASSWORD_NEEDS_SPECIAL',
      'PASSWORD_NEEDS_DIGIT',
      'PASSWORD_NEEDS_UPPERCASE',
      'PASSWORD_MISMATCH',
    ]) {
      expect(refused.body).toContain(`data-problem="${code}"`);
    }
    const common = await browser.post('/set-password', {
      token,
      password: 'Sommer2024!',
      passwordConfirm: 'Sommer2024!',
    });
    expect(common.status).toBe(422);
    expect(common.body).toContain('data-problem="PASSWORD_TOO_COMMON"');

    const saved = await browser.post('/set-password', {
      token,
      password: STRONG_PASSWORD,
      passwordConfirm: STRONG_PASSWORD,
    });
    expect(saved.status).toBe(200);
    expect(textOf(saved.body)).toContain('Ihr Passwort wurde gespeichert');
    expect(browser.cookies.has('portico_session')).toBe(false);

    const again = await browser.get(path);
    expect(again.status).toBe(410);
    expect(textOf(again.body)).toContain('bereits verwendet');
    const reused = await browser.post('/set-password', {
      token,
      password: 'Noch ein Passwort 8!',
      passwordConfirm: 'Noch ein Passwort 8!',
    });
    expect(reused.status).toBe(410);

    await browser.get('/login');
    const loggedIn = await browser.post('/login', { email: 'MAX@example.com', password: STRONG_PASSWORD });
    expect(loggedIn.status).toBe(303);
    expect(loggedIn.location).toBe('/');
    const home = await browser.get('/');
    expect(home.status).toBe(200);
    const homeText = textOf(home.body);
    expect(homeText).toContain('Willkommen, Max Mustermann');
    expect(homeText).toContain('Acme Versicherungsmakler GmbH');
    expect(homeText).toContain('Familie Mustermann');
    // The customer number is the CRM's key, not something the person needs to see.
    expect(homeText).not.toContain('100234');

    const loggedOut = await browser.post('/logout', {});
    expect(loggedOut.location).toBe('/login?abgemeldet');
    expect(textOf((await browser.get(required(loggedOut.location))).body)).toContain('Sie wurden abgemeldet.');
    expect((await browser.get('/')).location).toBe('/login');
  });

  it('hands a platform login with one membership over to the tenant host', async () => {
    await registerWithPassword('hand@example.com');
    const platform = createClient(portal.app, PLATFORM_ORIGIN);
    await platform.get('/login');
    const response = await platform.post('/login', { email: 'hand@example.com', password: STRONG_PASSWORD });
    expect(response.status).toBe(303);
    const target = new URL(required(response.location));
    expect(target.origin).toBe(tenant.origin);
    expect(target.pathname).toBe('/session/handoff');

    // Opened by another browser, the code logs nobody in silently: it asks first, and stays usable.
    const otherBrowser = createClient(portal.app, tenant.origin, { 'user-agent': 'Another Browser' });
    const asked = await otherBrowser.get(target.pathname + target.search);
    expect(asked.status).toBe(200);
    expect(textOf(asked.body)).toContain('angemeldet als hand@example.com');
    expect(otherBrowser.cookies.has('portico_session')).toBe(false);
    const browser = createClient(portal.app, tenant.origin);
    const handoff = await browser.get(target.pathname + target.search);
    expect(handoff.location).toBe('/');
    expect(textOf((await browser.get('/')).body)).toContain('Willkommen, Max Mustermann');
    const replayed = await createClient(portal.app, tenant.origin).get(target.pathname + target.search);
    expect(replayed.location).toBe('/login');

    // Confirmed in the other browser, the code logs that browser in (once).
    await platform.get('/login');
    const again = new URL(
      required((await platform.post('/login', { email: 'hand@example.com', password: STRONG_PASSWORD })).location),
    );
    const confirming = createClient(portal.app, tenant.origin, { 'user-agent': 'Another Browser' });
    await confirming.get(again.pathname + again.search);
    const confirmed = await confirming.post('/session/handoff', { code: required(again.searchParams.get('code')) });
    expect(confirmed.location).toBe('/');
    expect(textOf((await confirming.get('/')).body)).toContain('Willkommen, Max Mustermann');
  });

  it('gives a person with a password access to a second broker at once, with an information mail and a chooser', async () => {
    await registerWithPassword('zwei@example.com');
    const second = await createTestTenant(portal, 'beta', 'Beta Finanz KG');
    const outcome = await portal.services.invitations.invite({
      tenantId: second.id,
      email: 'zwei@example.com',
      name: 'Max Mustermann',
      role: 'policyholder',
    });
    // The second broker is answered as for a new address; the person gets access at once all the same.
    expect(outcome.state).toBe('invited');
    await portal.deliverMail();
    const mail = await portal.smtp.waitForMail('zwei@example.com');
    expect(mail.subject).toContain('Beta Finanz KG');
    expect(mail.text).not.toContain('/set-password');
    expect(mail.text).toContain('http://beta.portal.test/login');

    const platform = createClient(portal.app, PLATFORM_ORIGIN);
    await platform.get('/login');
    const response = await platform.post('/login', { email: 'zwei@example.com', password: STRONG_PASSWORD });
    expect(response.location).toBe('/');
    const chooser = textOf((await platform.get('/')).body);
    expect(chooser).toContain('Portal wählen');
    expect(chooser).toContain('Acme Versicherungsmakler GmbH');
    expect(chooser).toContain('Beta Finanz KG');
    const chosen = await platform.post('/choose', { tenant: 'beta' });
    expect(new URL(required(chosen.location)).origin).toBe(second.origin);
  });

  it('tells an unconfirmed address after the correct password only, and confirms through a POST', async () => {
    await registerWithPassword('moritz@example.com');
    await portal.services.emailConfirmation.changeEmail('moritz@example.com', 'moritz.neu@example.com');
    await portal.deliverMail();
    const toldOld = await portal.smtp.waitForMail('moritz@example.com');
    expect(toldOld.subject).toBe('Ihre E-Mail-Adresse wurde geändert');
    expect(toldOld.text).toContain('moritz.neu@example.com');
    expect(toldOld.text).not.toMatch(/https?:\/\//);
    const confirmation = await portal.smtp.waitForMail('moritz.neu@example.com');
    expect(confirmation.subject).toMatch(/bestätigen/i);
    const link = new URL(linkFrom(confirmation, '/confirm-email'));
    expect(link.origin).toBe(tenant.origin);

    const browser = createClient(portal.app, tenant.origin);
    await browser.get('/login');
    const wrong = await browser.post('/login', { email: 'moritz.neu@example.com', password: 'Falsches Passwort 1!' });
    expect(wrong.status).toBe(401);
    const notice = await browser.post('/login', { email: 'moritz.neu@example.com', password: STRONG_PASSWORD });
    expect(notice.status).toBe(403);
    expect(textOf(notice.body)).toContain('noch nicht bestätigt');
    expect(notice.body).toContain('Bestätigungs-E-Mail erneut senden');
    expect(notice.body).not.toContain('name="email"');
    expect(browser.cookies.has('portico_session')).toBe(false);

    const cooling = await browser.post('/login/resend-confirmation', {
      ticket: required(required(/name="ticket" value="([^"]+)"/.exec(notice.body))[1]),
    });
    expect(cooling.status).toBe(429);
    // The wait the page counts down is the one the header gives.
    const wait = required(/in (\d+) Sekunden/.exec(textOf(cooling.body)))[1];
    expect(cooling.headers.get('retry-after')).toBe(wait);

    portal.clock.advance(61_000);
    const resent = await browser.post('/login/resend-confirmation', {
      ticket: required(required(/name="ticket" value="([^"]+)"/.exec(notice.body))[1]),
    });
    expect(resent.status).toBe(200);
    expect(textOf(resent.body)).toContain('neue Bestätigungs-E-Mail');
    await portal.deliverMail();
    const second = await portal.smtp.waitForMail('moritz.neu@example.com');

    // The newer link replaces the older one.
    expect((await browser.get(link.pathname + link.search)).status).toBe(410);
    const fresh = new URL(linkFrom(second, '/confirm-email'));
    const page = await browser.get(fresh.pathname + fresh.search);
    expect(textOf(page.body)).toContain('moritz.neu@example.com');
    await browser.head(fresh.pathname + fresh.search);
    const confirmed = await browser.post('/confirm-email', { token: required(fresh.searchParams.get('token')) });
    expect(textOf(confirmed.body)).toContain('bestätigt');

    await browser.get('/login');
    const loggedIn = await browser.post('/login', { email: 'moritz.neu@example.com', password: STRONG_PASSWORD });
    expect(loggedIn.location).toBe('/');
  });
});
