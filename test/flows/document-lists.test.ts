import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ORIGIN } from '../../src/modules/audit/audit-service.js';
import type { DocumentMetadata } from '../../src/modules/documents/document.js';
import { required } from '../../src/shared/required.js';
import { ACCOUNT_PASSWORD, activatePerson, logIn } from '../support/accounts.js';
import { errorCodesOf, staffClientOn } from '../support/browserless-client.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';

const HAUSRAT = (policyNumber: string) => ({ insurerNumber: '5311', sparte: '130', policyNumber });

let portal: TestPortal;
let acme: { id: string; host: string; origin: string };
let beta: { id: string; host: string; origin: string };

async function portfolioOf(tenantId: string) {
  const customer = (customerNumber: string) => ({
    type: 'customer',
    action: 'upsert',
    customer: { customerNumber, kind: 'private', lastName: `Kunde ${customerNumber}` },
  });
  const contract = (policyNumber: string, customerNumber: string) => ({
    type: 'contract',
    action: 'upsert',
    contract: { ...HAUSRAT(policyNumber), customerNumber, status: 'active', productName: `Hausrat ${policyNumber}` },
  });
  await portal.services.portfolio.upsertBatch(
    tenantId,
    [customer('K1'), customer('K2'), contract('P1', 'K1'), contract('P3', 'K2')],
    CLI_ORIGIN,
  );
}

beforeAll(async () => {
  portal = await createTestPortal();
  acme = await createTestTenant(portal);
  beta = await createTestTenant(portal, 'beta', 'Beta Finanz KG');
  await portfolioOf(acme.id);
  await portfolioOf(beta.id);
});
afterAll(async () => {
  await portal.close();
});

/** A policyholder on a new grant of the given customers, with a password, logged in. */
async function personOn(email: string, customerNumbers: string[], documentProfile?: string) {
  const grantName = `Freischaltung ${email}`;
  await portal.services.grants.createGrant(acme.id, {
    name: grantName,
    kind: 'customer',
    customerNumbers,
    shareContractsAutomatically: true,
    ...(documentProfile === undefined ? {} : { documentProfile }),
  });
  await activatePerson(portal, acme, email, 'policyholder', { grantName, name: 'Kundin' });
  return logIn(portal, acme.origin, email);
}

async function store(
  tenantId: string,
  metadata: Partial<DocumentMetadata> & { customerNumber: string; title: string },
): Promise<string> {
  portal.clock.advance(1000);
  const stored = await portal.services.documents.store(
    tenantId,
    { keywords: ['Police'], direction: 'from_broker', ...metadata },
    Readable.from([Buffer.from(metadata.title)]),
    'text/plain',
    { kind: 'system' },
  );
  return stored.id;
}

const hrefs = (html: string): string[] =>
  [...html.matchAll(/href="([^"]+)"/g)].map((match) => required(match[1]).replace(/&amp;/g, '&'));

describe('Dokumente: search and days through the page', () => {
  it('searches by title and days, keeps the filter on the next page, answers 422 with the field for a bad day', async () => {
    const client = await personOn('suche@example.com', ['K1'], 'Alle Dokumente');
    const ids: string[] = [];
    for (let index = 0; index < 27; index += 1) {
      ids.push(
        await store(acme.id, {
          customerNumber: 'K1',
          title: `Rechnung_${index} 50%`,
          documentDate: `2026-0${(index % 3) + 1}-15`,
        }),
      );
    }
    const other = await store(acme.id, { customerNumber: 'K1', title: 'Police Hausrat', documentDate: '2026-01-15' });
    const hidden = await store(acme.id, {
      customerNumber: 'K2',
      title: 'Rechnung_1 50% K2',
      documentDate: '2026-01-15',
    });

    const first = await client.get('/dokumente?suche=rechnung_&von=1.1.2026&bis=2026-03-31');
    expect(first.status).toBe(200);
    expect(first.body).not.toContain(other);
    expect(first.body).not.toContain(hidden);
    expect(first.body).toContain('value="rechnung_"');
    expect(first.body).toContain('value="2026-01-01"');
    const next = required(hrefs(first.body).find((href) => href.includes('nach=')));
    const nextUrl = new URL(next, acme.origin);
    expect(Object.fromEntries(nextUrl.searchParams)).toMatchObject({
      suche: 'rechnung_',
      von: '2026-01-01',
      bis: '2026-03-31',
    });
    const second = await client.get(next);
    expect(second.status).toBe(200);
    const shown = [first.body, second.body].flatMap((body) =>
      ids.filter((id) => body.includes(`/dokumente/${id}/datei`)),
    );
    expect(shown.sort()).toEqual([...ids].sort());

    const january = await client.get('/dokumente?von=2026-01-01&bis=2026-01-31&suche=50%25');
    expect(ids.filter((id) => january.body.includes(id))).toEqual(ids.filter((_, index) => index % 3 === 0));
    expect((await client.get('/dokumente?suche=%25%25')).body).not.toContain('/datei');
    expect((await client.get('/dokumente?suche=Po%00lice')).status).toBe(200);

    const bad = await client.get('/dokumente?von=31.02.2026&bis=2026-01-01');
    expect(bad.status).toBe(422);
    expect(errorCodesOf(bad.body)).toEqual(['DAY_FILTER_INVALID']);
    expect(bad.body).toContain('value="31.02.2026"');
    expect(bad.body).not.toContain('/datei');
    const reversed = await client.get('/dokumente?von=2026-03-01&bis=2026-01-01');
    expect(reversed.status).toBe(422);
    expect(errorCodesOf(reversed.body)).toEqual(['DAY_RANGE_REVERSED']);
  });
});

