import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ORIGIN } from '../../src/modules/audit/audit-service.js';
import { required } from '../../src/shared/required.js';
import { activatePerson, logIn } from '../support/accounts.js';
import { errorCodesOf, textOf } from '../support/browserless-client.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';

let portal: TestPortal;
let acme: { id: string; host: string; origin: string };
let beta: { id: string; host: string; origin: string };

beforeAll(async () => {
  portal = await createTestPortal();
  acme = await createTestTenant(portal);
  beta = await createTestTenant(portal, 'beta', 'Beta Finanz KG');
  await activatePerson(portal, acme, 'chefin@acme.example', 'staff_admin');
  await activatePerson(portal, acme, 'mitarbeiter@acme.example', 'staff_user');
  await activatePerson(portal, beta, 'chef@beta.example', 'staff_admin');
});
afterAll(async () => {
  await portal.close();
});

const SETTINGS = '/admin/settings/schlagwoerter';
const hrefOf = (change: 'umbenennen' | 'loeschen', keyword: string) =>
  `${SETTINGS}/${change}?schlagwort=${encodeURIComponent(keyword)}`;

/**
 * A customer with a policyholder on a "Standard" grant, and two documents of the broker: one with the keyword and
 * "Mahnung", one with the keyword alone. The keyword is the tenant's (visible, important, explained), "Mahnung" too.
 */
async function customerWithDocuments(keyword: string) {
  const customerNumber = `K${randomUUID().slice(0, 8)}`;
  await portal.services.portfolio.upsertBatch(
    acme.id,
    [{ type: 'customer', action: 'upsert', customer: { customerNumber, kind: 'private', lastName: 'Muster' } }],
    CLI_ORIGIN,
  );
  const { documents } = portal.services;
  await documents.putKeyword(acme.id, keyword, { isVisible: true, isImportant: true, explanation: 'Jährlich' });
  await documents.putKeyword(acme.id, 'Mahnung', { isVisible: true });
  const store = (title: string, keywords: string[]) =>
    documents.store(
      acme.id,
      { customerNumber, title, keywords, direction: 'from_broker' },
      Readable.from([Buffer.from(`%PDF-1.7 ${title} ${randomUUID()}`)]),
      'application/pdf',
      { kind: 'system' },
    );
  const both = await store('Rechnung mit Mahnung', [keyword, 'Mahnung']);
  const alone = await store('Rechnung allein', [keyword]);
  const email = `kunde-${randomUUID().slice(0, 8)}@example.com`;
  const grantName = `Haushalt ${email}`;
  await portal.services.grants.createGrant(acme.id, {
    name: grantName,
    kind: 'customer',
    customerNumbers: [customerNumber],
    shareContractsAutomatically: true,
  });
  await activatePerson(portal, acme, email, 'policyholder', { grantName, name: 'Kundin' });
  const person = await logIn(portal, acme.origin, email);
  const customerId = (await portal.services.portfolio.getCustomer(acme.id, customerNumber)).id;
  const keywordsOf = async (documentId: string) =>
    (await documents.listForStaff(acme.id, customerId, 10)).find((item) => item.id === documentId)?.keywords;
  return { both, alone, person, keywordsOf };
}

