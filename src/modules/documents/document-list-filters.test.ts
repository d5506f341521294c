import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPortal, createTestTenant, type TestPortal } from '../../../test/support/test-portal.js';
import { CLI_ORIGIN } from '../audit/audit-service.js';
import type { DocumentMetadata } from './document.js';

let portal: TestPortal;

beforeAll(async () => {
  portal = await createTestPortal();
});
afterAll(async () => {
  await portal.close();
});

const HAUSRAT = (policyNumber: string) => ({ insurerNumber: '5311', sparte: '130', policyNumber });

/** A tenant with customers K1 (contract P1) and K2 (contract P3); Police and Beitragsrechnung visible, Mahnung not. */
async function tenantWithPortfolio(slug: string) {
  const tenant = await createTestTenant(portal, slug, `Makler ${slug}`);
  const customer = (customerNumber: string) => ({
    type: 'customer',
    action: 'upsert',
    customer: { customerNumber, kind: 'private', lastName: `Kunde ${customerNumber}` },
  });
  const contract = (policyNumber: string, customerNumber: string) => ({
    type: 'contract',
    action: 'upsert',
    contract: { ...HAUSRAT(policyNumber), customerNumber, status: 'active' },
  });
  await portal.services.portfolio.upsertBatch(
    tenant.id,
    [customer('K1'), customer('K2'), contract('P1', 'K1'), contract('P3', 'K2')],
    CLI_ORIGIN,
  );
  const { documents } = portal.services;
  await documents.putKeyword(tenant.id, 'Police', { isVisible: true });
  await documents.putKeyword(tenant.id, 'Beitragsrechnung', { isVisible: true });
  await documents.putKeyword(tenant.id, 'Mahnung', { isVisible: false });
  return tenant;
}

async function personWith(tenantId: string, email: string, customerNumbers: string[], documentProfile?: string) {
  const name = `${email} ${customerNumbers.join(' ')}`;
  await portal.services.grants.createGrant(tenantId, {
    kind: 'customer',
    shareContractsAutomatically: true,
    name,
    customerNumbers,
    ...(documentProfile === undefined ? {} : { documentProfile }),
  });
  const outcome = await portal.services.invitations.invite({
    tenantId,
    email,
    name: 'Person',
    role: 'policyholder',
    grantName: name,
  });
  return outcome.identityId;
}

/** Stores a document at the clock's time; `at` moves the clock first. */
async function store(
  tenantId: string,
  metadata: Partial<DocumentMetadata> & { customerNumber: string; title: string },
  at?: string,
): Promise<string> {
  if (at !== undefined) portal.clock.set(new Date(at));
  else portal.clock.advance(1000);
  const stored = await portal.services.documents.store(
    tenantId,
    { keywords: ['Police'], direction: 'from_broker', ...metadata },
    Readable.from([Buffer.from(metadata.title)]),
    'text/plain',
    { kind: 'system' },
  );
  return stored.id;
}

