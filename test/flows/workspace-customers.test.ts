import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractShares, contracts, customers, gdvImportJobs } from '../../src/db/schema.js';
import { CLI_ORIGIN } from '../../src/modules/audit/audit-service.js';
import { errorCodesOf, textOf, type Client } from '../support/browserless-client.js';
import { activatePerson, logIn } from '../support/accounts.js';
import { address, contract, digits, gdvFile, gdvRecord, nachsatz, text, vorsatz } from '../support/gdv-file.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

type Tenant = { id: string; host: string; origin: string };

const customer = (customerNumber: string, extra: Record<string, unknown> = {}) => ({
  type: 'customer',
  action: 'upsert',
  customer: { customerNumber, kind: 'private', firstName: 'Erika', lastName: 'Muster', ...extra },
});
const policy = (customerNumber: string, policyNumber: string, extra: Record<string, unknown> = {}) => ({
  type: 'contract',
  action: 'upsert',
  contract: { insurerNumber: '9001', sparte: '130', policyNumber, customerNumber, status: 'active', ...extra },
});

const GRANT = {
  name: 'Familie Muster',
  kind: 'customer',
  customers: 'K-100',
  documentProfile: '',
  responsibleStaffId: '',
};

/**
 * Lines: 1–2 Vorsatz, 3–4 Weiß (Köln), 5–6 its contract, 7 a Satzart the reader does not know (0888),
 * 8–9 Müller, 10–11 its contract, 12 the Nachsatz cut short (the transfer broke off).
 */
function gdvUploadFile(): Buffer {
  const body = [
    ...address({ intermediaryCustomerNumber: 'G-1', name1: 'Weiß', name3: 'Jürgen', city: 'Köln', vsnr: 'GV1' }),
    ...contract({ vsnr: 'GV1', grossPremium: digits(14690, 12), productName: 'Hausrat Übersee' }),
    gdvRecord('0888', [
      [5, text('9999', 5)],
      [256, '1'],
    ]),
    ...address({ intermediaryCustomerNumber: 'G-2', name1: 'Müller', name3: 'Änne', vsnr: 'GV2', sparte: '040' }),
    ...contract({ vsnr: 'GV2', sparte: '040' }),
  ];
  return gdvFile([...vorsatz(), ...body, nachsatz(body.length, 10_000).slice(0, 120)]);
}

