import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestPortal, createTestTenant, type TestPortal } from '../../../test/support/test-portal.js';
import { CLI_ORIGIN } from '../audit/audit-service.js';
import { isDocumentVisible } from '../visibility/visibility-policy.js';
import { required } from '../../shared/required.js';
import type { DocumentMetadata } from './document.js';
import { createDocumentQueries, type KeywordChoices } from './document-repo.js';

let portal: TestPortal;

beforeAll(async () => {
  portal = await createTestPortal();
});
afterAll(async () => {
  await portal.close();
});

const bytes = (text: string): Readable => Readable.from([Buffer.from(text)]);

async function read(body: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) {
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  return Buffer.concat(chunks).toString();
}

const meta = (options: Partial<DocumentMetadata> & { customerNumber: string }): DocumentMetadata => ({
  title: 'Police',
  keywords: ['Police'],
  direction: 'from_broker',
  ...options,
});

const HAUSRAT = (policyNumber: string) => ({ insurerNumber: '5311', sparte: '130', policyNumber });

/**
 * A tenant with customers K1 (contracts P1 Hausrat, P2 Rechtsschutz) and K2 (contract P3); the keywords Police and
 * Beitragsrechnung are visible ("Standard"), Mahnung is not.
 */
async function tenantWithPortfolio(slug: string) {
  const tenant = await createTestTenant(portal, slug, `Makler ${slug}`);
  const customer = (customerNumber: string) => ({
    type: 'customer',
    action: 'upsert',
    customer: { customerNumber, kind: 'private', lastName: `Kunde ${customerNumber}` },
  });
  const contract = (policyNumber: string, customerNumber: string, sparte = '130') => ({
    type: 'contract',
    action: 'upsert',
    contract: { insurerNumber: '5311', sparte, policyNumber, customerNumber, status: 'active' },
  });
  const results = await portal.services.portfolio.upsertBatch(
    tenant.id,
    [customer('K1'), customer('K2'), contract('P1', 'K1'), contract('P2', 'K1', '070'), contract('P3', 'K2')],
    CLI_ORIGIN,
  );
  expect(results.every((result) => result.status === 'created')).toBe(true);
  const { documents } = portal.services;
  await documents.putKeyword(tenant.id, 'Police', { isVisible: true });
  await documents.putKeyword(tenant.id, 'Beitragsrechnung', { isVisible: true });
  await documents.putKeyword(tenant.id, 'Mahnung', { isVisible: false });
  const staff = await portal.services.invitations.invite({
    tenantId: tenant.id,
    email: `staff@${slug}.example`,
    name: 'Sachbearbeitung',
    role: 'staff_user',
  });
  return { ...tenant, uploader: { identityId: staff.identityId } };
}

async function personWith(
  tenantId: string,
  email: string,
  grant: { name: string; customerNumbers: string[]; documentProfile?: string; restrictedLinesOfBusiness?: string[] },
) {
  const created = await portal.services.grants.createGrant(tenantId, {
    kind: 'customer',
    shareContractsAutomatically: true,
    ...grant,
  });
  const outcome = await portal.services.invitations.invite({
    tenantId,
    email,
    name: 'Person',
    role: 'policyholder',
    grantName: grant.name,
  });
  return { identityId: outcome.identityId, grantId: created.id };
}

