import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ORIGIN } from '../../src/modules/audit/audit-service.js';
import { activatePerson, logIn } from '../support/accounts.js';
import { createClient } from '../support/browserless-client.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';

const HAUSRAT = { insurerNumber: '5311', sparte: '130', policyNumber: 'P1' };

let portal: TestPortal;
let acme: { id: string; host: string; origin: string };
let beta: { id: string; host: string; origin: string };
let acmeKey: string;
let betaKey: string;

beforeAll(async () => {
  portal = await createTestPortal();
  acme = await createTestTenant(portal);
  beta = await createTestTenant(portal, 'beta', 'Beta Finanz KG');
  acmeKey = (await portal.services.apiKeys.createApiKey(acme.id, 'CRM')).key;
  betaKey = (await portal.services.apiKeys.createApiKey(beta.id, 'CRM')).key;
  const portfolio = [
    { type: 'customer', action: 'upsert', customer: { customerNumber: 'K1', kind: 'private', lastName: 'Eins' } },
    { type: 'customer', action: 'upsert', customer: { customerNumber: 'K2', kind: 'private', lastName: 'Zwei' } },
    {
      type: 'contract',
      action: 'upsert',
      contract: {
        insurerNumber: '5311',
        sparte: '130',
        policyNumber: 'P1',
        customerNumber: 'K1',
        status: 'active',
        productName: 'Hausrat Komfort',
      },
    },
  ];
  await portal.services.portfolio.upsertBatch(acme.id, portfolio, CLI_ORIGIN);
  await portal.services.documents.putKeyword(acme.id, 'Police', { isVisible: true });
});
afterAll(async () => {
  await portal.close();
});

async function api(method: string, path: string, key: string, body?: FormData): Promise<Response> {
  return portal.app.request(`http://api.test/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${key}` },
    ...(body === undefined ? {} : { body }),
  });
}

function uploadForm(metadata: object, file: Uint8Array, type = 'application/pdf'): FormData {
  const form = new FormData();
  form.append('metadata', JSON.stringify(metadata));
  form.append('file', new Blob([new Uint8Array(file)], { type }), 'datei.pdf');
  return form;
}

/** A policyholder on a grant of the given customers, with a password, logged in. */
async function personOn(email: string, grantName: string, customerNumbers: string[]) {
  const grant = await portal.services.grants.createGrant(acme.id, {
    name: grantName,
    kind: 'customer',
    customerNumbers,
    shareContractsAutomatically: true,
  });
  const identityId = await activatePerson(portal, acme, email, 'policyholder', { grantName, name: 'Kundin' });
  return { client: await logIn(portal, acme.origin, email), grantId: grant.id, identityId };
}