describe('renaming a keyword', () => {
  it('renames it in the settings and on every document, keeping its switches; refusals say why; others find nothing', async () => {
    const { both, alone, person, keywordsOf } = await customerWithDocuments('Rechnung');
    const admin = await logIn(portal, acme.origin, 'chefin@acme.example');
    expect((await admin.get(SETTINGS)).body).toContain(`href="${hrefOf('umbenennen', 'Rechnung')}"`);
    const form = await admin.get(hrefOf('umbenennen', 'Rechnung'));
    expect(form.status).toBe(200);
    expect(textOf(form.body)).toContain('Der neue Name gilt für alle 2 Dokumente mit diesem Schlagwort');

    const refusedWith = async (newKeyword: string) => {
      await admin.get(hrefOf('umbenennen', 'Rechnung'));
      const answer = await admin.post(`${SETTINGS}/umbenennen`, { keyword: 'Rechnung', newKeyword });
      return `${String(answer.status)} ${errorCodesOf(answer.body).join(',')}`;
    };
    expect(await refusedWith('  ')).toBe('422 KEYWORD_EMPTY');
    expect(await refusedWith('Rechnung, Mahnung')).toBe('422 KEYWORD_CHARACTERS_INVALID');
    expect(await refusedWith('x'.repeat(61))).toBe('422 KEYWORD_TOO_LONG');
    // No merge: another keyword's name, whatever its case, is taken.
    expect(await refusedWith('mahnung')).toBe('409 KEYWORD_TAKEN');
    expect(await keywordsOf(alone.id)).toEqual(['Rechnung']);

    await admin.get(hrefOf('umbenennen', 'Rechnung'));
    expect((await admin.post(`${SETTINGS}/umbenennen`, { keyword: 'Gibt es nicht', newKeyword: 'Neu' })).status).toBe(
      404,
    );
    const betaAdmin = await logIn(portal, beta.origin, 'chef@beta.example');
    expect((await betaAdmin.get(hrefOf('umbenennen', 'Rechnung'))).status).toBe(404);
    expect(
      (await betaAdmin.post(`${SETTINGS}/umbenennen`, { keyword: 'Rechnung', newKeyword: 'Beitragsrechnung' })).status,
    ).toBe(404);
    const staffUser = await logIn(portal, acme.origin, 'mitarbeiter@acme.example');
    expect((await staffUser.get(hrefOf('umbenennen', 'Rechnung'))).status).toBe(404);
    expect(await keywordsOf(alone.id)).toEqual(['Rechnung']);

    await admin.get(hrefOf('umbenennen', 'Rechnung'));
    const renamed = await admin.post(`${SETTINGS}/umbenennen`, {
      keyword: 'Rechnung',
      newKeyword: ' Beitragsrechnung ',
    });
    expect(renamed.status).toBe(303);
    expect(renamed.location).toBe(`${SETTINGS}?umbenannt`);
    expect(textOf((await admin.get(`${SETTINGS}?umbenannt`)).body)).toContain('Das Schlagwort ist umbenannt.');
    expect(await keywordsOf(both.id)).toEqual(['Beitragsrechnung', 'Mahnung']);
    expect(await keywordsOf(alone.id)).toEqual(['Beitragsrechnung']);
    const settings = await portal.services.documents.keywordSettingsOf(acme.id);
    expect(settings.find((item) => item.keyword === 'Rechnung')).toBeUndefined();
    expect(settings.find((item) => item.keyword === 'Beitragsrechnung')).toMatchObject({
      isVisible: true,
      isImportant: true,
      explanation: 'Jährlich',
      isInVocabulary: true,
      documents: 2,
    });
    // Still visible under "Standard": the switch went with the name.
    expect((await person.get(`/dokumente/${alone.id}/datei`)).status).toBe(200);
    const audit = await portal.services.audit.listForTenant(acme.id, 100);
    expect(
      audit.some((event) => event.detail === 'Schlagwort umbenannt: Rechnung → Beitragsrechnung (2 Dokumente)'),
    ).toBe(true);
  });
});

describe('deleting a keyword', () => {
  it('asks first naming what happens, then removes it from the settings and the documents, which keep the others', async () => {
    const { both, alone, person, keywordsOf } = await customerWithDocuments('Altlast');
    const admin = await logIn(portal, acme.origin, 'chefin@acme.example');
    const confirmPath = hrefOf('loeschen', 'Altlast');
    expect((await admin.get(SETTINGS)).body).toContain(`href="${confirmPath}"`);
    const confirm = await admin.get(confirmPath);
    expect(confirm.status).toBe(200);
    expect(confirm.body).toContain(`action="${confirmPath}"`);
    const said = textOf(confirm.body);
    expect(said).toContain('2 Dokumente tragen dieses Schlagwort. Es wird bei ihnen entfernt');
    expect(said).toContain('1 davon haben danach kein Schlagwort mehr');
    expect((await person.get(`/dokumente/${alone.id}/datei`)).status).toBe(200);

    const betaAdmin = await logIn(portal, beta.origin, 'chef@beta.example');
    expect((await betaAdmin.get(confirmPath)).status).toBe(404);
    expect((await betaAdmin.post(confirmPath, {})).status).toBe(404);
    expect((await admin.get(hrefOf('loeschen', 'Gibt es nicht'))).status).toBe(404);
    await admin.get(confirmPath);
    expect((await admin.post(confirmPath, { _csrf: 'gefaelscht' })).status).toBe(403);
    expect(await keywordsOf(both.id)).toEqual(['Altlast', 'Mahnung']);

    await admin.get(confirmPath);
    const deleted = await admin.post(confirmPath, {});
    expect(deleted.status).toBe(303);
    expect(deleted.location).toBe(`${SETTINGS}?geloescht`);
    expect(textOf((await admin.get(`${SETTINGS}?geloescht`)).body)).toContain('Das Schlagwort ist gelöscht.');
    expect(await keywordsOf(both.id)).toEqual(['Mahnung']);
    expect(await keywordsOf(alone.id)).toEqual([]);
    expect(
      (await portal.services.documents.keywordSettingsOf(acme.id)).find((item) => item.keyword === 'Altlast'),
    ).toBeUndefined();
    // As the confirmation said: without any keyword, "Standard" no longer shows it; the other keeps showing.
    expect((await person.get(`/dokumente/${alone.id}/datei`)).status).toBe(404);
    expect((await person.get(`/dokumente/${both.id}/datei`)).status).toBe(200);
    await admin.get(SETTINGS);
    expect((await admin.post(confirmPath, {})).status).toBe(404);
    const audit = await portal.services.audit.listForTenant(acme.id, 100);
    expect(
      required(audit.find((event) => event.detail?.startsWith('Schlagwort gelöscht: Altlast') === true)).detail,
    ).toBe('Schlagwort gelöscht: Altlast (bei 2 Dokumenten entfernt)');
  });
});
