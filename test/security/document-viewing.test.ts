import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ORIGIN } from '../../src/modules/audit/audit-service.js';
import { activatePerson, logIn } from '../support/accounts.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';

let portal: TestPortal;
let acme: { id: string; host: string; origin: string };
let beta: { id: string; host: string; origin: string };

beforeAll(async () => {
  portal = await createTestPortal();
  acme = await createTestTenant(portal);
  beta = await createTestTenant(portal, 'beta', 'Beta Finanz KG');
  await activatePerson(portal, acme, 'mitarbeiter@acme.example', 'staff_user');
  await activatePerson(portal, beta, 'chef@beta.example', 'staff_admin');
  await portal.services.documents.putKeyword(acme.id, 'Police', { isVisible: true });
});
afterAll(async () => {
  await portal.close();
});

const PDF = Buffer.from(`%PDF-1.7\nPolice ${randomUUID()}\n%%EOF\n`);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('bild')]);
const TIFF = Buffer.concat([Buffer.from([0x49, 0x49, 0x2a, 0x00]), Buffer.from('scan')]);
/** A page that claims to be a PDF: what a row says never decides what the browser is handed inline. */
const DISGUISED = Buffer.from('<html><script>alert(document.cookie)</script></html>');

async function customerWithPerson() {
  const customerNumber = `K${randomUUID().slice(0, 8)}`;
  await portal.services.portfolio.upsertBatch(
    acme.id,
    [{ type: 'customer', action: 'upsert', customer: { customerNumber, kind: 'private', lastName: 'Muster' } }],
    CLI_ORIGIN,
  );
  const store = (title: string, bytes: Buffer, contentType: string) =>
    portal.services.documents.store(
      acme.id,
      { customerNumber, title, keywords: ['Police'], direction: 'from_broker' },
      Readable.from([bytes]),
      contentType,
      { kind: 'system' },
    );
  const email = `kunde-${randomUUID().slice(0, 8)}@example.com`;
  const grantName = `Haushalt ${email}`;
  await portal.services.grants.createGrant(acme.id, {
    name: grantName,
    kind: 'customer',
    customerNumbers: [customerNumber],
    shareContractsAutomatically: true,
  });
  await activatePerson(portal, acme, email, 'policyholder', { grantName, name: 'Kundin' });
  const customerId = (await portal.services.portfolio.getCustomer(acme.id, customerNumber)).id;
  return { customerId, store, person: await logIn(portal, acme.origin, email) };
}

describe('"Ansehen": a document shown in the browser', () => {
  it('serves PDFs and images told by their bytes inline in a sandbox, anything else as the download; others get 404', async () => {
    const { customerId, store, person } = await customerWithPerson();
    const pdf = await store('Police Hausrat', PDF, 'application/pdf');
    const png = await store('Foto', PNG, 'image/png');
    const tiff = await store('Scan', TIFF, 'image/tiff');
    const disguised = await store('Angeblich PDF', DISGUISED, 'application/pdf');

    const list = await person.get('/dokumente');
    expect(list.body).toContain(`href="/dokumente/${pdf.id}/ansehen"`);
    expect(list.body).toContain(`href="/dokumente/${png.id}/ansehen"`);
    expect(list.body).not.toContain(`href="/dokumente/${tiff.id}/ansehen"`);

    const shown = await person.get(`/dokumente/${pdf.id}/ansehen`);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-type')).toBe('application/pdf');
    expect(shown.headers.get('content-disposition')).toBe('inline; filename="Police Hausrat.pdf"');
    expect(shown.headers.get('content-security-policy')).toBe('sandbox');
    expect(shown.headers.get('x-content-type-options')).toBe('nosniff');
    expect(shown.headers.get('cache-control')).toContain('no-store');
    expect(shown.headers.get('cache-control')).toContain('private');
    expect(shown.body).toBe(PDF.toString('utf8'));
    const image = await person.get(`/dokumente/${png.id}/ansehen`);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(image.headers.get('content-disposition')).toMatch(/^inline; /);
    expect(image.headers.get('content-security-policy')).toBe('sandbox');

    for (const id of [tiff.id, disguised.id]) {
      const downloaded = await person.get(`/dokumente/${id}/ansehen`);
      expect(downloaded.status).toBe(200);
      expect(downloaded.headers.get('content-disposition')).toMatch(/^attachment; /);
      expect(downloaded.headers.get('x-content-type-options')).toBe('nosniff');
    }

    // Staff see it the same way, only under its own customer.
    const staff = await logIn(portal, acme.origin, 'mitarbeiter@acme.example');
    const staffPage = await staff.get(`/admin/customers/${customerId}`);
    expect(staffPage.body).toContain(`href="/admin/customers/${customerId}/dokumente/${pdf.id}/ansehen"`);
    const staffShown = await staff.get(`/admin/customers/${customerId}/dokumente/${pdf.id}/ansehen`);
    expect(staffShown.status).toBe(200);
    expect(staffShown.headers.get('content-disposition')).toMatch(/^inline; /);
    expect(staffShown.headers.get('content-security-policy')).toBe('sandbox');

    // Another grant's person, another customer's path, another tenant's staff, an unknown id: 404.
    const other = await customerWithPerson();
    expect((await other.person.get(`/dokumente/${pdf.id}/ansehen`)).status).toBe(404);
    expect((await staff.get(`/admin/customers/${other.customerId}/dokumente/${pdf.id}/ansehen`)).status).toBe(404);
    const betaStaff = await logIn(portal, beta.origin, 'chef@beta.example');
    expect((await betaStaff.get(`/admin/customers/${customerId}/dokumente/${pdf.id}/ansehen`)).status).toBe(404);
    expect((await person.get(`/dokumente/${randomUUID()}/ansehen`)).status).toBe(404);
    expect((await person.get('/dokumente/kein-dokument/ansehen')).status).toBe(404);

    // Viewing is a download for the Protokoll.
    const events = await portal.services.audit.listForTenant(acme.id, 200);
    expect(
      events.filter((event) => event.kind === 'document.downloaded' && event.detail?.includes(pdf.id) === true),
    ).toHaveLength(2);
  });
});