describe('documents through HTTP', () => {
  it('API upload, the person sees and downloads it, other tenants and grants get 404, removal from the grant ends it', async () => {
    const pdf = Buffer.from('%PDF-1.7\nPolice Hausrat Komfort\n%%EOF\n');
    const uploaded = await api(
      'POST',
      '/documents',
      acmeKey,
      uploadForm(
        {
          customerNumber: 'K1',
          contract: { insurerNumber: '5311', sparte: '130', policyNumber: 'P1' },
          title: 'Police Hausrat – Überblick',
          keywords: ['Police'],
          documentDate: '2026-11-20',
        },
        pdf,
      ),
    );
    expect(uploaded.status).toBe(201);
    const document = (await uploaded.json()) as { id: string; sha256: string; size: number; contentType: string };
    expect(document).toMatchObject({
      size: pdf.length,
      contentType: 'application/pdf',
      sha256: createHash('sha256').update(pdf).digest('hex'),
    });

    const k1 = await personOn('k1@example.com', 'Haushalt Eins', ['K1']);
    const list = await k1.client.get('/dokumente');
    expect(list.status).toBe(200);
    expect(list.body).toContain('Police Hausrat – Überblick');
    expect(list.body).toContain(`/dokumente/${document.id}/datei`);
    expect(list.body).toContain('class="badge"');
    expect(list.body).toContain('href="/dokumente"');
    const hausrat = await portal.services.portfolio.getContract(acme.id, HAUSRAT);
    const contractPage = await k1.client.get(`/vertraege/${hausrat.id}`);
    expect(contractPage.body).toContain(`/dokumente/${document.id}/datei`);

    const download = await k1.client.get(`/dokumente/${document.id}/datei`);
    expect(download.status).toBe(200);
    expect(download.body).toBe(pdf.toString());
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toBe(
      'attachment; filename="Police Hausrat _ Ueberblick.pdf"; ' +
        "filename*=UTF-8''Police%20Hausrat%20%E2%80%93%20%C3%9Cberblick.pdf",
    );
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('cache-control')).toBe('private, no-store');
    expect((await k1.client.get('/dokumente')).body).not.toContain('class="badge"');
    const events = await portal.services.audit.listForTenant(acme.id, 20);
    // This document's downloads: another test's downloads of other documents are recorded too.
    const downloads = events.filter(
      (event) => event.kind === 'document.downloaded' && event.detail?.includes(document.id) === true,
    );
    expect(downloads).toEqual([
      expect.objectContaining({ email: 'k1@example.com', detail: `Dokument: ${document.id}` }),
    ]);

    const k2 = await personOn('k2@example.com', 'Haushalt Zwei', ['K2']);
    expect((await k2.client.get(`/dokumente/${document.id}/datei`)).status).toBe(404);
    expect((await k2.client.get('/dokumente')).body).not.toContain(document.id);
    expect((await k1.client.get('/dokumente/00000000-0000-4000-8000-000000000000/datei')).status).toBe(404);
    expect((await k1.client.get('/dokumente/erfunden/datei')).status).toBe(404);
    const anonymous = await createClient(portal.app, acme.origin).get(`/dokumente/${document.id}/datei`);
    expect(anonymous.status).toBe(303);
    expect(anonymous.location).toContain('/login');
    const onBeta = await createClient(portal.app, beta.origin).get(`/dokumente/${document.id}/datei`);
    expect(onBeta.status).not.toBe(200);

    expect((await api('GET', `/documents/${document.id}/content`, betaKey)).status).toBe(404);
    expect((await api('DELETE', `/documents/${document.id}`, betaKey)).status).toBe(404);
    const betaList = await api('GET', '/documents?customerNumber=K1', betaKey);
    expect(betaList.status).toBe(404);

    // Still in the portal through another grant, the document of the grant left behind is gone.
    await portal.services.grants.createGrant(acme.id, {
      name: 'Zweiter Haushalt',
      kind: 'customer',
      customerNumbers: ['K2'],
    });
    await portal.services.invitations.invite({
      tenantId: acme.id,
      email: 'k1@example.com',
      name: 'Kundin',
      role: 'policyholder',
      grantName: 'Zweiter Haushalt',
    });
    await portal.services.grants.removePersonFromGrant(acme.id, k1.grantId, k1.identityId);
    const after = await k1.client.get(`/dokumente/${document.id}/datei`);
    expect(after.status).toBe(404);
    expect(after.body).not.toContain('%PDF');
    expect((await k1.client.get('/dokumente')).body).not.toContain(document.id);
  });

  it('the CRM lists, downloads the same bytes and deletes; the file goes with the last document naming it', async () => {
    // A PNG's signature, then noise: the type is decided by the first bytes.
    const bytes = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(300_000)]);
    const metadata = { customerNumber: 'K2', title: 'Beitragsrechnung 2027', keywords: ['Beitragsrechnung'] };
    const first = await api('POST', '/documents', acmeKey, uploadForm(metadata, bytes, 'image/png'));
    expect(first.status).toBe(201);
    const { id } = (await first.json()) as { id: string };

    const listed = await api('GET', '/documents?customerNumber=K2&limit=10', acmeKey);
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { items: { id: string }[] }).items.map((item) => item.id)).toEqual([id]);

    const content = await api('GET', `/documents/${id}/content`, acmeKey);
    expect(content.status).toBe(200);
    expect(Buffer.from(await content.arrayBuffer()).equals(bytes)).toBe(true);
    expect(content.headers.get('content-type')).toBe('image/png');

    expect((await api('DELETE', `/documents/${id}`, acmeKey)).status).toBe(204);
    expect((await api('GET', `/documents/${id}/content`, acmeKey)).status).toBe(404);
  });

  it('decides the type by the bytes: a PDF declared as a photo is a PDF, a page renamed to .pdf is refused', async () => {
    const pdf = Buffer.from('%PDF-1.7\nNachtrag\n%%EOF\n');
    const declaredPhoto = await api(
      'POST',
      '/documents',
      acmeKey,
      uploadForm({ customerNumber: 'K1', title: 'Nachtrag', keywords: ['Nachtrag'] }, pdf, 'image/png'),
    );
    expect(declaredPhoto.status).toBe(201);
    expect(await declaredPhoto.json()).toMatchObject({ contentType: 'application/pdf' });
    const page = Buffer.from('<html><script>alert(1)</script></html>');
    const refused = await api(
      'POST',
      '/documents',
      acmeKey,
      uploadForm({ customerNumber: 'K1', title: 'Skript', keywords: ['Police'] }, page),
    );
    expect(refused.status).toBe(415);
    expect(await refused.json()).toMatchObject({ code: 'file_type_not_allowed' });
    const listed = await api('GET', '/documents?customerNumber=K1', acmeKey);
    const titles = ((await listed.json()) as { items: { title: string }[] }).items.map((item) => item.title);
    expect(titles).toContain('Nachtrag');
    expect(titles).not.toContain('Skript');
  });

  it('refuses bad uploads with problem codes', async () => {
    const file = Buffer.from('x');
    const unknownCustomer = await api(
      'POST',
      '/documents',
      acmeKey,
      uploadForm({ customerNumber: 'K9', title: 'X' }, file),
    );
    expect(unknownCustomer.status).toBe(422);
    expect(await unknownCustomer.json()).toMatchObject({ code: 'customer_not_found' });
    const nul = await api('POST', '/documents', acmeKey, uploadForm({ customerNumber: 'K1', title: 'A\u0000B' }, file));
    expect([nul.status, ((await nul.json()) as { code: string }).code]).toEqual([400, 'invalid_characters']);
    const invalid = await api('POST', '/documents', acmeKey, uploadForm({ customerNumber: 'K1' }, file));
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ code: 'validation_failed' });
    const wrongContract = await api(
      'POST',
      '/documents',
      acmeKey,
      uploadForm(
        { customerNumber: 'K2', title: 'X', contract: { insurerNumber: '5311', sparte: '130', policyNumber: 'P1' } },
        file,
      ),
    );
    expect(await wrongContract.json()).toMatchObject({ code: 'document_contract_mismatch' });
    const json = await portal.app.request('http://api.test/api/v1/documents', {
      method: 'POST',
      headers: { authorization: `Bearer ${acmeKey}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(415);
    const tooLong = await portal.app.request('http://api.test/api/v1/documents', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${acmeKey}`,
        'content-type': 'multipart/form-data; boundary=x',
        'content-length': String(40 * 1024 * 1024),
      },
      body: 'x',
    });
    expect(tooLong.status).toBe(413);
    const openapi = (await (await portal.app.request('http://api.test/api/v1/openapi.json')).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining(['/documents', '/documents/{documentId}/content', '/documents/{documentId}']),
    );
  });
});
