import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ORIGIN } from '../../src/modules/audit/audit-service.js';
import { ACCOUNT_PASSWORD, activatePerson, logIn } from '../support/accounts.js';
import { createClient, errorCodesOf, textOf, type Client } from '../support/browserless-client.js';
import { linkFrom } from '../support/smtp-receiver.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

describe(`Meine Daten herunterladen (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string; host: string; origin: string };
  let folder: string;

  /** A POST of the page's form as the client's browser, keeping the answer's bytes (the client reads text). */
  async function postForBytes(client: Client, path: string): Promise<Response> {
    const cookie = [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    return portal.app.request(`${acme.origin}${path}`, {
      method: 'POST',
      body: new URLSearchParams({ _csrf: client.csrfToken }).toString(),
      headers: {
        host: acme.host,
        cookie,
        origin: acme.origin,
        'content-type': 'application/x-www-form-urlencoded',
      },
    });
  }

  beforeAll(async () => {
    portal = await createTestPortal();
    folder = await mkdtemp(join(tmpdir(), 'portico-export-flow-'));
    acme = await createTestTenant(portal);
    await portal.services.portfolio.upsertBatch(
      acme.id,
      [
        { type: 'customer', action: 'upsert', customer: { customerNumber: 'K1', kind: 'private', lastName: 'Muster' } },
        { type: 'customer', action: 'upsert', customer: { customerNumber: 'K2', kind: 'private', lastName: 'Weiß' } },
      ],
      CLI_ORIGIN,
    );
    for (const customerNumber of ['K1', 'K2']) {
      await portal.services.grants.createGrant(acme.id, {
        kind: 'customer',
        name: customerNumber,
        customerNumbers: [customerNumber],
      });
    }
    await portal.services.documents.putKeyword(acme.id, 'Police', { isVisible: true });
    await portal.services.documents.store(
      acme.id,
      { keywords: ['Police'], direction: 'from_broker', customerNumber: 'K1', title: 'Police: Hausrat/2027' },
      Readable.from([Buffer.from('%PDF-1.7\nPolice\n%%EOF\n')]),
      'application/pdf',
      { kind: 'system' },
    );
    const max = await activatePerson(portal, acme, 'max@example.com', 'policyholder', {
      grantName: 'K1',
      name: 'Max Muster',
    });
    // Max's message, which the broker assigned to Sabine: the workspace's routing, which the portal never shows him.
    const sabine = await portal.services.invitations.invite({
      tenantId: acme.id,
      email: 'sabine@acme.example',
      name: 'Sabine Sach',
      role: 'staff_user',
    });
    const tenant = required(await portal.services.tenants.findTenantById(acme.id));
    const conversationId = await portal.services.conversations.startForPerson(tenant, max, {
      subject: 'Umzug',
      body: 'Ich ziehe nach Kiel.',
      contractId: '',
      customerId: '',
    });
    await portal.services.conversations.assign(acme.id, conversationId, sabine.identityId, CLI_ORIGIN);
    await activatePerson(portal, acme, 'erika@example.com', 'policyholder', { grantName: 'K2' });
  });
  afterAll(async () => {
    await portal.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('Max asks twice at once, gets one mail, logs in through its link, downloads the ZIP once and unpacks it', async () => {
    const max = await logIn(portal, acme.origin, 'max@example.com');
    const profile = await max.get('/profile');
    expect(profile.body).toContain('data-data-export="none"');
    const [first, second] = await Promise.all([max.post('/profile/daten', {}), max.post('/profile/daten', {})]);
    expect([first.status, second.status]).toEqual([303, 303]);
    expect([first.location, second.location].sort()).toEqual(['/profile#daten', '/profile?daten-angefordert#daten']);
    const preparing = await max.get('/profile?daten-angefordert');
    expect(preparing.body).toContain('data-data-export="preparing"');
    expect(textOf(preparing.body)).toContain('Ihre Daten werden vorbereitet.');

    expect(await portal.services.dataExports.prepareDue()).toBe(1);
    expect(textOf((await max.get('/profile')).body)).toContain('Ihre Daten sind bereit');
    await portal.deliverMail();
    const mail = await portal.smtp.waitForMail('max@example.com');
    expect(mail.subject).toBe('Ihre Daten stehen bereit');
    expect(mail.text).not.toContain('Hausrat');
    const link = new URL(linkFrom(mail, '/profile/daten/'));
    expect(link.origin).toBe(acme.origin);
    expect(portal.smtp.mails.filter((item) => item.subject === 'Ihre Daten stehen bereit')).toHaveLength(1);

    // Erika's session finds nothing behind Max's link.
    const erika = await logIn(portal, acme.origin, 'erika@example.com');
    const forErika = await erika.get(link.pathname);
    expect(forErika.status).toBe(404);
    expect(errorCodesOf(forErika.body)).toEqual(['DATA_EXPORT_NOT_FOUND']);
    expect((await postForBytes(erika, link.pathname)).status).toBe(404);

    // Opened logged out (a new browser): the login comes first and leads back to the link.
    const browser = createClient(portal.app, acme.origin);
    const opened = await browser.get(link.pathname);
    expect(opened.status).toBe(303);
    expect(opened.location).toBe('/login');
    await browser.get('/login');
    const loggedIn = await browser.post('/login', { email: 'max@example.com', password: ACCOUNT_PASSWORD });
    expect(loggedIn.location).toBe(link.pathname);
    const page = await browser.get(link.pathname);
    expect(page.status).toBe(200);
    expect(page.body).toContain('data-data-export-download');

    const download = await postForBytes(browser, link.pathname);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/zip');
    expect(download.headers.get('content-disposition')).toBe('attachment; filename="portico-daten-2026-11-24.zip"');
    expect(download.headers.get('cache-control')).toBe('private, no-store');
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    const zipPath = join(folder, 'export.zip');
    await writeFile(zipPath, Buffer.from(await download.arrayBuffer()));
    const names = execFileSync('unzip', ['-Z1', zipPath], { encoding: 'utf8' }).trim().split('\n');
    expect(names).toEqual(['daten.json', 'dokumente/Police- Hausrat-2027.pdf']);
    const data = JSON.parse(execFileSync('unzip', ['-p', zipPath, 'daten.json'], { encoding: 'utf8' })) as {
      person: { name: string };
      customers: { customerNumber: string }[];
      conversations: { conversation: { subject: string } }[];
    };
    expect(data.person.name).toBe('Max Muster');
    expect(data.customers.map((customer) => customer.customerNumber)).toEqual(['K1']);
    expect(data.conversations.map((item) => item.conversation.subject)).toEqual(['Umzug']);
    expect(Object.keys(required(data.conversations[0]).conversation)).not.toContain('assignedStaffId');
    expect(JSON.stringify(data)).not.toContain('Sabine');

    const again = await postForBytes(browser, link.pathname);
    expect(again.status).toBe(404);
    expect(errorCodesOf(await again.text())).toEqual(['DATA_EXPORT_NOT_FOUND']);
    expect((await browser.get(link.pathname)).status).toBe(404);
    expect((await browser.get('/profile')).body).toContain('data-data-export="downloaded"');
  });

  it('"Löschung meiner Daten beantragen" opens a message to the broker, filled in', async () => {
    const max = await logIn(portal, acme.origin, 'max@example.com');
    const profile = await max.get('/profile');
    expect(profile.body).toContain('href="/nachrichten/neu?anliegen=loeschung"');
    const form = await max.get('/nachrichten/neu?anliegen=loeschung');
    expect(form.status).toBe(200);
    expect(form.body).toContain('value="Löschung meiner Daten beantragen"');
  });
});
