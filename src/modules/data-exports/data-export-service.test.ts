import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activatePerson, logIn } from '../../../test/support/accounts.js';
import { linkFrom } from '../../../test/support/smtp-receiver.js';
import { databaseKind } from '../../../test/support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../../../test/support/test-portal.js';
import { HOUR } from '../../shared/clock.js';
import { isAppError } from '../../shared/errors.js';
import { required } from '../../shared/required.js';
import { CLI_ORIGIN } from '../audit/audit-service.js';
import type { Tenant } from '../tenants/tenant.js';
import { DATA_EXPORT_DOWNLOAD_GRACE, DATA_EXPORT_LINK_LIFETIME } from './data-export.js';

const ORIGIN = { client: '203.0.113.9', userAgent: 'vitest' };

interface ExportData {
  person: { name: string; email: string; createdAt: string };
  memberships: { role: string }[];
  grants: { name: string }[];
  customers: { customerNumber: string }[];
  contracts: { policyNumber: string }[];
  documents: { title: string; file: string }[];
  claims: { status: string; answers: Record<string, unknown> }[];
  conversations: { conversation: { subject: string }; messages: { body: string }[] }[];
  consents: unknown[];
  logins: { at: string }[];
}

describe(`data export (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: Tenant;
  let beta: Tenant;
  let acmeOrigin: string;
  let betaOrigin: string;
  let max: string;
  let erika: string;
  let folder: string;

  async function portfolioOf(tenantId: string, customerNumbers: string[]): Promise<void> {
    const results = await portal.services.portfolio.upsertBatch(
      tenantId,
      customerNumbers.flatMap((customerNumber) => [
        { type: 'customer', action: 'upsert', customer: { customerNumber, kind: 'private', lastName: customerNumber } },
        {
          type: 'contract',
          action: 'upsert',
          contract: {
            insurerNumber: '5311',
            sparte: '130',
            policyNumber: `P${customerNumber}`,
            customerNumber,
            status: 'active',
          },
        },
      ]),
      CLI_ORIGIN,
    );
    expect(results.every((result) => result.status === 'created')).toBe(true);
    for (const customerNumber of customerNumbers) {
      await portal.services.grants.createGrant(tenantId, {
        kind: 'customer',
        name: customerNumber,
        customerNumbers: [customerNumber],
        shareContractsAutomatically: true,
        includeClaims: true,
      });
    }
    await portal.services.documents.putKeyword(tenantId, 'Police', { isVisible: true });
  }

  async function storeDocument(tenantId: string, customerNumber: string, title: string): Promise<void> {
    portal.clock.advance(1000);
    await portal.services.documents.store(
      tenantId,
      { keywords: ['Police'], direction: 'from_broker', customerNumber, title },
      Readable.from([Buffer.from(`Inhalt von ${title}`)]),
      'text/plain',
      { kind: 'system' },
    );
  }

  /** Requests, prepares and mails the person's export; answers the link's token. */
  async function preparedToken(tenant: Tenant, identityId: string, email: string): Promise<string> {
    portal.clock.advance(1000);
    expect((await portal.services.dataExports.requestExport(tenant, identityId, ORIGIN)).kind).toBe('requested');
    expect(await portal.services.dataExports.prepareDue()).toBe(1);
    await portal.deliverMail();
    let mail = await portal.smtp.waitForMail(email);
    // Mails of the setup (Beta's "you now also have access") may come first.
    while (mail.subject !== 'Ihre Daten stehen bereit') mail = await portal.smtp.waitForMail(email);
    expect(mail.text).not.toContain('Police');
    return required(linkFrom(mail, '/profile/daten/').split('/').pop());
  }

  /** The ZIP's entries and daten.json, unpacked with the system's unzip. */
  async function unpacked(
    body: Readable,
  ): Promise<{ names: string[]; data: ExportData; read: (name: string) => string }> {
    const path = join(folder, `${String(Date.now())}-${String(Math.random()).slice(2)}.zip`);
    await pipeline(body, createWriteStream(path));
    const names = execFileSync('unzip', ['-Z1', path], { encoding: 'utf8' }).trim().split('\n');
    const read = (name: string) => execFileSync('unzip', ['-p', path, name], { encoding: 'utf8' });
    return { names, data: JSON.parse(read('daten.json')) as ExportData, read };
  }

  async function codeOf(promise: Promise<unknown>): Promise<string | null> {
    try {
      await promise;
      return null;
    } catch (error) {
      if (isAppError(error)) return error.code;
      throw error;
    }
  }

  beforeAll(async () => {
    portal = await createTestPortal();
    folder = await mkdtemp(join(tmpdir(), 'portico-export-test-'));
    const a = await createTestTenant(portal);
    const b = await createTestTenant(portal, 'beta', 'Beta Finanz KG');
    acme = required(await portal.services.tenants.findTenantById(a.id));
    beta = required(await portal.services.tenants.findTenantById(b.id));
    acmeOrigin = a.origin;
    betaOrigin = b.origin;
    await portfolioOf(acme.id, ['K1', 'K2']);
    await portfolioOf(beta.id, ['B1']);
    max = await activatePerson(portal, a, 'max@example.com', 'policyholder', { grantName: 'K1', name: 'Max Muster' });
    erika = await activatePerson(portal, a, 'erika@example.com', 'policyholder', { grantName: 'K2' });
    await portal.services.invitations.invite({
      tenantId: beta.id,
      email: 'max@example.com',
      name: 'Max bei Beta',
      role: 'policyholder',
      grantName: 'B1',
    });
    await logIn(portal, acmeOrigin, 'max@example.com');
    await logIn(portal, betaOrigin, 'max@example.com');
    await storeDocument(acme.id, 'K1', 'Police Hausrat');
    await storeDocument(acme.id, 'K1', 'Police Hausrat');
    await storeDocument(acme.id, 'K2', 'Police von Erika');
    await storeDocument(beta.id, 'B1', 'Police bei Beta');
    await portal.services.conversations.startForPerson(acme, max, {
      subject: 'Adresse geändert',
      body: 'Ich wohne jetzt in Kiel.',
      contractId: '',
      customerId: '',
    });
    const [contract] = await portal.services.visibility.visibleContracts(acme.id, max);
    await portal.services.claims.startDraft(acme.id, max, required(contract).id);
    await portal.deliverMail();
  });
  afterAll(async () => {
    await portal.close();
    await rm(folder, { recursive: true, force: true });
  });

  it("holds what Max has at Acme only: his data, K1's contract, documents, conversation and claim, never Erika's or Beta's", async () => {
    const token = await preparedToken(acme, max, 'max@example.com');
    const download = await portal.services.dataExports.download(acme.id, max, token, ORIGIN);
    expect(download.fileName).toBe('portico-daten-2026-11-24.zip');
    const { names, data, read } = await unpacked(download.body);
    expect(names).toEqual(['daten.json', 'dokumente/Police Hausrat.txt', 'dokumente/Police Hausrat (2).txt']);
    expect(read('dokumente/Police Hausrat.txt')).toBe('Inhalt von Police Hausrat');
    expect(data.person).toMatchObject({ name: 'Max Muster', email: 'max@example.com' });
    expect(Number.isNaN(Date.parse(data.person.createdAt))).toBe(false);
    expect(data.memberships).toEqual([{ role: 'policyholder' }]);
    expect(data.grants.map((grant) => grant.name)).toEqual(['K1']);
    expect(data.customers.map((customer) => customer.customerNumber)).toEqual(['K1']);
    expect(data.contracts.map((contract) => contract.policyNumber)).toEqual(['PK1']);
    expect(data.documents.map((document) => document.file).sort()).toEqual(names.slice(1).sort());
    expect(data.conversations).toHaveLength(1);
    expect(data.conversations[0]?.messages.map((message) => message.body)).toEqual(['Ich wohne jetzt in Kiel.']);
    expect(data.claims.map((claim) => claim.status)).toEqual(['draft']);
    expect(data.consents).toEqual([]);
    expect(data.logins.length).toBeGreaterThan(0);
    const text = JSON.stringify(data);
    expect(text).not.toContain('Erika');
    expect(text).not.toContain('K2');
    expect(text).not.toContain('Beta');
    const events = await portal.services.audit.listForTenant(acme.id, 20);
    expect(events.map((event) => event.kind)).toEqual(
      expect.arrayContaining(['data_export.requested', 'data_export.downloaded']),
    );
  });

  it("Max's export at Beta holds Beta's customer and document only; Erika's holds K2 and not Max's", async () => {
    const betaToken = await preparedToken(beta, max, 'max@example.com');
    const atBeta = await unpacked((await portal.services.dataExports.download(beta.id, max, betaToken, ORIGIN)).body);
    expect(atBeta.names).toEqual(['daten.json', 'dokumente/Police bei Beta.txt']);
    expect(atBeta.data.customers.map((customer) => customer.customerNumber)).toEqual(['B1']);
    expect(atBeta.data.conversations).toEqual([]);
    expect(JSON.stringify(atBeta.data)).not.toContain('Police Hausrat');

    const erikaToken = await preparedToken(acme, erika, 'erika@example.com');
    const ofErika = await unpacked(
      (await portal.services.dataExports.download(acme.id, erika, erikaToken, ORIGIN)).body,
    );
    expect(ofErika.names).toEqual(['daten.json', 'dokumente/Police von Erika.txt']);
    expect(ofErika.data.customers.map((customer) => customer.customerNumber)).toEqual(['K2']);
    expect(ofErika.data.conversations).toEqual([]);
    expect(ofErika.data.claims).toEqual([]);
  });

  it('requested many times at once, one export is made', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () => portal.services.dataExports.requestExport(acme, max, ORIGIN)),
    );
    expect(outcomes.filter((outcome) => outcome.kind === 'requested')).toHaveLength(1);
    expect((await portal.services.dataExports.stateOf(acme.id, max)).kind).toBe('preparing');
    expect(await portal.services.dataExports.prepareDue()).toBe(1);
    expect((await portal.services.dataExports.stateOf(acme.id, max)).kind).toBe('ready');
    // While its link waits, asking again changes nothing.
    expect((await portal.services.dataExports.requestExport(acme, max, ORIGIN)).kind).toBe('already_open');
    expect(await portal.services.dataExports.prepareDue()).toBe(0);
    await portal.deliverMail();
    await portal.smtp.waitForMail('max@example.com');
  });

  it("the link works once, for Max at Acme only: Erika's session, Beta, a second use and expiry are all not found", async () => {
    portal.clock.advance(DATA_EXPORT_LINK_LIFETIME + HOUR);
    expect((await portal.services.dataExports.stateOf(acme.id, max)).kind).toBe('expired');
    const token = await preparedToken(acme, max, 'max@example.com');
    expect(await codeOf(portal.services.dataExports.download(acme.id, erika, token, ORIGIN))).toBe(
      'DATA_EXPORT_NOT_FOUND',
    );
    expect(await codeOf(portal.services.dataExports.download(beta.id, max, token, ORIGIN))).toBe(
      'DATA_EXPORT_NOT_FOUND',
    );
    expect(await codeOf(portal.services.dataExports.download(acme.id, max, 'x'.repeat(43), ORIGIN))).toBe(
      'DATA_EXPORT_NOT_FOUND',
    );
    const [first, second] = await Promise.allSettled([
      portal.services.dataExports.download(acme.id, max, token, ORIGIN),
      portal.services.dataExports.download(acme.id, max, token, ORIGIN),
    ]);
    const succeeded = [first, second].filter((result) => result.status === 'fulfilled');
    expect(succeeded).toHaveLength(1);
    for (const result of succeeded) result.value.body.destroy();
    expect(await codeOf(portal.services.dataExports.download(acme.id, max, token, ORIGIN))).toBe(
      'DATA_EXPORT_NOT_FOUND',
    );
    expect((await portal.services.dataExports.stateOf(acme.id, max)).kind).toBe('downloaded');

    const expiring = await preparedToken(acme, max, 'max@example.com');
    portal.clock.advance(DATA_EXPORT_LINK_LIFETIME);
    expect(await codeOf(portal.services.dataExports.download(acme.id, max, expiring, ORIGIN))).toBe(
      'DATA_EXPORT_NOT_FOUND',
    );
  });

  it('the sweep removes the files of expired exports at once and of downloaded ones after the grace', async () => {
    const keysBefore = new Set(await storedKeys());
    const token = await preparedToken(acme, erika, 'erika@example.com');
    const [exportKey] = (await storedKeys()).filter((key) => !keysBefore.has(key));
    expect(await portal.services.dataExports.referencedFileKeys(acme.id, [required(exportKey)])).toEqual([exportKey]);
    (await portal.services.dataExports.download(acme.id, erika, token, ORIGIN)).body.destroy();
    // The earlier tests' exports (expired, or downloaded more than a day ago) go now; the one just downloaded stays
    // for a download still streaming.
    await portal.services.dataExports.removeSpentFiles();
    expect(await storedKeys()).toHaveLength(4);
    expect(await storedKeys()).toContain(exportKey);
    portal.clock.advance(DATA_EXPORT_DOWNLOAD_GRACE + HOUR);
    await portal.services.dataExports.removeSpentFiles();
    // Only the documents' files remain (the same bytes twice are one file).
    expect(await storedKeys()).toHaveLength(3);
    expect(await portal.services.dataExports.referencedFileKeys(acme.id, [required(exportKey)])).toEqual([]);
  });

  async function storedKeys(): Promise<string[]> {
    const keys: string[] = [];
    for await (const { key } of portal.services.fileStore.keys()) keys.push(key);
    return keys;
  }
});