describe('documents: store, list, open', () => {
  it('lists a stored document as new for the person who sees it, opens it with its bytes and then not as new', async () => {
    const tenant = await tenantWithPortfolio('doc-open');
    const { documents } = portal.services;
    const person = await personWith(tenant.id, 'k1@example.com', { name: 'K1', customerNumbers: ['K1'] });
    const stored = await documents.store(
      tenant.id,
      meta({ customerNumber: 'K1', contract: HAUSRAT('P1'), title: 'Police Hausrat', documentDate: '2026-11-01' }),
      bytes('%PDF-1.7 Hausrat'),
      'application/pdf',
      { identityId: person.identityId },
    );
    expect(stored).toMatchObject({ size: 16, contentType: 'application/pdf', documentDate: '2026-11-01' });

    const before = await documents.listForPerson(tenant.id, person.identityId, {}, { limit: 10 });
    expect(before.items.map((item) => [item.id, item.isNew])).toEqual([[stored.id, true]]);

    const opened = await documents.openForPerson(tenant.id, person.identityId, stored.id, CLI_ORIGIN);
    expect(await read(opened.body)).toBe('%PDF-1.7 Hausrat');
    const after = await documents.listForPerson(tenant.id, person.identityId, {}, { limit: 10 });
    expect(after.items.map((item) => item.isNew)).toEqual([false]);
    expect(await documents.hasDocumentsFor(tenant.id, person.identityId)).toBe(true);

    const events = await portal.services.audit.listForTenant(tenant.id, 10);
    expect(events.find((event) => event.kind === 'document.downloaded')).toMatchObject({
      email: 'k1@example.com',
      detail: `Dokument: ${stored.id}`,
    });
  });

  it("answers DOCUMENT_NOT_FOUND for made-up ids, another grant's and another tenant's documents", async () => {
    const tenant = await tenantWithPortfolio('doc-hidden');
    const other = await tenantWithPortfolio('doc-hidden-other');
    const { documents } = portal.services;
    const k1 = await personWith(tenant.id, 'k1@example.com', { name: 'K1', customerNumbers: ['K1'] });
    const k2 = await personWith(tenant.id, 'k2@example.com', { name: 'K2', customerNumbers: ['K2'] });
    const elsewhere = await personWith(other.id, 'k1@example.com', { name: 'K1', customerNumbers: ['K1'] });
    const ofK1 = await documents.store(tenant.id, meta({ customerNumber: 'K1' }), bytes('k1'), 'text/plain', {
      identityId: k1.identityId,
    });
    const attempts = [
      () => documents.openForPerson(tenant.id, k2.identityId, ofK1.id, CLI_ORIGIN),
      () => documents.openForPerson(other.id, elsewhere.identityId, ofK1.id, CLI_ORIGIN),
      () => documents.openForPerson(tenant.id, k1.identityId, '00000000-0000-4000-8000-000000000000', CLI_ORIGIN),
      () => documents.openForPerson(tenant.id, k1.identityId, 'kein-uuid', CLI_ORIGIN),
    ];
    for (const attempt of attempts) {
      await expect(attempt()).rejects.toMatchObject({ code: 'DOCUMENT_NOT_FOUND' });
    }
    expect((await documents.listForPerson(tenant.id, k2.identityId, {}, { limit: 10 })).items).toEqual([]);
    expect(await documents.hasDocumentsFor(other.id, elsewhere.identityId)).toBe(false);
    await expect(documents.openForTenant(other.id, ofK1.id, CLI_ORIGIN)).rejects.toMatchObject({
      code: 'DOCUMENT_NOT_FOUND',
    });
  });

  it('refuses a contract of another customer and an unknown customer before reading the file', async () => {
    const tenant = await tenantWithPortfolio('doc-refuse');
    const { documents } = portal.services;
    await expect(
      documents.prepareUpload(tenant.id, meta({ customerNumber: 'K2', contract: HAUSRAT('P1') }), tenant.uploader),
    ).rejects.toMatchObject({ code: 'DOCUMENT_CONTRACT_MISMATCH' });
    await expect(
      documents.prepareUpload(tenant.id, meta({ customerNumber: 'K9' }), tenant.uploader),
    ).rejects.toMatchObject({ code: 'CUSTOMER_NOT_FOUND' });
  });

  it('refuses a file over 35 MB without keeping anything', async () => {
    const tenant = await tenantWithPortfolio('doc-large');
    const { documents } = portal.services;
    const megabyte = Buffer.alloc(1024 * 1024, 1);
    const tooLarge = Readable.from(
      (function* () {
        for (let index = 0; index < 36; index += 1) yield megabyte;
      })(),
    );
    await expect(
      documents.store(tenant.id, meta({ customerNumber: 'K1' }), tooLarge, 'application/pdf', tenant.uploader),
    ).rejects.toMatchObject({ code: 'FILE_TOO_LARGE' });
    expect((await documents.listForCustomer(tenant.id, 'K1', { limit: 10 })).items).toEqual([]);
    const keys: string[] = [];
    for await (const stored of portal.services.fileStore.keys()) {
      if (stored.key.startsWith(tenant.id)) keys.push(stored.key);
    }
    expect(keys).toEqual([]);
  });

  it('pages newest first and filters by customer, contract and keyword', async () => {
    const tenant = await tenantWithPortfolio('doc-pages');
    const { documents } = portal.services;
    const person = await personWith(tenant.id, 'k@example.com', {
      name: 'Alle',
      customerNumbers: ['K1', 'K2'],
      documentProfile: 'Alle Dokumente',
    });
    const ids: string[] = [];
    const plan: [string, string | null, string][] = [
      ['K1', 'P1', 'Police'],
      ['K1', 'P2', 'Mahnung'],
      ['K1', null, 'Police'],
      ['K2', 'P3', 'Police'],
      ['K2', null, 'Beitragsrechnung'],
    ];
    for (const [customerNumber, policyNumber, keyword] of plan) {
      portal.clock.advance(1000);
      const contract =
        policyNumber === null ? null : { ...HAUSRAT(policyNumber), sparte: policyNumber === 'P2' ? '070' : '130' };
      const stored = await documents.store(
        tenant.id,
        meta({ customerNumber, contract, keywords: [keyword], title: `${keyword} ${ids.length}` }),
        bytes(`Dokument ${ids.length}`),
        'text/plain',
        tenant.uploader,
      );
      ids.push(stored.id);
    }
    const newestFirst = [...ids].reverse();
    const first = await documents.listForPerson(tenant.id, person.identityId, {}, { limit: 2 });
    expect(first.items.map((item) => item.id)).toEqual(newestFirst.slice(0, 2));
    const second = await documents.listForPerson(
      tenant.id,
      person.identityId,
      {},
      { limit: 2, cursor: first.nextCursor },
    );
    expect(second.items.map((item) => item.id)).toEqual(newestFirst.slice(2, 4));
    const third = await documents.listForPerson(
      tenant.id,
      person.identityId,
      {},
      { limit: 2, cursor: second.nextCursor },
    );
    expect(third).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });

    const k2 = required((await portal.services.portfolio.getCustomer(tenant.id, 'K2')).id);
    const byCustomer = await documents.listForPerson(tenant.id, person.identityId, { customerId: k2 }, { limit: 10 });
    expect(byCustomer.items.map((item) => item.id)).toEqual([ids[4], ids[3]]);
    const p1 = (await portal.services.portfolio.getContract(tenant.id, HAUSRAT('P1'))).id;
    const byContract = await documents.listForPerson(tenant.id, person.identityId, { contractId: p1 }, { limit: 10 });
    expect(byContract.items.map((item) => item.id)).toEqual([ids[0]]);
    const byKeyword = await documents.listForPerson(tenant.id, person.identityId, { keyword: 'Police' }, { limit: 10 });
    expect(byKeyword.items.map((item) => item.id)).toEqual([ids[3], ids[2], ids[0]]);
    expect(await documents.keywordsFor(tenant.id, person.identityId)).toEqual([
      'Beitragsrechnung',
      'Mahnung',
      'Police',
    ]);
    // The portal's list reads the keyword choice with its page; a page without rows reads it on its own.
    const scopes = await portal.services.visibility.documentScopesOf(tenant.id, person.identityId);
    const keywords = ['Beitragsrechnung', 'Mahnung', 'Police'];
    expect(await documents.listWithKeywordsForPerson(tenant.id, person.identityId, {}, { limit: 2 }, scopes)).toEqual({
      page: first,
      keywords,
    });
    expect(
      await documents.listWithKeywordsForPerson(
        tenant.id,
        person.identityId,
        { search: 'Keins' },
        { limit: 2 },
        scopes,
      ),
    ).toEqual({ page: { items: [], nextCursor: null }, keywords });

    const forCrm = await documents.listForCustomer(tenant.id, 'K1', { limit: 2 });
    expect(forCrm.items.map((item) => item.id)).toEqual([ids[2], ids[1]]);
  });
});