describe('the document list: search by title and days, in SQL, with paging', () => {
  it('finds by part of the title whatever the case, % and _ literal, never another grant or tenant', async () => {
    const tenant = await tenantWithPortfolio('filter-search');
    const other = await tenantWithPortfolio('filter-search-other');
    const { documents } = portal.services;
    const person = await personWith(tenant.id, 'k1@example.com', ['K1'], 'Alle Dokumente');
    await personWith(other.id, 'k1@example.com', ['K1'], 'Alle Dokumente');
    const percent = await store(tenant.id, {
      customerNumber: 'K1',
      contract: HAUSRAT('P1'),
      title: 'Police 100% Rabatt_2026',
    });
    const plain = await store(tenant.id, {
      customerNumber: 'K1',
      contract: HAUSRAT('P1'),
      title: 'Police 1000 Rabatt-2026',
    });
    const umlaut = await store(tenant.id, { customerNumber: 'K1', title: 'ÜBERSICHT der Beiträge' });
    const backslash = await store(tenant.id, { customerNumber: 'K1', title: 'Ordner a\\b' });
    // The same titles where the person must never see them: another grant's customer, another tenant.
    await store(tenant.id, { customerNumber: 'K2', contract: HAUSRAT('P3'), title: 'Police 100% Rabatt_2026 K2' });
    await store(other.id, { customerNumber: 'K1', contract: HAUSRAT('P1'), title: 'Police 100% Rabatt_2026' });

    const search = async (text: string, limit = 10) =>
      (await documents.listForPerson(tenant.id, person, { search: text }, { limit })).items.map((item) => item.id);
    expect(await search('100%')).toEqual([percent]);
    expect(await search('_2026')).toEqual([percent]);
    expect(await search('%')).toEqual([percent]);
    expect(await search('_')).toEqual([percent]);
    expect(await search('\\')).toEqual([backslash]);
    expect(await search('a\\b')).toEqual([backslash]);
    expect(await search('  police  ')).toEqual([plain, percent]);
    expect(await search('übersicht')).toEqual([umlaut]);
    expect(await search('BEITRÄGE')).toEqual([umlaut]);
    // Composed and decomposed Ü are the same letter.
    expect(await search('U\u0308bersicht')).toEqual([umlaut]);
    expect(await search('')).toEqual([backslash, umlaut, plain, percent]);
    // Odd input neither fails nor matches more than it says.
    expect(await search('Police\u0000100%')).toEqual([percent]);
    expect(await search('\ud800')).toEqual([]);
    expect(await search('x'.repeat(5000))).toEqual([]);
    const keywordWithNul = await documents.listForPerson(tenant.id, person, { keyword: 'Po\u0000lice' }, { limit: 5 });
    expect(keywordWithNul.items).toEqual([]);

    // The next page keeps the search.
    const first = await documents.listForPerson(tenant.id, person, { search: 'police' }, { limit: 1 });
    expect(first.items.map((item) => item.id)).toEqual([plain]);
    const second = await documents.listForPerson(
      tenant.id,
      person,
      { search: 'police' },
      { limit: 1, cursor: first.nextCursor },
    );
    expect(second).toEqual({ items: [expect.objectContaining({ id: percent })], nextCursor: null });
  });

  it("filters by the document's day or, without one, the upload day in Berlin, inclusive, and refuses bad days", async () => {
    const tenant = await tenantWithPortfolio('filter-days');
    const { documents } = portal.services;
    const person = await personWith(tenant.id, 'k1@example.com', ['K1']);
    const march = await store(tenant.id, { customerNumber: 'K1', title: 'März', documentDate: '2026-03-01' });
    const may = await store(tenant.id, { customerNumber: 'K1', title: 'Mai', documentDate: '2026-05-31' });
    // 22:30 UTC on 30 June is 1 July in Berlin.
    const july = await store(tenant.id, { customerNumber: 'K1', title: 'Juli' }, '2026-06-30T22:30:00Z');
    // Dated in March, uploaded in December: its own date counts.
    const late = await store(
      tenant.id,
      { customerNumber: 'K1', title: 'Nachgereicht', documentDate: '2026-03-15' },
      '2026-12-01T10:00:00Z',
    );
    const list = async (filter: { fromDay?: string; untilDay?: string }, limit = 10, cursor: string | null = null) =>
      documents.listForPerson(tenant.id, person, filter, { limit, cursor });
    const ids = async (filter: { fromDay?: string; untilDay?: string }) =>
      (await list(filter)).items.map((item) => item.id);
    expect(await ids({ fromDay: '2026-03-01', untilDay: '2026-03-31' })).toEqual([late, march]);
    expect(await ids({ fromDay: '2026-05-31', untilDay: '2026-05-31' })).toEqual([may]);
    expect(await ids({ fromDay: '2026-07-01', untilDay: '2026-07-01' })).toEqual([july]);
    expect(await ids({ untilDay: '2026-06-30' })).toEqual([late, may, march]);
    // Newest upload first, whatever the documents' own dates.
    expect(await ids({ fromDay: '2026-04-01' })).toEqual([may, july]);
    expect(await ids({ fromDay: '1.7.2026' })).toEqual([july]);

    const first = await list({ untilDay: '2026-06-30' }, 2);
    const rest = await list({ untilDay: '2026-06-30' }, 2, first.nextCursor);
    expect([...first.items, ...rest.items].map((item) => item.id)).toEqual([late, may, march]);
    expect(rest.nextCursor).toBeNull();

    await expect(list({ fromDay: '2026-02-30' })).rejects.toMatchObject({ code: 'DAY_FILTER_INVALID', field: 'von' });
    await expect(list({ untilDay: 'gestern' })).rejects.toMatchObject({ code: 'DAY_FILTER_INVALID', field: 'bis' });
    await expect(list({ fromDay: '2026-05-01', untilDay: '2026-04-30' })).rejects.toMatchObject({
      code: 'DAY_RANGE_REVERSED',
      field: 'bis',
    });
  });
});

