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

const PDF = (text: string) => Buffer.from(`%PDF-1.7\n${text}\n%%EOF\n`);
const JPEG = (text: string) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(text)]);
/** Files as a form hands them on: a name and the bytes, read when stored. */
const filesOf = (...files: { name: string; bytes: Buffer }[]) =>
  Readable.from(files.map((file) => ({ name: file.name, body: () => Readable.from([file.bytes]) })));

describe(`Meine Daten herunterladen (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string; host: string; origin: string };
  let folder: string;
  let erikaId: string;
  let claimFolder: string;

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
        includeClaims: true,
        claimsWithoutContract: true,
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
    // His message with a file, the broker's answer with one, and an internal note with one he never sees.
    const conversationId = await portal.services.conversations.startForPerson(
      tenant,
      max,
      { subject: 'Umzug', body: 'Ich ziehe nach Kiel.', contractId: '', customerId: '' },
      filesOf({ name: 'Meldebescheinigung.pdf', bytes: PDF('Meldebescheinigung Kiel') }),
    );
    await portal.services.conversations.assign(acme.id, conversationId, sabine.identityId, CLI_ORIGIN);
    await portal.services.conversations.replyAsCrm(
      tenant,
      conversationId,
      'Anbei der Nachtrag.',
      CLI_ORIGIN,
      filesOf({ name: 'Nachtrag.pdf', bytes: PDF('Nachtrag') }),
    );
    await portal.services.conversations.replyAsStaff(
      tenant,
      sabine.identityId,
      conversationId,
      { body: 'Nur intern', isInternal: true },
      CLI_ORIGIN,
      filesOf({ name: 'Vermerk.pdf', bytes: PDF('Vermerk') }),
    );
    // His claim's photo.
    const [customer] = await portal.services.visibility.visibleCustomers(acme.id, max);
    const claim = await portal.services.claims.startDraftWithoutContract(acme.id, max, required(customer).id);
    claimFolder = `schaeden/schaden-${claim.id.slice(0, 8)}`;
    await portal.services.claims.addAttachments(
      acme.id,
      max,
      claim.id,
      filesOf({ name: 'Wasserschaden.jpg', bytes: JPEG('Wasserfleck') }),
    );
    // Erika's conversation on K2, another grant: nothing of it is Max's.
    erikaId = await activatePerson(portal, acme, 'erika@example.com', 'policyholder', { grantName: 'K2' });
    await portal.services.conversations.startForPerson(
      tenant,
      erikaId,
      { subject: 'Kündigung', body: 'Bitte kündigen.', contractId: '', customerId: '' },
      filesOf({ name: 'Kuendigung.pdf', bytes: PDF('Kuendigung Erika') }),
    );
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
    expect(names).toEqual([
      'daten.json',
      'dokumente/Police- Hausrat-2027.pdf',
      'nachrichten/Umzug/Meldebescheinigung.pdf',
      'nachrichten/Umzug/Nachtrag.pdf',
      `${claimFolder}/Wasserschaden.jpg`,
    ]);
    // Byte for byte as stored; the internal note's file and Erika's are not there.
    const entry = (name: string) => execFileSync('unzip', ['-p', zipPath, name]);
    expect(entry('nachrichten/Umzug/Meldebescheinigung.pdf').equals(PDF('Meldebescheinigung Kiel'))).toBe(true);
    expect(entry('nachrichten/Umzug/Nachtrag.pdf').equals(PDF('Nachtrag'))).toBe(true);
    expect(entry(`${claimFolder}/Wasserschaden.jpg`).equals(JPEG('Wasserfleck'))).toBe(true);
    const data = JSON.parse(execFileSync('unzip', ['-p', zipPath, 'daten.json'], { encoding: 'utf8' })) as {
      person: { name: string };
      customers: { customerNumber: string }[];
      conversations: {
        conversation: { subject: string };
        messages: { body: string; attachments: { name: string; file: string | null }[] }[];
      }[];
      claims: { attachments: { name: string; size: number; file: string | null }[] }[];
    };
    expect(required(data.conversations[0]).messages.map((message) => message.attachments)).toEqual([
      [expect.objectContaining({ name: 'Meldebescheinigung.pdf', file: 'nachrichten/Umzug/Meldebescheinigung.pdf' })],
      [expect.objectContaining({ name: 'Nachtrag.pdf', file: 'nachrichten/Umzug/Nachtrag.pdf' })],
    ]);
    expect(data.claims.map((claim) => claim.attachments)).toEqual([
      [
        expect.objectContaining({
          name: 'Wasserschaden.jpg',
          size: JPEG('Wasserfleck').length,
          file: `${claimFolder}/Wasserschaden.jpg`,
        }),
      ],
    ]);
    expect(JSON.stringify(data)).not.toContain('Vermerk');
    expect(JSON.stringify(data)).not.toContain('Kuendigung');
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

  it('works only while the person has access at the broker: none is prepared or downloaded after a deactivation', async () => {
    const admin = { kind: 'api_key' } as const;
    const tenant = required(await portal.services.tenants.findTenantById(acme.id));
    const tokenOfNextMail = async () => {
      await portal.deliverMail();
      let mail = await portal.smtp.waitForMail('erika@example.com');
      while (mail.subject !== 'Ihre Daten stehen bereit') mail = await portal.smtp.waitForMail('erika@example.com');
      return required(new URL(linkFrom(mail, '/profile/daten/')).pathname.split('/').at(-1));
    };
    // Deactivated while it waits: nothing is collected or mailed.
    await portal.services.dataExports.requestExport(tenant, erikaId, CLI_ORIGIN);
    await portal.services.people.deactivatePerson(acme.id, erikaId, admin, CLI_ORIGIN);
    expect(await portal.services.dataExports.prepareDue()).toBe(0);
    expect(await portal.services.dataExports.stateOf(acme.id, erikaId)).toEqual({ kind: 'failed' });
    await portal.deliverMail();
    expect(
      portal.smtp.mails.filter((mail) => mail.to.includes('erika@example.com') && mail.subject.includes('Daten')),
    ).toEqual([]);

    // Active again she asks anew; deactivated after the mail, the link gives nothing, whatever the session says.
    await portal.services.people.reactivatePerson(acme.id, erikaId, admin, CLI_ORIGIN);
    await portal.services.dataExports.requestExport(tenant, erikaId, CLI_ORIGIN);
    expect(await portal.services.dataExports.prepareDue()).toBe(1);
    const token = await tokenOfNextMail();
    expect(await portal.services.dataExports.isLinkUsable(acme.id, erikaId, token)).toBe(true);
    await portal.services.people.deactivatePerson(acme.id, erikaId, admin, CLI_ORIGIN);
    expect(await portal.services.dataExports.isLinkUsable(acme.id, erikaId, token)).toBe(false);
    await expect(portal.services.dataExports.download(acme.id, erikaId, token, CLI_ORIGIN)).rejects.toMatchObject({
      code: 'DATA_EXPORT_NOT_FOUND',
    });
    expect(await portal.services.dataExports.stateOf(acme.id, erikaId)).toMatchObject({ kind: 'ready' });
    await portal.services.people.reactivatePerson(acme.id, erikaId, admin, CLI_ORIGIN);
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