describe('documents: the list agrees with the visibility policy', () => {
  it('lists exactly the documents the policy shows, for every document profile and a Sparten limit', async () => {
    const tenant = await tenantWithPortfolio('doc-agree');
    const { documents, visibility } = portal.services;
    const keywordSets = [
      [],
      ['Police'],
      ['Nachtrag'],
      ['Police', 'Mahnung'],
      ['Beitragsrechnung'],
      ['Schadenkorrespondenz'],
    ];
    const places: [string, string | null, string][] = [
      ['K1', null, '130'],
      ['K1', 'P1', '130'],
      ['K1', 'P2', '070'],
      ['K2', null, '130'],
      ['K2', 'P3', '130'],
    ];
    const stored: { id: string; customerId: string; contractId: string | null; keywords: string[] }[] = [];
    for (const [customerNumber, policyNumber, sparte] of places) {
      for (const keywords of keywordSets) {
        const contract = policyNumber === null ? null : { insurerNumber: '5311', sparte, policyNumber };
        const document = await documents.store(
          tenant.id,
          meta({ customerNumber, contract, keywords, title: 'Dokument' }),
          bytes(`${customerNumber}-${policyNumber ?? ''}-${keywords.join('+')}`),
          'text/plain',
          tenant.uploader,
        );
        stored.push(document);
      }
    }
    // Another tenant with the same customer numbers and keywords: none of its documents may show.
    const other = await tenantWithPortfolio('doc-agree-other');
    for (const [customerNumber, policyNumber, sparte] of places) {
      const contract = policyNumber === null ? null : { insurerNumber: '5311', sparte, policyNumber };
      await documents.store(
        other.id,
        meta({ customerNumber, contract, keywords: ['Police', 'Zweiter'], title: 'Fremd' }),
        bytes(`fremd-${customerNumber}-${policyNumber ?? ''}`),
        'text/plain',
        other.uploader,
      );
    }
    const tenantVisible = new Set(
      (await documents.keywordsOf(tenant.id)).filter((row) => row.isVisible).map((row) => row.keyword),
    );
    const profiles = [undefined, 'Standard', 'Alle Dokumente', 'Keine Dokumente', 'Nur Policen', 'Vertrag und Schaden'];
    for (const [index, profile] of profiles.entries()) {
      for (const sparten of [[], ['Hausrat']]) {
        const person = await personWith(tenant.id, `p${String(index)}-${String(sparten.length)}@example.com`, {
          name: `G${String(index)}-${String(sparten.length)}`,
          customerNumbers: ['K1'],
          restrictedLinesOfBusiness: sparten,
          ...(profile === undefined ? {} : { documentProfile: profile }),
        });
        const scopes = await visibility.documentScopesOf(tenant.id, person.identityId);
        const expected = stored
          .filter((document) => isDocumentVisible(scopes, document, tenantVisible))
          .map((document) => document.id)
          .sort();
        const listed = (await documents.listForPerson(tenant.id, person.identityId, {}, { limit: 100 })).items
          .map((item) => item.id)
          .sort();
        expect(listed, `profile ${String(profile)}, Sparten ${sparten.join()}`).toEqual(expected);
        // The portal's first page, read with its keyword choice in one statement, is the same page and the same choice.
        for (const limit of [1, 4, 100]) {
          const withChoice = await documents.listWithKeywordsForPerson(
            tenant.id,
            person.identityId,
            {},
            { limit },
            scopes,
          );
          expect(withChoice.page).toEqual(await documents.listForPerson(tenant.id, person.identityId, {}, { limit }));
          expect(withChoice.keywords).toEqual(await documents.keywordsFor(tenant.id, person.identityId));
        }
        // Fewer newest documents than a place holds, so that the first reading's bound cuts the second: the same page
        // and the same keywords as the page and the choice read on their own.
        const queries = createDocumentQueries(portal.database.handle.db);
        for (const count of [1, 2, 3, 4, 5, 7, 8, 13]) {
          for (const limit of [1, 2, 3].filter((length) => length <= count)) {
            const together = await queries.listVisible(tenant.id, person.identityId, scopes, {}, null, limit, {
              keywordChoicesFrom: count,
            });
            const alone = await queries.listVisible(tenant.id, person.identityId, scopes, {}, null, limit);
            const what = `profile ${String(profile)}, ${String(count)} newest, ${String(limit)} a page`;
            expect(
              together.map(({ keywordChoices: _choices, ...row }) => row),
              what,
            ).toEqual(alone);
            if (together.length > 0) {
              // The recent keywords come in no particular order (the page sorts them).
              const sorted = (choices: KeywordChoices | undefined) =>
                choices === undefined ? undefined : { ...choices, recent: [...choices.recent].sort() };
              expect(sorted(together[0]?.keywordChoices), what).toEqual(
                sorted(await queries.keywordChoicesOf(tenant.id, person.identityId, scopes, count)),
              );
            }
          }
        }
        if (profile === 'Alle Dokumente' && sparten.length === 0) {
          expect(listed).toHaveLength(3 * keywordSets.length);
        }
      }
    }
  });
});