describe('the contract page: its documents and Wichtige Dokumente', () => {
  it('lists per important keyword the newest document, hides what the profile excludes, 404 for others', async () => {
    const { documents, portfolio } = portal.services;
    await documents.putKeyword(acme.id, 'Police', { isVisible: true, isImportant: true, explanation: 'Ihr Vertrag' });
    await documents.putKeyword(acme.id, 'Mahnung', { isVisible: false, isImportant: false });
    await documents.putKeyword(acme.id, 'Beitragsrechnung', { isVisible: true, isImportant: true });
    const client = await personOn('vertrag@example.com', ['K1']);
    const p1 = (await portfolio.getContract(acme.id, HAUSRAT('P1'))).id;
    const p3 = (await portfolio.getContract(acme.id, HAUSRAT('P3'))).id;
    const betaP1 = (await portfolio.getContract(beta.id, HAUSRAT('P1'))).id;
    const policy = await store(acme.id, { customerNumber: 'K1', contract: HAUSRAT('P1'), title: 'Police neu' });
    const reminder = await store(acme.id, {
      customerNumber: 'K1',
      contract: HAUSRAT('P1'),
      title: 'Police mit Mahnung',
      keywords: ['Police', 'Mahnung'],
    });

    const page = await client.get(`/vertraege/${p1}`);
    expect(page.status).toBe(200);
    const important = required(/<div class="card stack" id="wichtige-dokumente">([\s\S]*?)<\/ul>/.exec(page.body))[1];
    expect(important).toContain('data-keyword="Police"');
    expect(important).toContain('Ihr Vertrag');
    expect(important).toContain(`/dokumente/${policy}/datei`);
    expect(important).toContain('class="badge"');
    expect(important).toContain('data-keyword="Beitragsrechnung"');
    expect(important).not.toContain('data-keyword="Mahnung"');
    expect(page.body).not.toContain(reminder);
    expect(hrefs(page.body)).toContain(`/dokumente?vertrag=${p1}`);

    for (const id of [p3, betaP1, '00000000-0000-4000-8000-000000000000', 'erfunden']) {
      expect((await client.get(`/vertraege/${id}`)).status).toBe(404);
    }
  });
});

