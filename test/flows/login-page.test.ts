import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ORIGIN } from '../../src/modules/audit/audit-service.js';
import { activatePerson, ACCOUNT_PASSWORD } from '../support/accounts.js';
import { createClient, type PageResponse } from '../support/browserless-client.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, PLATFORM_ORIGIN, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

function csrfFieldOf(page: PageResponse): string {
  return /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
}

function noncesOf(page: PageResponse): { header: string; styles: string[] } {
  return {
    header: /'nonce-([^']+)'/.exec(page.headers.get('content-security-policy') ?? '')?.[1] ?? '',
    styles: [...page.body.matchAll(/<(?:style|script)[^>]* nonce="([^"]+)"/g)].map((match) => required(match[1])),
  };
}

describe(`the login page, rendered once and filled per visitor (${databaseKind})`, () => {
  let portal: TestPortal;
  let tenant: { id: string; host: string; origin: string };

  beforeAll(async () => {
    portal = await createTestPortal();
    tenant = await createTestTenant(portal);
    await activatePerson(portal, tenant, 'max@example.com', 'policyholder');
  });
  afterAll(() => portal.close());

  it("gives every visitor their own CSRF token and nonce, and each visitor's token logs them in", async () => {
    const first = createClient(portal.app, tenant.origin);
    const second = createClient(portal.app, tenant.origin);
    const [firstPage, secondPage] = [await first.get('/login'), await second.get('/login')];
    expect(csrfFieldOf(firstPage)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(csrfFieldOf(firstPage)).not.toBe(csrfFieldOf(secondPage));
    // The language switch in the header carries the same token as the form.
    expect(new Set([...firstPage.body.matchAll(/name="_csrf" value="([^"]+)"/g)].map((match) => match[1]))).toEqual(
      new Set([csrfFieldOf(firstPage)]),
    );
    for (const page of [firstPage, secondPage]) {
      const { header, styles } = noncesOf(page);
      expect(styles.length).toBeGreaterThan(0);
      expect(styles.every((nonce) => nonce === header)).toBe(true);
    }
    expect(noncesOf(firstPage).header).not.toBe(noncesOf(secondPage).header);
    expect(firstPage.body).not.toMatch(/csrf[0-9a-f]{32}|nonce[0-9a-f]{32}/);

    expect((await second.post('/login', { email: 'max@example.com', password: ACCOUNT_PASSWORD })).location).toBe('/');
    expect((await first.post('/login', { email: 'max@example.com', password: ACCOUNT_PASSWORD })).location).toBe('/');
  });

  it('shows a notice only to the address that asks for it', async () => {
    const browser = createClient(portal.app, tenant.origin);
    expect((await browser.get('/login?abgemeldet')).body).toContain('Sie wurden abgemeldet.');
    expect((await browser.get('/login?erneut')).body).toContain('Bitte melden Sie sich erneut an.');
    const plain = (await browser.get('/login')).body;
    expect(plain).not.toContain('Sie wurden abgemeldet.');
    expect(plain).not.toContain('Bitte melden Sie sich erneut an.');
  });

  it("shows the broker's new name and colour at once, in both languages, and the platform's own page apart", async () => {
    const before = await createClient(portal.app, tenant.origin).get('/login');
    expect(before.body).toContain('Acme Versicherungsmakler GmbH');
    const { problems } = await portal.services.tenantSettings.update(
      tenant.id,
      {
        name: 'Acme Neu GmbH',
        primaryColor: '#0b5394',
        senderName: 'Acme',
        replyTo: '',
        invitationLifetimeDays: '7',
        defaultLanguage: 'de',
        sessionIdleMinutes: '30',
        sessionAbsoluteHours: '12',
        requireStaffSecondFactor: false,
      },
      { identityId: null, origin: CLI_ORIGIN },
    );
    expect(problems).toEqual([]);
    const after = await createClient(portal.app, tenant.origin).get('/login');
    expect(after.body).toContain('Acme Neu GmbH');
    expect(after.body).toContain('--brand:#0b5394');
    expect(after.body).not.toContain('Acme Versicherungsmakler GmbH');

    const english = createClient(portal.app, tenant.origin);
    await english.get('/login');
    await english.post('/language', { language: 'en', returnTo: '/login' });
    const englishPage = await english.get('/login');
    expect(englishPage.body).toContain('<html lang="en">');
    expect(englishPage.body).toContain('Acme Neu GmbH');
    expect((await createClient(portal.app, tenant.origin).get('/login')).body).toContain('<html lang="de">');

    const platform = await createClient(portal.app, PLATFORM_ORIGIN).get('/login');
    expect(platform.status).toBe(200);
    expect(platform.body).not.toContain('Acme Neu GmbH');
  });
});