describe('documents: delete', () => {
  it('removes the file after the commit only when no other row of the tenant names it', async () => {
    const tenant = await tenantWithPortfolio('doc-delete');
    const { documents, fileStore } = portal.services;
    const write = () =>
      documents.store(
        tenant.id,
        meta({ customerNumber: 'K1' }),
        bytes('dieselben Bytes'),
        'text/plain',
        tenant.uploader,
      );
    const first = await write();
    const second = await write();
    const key = `${tenant.id}/${first.sha256}`;
    expect(second.sha256).toBe(first.sha256);

    await documents.delete(tenant.id, first.id, CLI_ORIGIN);
    await expect(documents.delete(tenant.id, first.id, CLI_ORIGIN)).rejects.toMatchObject({
      code: 'DOCUMENT_NOT_FOUND',
    });
    const kept = await fileStore.open(key);
    expect(kept).not.toBeNull();
    kept?.body.destroy();

    await documents.delete(tenant.id, second.id, CLI_ORIGIN);
    await vi.waitFor(async () => {
      // A poll that still finds the file closes it again.
      const left = await fileStore.open(key);
      left?.body.destroy();
      expect(left).toBeNull();
    });
  });

  it("keeps the file when an insert fails and another row names it, and does not touch another tenant's", async () => {
    const tenant = await tenantWithPortfolio('doc-failed');
    const { documents, fileStore } = portal.services;
    const kept = await documents.store(
      tenant.id,
      meta({ customerNumber: 'K1' }),
      bytes('geteilt'),
      'text/plain',
      tenant.uploader,
    );
    const write = await documents.prepareUpload(tenant.id, meta({ customerNumber: 'K2' }), tenant.uploader);
    await portal.services.portfolio.deleteCustomer(tenant.id, 'K2', CLI_ORIGIN);
    await expect(write(bytes('geteilt'), 'text/plain')).rejects.toThrow();
    const file = await fileStore.open(`${tenant.id}/${kept.sha256}`);
    expect(file).not.toBeNull();
    file?.body.destroy();

    const lonely = await documents.prepareUpload(
      tenant.id,
      meta({ customerNumber: 'K1', contract: HAUSRAT('P1') }),
      tenant.uploader,
    );
    await portal.services.portfolio.deleteContract(tenant.id, HAUSRAT('P1'), CLI_ORIGIN);
    await expect(lonely(bytes('allein'), 'text/plain')).rejects.toThrow();
    const keys: string[] = [];
    for await (const stored of fileStore.keys()) {
      if (stored.key.startsWith(tenant.id)) keys.push(stored.key);
    }
    expect(keys).toEqual([`${tenant.id}/${kept.sha256}`]);
  });
});
