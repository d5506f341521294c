import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activatePerson, logIn } from '../support/accounts.js';
import { errorCodesOf, textOf, type Client } from '../support/browserless-client.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

let portal: TestPortal;
let acme: { id: string; host: string; origin: string };
let beta: { id: string; host: string; origin: string };
let admin: Client;
let personId: string;

const PERSON = 'kundin@example.com';
const PDF = '%PDF-1.7\nErstinformation der Acme\n%%EOF\n';
const pdfFile = (data: string) => ({ field: 'datei', filename: 'erstinformation.pdf', type: 'application/pdf', data });

beforeAll(async () => {
  portal = await createTestPortal();
  acme = await createTestTenant(portal);
  beta = await createTestTenant(portal, 'beta', 'Beta Finanz KG');
  await activatePerson(portal, acme, 'chefin@acme.example', 'staff_admin');
  personId = await activatePerson(portal, acme, PERSON, 'policyholder');
  admin = await logIn(portal, acme.origin, 'chefin@acme.example');
});
afterAll(async () => {
  await portal.close();
});

async function consentCount(): Promise<number> {
  return (await portal.services.consents.listOfPerson(acme.id, personId)).length;
}

describe('Erstinformation: upload, the page after login, the record', () => {
  it('a tenant without an Erstinformation lets people straight in', async () => {
    const person = await logIn(portal, acme.origin, PERSON);
    expect((await person.get('/')).status).toBe(200);
  });

  it('refuses a file that is not a PDF with a German message, then takes a PDF as version 1', async () => {
    expect((await admin.get('/admin/settings/erstinformation')).status).toBe(200);
    const refused = await admin.upload(
      '/admin/settings/erstinformation',
      {},
      {
        field: 'datei',
        filename: 'erstinformation.pdf',
        type: 'application/pdf',
        data: '<html>kein PDF</html>',
      },
    );
    expect(refused.status).toBe(415);
    expect(errorCodesOf(refused.body)).toEqual(['CONSENT_FILE_NOT_PDF']);
    expect(textOf(refused.body)).toContain('Diese Datei ist kein PDF.');
    expect(await portal.services.consents.listDocuments(acme.id)).toEqual([]);

    const stored = await admin.upload('/admin/settings/erstinformation', {}, pdfFile(PDF));
    expect(stored.status).toBe(303);
    const page = await admin.get(required(stored.location));
    expect(textOf(page.body)).toContain('Version 1');
  });

  it('sends the person to the page after login until acknowledged; then logins go straight through', async () => {
    const person = await logIn(portal, acme.origin, PERSON);
    expect((await person.get('/')).location).toBe('/einwilligung');
    expect((await person.get('/vertraege')).location).toBe('/einwilligung');
    // Staff are not asked.
    expect((await admin.get('/')).location).not.toBe('/einwilligung');
    expect((await person.get('/profile')).status).toBe(200);

    const page = await person.get('/einwilligung');
    expect(page.status).toBe(200);
    expect(textOf(page.body)).toContain('Ich habe die Erstinformation erhalten.');
    expect(page.body).not.toMatch(/type="checkbox"[^>]*checked/);
    const versionId = required(/name="bestaetigt" value="([0-9a-f-]{36})"/.exec(page.body)?.[1]);
    const pdf = await person.get(`/einwilligung/${versionId}/ansehen`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-security-policy')).toBe('sandbox');
    expect(pdf.body).toBe(PDF);

    // Without the tick: a German message, nothing stored, still asked.
    const missing = await person.post('/einwilligung', {});
    expect(missing.status).toBe(422);
    expect(errorCodesOf(missing.body)).toEqual(['CONSENT_MISSING']);
    expect(await consentCount()).toBe(0);

    const csrf = person.csrfToken;
    expect((await person.post('/einwilligung', { bestaetigt: versionId })).location).toBe('/');
    // The same form sent again (a double click): still one record.
    expect((await person.post('/einwilligung', { _csrf: csrf, bestaetigt: versionId })).location).toBe('/');
    expect(await consentCount()).toBe(1);
    expect((await person.get('/')).status).toBe(200);

    const again = await logIn(portal, acme.origin, PERSON);
    expect((await again.get('/')).status).toBe(200);

    const personPage = await admin.get(`/admin/people/${personId}`);
    expect(textOf(personPage.body)).toMatch(/Erstinformation bestätigt am .+, Version 1/);
    const events = await portal.services.audit.listForTenant(acme.id, 50);
    expect(events.filter((event) => event.kind === 'consent.acknowledged')).toHaveLength(1);
  });

  it('asks again for a new version, and the API lists who acknowledged which version', async () => {
    expect((await admin.upload('/admin/settings/erstinformation', {}, pdfFile(PDF))).status).toBe(303);
    const person = await logIn(portal, acme.origin, PERSON);
    expect((await person.get('/')).location).toBe('/einwilligung');
    const page = await person.get('/einwilligung');
    expect(textOf(page.body)).toContain('Version 2');
    expect((await person.get('/einwilligung/00000000-0000-4000-8000-000000000000/ansehen')).status).toBe(404);
    // Staff looking at the portal as the person record nothing.
    expect((await admin.get(`/admin/people/${personId}/ansicht`)).status).toBe(200);
    expect(await consentCount()).toBe(1);
    // Another broker's person is not asked: beta has no Erstinformation.
    await activatePerson(portal, beta, 'nachbar@example.com', 'policyholder');
    expect((await (await logIn(portal, beta.origin, 'nachbar@example.com')).get('/')).status).toBe(200);

    const { key } = await portal.services.apiKeys.createApiKey(acme.id, 'CRM');
    const answer = await portal.app.request(`${acme.origin}/api/v1/consents?personId=${personId}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { items: Array<{ version: number; kind: string; document: string }> };
    expect(body.items).toEqual([
      expect.objectContaining({ version: 1, kind: 'acknowledged', document: 'Erstinformation' }),
    ]);
    const { key: betaKey } = await portal.services.apiKeys.createApiKey(beta.id, 'CRM');
    const fromBeta = await portal.app.request(`${beta.origin}/api/v1/consents`, {
      headers: { authorization: `Bearer ${betaKey}` },
    });
    expect(((await fromBeta.json()) as { items: unknown[] }).items).toEqual([]);
  });
});
