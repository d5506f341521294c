import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPortal, createTestTenant, type TestPortal } from '../../../test/support/test-portal.js';
import { CLI_ORIGIN, type RequestOrigin } from '../audit/audit-service.js';
import { isAppError } from '../../shared/errors.js';
import { MAX_CONSENT_FILE_BYTES } from './consent.js';
import type { ConsentActor } from './consent-service.js';

let portal: TestPortal;
let acme: { id: string };
let beta: { id: string };
let actor: ConsentActor;
let person: string;

const PERSON_ORIGIN: RequestOrigin = { client: '203.0.113.7', userAgent: 'Testbrowser' };

const pdf = (text: string, name = 'erstinformation.pdf') => ({
  name,
  body: () => Readable.from([Buffer.from(`%PDF-1.7\n${text}\n%%EOF\n`)]),
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return error.code;
    throw error;
  }
  return 'none';
}

beforeAll(async () => {
  portal = await createTestPortal();
  acme = await createTestTenant(portal);
  beta = await createTestTenant(portal, 'beta', 'Beta Finanz KG');
  const staff = await portal.services.invitations.invite({
    tenantId: acme.id,
    email: 'chef@acme.example',
    name: 'Chefin',
    role: 'staff_admin',
  });
  actor = { identityId: staff.identityId, origin: { ...CLI_ORIGIN, actorIdentityId: staff.identityId } };
  person = (
    await portal.services.invitations.invite({
      tenantId: acme.id,
      email: 'kunde@example.com',
      name: 'Kundin',
      role: 'policyholder',
    })
  ).identityId;
  // The same person at a second broker.
  await portal.services.invitations.invite({
    tenantId: beta.id,
    email: 'kunde@example.com',
    name: 'Kundin',
    role: 'policyholder',
  });
});
afterAll(async () => {
  await portal.close();
});