describe(`customers, manual sharing and GDV upload in the workspace (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: Tenant;
  let beta: Tenant;
  let staff: Client;
  let admin: Client;
  let customerId: string;
  let betaContractId: string;

  const db = () => portal.runtime.database.db;

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    beta = await createTestTenant(portal, 'beta', 'Beta Finanz KG');
    await activatePerson(portal, acme, 'mitarbeiter@acme.example', 'staff_user');
    await activatePerson(portal, acme, 'chefin@acme.example', 'staff_admin');
    await activatePerson(portal, beta, 'chef@beta.example', 'staff_admin');
    const items = [
      customer('K-100', { intermediaryAccounts: ['V-1'], referenceAddresses: [{ label: 'Ferienhaus', city: 'Binz' }] }),
      customer('K-200', { kind: 'business', firstName: null, lastName: null, companyName: 'Stein Bau GmbH' }),
      ...Array.from({ length: 60 }, (_, index) =>
        customer(`P-${String(index).padStart(3, '0')}`, { lastName: 'Zett' }),
      ),
      policy('K-100', 'HR1', {
        insurerName: 'Muster Versicherung AG',
        productName: 'Hausrat Plus',
        premiumGrossCents: 12_345,
      }),
      policy('K-100', 'KF1', { sparte: '051', status: 'cancelled' }),
      policy('K-200', 'BH9', { sparte: '040' }),
    ];
    const results = await portal.services.portfolio.upsertBatch(acme.id, items, CLI_ORIGIN);
    expect(results.filter((result) => result.status !== 'created')).toEqual([]);
    customerId = (results[0] as { id: string }).id;
    const betaResults = await portal.services.portfolio.upsertBatch(
      beta.id,
      [customer('K-100', { lastName: 'Andere' }), policy('K-100', 'BSECRET')],
      CLI_ORIGIN,
    );
    betaContractId = (betaResults[1] as { id: string }).id;
    staff = await logIn(portal, acme.origin, 'mitarbeiter@acme.example');
    admin = await logIn(portal, acme.origin, 'chefin@acme.example');
  });
  afterAll(() => portal.close());

  /** A tenant with an administrator of its own, for a test whose customers the other tests should not count. */
  async function ownTenant(slug: string) {
    const tenant = await createTestTenant(portal, slug, `Makler ${slug}`);
    await activatePerson(portal, tenant, `chefin@${slug}.example`, 'staff_admin');
    return { tenant, admin: await logIn(portal, tenant.origin, `chefin@${slug}.example`) };
  }

  it('lists the tenant’s customers with search, kind and pages counted in the database', async () => {
    const all = textOf((await staff.get('/admin/customers')).body);
    expect(all).toContain('62 Kunden');
    expect(all).toContain('Seite 1 von 2');
    expect(textOf((await staff.get('/admin/customers?seite=2')).body)).toContain('Seite 2 von 2');
    const byName = textOf((await staff.get('/admin/customers?suche=muster')).body);
    expect(byName).toContain('1 Kunde');
    expect(byName).toContain('Erika Muster');
    // Each row counts the customer's contracts (K-100 has two, one of them cancelled).
    expect(byName).toContain('Erika Muster K-100 Privat – 2 ');
    expect(textOf((await staff.get('/admin/customers?suche=K-2')).body)).toContain('Stein Bau GmbH');
    const business = textOf((await staff.get('/admin/customers?art=gewerblich')).body);
    expect(business).toContain('1 Kunde');
    expect(business).toContain('Gewerblich');
    expect(business).toContain('Stein Bau GmbH K-200 Gewerblich – 1 ');
    // Another tenant's customer of the same number is not in this list.
    expect(byName).not.toContain('Andere');
  });

  it('shows a customer with contracts, grants and the people with access; other ids are 404', async () => {
    const grant = await portal.services.grants.createGrant(acme.id, {
      name: 'Familie Muster',
      kind: 'customer',
      customerNumbers: ['K-100'],
    });
    await portal.services.grants.createGrant(acme.id, {
      name: 'Agentur Eins',
      kind: 'intermediary',
      customerNumbers: ['V-1'],
    });
    await staff.get(`/admin/grants/${grant.id}`);
    const added = await staff.post(`/admin/grants/${grant.id}/people`, {
      email: 'erika@example.com',
      name: 'Erika Muster',
      kind: 'policyholder',
    });
    expect(added.location).toBe(`/admin/grants/${grant.id}?eingeladen`);
    const page = await staff.get(`/admin/customers/${customerId}`);
    expect(page.status).toBe(200);
    const shown = textOf(page.body);
    expect(shown).toContain('130 Verbundene Hausrat');
    expect(shown).toContain('Muster Versicherung AG');
    expect(shown).toContain('Hausrat Plus');
    expect(shown).toContain('123,45 €');
    expect(shown).toContain('051 Kfz-Haftpflicht');
    expect(shown).toContain('Storniert');
    expect(shown).toContain('Ferienhaus');
    expect(shown).toContain('V-1');
    expect(shown).toContain('Familie Muster');
    expect(shown).toContain('Agentur Eins');
    expect(shown).toContain('erika@example.com');
    expect(page.body).toMatch(/href="\/admin\/people\/[0-9a-f-]{36}"/);
    const betaCustomer = await db().select({ id: customers.id }).from(customers).where(eq(customers.tenantId, beta.id));
    expect((await staff.get(`/admin/customers/${required(betaCustomer[0]).id}`)).status).toBe(404);
    expect((await staff.get('/admin/customers/kein-kunde')).status).toBe(404);
  });

  it('stores the Sparten chosen as codes, keeps unknown entries, and takes document profiles from the list', async () => {
    await staff.get('/admin/grants');
    const created = await staff.post('/admin/grants', { ...GRANT, name: 'Sparten', linesOfBusiness: ['130', '051'] });
    const grantId = required(required(/\/admin\/grants\/([0-9a-f-]{36})/.exec(created.location ?? ''))[1]);
    expect((await portal.services.grants.getGrant(acme.id, grantId)).restrictedLinesOfBusiness).toEqual(['130', '051']);
    const unknownProfile = await staff.post('/admin/grants', { ...GRANT, name: 'Profil', documentProfile: 'Geheim' });
    expect(unknownProfile.status).toBe(422);
    expect(errorCodesOf(unknownProfile.body)).toEqual(['DOCUMENT_PROFILE_UNKNOWN']);
    // Stored before the list (API): a word, an unknown code and a profile the list does not know are kept.
    await portal.services.grants.updateGrant(acme.id, grantId, {
      restrictedLinesOfBusiness: ['130', 'Kfz', '999'],
      documentProfile: 'Alter Stand',
    });
    const form = await staff.get(`/admin/grants/${grantId}`);
    expect(form.body).toContain('value="Kfz" checked');
    expect(form.body).toContain('value="999" checked');
    expect(textOf(form.body)).toContain('Alter Stand (bisher gespeichert)');
    const saved = await staff.post(`/admin/grants/${grantId}`, {
      ...GRANT,
      name: 'Sparten',
      linesOfBusiness: ['130', 'Kfz', '999', '040'],
      documentProfile: 'Alter Stand',
    });
    expect(saved.location).toBe(`/admin/grants/${grantId}?gespeichert`);
    expect(await portal.services.grants.getGrant(acme.id, grantId)).toMatchObject({
      restrictedLinesOfBusiness: ['130', '999', '040', 'Kfz'],
      documentProfile: 'Alter Stand',
    });
    await staff.get('/admin/grants');
    const profile = (await portal.services.profiles.save(
      acme.id,
      null,
      {
        name: 'Nur Kfz',
        includeClaims: true,
        includeReferenceAddresses: false,
        shareCases: false,
        shareContractsAutomatically: true,
        linesOfBusiness: '051',
        documentProfile: 'Nur Policen',
        separateGrantPerInvitee: false,
        delegatedProfileIds: [],
      },
      { identityId: null, origin: CLI_ORIGIN },
    )) as { id: string };
    await staff.get('/admin/grants');
    const withProfile = await staff.post('/admin/grants', { ...GRANT, name: 'Mit Profil', profileId: profile.id });
    const profiledId = required(required(/\/admin\/grants\/([0-9a-f-]{36})/.exec(withProfile.location ?? ''))[1]);
    expect(await portal.services.grants.getGrant(acme.id, profiledId)).toMatchObject({
      includeClaims: true,
      shareContractsAutomatically: true,
      restrictedLinesOfBusiness: ['051'],
      documentProfile: 'Nur Policen',
    });
    expect(textOf((await staff.get(`/admin/grants/${profiledId}`)).body)).toContain('Angewendetes Profil: Nur Kfz');
  });

  it('shares and unshares contracts by hand through the form, only this tenant’s, with CSRF', async () => {
    const grant = await portal.services.grants.createGrant(acme.id, { name: 'Von Hand', kind: 'customer' });
    const found = await staff.get(`/admin/grants/${grant.id}?vertrag=HR1`);
    expect(textOf(found.body)).toContain('Hausrat Plus');
    expect(textOf(found.body)).not.toContain('BSECRET');
    const [hr1] = await db().select({ id: contracts.id }).from(contracts).where(eq(contracts.policyNumber, 'HR1'));
    expect(
      (await staff.post(`/admin/grants/${grant.id}/contracts`, { contractId: required(hr1).id, _csrf: 'falsch' }))
        .status,
    ).toBe(403);
    const shared = await staff.post(`/admin/grants/${grant.id}/contracts`, { contractId: required(hr1).id });
    expect(shared.location).toBe(`/admin/grants/${grant.id}?vertrag-geteilt#shared-contracts`);
    const page = textOf((await staff.get(`/admin/grants/${grant.id}`)).body);
    expect(page).toContain('Manuell geteilte Verträge');
    expect(page).toContain('HR1');
    // A contract of another tenant cannot be shared into this tenant's grant; nothing is written.
    expect((await staff.post(`/admin/grants/${grant.id}/contracts`, { contractId: betaContractId })).status).toBe(404);
    expect((await staff.post(`/admin/grants/${grant.id}/contracts`, { contractId: 'kein-vertrag' })).status).toBe(404);
    const betaGrantOfB = await portal.services.grants.createGrant(beta.id, { name: 'Beta eigen', kind: 'customer' });
    await portal.services.portfolio.shareContract(beta.id, betaGrantOfB.id, betaContractId, CLI_ORIGIN);
    expect((await staff.post(`/admin/grants/${grant.id}/contracts/${betaContractId}/remove`, {})).status).toBe(404);
    expect(await db().select().from(contractShares).where(eq(contractShares.contractId, betaContractId))).toHaveLength(
      1,
    );
    // Another tenant's grant: not found, for sharing and unsharing.
    const betaGrant = await portal.services.grants.createGrant(beta.id, { name: 'Beta', kind: 'customer' });
    expect((await staff.post(`/admin/grants/${betaGrant.id}/contracts`, { contractId: required(hr1).id })).status).toBe(
      404,
    );
    expect((await staff.post(`/admin/grants/${betaGrant.id}/contracts/${required(hr1).id}/remove`, {})).status).toBe(
      404,
    );
    expect((await staff.get(`/admin/grants/${betaGrant.id}`)).status).toBe(404);
    const removed = await staff.post(`/admin/grants/${grant.id}/contracts/${required(hr1).id}/remove`, {});
    expect(removed.location).toBe(`/admin/grants/${grant.id}?vertrag-entfernt#shared-contracts`);
    expect(await db().select().from(contractShares).where(eq(contractShares.grantId, grant.id))).toEqual([]);
    const events = await portal.services.audit.listForTenant(acme.id, 5, { kind: 'grant.changed' });
    expect(events.map((event) => event.detail)).toEqual(
      expect.arrayContaining(['Vertrag freigegeben', 'Vertragsfreigabe entfernt']),
    );
  });

  it('previews and imports a GDV file with umlauts, a cut-off record and an unknown Satzart, twice without duplicates', async () => {
    await staff.get('/admin/import');
    expect((await staff.get('/admin/import/gdv')).status).toBe(404);
    const { tenant: own, admin: ownAdmin } = await ownTenant('gdv');
    await ownAdmin.get('/admin/import/gdv');
    const upload = () =>
      ownAdmin.upload(
        '/admin/import/gdv',
        {},
        { field: 'gdv', filename: 'bestand.gdv', type: 'application/octet-stream', data: gdvUploadFile() },
      );
    const preview = await upload();
    expect(preview.status).toBe(200);
    const previewText = textOf(preview.body);
    expect(previewText).toContain('Kunden: 2 neu, 0 aktualisiert');
    expect(previewText).toContain('Verträge: 2 neu, 0 aktualisiert');
    expect(previewText).toMatch(/0888\s*1\s*übersprungen/);
    expect(previewText).toMatch(/Zeile 12/);
    const jobId = required(required(/\/admin\/import\/gdv\/([0-9a-f-]{36})\/start/.exec(preview.body))[1]);
    expect(
      await db()
        .select()
        .from(customers)
        .where(and(eq(customers.tenantId, own.id), eq(customers.customerNumber, 'G-1'))),
    ).toEqual([]);
    const started = await ownAdmin.post(`/admin/import/gdv/${jobId}/start`, {});
    expect(started.location).toBe(`/admin/import/gdv/${jobId}`);
    await portal.services.gdvUploads.settle();
    const report = textOf((await ownAdmin.get(`/admin/import/gdv/${jobId}`)).body);
    expect(report).toContain('Fertig: 12 von 12 Datensätzen verarbeitet.');
    expect(report).toContain('Kunden: 2 neu, 0 aktualisiert');
    const [weiss] = await db()
      .select()
      .from(customers)
      .where(and(eq(customers.tenantId, own.id), eq(customers.customerNumber, 'G-1')));
    expect(weiss).toMatchObject({ tenantId: own.id, lastName: 'Weiß', firstName: 'Jürgen', city: 'Köln' });
    const [mueller] = await db()
      .select()
      .from(customers)
      .where(and(eq(customers.tenantId, own.id), eq(customers.customerNumber, 'G-2')));
    expect(mueller).toMatchObject({ lastName: 'Müller', firstName: 'Änne' });
    expect(
      (
        await db()
          .select()
          .from(contracts)
          .where(and(eq(contracts.tenantId, own.id), eq(contracts.policyNumber, 'GV1')))
      )[0]?.productName,
    ).toBe('Hausrat Übersee');

    await ownAdmin.get('/admin/import/gdv');
    const again = await upload();
    expect(textOf(again.body)).toContain('Kunden: 0 neu, 2 aktualisiert');
    const secondId = required(required(/\/admin\/import\/gdv\/([0-9a-f-]{36})\/start/.exec(again.body))[1]);
    await ownAdmin.post(`/admin/import/gdv/${secondId}/start`, {});
    await portal.services.gdvUploads.settle();
    const count = async (table: typeof customers | typeof contracts) => {
      const [row] = await db()
        .select({ value: sql<number>`count(*)::int` })
        .from(table)
        .where(eq(table.tenantId, own.id));
      return required(row).value;
    };
    expect(await count(customers)).toBe(2);
    expect(await count(contracts)).toBe(2);
    expect(textOf((await ownAdmin.get(`/admin/import/gdv/${secondId}`)).body)).toContain(
      'Verträge: 0 neu, 2 aktualisiert',
    );
    // Another tenant's staff do not find the job.
    const betaAdmin = await logIn(portal, beta.origin, 'chef@beta.example');
    expect((await betaAdmin.get(`/admin/import/gdv/${jobId}`)).status).toBe(404);
  });

  it('resumes a GDV import whose process stopped when somebody opens its page, without writing twice', async () => {
    // A tenant of its own that has imported the file once: the resumed import updates what is there.
    const { tenant: own, admin: ownAdmin } = await ownTenant('resume');
    const first = await portal.services.gdvUploads.createPreview(own.id, null, 'voll.gdv', gdvUploadFile());
    expect(await portal.services.gdvUploads.start(own.id, first.id, CLI_ORIGIN)).toBe(true);
    await portal.services.gdvUploads.settle();
    const job = await portal.services.gdvUploads.createPreview(own.id, null, 'halb.gdv', gdvUploadFile());
    // As a process leaves it that stopped after its first batch: running, no lease, one item committed.
    await db()
      .update(gdvImportJobs)
      .set({ status: 'running', leaseUntil: null, itemsDone: 1, counts: { customers: { created: 0, updated: 1 } } })
      .where(eq(gdvImportJobs.id, job.id));
    const running = textOf((await ownAdmin.get(`/admin/import/gdv/${job.id}`)).body);
    expect(running).toMatch(/Läuft|Fertig/);
    await portal.services.gdvUploads.settle();
    const done = await portal.services.gdvUploads.find(own.id, job.id);
    expect(done).toMatchObject({
      status: 'done',
      recordsDone: 12,
      counts: { customers: { created: 0, updated: 2 }, contracts: { created: 0, updated: 2 } },
    });
    const [stored] = await db()
      .select({ content: gdvImportJobs.content })
      .from(gdvImportJobs)
      .where(eq(gdvImportJobs.id, job.id));
    expect(required(stored).content).toBe('');
  });

  it('refuses a file that is no GDV file and one over the limit with the code of each', async () => {
    await admin.get('/admin/import/gdv');
    const notGdv = await admin.upload(
      '/admin/import/gdv',
      {},
      { field: 'gdv', filename: 'x.csv', type: 'text/csv', data: 'a;b\r\n1;2' },
    );
    expect(notGdv.status).toBe(422);
    expect(errorCodesOf(notGdv.body)).toEqual(['GDV_FILE_NOT_GDV']);
    const tooLarge = await admin.upload(
      '/admin/import/gdv',
      {},
      { field: 'gdv', filename: 'gross.gdv', type: 'application/octet-stream', data: new Uint8Array(21 * 1024 * 1024) },
    );
    expect(tooLarge.location).toBe('/admin/import/gdv?zu-gross');
    expect(errorCodesOf((await admin.get('/admin/import/gdv?zu-gross')).body)).toEqual(['GDV_FILE_TOO_LARGE']);
  });

  it('pages and searches a list of 10,000 customers in the database, with the right counts', async () => {
    const { tenant: own, admin: ownAdmin } = await ownTenant('menge');
    for (let batch = 0; batch < 10; batch += 1) {
      const items = Array.from({ length: 1000 }, (_, index) =>
        customer(`M-${batch}${String(index).padStart(4, '0')}`, { firstName: 'Max', lastName: `Menge${index}` }),
      );
      await portal.services.portfolio.upsertBatch(own.id, items, CLI_ORIGIN);
    }
    const timed = async (path: string) => {
      const started = performance.now();
      const page = await ownAdmin.get(path);
      return { page, milliseconds: performance.now() - started };
    };
    await timed('/admin/customers');
    const first = await timed('/admin/customers');
    const last = await timed('/admin/customers?seite=200');
    const search = await timed('/admin/customers?suche=menge999');
    console.info(
      `customers list of 10,000: first page ${first.milliseconds.toFixed(0)} ms, ` +
        `page 200 ${last.milliseconds.toFixed(0)} ms, search ${search.milliseconds.toFixed(0)} ms`,
    );
    expect(textOf(first.page.body)).toContain('10.000 Kunden');
    expect(textOf(last.page.body)).toContain('Seite 200 von 200');
    expect(textOf(search.page.body)).toContain('10 Kunden');
  });
});
