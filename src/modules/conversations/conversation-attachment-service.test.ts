import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPortal, createTestTenant, type TestPortal } from '../../../test/support/test-portal.js';
import { CLI_ORIGIN } from '../audit/audit-service.js';
import type { Tenant } from '../tenants/tenant.js';
import { required } from '../../shared/required.js';
import { isAppError } from '../../shared/errors.js';

const PNG = (text: string) =>
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(text)]);
const JPEG = (text: string) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(text)]);
const PDF = (text: string) => Buffer.from(`%PDF-1.7\n${text}\n%%EOF\n`);
const TIFF = (text: string) => Buffer.concat([Buffer.from([0x49, 0x49, 0x2a, 0x00]), Buffer.from(text)]);
const MB = 1024 * 1024;
const ORIGIN = { client: '203.0.113.9', userAgent: 'test' };

let portal: TestPortal;
let acme: Tenant;
let beta: Tenant;
const people = { max: '', erika: '', kurt: '', staff: '', bea: '' };

type File = { name: string; data: Buffer | (() => Readable) };

/** Files as a form hands them on: each read only when its turn comes. */
async function* filesOf(files: File[]): AsyncGenerator<{ name: string; body: () => Readable }> {
  for (const file of files) {
    // Parts arrive one after the other, as a request's do.
    await new Promise((resolve) => setImmediate(resolve));
    const data = file.data;
    yield { name: file.name, body: typeof data === 'function' ? data : () => Readable.from([data]) };
  }
}

/** A body of `megabytes` MB starting with a PDF's signature, produced a megabyte at a time. */
const bigPdf = (megabytes: number) => () =>
  Readable.from(
    (function* chunks() {
      yield PDF('gross');
      for (let index = 0; index < megabytes; index += 1) yield Buffer.alloc(MB, index);
    })(),
  );

const sha256Of = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function storeHas(tenantId: string, data: Buffer): Promise<boolean> {
  const file = await portal.services.fileStore.open(`${tenantId}/${sha256Of(data)}`);
  file?.body.destroy();
  return file !== null;
}

async function bytesOf(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return error.code;
    throw error;
  }
  return 'no refusal';
}

async function invite(tenantId: string, email: string, role: 'policyholder' | 'staff_user', grantName?: string) {
  const outcome = await portal.services.invitations.invite({
    tenantId,
    email,
    name: email.split('@')[0],
    role,
    ...(grantName === undefined ? {} : { grantName }),
  });
  return outcome.identityId;
}

async function customersWithGrants(tenantId: string, numbers: string[]): Promise<void> {
  await portal.services.portfolio.upsertBatch(
    tenantId,
    numbers.map((customerNumber) => ({
      type: 'customer',
      action: 'upsert',
      customer: { customerNumber, kind: 'private', lastName: customerNumber },
    })),
    CLI_ORIGIN,
  );
  for (const customerNumber of numbers) {
    await portal.services.grants.createGrant(tenantId, {
      name: customerNumber,
      kind: 'customer',
      customerNumbers: [customerNumber],
      shareContractsAutomatically: true,
    });
  }
}

beforeAll(async () => {
  portal = await createTestPortal();
  await createTestTenant(portal, 'anhang', 'Anhang Makler');
  await createTestTenant(portal, 'anhang-beta', 'Beta Makler');
  acme = required(await portal.services.tenants.findTenantBySlug('anhang'));
  beta = required(await portal.services.tenants.findTenantBySlug('anhang-beta'));
  await customersWithGrants(acme.id, ['K1', 'K2']);
  await customersWithGrants(beta.id, ['B1']);
  people.staff = await invite(acme.id, 'staff@anhang.example', 'staff_user');
  // Max and Erika share K1's grant without "Vorgänge teilen": neither sees the other's conversations.
  people.max = await invite(acme.id, 'max@anhang.example', 'policyholder', 'K1');
  people.erika = await invite(acme.id, 'erika@anhang.example', 'policyholder', 'K1');
  people.kurt = await invite(acme.id, 'kurt@anhang.example', 'policyholder', 'K2');
  people.bea = await invite(beta.id, 'bea@beta.example', 'policyholder', 'B1');
});
afterAll(async () => {
  await portal.close();
});

const START = { subject: 'Schaden am Dach', body: 'Fotos anbei.', contractId: '', customerId: '' };