describe('consent documents and answers', () => {
  it('numbers versions per document, asks for the newest, records an answer once, and asks again for a new version', async () => {
    const consents = portal.services.consents;
    expect(await consents.listPending(acme.id, person)).toEqual([]);

    const first = await consents.uploadVersion(acme.id, { kind: 'information' }, pdf('Version eins'), actor);
    expect(first.version).toBe(1);
    const [pending] = await consents.listPending(acme.id, person);
    expect(pending).toMatchObject({ kind: 'information', title: 'Erstinformation', version: 1, versionId: first.id });

    // Nothing ticked: refused, nothing stored.
    expect(await codeOf(consents.recordAnswers(acme.id, person, [], PERSON_ORIGIN))).toBe('CONSENT_MISSING');
    expect(await consents.listOfPerson(acme.id, person)).toEqual([]);

    expect(await consents.recordAnswers(acme.id, person, [first.id], PERSON_ORIGIN)).toEqual({ recorded: 1 });
    // The same form again (double submit): nothing more.
    expect(await consents.recordAnswers(acme.id, person, [first.id], PERSON_ORIGIN)).toEqual({ recorded: 0 });
    const records = await consents.listOfPerson(acme.id, person);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ kind: 'acknowledged', version: 1, clientAddress: '203.0.113.7' });
    expect(await consents.listPending(acme.id, person)).toEqual([]);

    const second = await consents.uploadVersion(acme.id, { kind: 'information' }, pdf('Version zwei'), actor);
    expect(second.version).toBe(2);
    // The old version's tick does not answer the new one.
    expect(await codeOf(consents.recordAnswers(acme.id, person, [first.id], PERSON_ORIGIN))).toBe('CONSENT_MISSING');
    expect((await consents.listPending(acme.id, person)).map((item) => item.version)).toEqual([2]);
    await consents.recordAnswers(acme.id, person, [second.id], PERSON_ORIGIN);
    expect((await consents.listOfPerson(acme.id, person)).map((record) => record.version)).toEqual([2, 1]);

    const [information] = await consents.listDocuments(acme.id);
    expect(information).toMatchObject({ kind: 'information', isAsked: true, current: { id: second.id } });
    expect(information?.versions.map((version) => version.version)).toEqual([2, 1]);

    const events = await portal.services.audit.listForTenant(acme.id, 50);
    expect(events.filter((event) => event.kind === 'consent.version_uploaded')).toHaveLength(2);
    expect(events.filter((event) => event.kind === 'consent.acknowledged')).toHaveLength(2);
  });

  it('asks for a consent document only while it is marked required, with the Erstinformation in one answer', async () => {
    const consents = portal.services.consents;
    const documentId = await consents.createDocument(acme.id, 'Maklervertrag', actor);
    expect(await codeOf(consents.createDocument(acme.id, ' Maklervertrag ', actor))).toBe('CONSENT_TITLE_TAKEN');
    expect(await codeOf(consents.createDocument(acme.id, 'Erstinformation', actor))).toBe('CONSENT_TITLE_INVALID');
    const contract = await consents.uploadVersion(
      acme.id,
      { kind: 'consent', documentId },
      pdf('Vertrag', 'maklervertrag.pdf'),
      actor,
    );
    expect(await consents.listPending(acme.id, person)).toEqual([]);

    await consents.setConsentRequired(acme.id, documentId, true, actor);
    const pending = await consents.listPending(acme.id, person);
    expect(pending.map((item) => [item.title, item.version])).toEqual([['Maklervertrag', 1]]);
    await consents.recordAnswers(acme.id, person, [contract.id], PERSON_ORIGIN);
    const records = await consents.listOfPerson(acme.id, person);
    expect(records.find((record) => record.title === 'Maklervertrag')).toMatchObject({
      kind: 'consented',
      title: 'Maklervertrag',
      version: 1,
    });
    const events = await portal.services.audit.listForTenant(acme.id, 50);
    expect(events.filter((event) => event.kind === 'consent.given')).toHaveLength(1);
    // Another tenant's document is not found here.
    expect(await codeOf(consents.setConsentRequired(beta.id, documentId, false, actor))).toBe(
      'CONSENT_DOCUMENT_NOT_FOUND',
    );
  });

  it('keeps each broker separate: answers at one change nothing at the other, files of one are not the other’s', async () => {
    const consents = portal.services.consents;
    const atBeta = await consents.uploadVersion(beta.id, { kind: 'information' }, pdf('Beta'), actor);
    expect(atBeta.version).toBe(1);
    expect((await consents.listPending(beta.id, person)).map((item) => item.versionId)).toEqual([atBeta.id]);
    expect(await consents.listPending(acme.id, person)).toEqual([]);
    // An acme version's id answers nothing at beta, and beta's file is not acme's.
    const [acmeInformation] = await consents.listDocuments(acme.id);
    const acmeCurrent = acmeInformation?.current?.id ?? '';
    expect(await codeOf(consents.recordAnswers(beta.id, person, [acmeCurrent], PERSON_ORIGIN))).toBe('CONSENT_MISSING');
    expect(await codeOf(consents.openForPerson(beta.id, person, acmeCurrent))).toBe('CONSENT_VERSION_NOT_FOUND');
    expect(await codeOf(consents.openForStaff(acme.id, atBeta.id))).toBe('CONSENT_VERSION_NOT_FOUND');

    await consents.recordAnswers(beta.id, person, [atBeta.id], PERSON_ORIGIN);
    expect((await consents.listOfPerson(beta.id, person)).map((record) => record.title)).toEqual(['Erstinformation']);
    expect(await consents.listOfPerson(acme.id, person)).toHaveLength(3);
    const page = await consents.listPage(beta.id, { identityId: null, after: null, limit: 10 });
    expect(page.map((record) => record.versionId)).toEqual([atBeta.id]);
  });

  it('refuses a file that is not a PDF by its bytes, or too large, keeping no version', async () => {
    const consents = portal.services.consents;
    const before = (await consents.listDocuments(beta.id))[0]?.versions.length;
    const png = { name: 'bild.pdf', body: () => Readable.from([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a])]) };
    expect(await codeOf(consents.uploadVersion(beta.id, { kind: 'information' }, png, actor))).toBe(
      'CONSENT_FILE_NOT_PDF',
    );
    const large = {
      name: 'gross.pdf',
      body: () =>
        Readable.from(
          (function* () {
            yield Buffer.from('%PDF-1.7\n');
            for (let sent = 0; sent <= MAX_CONSENT_FILE_BYTES; sent += 1024 * 1024) yield Buffer.alloc(1024 * 1024);
          })(),
        ),
    };
    expect(await codeOf(consents.uploadVersion(beta.id, { kind: 'information' }, large, actor))).toBe(
      'CONSENT_FILE_TOO_LARGE',
    );
    expect(await codeOf(consents.uploadVersion(beta.id, { kind: 'information' }, null, actor))).toBe(
      'CONSENT_FILE_MISSING',
    );
    expect((await consents.listDocuments(beta.id))[0]?.versions.length).toBe(before);
  });
});