describe('Schlagwörter in the workspace settings', () => {
  it('lets administrators add and set keywords with coded refusals, records it, and no one else', async () => {
    const { documents, audit } = portal.services;
    await activatePerson(portal, acme, 'chefin@acme.example', 'staff_admin');
    await activatePerson(portal, acme, 'team@acme.example', 'staff_user');
    await activatePerson(portal, beta, 'chefin@beta.example', 'staff_admin');
    // A keyword only the CRM's documents carry.
    await store(acme.id, { customerNumber: 'K1', title: 'Schadenmeldung', keywords: ['Schadenmeldung'] });
    const admin = await staffClientOn(portal.app, acme.origin, 'chefin@acme.example', ACCOUNT_PASSWORD);

    const page = await admin.get('/admin/settings/schlagwoerter');
    expect(page.status).toBe(200);
    expect(page.body).toContain('data-keyword="Schadenmeldung"');
    const fields = { isImportant: 'on', explanation: 'Hier steht,\r\nwas gekündigt ist.' };
    const added = await admin.post('/admin/settings/schlagwoerter', { keyword: '  Kündigung ', ...fields });
    expect([added.status, added.location]).toEqual([303, '/admin/settings/schlagwoerter?hinzugefuegt']);
    expect((await documents.keywordsOf(acme.id)).find((row) => row.keyword === 'Kündigung')).toMatchObject({
      isVisible: false,
      isImportant: true,
      explanation: 'Hier steht,\nwas gekündigt ist.',
    });

    const refusals: [Record<string, string>, number, string][] = [
      [{ keyword: 'KÜNDIGUNG' }, 409, 'KEYWORD_TAKEN'],
      [{ keyword: '   ' }, 422, 'KEYWORD_EMPTY'],
      [{ keyword: 'x'.repeat(61) }, 422, 'KEYWORD_TOO_LONG'],
      [{ keyword: 'Police, Nachtrag' }, 422, 'KEYWORD_CHARACTERS_INVALID'],
      [{ keyword: 'Po\u0000lice' }, 422, 'KEYWORD_CHARACTERS_INVALID'],
      [{ keyword: 'Police', explanation: 'x'.repeat(501) }, 422, 'KEYWORD_EXPLANATION_TOO_LONG'],
    ];
    for (const [form, status, code] of refusals) {
      const refused = await admin.post('/admin/settings/schlagwoerter', { explanation: '', ...form });
      expect([refused.status, errorCodesOf(refused.body)]).toEqual([status, [code]]);
    }
    expect((await documents.keywordsOf(acme.id)).map((row) => row.keyword)).not.toContain('Police, Nachtrag');

    const adopted = await admin.post('/admin/settings/schlagwoerter/aendern', {
      keyword: 'Schadenmeldung',
      isVisible: 'on',
      explanation: '',
    });
    expect([adopted.status, adopted.location]).toEqual([303, '/admin/settings/schlagwoerter?gespeichert']);
    expect((await documents.keywordsOf(acme.id)).find((row) => row.keyword === 'Schadenmeldung')).toMatchObject({
      isVisible: true,
      isImportant: false,
      explanation: null,
    });
    const badExplanation = await admin.post('/admin/settings/schlagwoerter/aendern', {
      keyword: 'Schadenmeldung',
      explanation: 'Stopp\u0000',
    });
    expect([badExplanation.status, errorCodesOf(badExplanation.body)]).toEqual([422, ['KEYWORD_EXPLANATION_INVALID']]);
    expect(badExplanation.body).toContain('value="on" checked');
    const unknown = await admin.post('/admin/settings/schlagwoerter/aendern', { keyword: 'Erfunden', explanation: '' });
    expect(unknown.status).toBe(404);
    const forged = await admin.post('/admin/settings/schlagwoerter', {
      _csrf: 'falsch',
      keyword: 'X',
      explanation: '',
    });
    expect(forged.status).toBe(403);
    expect((await documents.keywordsOf(acme.id)).map((row) => row.keyword)).not.toContain('X');

    const events = await audit.listForTenant(acme.id, 50);
    const changes = events.filter((event) => event.kind === 'settings.changed');
    expect(changes.map((event) => event.detail).sort()).toEqual([
      'Schlagwort geändert: Schadenmeldung (sichtbar, nicht wichtig)',
      'Schlagwort hinzugefügt: Kündigung (nicht sichtbar, wichtig)',
    ]);
    expect(changes.every((event) => event.actorEmail === 'chefin@acme.example')).toBe(true);

    const team = await staffClientOn(portal.app, acme.origin, 'team@acme.example', ACCOUNT_PASSWORD);
    expect((await team.get('/admin/settings/schlagwoerter')).status).toBe(404);
    expect((await team.post('/admin/settings/schlagwoerter', { keyword: 'Y', explanation: '' })).status).toBe(404);
    const betaAdmin = await staffClientOn(portal.app, beta.origin, 'chefin@beta.example', ACCOUNT_PASSWORD);
    const betaPage = await betaAdmin.get('/admin/settings/schlagwoerter');
    expect(betaPage.status).toBe(200);
    expect(betaPage.body).not.toContain('Kündigung');
    const betaChange = await betaAdmin.post('/admin/settings/schlagwoerter/aendern', {
      keyword: 'Schadenmeldung',
      explanation: '',
    });
    expect(betaChange.status).toBe(404);
  });
});