describe('attachments of conversation messages', () => {
  it('keeps a message’s files with names their bytes show, in order, for whoever sees the message', async () => {
    const { conversations } = portal.services;
    const id = await conversations.startForPerson(
      acme,
      people.max,
      START,
      filesOf([
        { name: 'Dach.png', data: PNG('dach') },
        { name: 'Foto vom Handy.pdf', data: JPEG('eigentlich ein Foto') },
        { name: 'Scan', data: TIFF('scan') },
        { name: '../../Rechnung.pdf', data: PDF('rechnung') },
      ]),
    );
    const detail = await conversations.openForPerson(acme, people.max, id);
    const [first] = detail.messages;
    expect(first?.attachments.map((item) => [item.name, item.contentType, item.size])).toEqual([
      ['Dach.png', 'image/png', PNG('dach').length],
      ['Foto vom Handy.jpg', 'image/jpeg', JPEG('eigentlich ein Foto').length],
      ['Scan.tif', 'image/tiff', TIFF('scan').length],
      ['Rechnung.pdf', 'application/pdf', PDF('rechnung').length],
    ]);
    const staffView = await conversations.openForStaff(acme, people.staff, id);
    expect(staffView.messages[0]?.attachments).toEqual(first?.attachments);

    const photo = required(first?.attachments[1]);
    const opened = await conversations.openAttachmentForPerson(acme.id, people.max, id, photo.id, ORIGIN);
    expect(opened.document).toEqual({ title: 'Foto vom Handy', contentType: 'image/jpeg' });
    expect(await bytesOf(opened.body)).toEqual(JPEG('eigentlich ein Foto'));
    const byStaff = await conversations.openAttachmentForStaff(acme.id, people.staff, id, photo.id, ORIGIN);
    expect(await bytesOf(byStaff.body)).toEqual(JPEG('eigentlich ein Foto'));
    const recorded = await portal.services.audit.listForTenant(acme.id, 50, {
      kind: 'conversation.attachment_downloaded',
    });
    expect(recorded.map((entry) => entry.detail)).toContain(`Vorgang ${id}, Anhang ${photo.id}`);
  });

  it('refuses a 21st file, more than 35 MB and files of other types, keeping no message and no file', async () => {
    const { conversations } = portal.services;
    const id = await conversations.startForPerson(acme, people.max, START);
    const before = (await conversations.openForPerson(acme, people.max, id)).messages.length;
    const twentyOne = Array.from({ length: 21 }, (_, index) => ({
      name: `Foto ${String(index)}.jpg`,
      data: JPEG(`foto ${String(index)} ${id}`),
    }));
    expect(await codeOf(conversations.replyAsPerson(acme, people.max, id, 'Alle Fotos', filesOf(twentyOne)))).toBe(
      'MESSAGE_ATTACHMENTS_TOO_MANY',
    );
    for (const file of twentyOne) expect(await storeHas(acme.id, file.data)).toBe(false);
    // Twenty go.
    expect(
      await codeOf(conversations.replyAsPerson(acme, people.max, id, 'Zwanzig', filesOf(twentyOne.slice(0, 20)))),
    ).toBe('no refusal');

    const first = PDF(`erste ${id}`);
    expect(
      await codeOf(
        conversations.replyAsPerson(
          acme,
          people.max,
          id,
          'Gutachten',
          filesOf([
            { name: 'Teil 1.pdf', data: first },
            { name: 'Teil 2.pdf', data: bigPdf(36) },
          ]),
        ),
      ),
    ).toBe('MESSAGE_ATTACHMENTS_TOO_LARGE');
    expect(await storeHas(acme.id, first)).toBe(false);

    const photo = PNG(`vor dem Text ${id}`);
    expect(
      await codeOf(
        conversations.replyAsStaff(
          acme,
          people.staff,
          id,
          { body: 'Notiz', isInternal: true },
          ORIGIN,
          filesOf([
            { name: 'Foto.png', data: photo },
            { name: 'liesmich.txt', data: Buffer.from('nur Text') },
          ]),
        ),
      ),
    ).toBe('MESSAGE_ATTACHMENT_TYPE_NOT_ALLOWED');
    expect(await storeHas(acme.id, photo)).toBe(false);
    // Only the reply with twenty photos was written.
    const after = await conversations.openForStaff(acme, people.staff, id);
    expect(after.messages).toHaveLength(before + 1);
    expect(after.messages.at(-1)?.attachments).toHaveLength(20);

    // A new conversation whose file is refused does not exist.
    const listed = (await conversations.listForPerson(acme.id, people.max)).items.length;
    const refused = conversations.startForPerson(
      acme,
      people.max,
      { ...START, subject: 'Nie geschrieben' },
      filesOf([{ name: 'programm.exe', data: Buffer.from('MZ') }]),
    );
    expect(await codeOf(refused)).toBe('MESSAGE_ATTACHMENT_TYPE_NOT_ALLOWED');
    expect((await conversations.listForPerson(acme.id, people.max)).items).toHaveLength(listed);
    // A text that is refused is refused before any file is read.
    let isRead = false;
    const unread = async function* files() {
      await new Promise((resolve) => setImmediate(resolve));
      isRead = true;
      yield { name: 'x.png', body: () => Readable.from([PNG('x')]) };
    };
    expect(await codeOf(conversations.replyAsPerson(acme, people.max, id, '   ', unread()))).toBe(
      'MESSAGE_BODY_REQUIRED',
    );
    expect(isRead).toBe(false);
  });

  it('answers another tenant’s, another grant’s and an internal note’s attachment as not found', async () => {
    const { conversations } = portal.services;
    const id = await conversations.startForPerson(
      acme,
      people.max,
      START,
      filesOf([{ name: 'Max.png', data: PNG('max allein') }]),
    );
    const maxFile = required((await conversations.openForPerson(acme, people.max, id)).messages[0]?.attachments[0]);
    await conversations.replyAsStaff(
      acme,
      people.staff,
      id,
      { body: 'Intern', isInternal: true },
      ORIGIN,
      filesOf([{ name: 'Intern.pdf', data: PDF('intern') }]),
    );
    const note = required((await conversations.openForStaff(acme, people.staff, id)).messages[1]?.attachments[0]);
    expect((await conversations.openForPerson(acme, people.max, id)).messages.flatMap((m) => m.attachments)).toEqual([
      maxFile,
    ]);

    const open = (tenantId: string, identityId: string, conversationId: string, attachmentId: string) =>
      codeOf(conversations.openAttachmentForPerson(tenantId, identityId, conversationId, attachmentId, ORIGIN));
    // An internal note's file is not the customer's, even with the right conversation.
    expect(await open(acme.id, people.max, id, note.id)).toBe('MESSAGE_ATTACHMENT_NOT_FOUND');
    // Erika shares the grant but not Max's conversation; Kurt has another grant.
    expect(await open(acme.id, people.erika, id, maxFile.id)).toBe('CONVERSATION_NOT_FOUND');
    expect(await open(acme.id, people.kurt, id, maxFile.id)).toBe('CONVERSATION_NOT_FOUND');
    // Kurt's own conversation with Max's attachment id.
    const kurts = await conversations.startForPerson(acme, people.kurt, START);
    expect(await open(acme.id, people.kurt, kurts, maxFile.id)).toBe('MESSAGE_ATTACHMENT_NOT_FOUND');
    // Another tenant: its person, its staff view, its own conversation.
    expect(await open(beta.id, people.bea, id, maxFile.id)).toBe('CONVERSATION_NOT_FOUND');
    const beas = await conversations.startForPerson(beta, people.bea, START);
    expect(await open(beta.id, people.bea, beas, maxFile.id)).toBe('MESSAGE_ATTACHMENT_NOT_FOUND');
    expect(await codeOf(conversations.openAttachmentForStaff(beta.id, people.staff, id, maxFile.id, ORIGIN))).toBe(
      'CONVERSATION_NOT_FOUND',
    );
    expect(await open(acme.id, people.max, id, 'kein-uuid')).toBe('MESSAGE_ATTACHMENT_NOT_FOUND');
    // Staff see the note's file.
    const opened = await conversations.openAttachmentForStaff(acme.id, people.staff, id, note.id, ORIGIN);
    expect(await bytesOf(opened.body)).toEqual(PDF('intern'));
  });

  it('hands the CRM links to a customer’s files, never a note’s, and the cleanup keeps their files', async () => {
    const { conversations } = portal.services;
    const id = await conversations.startForPerson(acme, people.max, START);
    const messageId = required((await conversations.openForPerson(acme, people.max, id)).messages[0]?.id);
    expect(await conversations.attachmentLinksFor(acme.id, messageId)).toEqual([]);
    await conversations.replyAsPerson(
      acme,
      people.max,
      id,
      'Noch ein Foto',
      filesOf([{ name: 'a.png', data: PNG('crm') }]),
    );
    await conversations.replyAsStaff(
      acme,
      people.staff,
      id,
      { body: 'Intern', isInternal: true },
      ORIGIN,
      filesOf([{ name: 'b.pdf', data: PDF('nur intern') }]),
    );
    const [, reply, note] = (await conversations.openForStaff(acme, people.staff, id)).messages;
    const links = await conversations.attachmentLinksFor(acme.id, required(reply?.id));
    expect(links.map((link) => link.name)).toEqual(['a.png']);
    expect(await conversations.attachmentLinksFor(acme.id, required(note?.id))).toEqual([]);
    // The API's listing names the note's file for the CRM (the broker's own), with a link too.
    const listed = await conversations.attachmentsOfMessageForCrm(acme.id, id, required(note?.id));
    expect(listed.map((item) => item.name)).toEqual(['b.pdf']);
    expect(await codeOf(conversations.attachmentsOfMessageForCrm(beta.id, id, required(note?.id)))).toBe(
      'CONVERSATION_NOT_FOUND',
    );

    const token = required(new URL(required(links[0]).download.url).pathname.split('/').at(-1));
    const opened = await conversations.openAttachmentByLink(token, 'crm');
    expect(await bytesOf(opened.body)).toEqual(PNG('crm'));
    expect(await codeOf(conversations.openAttachmentByLink(`${token.slice(0, -2)}AA`, 'crm'))).toBe(
      'DOCUMENT_LINK_INVALID',
    );

    // Every file is older than "tomorrow": only files no row names go.
    const orphan = await portal.services.fileStore.put(acme.id, Readable.from([PNG('ohne Zeile')]), { maxBytes: MB });
    await portal.services.documents.removeUnreferencedFiles(new Date(Date.now() + 86_400_000));
    expect(await storeHas(acme.id, PNG('crm'))).toBe(true);
    expect(await storeHas(acme.id, PDF('nur intern'))).toBe(true);
    expect(await storeHas(acme.id, PNG('ohne Zeile'))).toBe(false);
    expect(orphan.key).toBe(`${acme.id}/${sha256Of(PNG('ohne Zeile'))}`);
  });
});