describe('Wichtige Dokumente of a contract', () => {
  it('shows per important keyword the profile admits the newest document the person sees, or none yet', async () => {
    const tenant = await tenantWithPortfolio('important');
    const other = await tenantWithPortfolio('important-other');
    const { documents, portfolio } = portal.services;
    await documents.putKeyword(tenant.id, 'Police', {
      isVisible: true,
      isImportant: true,
      explanation: 'Ihr Versicherungsschein',
    });
    await documents.putKeyword(tenant.id, 'Beitragsrechnung', { isVisible: true, isImportant: true });
    await documents.putKeyword(tenant.id, 'Mahnung', { isVisible: false, isImportant: true });
    await documents.putKeyword(tenant.id, 'Kündigung', { isVisible: true, isImportant: true });
    const standard = await personWith(tenant.id, 'standard@example.com', ['K1']);
    const everything = await personWith(tenant.id, 'alle@example.com', ['K1'], 'Alle Dokumente');
    const onK2 = await personWith(tenant.id, 'k2@example.com', ['K2'], 'Alle Dokumente');
    const elsewhere = await personWith(other.id, 'standard@example.com', ['K1'], 'Alle Dokumente');
    const p1 = (await portfolio.getContract(tenant.id, HAUSRAT('P1'))).id;

    const newerPolicy = await store(tenant.id, {
      customerNumber: 'K1',
      contract: HAUSRAT('P1'),
      title: 'Police 2026',
      documentDate: '2026-02-01',
    });
    // Uploaded later, dated earlier: not the newest.
    await store(tenant.id, {
      customerNumber: 'K1',
      contract: HAUSRAT('P1'),
      title: 'Police 2025',
      documentDate: '2025-02-01',
    });
    await store(tenant.id, {
      customerNumber: 'K1',
      contract: HAUSRAT('P1'),
      title: 'Mahnung',
      keywords: ['Mahnung'],
    });
    const invoiceWithReminder = await store(tenant.id, {
      customerNumber: 'K1',
      contract: HAUSRAT('P1'),
      title: 'Rechnung mit Mahnung',
      keywords: ['Beitragsrechnung', 'Mahnung'],
    });
    // Elsewhere: without a contract, another contract, another tenant.
    await store(tenant.id, { customerNumber: 'K1', title: 'Kündigung ohne Vertrag', keywords: ['Kündigung'] });
    await store(tenant.id, {
      customerNumber: 'K2',
      contract: HAUSRAT('P3'),
      title: 'Kündigung P3',
      keywords: ['Kündigung'],
    });

    const shown = async (identityId: string, tenantId = tenant.id, contractId = p1) =>
      (await documents.importantForContract(tenantId, identityId, contractId)).map((entry) => [
        entry.keyword,
        entry.explanation,
        entry.document?.id ?? null,
      ]);
    expect(await shown(standard)).toEqual([
      ['Beitragsrechnung', null, null],
      ['Kündigung', null, null],
      ['Police', 'Ihr Versicherungsschein', newerPolicy],
    ]);
    expect(await shown(everything)).toEqual([
      ['Beitragsrechnung', null, invoiceWithReminder],
      ['Kündigung', null, null],
      ['Mahnung', null, invoiceWithReminder],
      ['Police', 'Ihr Versicherungsschein', newerPolicy],
    ]);
    expect((await documents.importantForContract(tenant.id, everything, p1))[2]?.document?.isNew).toBe(true);
    expect(await shown(onK2)).toEqual([]);
    expect(await shown(elsewhere, other.id)).toEqual([]);
    expect(await shown(elsewhere, other.id, p1)).toEqual([]);
    expect(await shown(standard, tenant.id, 'kein-vertrag')).toEqual([]);
  });
});
