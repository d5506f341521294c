import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activatePerson, logIn, totpCode } from '../support/accounts.js';
import { createClient, textOf, type Client } from '../support/browserless-client.js';
import { linkFrom } from '../support/smtp-receiver.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, PLATFORM_ORIGIN, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

const langOf = (html: string) => /<html lang="([a-z]+)">/.exec(html)?.[1];
const headingOf = (html: string) => textOf(/<h1>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '');

async function switchTo(browser: Client, language: string, returnTo: string) {
  return browser.post('/language', { language, returnTo });
}

describe(`language switch (${databaseKind})`, () => {
  let portal: TestPortal;
  let tenant: { id: string; host: string; origin: string };

  beforeAll(async () => {
    portal = await createTestPortal();
    tenant = await createTestTenant(portal);
  });
  afterAll(() => portal.close());

  it('is German by default, switches to English with a cookie and returns to the page', async () => {
    const browser = createClient(portal.app, tenant.origin);
    const german = await browser.get('/login');
    expect(langOf(german.body)).toBe('de');
    expect(headingOf(german.body)).toBe('Anmelden');
    expect(german.body).toContain('<button class="button button-secondary" type="submit" lang="en">English</button>');
    expect(german.body).toContain('<input type="hidden" name="returnTo" value="/login"/>');

    const switched = await switchTo(browser, 'en', '/login');
    expect(switched.status).toBe(303);
    expect(switched.location).toBe('/login');
    const cookie = switched.headers.getSetCookie().find((line) => line.startsWith('portico_language='));
    expect(cookie).toMatch(/^portico_language=en; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax$/);

    const english = await browser.get('/login');
    expect(langOf(english.body)).toBe('en');
    expect(headingOf(english.body)).toBe('Log in');
    expect(textOf(english.body)).toContain(
      'Log in to the customer portal of Acme Versicherungsmakler GmbH with your e-mail address and password.',
    );
    expect(english.body).toContain('<button class="button button-secondary" type="submit" lang="de">Deutsch</button>');
    const failed = await browser.post('/login', { email: 'nobody@example.com', password: 'Falsch und falsch 1!' });
    expect(textOf(failed.body)).toContain('The e-mail address or password is not correct');

    await switchTo(browser, 'de', '/login');
    expect(langOf((await browser.get('/login')).body)).toBe('de');
  });

  it('shows the set-password page, its rules and its refusals in English', async () => {
    await portal.services.invitations.invite({
      tenantId: tenant.id,
      email: 'kim@example.com',
      name: 'Kim Beispiel',
      role: 'policyholder',
    });
    await portal.deliverMail();
    const token = required(
      new URL(linkFrom(await portal.smtp.waitForMail('kim@example.com'), '/set-password')).searchParams.get('token'),
    );
    const browser = createClient(portal.app, tenant.origin);
    const german = await browser.get(`/set-password?token=${token}`);
    expect(headingOf(german.body)).toBe('Passwort festlegen');
    expect(german.body).toContain(`name="returnTo" value="/set-password?token=${token}"`);

    expect((await switchTo(browser, 'en', `/set-password?token=${token}`)).location).toBe(
      `/set-password?token=${token}`,
    );
    const english = await browser.get(`/set-password?token=${token}`);
    expect(langOf(english.body)).toBe('en');
    expect(headingOf(english.body)).toBe('Set your password');
    const text = textOf(english.body);
    expect(text).toContain('Your password needs:');
    expect(text).toContain('At least 8 characters');
    expect(text).toContain('At least one capital letter (A–Z)');
    expect(text).toContain('Both entries match');
    expect(english.body).toContain('src="/assets/http/assets/password-checklist.js"');

    const refused = await browser.post('/set-password', { token, password: 'kurz', passwordConfirm: 'anders' });
    expect(refused.status).toBe(422);
    expect(langOf(refused.body)).toBe('en');
    expect(textOf(refused.body)).toContain('The password is too short. Please use at least 8 characters.');
    expect(textOf(refused.body)).toContain('The two entries do not match.');
    // The refused form was posted; the switch still leads back to the page with its link.
    expect(refused.body).toContain(`name="returnTo" value="/set-password?token=${token}"`);

    const saved = await browser.post('/set-password', {
      token,
      password: 'Vier Jahreszeiten 4!',
      passwordConfirm: 'Vier Jahreszeiten 4!',
    });
    expect(headingOf(saved.body)).toBe('Password saved');
  });

  it('follows the broker’s default language without a cookie, and the person’s choice over it', async () => {
    const english = await createTestTenant(portal, 'british', 'British Brokers Ltd');
    const { tenant: stored } = await portal.services.tenantSettings.read(english.id);
    await portal.services.tenantSettings.update(
      english.id,
      {
        name: stored.name,
        primaryColor: stored.primaryColor,
        senderName: stored.senderName ?? '',
        replyTo: stored.replyTo ?? '',
        invitationLifetimeDays: String(stored.invitationLifetimeDays),
        defaultLanguage: 'en',
        sessionIdleMinutes: String(stored.sessionIdleMinutes),
        sessionAbsoluteHours: String(stored.sessionAbsoluteHours),
        requireStaffSecondFactor: stored.requireStaffSecondFactor,
      },
      { identityId: null, origin: { client: 'cli', userAgent: null } },
    );
    const browser = createClient(portal.app, english.origin);
    const page = await browser.get('/forgot-password');
    expect(langOf(page.body)).toBe('en');
    expect(headingOf(page.body)).toBe('Forgotten password');
    expect(textOf(page.body)).toContain('A customer portal of British Brokers Ltd · provided with Portico');
    expect((await browser.get('/gibt-es-nicht')).body).toContain('Page not found');

    await switchTo(browser, 'de', '/forgot-password');
    expect(headingOf((await browser.get('/forgot-password')).body)).toBe('Passwort vergessen');
    // The other broker and the platform keep German.
    expect(langOf((await createClient(portal.app, tenant.origin).get('/login')).body)).toBe('de');
    expect(langOf((await createClient(portal.app, PLATFORM_ORIGIN).get('/login')).body)).toBe('de');
  });

  it('shows the portal and every workspace page in English after the switch', async () => {
    await activatePerson(portal, tenant, 'chefin@acme.example', 'staff_admin');
    const staff = await logIn(portal, tenant.origin, 'chefin@acme.example');
    await staff.get('/admin/people');
    expect((await switchTo(staff, 'en', '/admin/people')).location).toBe('/admin/people');
    const pages = [
      '/',
      '/profile',
      '/profile/second-factor',
      '/admin/people',
      '/admin/grants',
      '/admin/profiles',
      '/admin/import',
      '/admin/audit',
      '/admin/settings',
      '/admin/integrations',
    ];
    for (const path of pages) {
      const page = await staff.get(path);
      expect(page.status, path).toBe(200);
      expect(langOf(page.body), path).toBe('en');
      // German words that any untranslated sentence or label would bring along.
      const text = textOf(page.body)
        .replaceAll('Acme Versicherungsmakler GmbH', '')
        .replace('(E-Mail, Name, Art, Kundennummern, Freischaltung)', '');
      expect(
        text.match(
          /\b(Sie|Ihre?|und|oder|der|die|das|nicht|Bitte|Zugang|Freischaltung\w*|Passwort|anmelden|Abmelden|Verwaltung)\b/g,
        ),
        `${path}: ${text}`,
      ).toBeNull();
    }
    // A refused form answers its POST; the switch goes back to the form's page, in English too.
    await staff.get('/admin/people');
    const refused = await staff.post('/admin/people/invite', {
      email: 'kein-at',
      name: 'Kim',
      kind: 'policyholder',
      grant: '',
      customers: '',
    });
    expect(refused.status).toBe(422);
    expect(textOf(refused.body)).toContain('Please enter a valid e-mail address, e.g. name@example.com.');
    expect(refused.body).toContain('name="returnTo" value="/admin/people"');
  });

  it('leaves the switch off a page that shows recovery codes once', async () => {
    await activatePerson(portal, tenant, 'sicher@acme.example', 'staff_admin');
    const staff = await logIn(portal, tenant.origin, 'sicher@acme.example');
    await staff.get('/profile/second-factor');
    await staff.post('/profile/second-factor/start', {});
    const setup = await staff.get('/profile/second-factor');
    const secret = /data-totp-secret="([A-Z2-7]+)"/.exec(setup.body)?.[1];
    expect(secret).toBeDefined();
    const codes = await staff.post('/profile/second-factor/confirm', {
      code: totpCode(required(secret), portal.clock.now()),
    });
    expect(codes.body).toContain('data-recovery-codes');
    expect(codes.body).not.toContain('action="/language"');
  });

  it('returns only to a path of this site', async () => {
    const browser = createClient(portal.app, tenant.origin);
    // Nothing from the query but a well-formed link token goes into the switch.
    expect((await browser.get('/login?next=https://evil.example/')).body).toContain('name="returnTo" value="/login"');
    const offSite = [
      'https://evil.example/',
      '//evil.example/login',
      '/\\evil.example',
      '/.//evil.example',
      '///evil.example',
      'javascript:alert(1)',
      '',
      'login',
    ];
    for (const returnTo of offSite) {
      expect((await switchTo(browser, 'en', returnTo)).location, returnTo).toBe('/');
    }
    expect((await switchTo(browser, 'en', '/forgot-password?from=switch')).location).toBe(
      '/forgot-password?from=switch',
    );
    expect((await browser.post('/language', { language: 'en' })).location).toBe('/');
  });

  it('is a form with CSRF protection, and ignores languages it does not have', async () => {
    const browser = createClient(portal.app, tenant.origin);
    await browser.get('/login');
    const forged = await browser.post('/language', { _csrf: 'forged', language: 'en', returnTo: '/login' });
    expect(forged.status).toBe(403);
    expect(forged.headers.getSetCookie().some((line) => line.startsWith('portico_language='))).toBe(false);
    expect(langOf(forged.body)).toBe('de');
    await browser.get('/login');
    const crossSite = await browser.post(
      '/language',
      { language: 'en', returnTo: '/login' },
      { origin: 'https://evil.example' },
    );
    expect(crossSite.status).toBe(403);
    expect((await browser.raw('/language', { method: 'GET' })).status).toBe(404);

    await browser.get('/login');
    const unknown = await switchTo(browser, 'fr', '/login');
    expect(unknown.location).toBe('/login');
    expect(unknown.headers.getSetCookie().some((line) => line.startsWith('portico_language='))).toBe(false);
    browser.cookies.set('portico_language', 'xx');
    expect(langOf((await browser.get('/login')).body)).toBe('de');
  });
});

describe(`language switch over HTTPS (${databaseKind})`, () => {
  let portal: TestPortal;

  beforeAll(async () => {
    portal = await createTestPortal({ environment: { PLATFORM_URL: 'https://portico.test' } });
  });
  afterAll(() => portal.close());

  it('keeps the choice in a __Host- cookie with Secure, like the session', async () => {
    const browser = createClient(portal.app, 'https://portico.test');
    await browser.get('/login');
    const switched = await switchTo(browser, 'en', '/login');
    expect(switched.headers.getSetCookie().find((line) => line.startsWith('__Host-portico_language='))).toMatch(
      /; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
    );
    expect(langOf((await browser.get('/login')).body)).toBe('en');
  });
});
