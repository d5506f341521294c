import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ORIGIN } from '../../src/modules/audit/audit-service.js';
import type { Tenant } from '../../src/modules/tenants/tenant.js';
import { required } from '../../src/shared/required.js';
import { activatePerson, logIn } from '../support/accounts.js';
import { errorCodesOf, textOf, type Client, type PageResponse } from '../support/browserless-client.js';
import { streamedForm, type FormFile } from '../support/streamed-form.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';

const MB = 1024 * 1024;

const sha256Of = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const pdf = (text: string): Buffer => Buffer.from(`%PDF-1.7\n${text} ${randomUUID()}\n%%EOF\n`);

describe(`files of service requests and messages over HTTP (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string; host: string; origin: string };
  let tenant: Tenant;
  let maxId = '';
  let customerId = '';
  let max: Client;

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    tenant = required(await portal.services.tenants.findTenantById(acme.id));
    await activatePerson(portal, acme, 'sabine@acme.example', 'staff_user', { name: 'Sabine Sach' });
    await portal.services.portfolio.upsertBatch(
      acme.id,
      [{ type: 'customer', action: 'upsert', customer: { customerNumber: 'K1', kind: 'private', lastName: 'Kunde' } }],
      CLI_ORIGIN,
    );
    customerId = (await portal.services.portfolio.getCustomer(acme.id, 'K1')).id;
    await portal.services.grants.createGrant(acme.id, { name: 'K1', kind: 'customer', customerNumbers: ['K1'] });
    maxId = await activatePerson(portal, acme, 'max@example.com', 'policyholder', { grantName: 'K1', name: 'Max' });
    max = await logIn(portal, acme.origin, 'max@example.com');
  });
  afterAll(async () => {
    await portal.close();
  });

  async function storedKeys(): Promise<string[]> {
    const keys: string[] = [];
    for await (const { key } of portal.services.fileStore.keys()) if (key.startsWith(`${acme.id}/`)) keys.push(key);
    return keys.sort();
  }

  const conversationCount = async (): Promise<number> =>
    (await portal.services.conversations.listForPerson(acme.id, maxId)).items.length;

  /** Opens `page` (for its CSRF token), then posts the form to `path` as a stream. */
  async function post(page: string, path: string, fields: Record<string, string>, files: FormFile[]) {
    await max.get(page);
    const form = streamedForm(max.csrfToken, fields, files, 'anhaenge');
    const response: PageResponse = await max.raw(path, {
      method: 'POST',
      body: form.body,
      duplex: 'half',
      headers: { origin: acme.origin, 'content-type': form.contentType },
    } as Parameters<Client['raw']>[1]);
    return { response, progress: form.progress };
  }

  /** A body announced as larger than the path takes: refused by its length before a byte of it is read. */
  async function postAnnouncedAsTooLarge(path: string) {
    return max.raw(path, {
      method: 'POST',
      body: 'x',
      headers: {
        origin: acme.origin,
        'content-type': 'multipart/form-data; boundary=x',
        'content-length': String(40 * MB),
      },
    });
  }

  it("'Vertrag erfassen' takes one file: a second is refused at the file field, the typed values kept, nothing written", async () => {
    const [first, second] = [pdf('Police'), pdf('Zweite Seite')];
    const keysBefore = await storedKeys();
    const countBefore = await conversationCount();
    const { response } = await post(
      '/anliegen/vertrag-erfassen',
      '/anliegen/vertrag-erfassen',
      { insurer: 'Allianz', policyNumber: 'AS-1', note: 'Bitte aufnehmen.' },
      [
        { name: 'police.pdf', head: first },
        { name: 'seite-2.pdf', head: second },
      ],
    );
    expect(response.status).toBe(413);
    expect(errorCodesOf(response.body)).toEqual(['REQUEST_FILES_TOO_MANY']);
    expect(textOf(response.body)).toContain('Bitte wählen Sie nur eine Datei: ein Foto oder PDF der Police.');
    expect(response.body).toContain('id="field-anhaenge-error"');
    expect(response.body).toContain('value="Allianz"');
    expect(response.body).toContain('value="AS-1"');
    expect(response.body).toMatch(/<textarea[^>]*name="note"[^>]*>Bitte aufnehmen\.<\/textarea>/);
    expect(await conversationCount()).toBe(countBefore);
    expect(await storedKeys()).toEqual(keysBefore);
    expect(keysBefore).not.toContain(`${acme.id}/${sha256Of(first)}`);

    // The same form with one file is filed, the file on its first message.
    const { response: filed } = await post(
      '/anliegen/vertrag-erfassen',
      '/anliegen/vertrag-erfassen',
      {
        insurer: 'Allianz',
      },
      [{ name: 'police.pdf', head: first }],
    );
    expect(filed.status).toBe(303);
    const id = required(/^\/nachrichten\/([0-9a-f-]{36})\?gesendet$/.exec(filed.location ?? '')?.[1]);
    const detail = await portal.services.conversations.findForCrm(tenant, id);
    expect(detail.messages[0]?.attachments.map((file) => file.name)).toEqual(['police.pdf']);
  });

  it("refuses 'Vertrag erfassen' with a file that is no photo or PDF (415) in the request's words, writing nothing", async () => {
    const keysBefore = await storedKeys();
    const countBefore = await conversationCount();
    const { response } = await post(
      '/anliegen/vertrag-erfassen',
      '/anliegen/vertrag-erfassen',
      { insurer: 'Allianz', policyNumber: 'AS-3' },
      [{ name: 'police.pdf', head: Buffer.from('Nur Text, kein PDF.\n') }],
    );
    expect(response.status).toBe(415);
    expect(errorCodesOf(response.body)).toEqual(['REQUEST_FILE_TYPE_NOT_ALLOWED']);
    expect(textOf(response.body)).toContain('Bitte wählen Sie ein Foto oder PDF der Police');
    expect(textOf(response.body)).toContain('Das Anliegen wurde nicht gesendet.');
    expect(response.body).toContain('id="field-anhaenge-error"');
    expect(response.body).toContain('value="AS-3"');
    expect(await conversationCount()).toBe(countBefore);
    expect(await storedKeys()).toEqual(keysBefore);
  });

  it("refuses 'Vertrag erfassen' with a file over 35 MB (413) before reading it to its end, writing nothing", async () => {
    const keysBefore = await storedKeys();
    const countBefore = await conversationCount();
    const { response, progress } = await post(
      '/anliegen/vertrag-erfassen',
      '/anliegen/vertrag-erfassen',
      { insurer: 'Allianz', policyNumber: 'AS-2' },
      [{ name: 'police.pdf', head: pdf('Police gross'), megabytes: 45 }],
    );
    expect(response.status).toBe(413);
    expect(errorCodesOf(response.body)).toEqual(['REQUEST_FILE_TOO_LARGE']);
    expect(textOf(response.body)).toContain(
      'Die Datei ist zu groß: höchstens 35 MB. Das Anliegen wurde nicht gesendet.',
    );
    expect(response.body).not.toContain('{max}');
    expect(response.body).toContain('value="AS-2"');
    expect(progress.sent).toBeLessThan(progress.total - 4 * MB);
    expect((await postAnnouncedAsTooLarge('/anliegen/vertrag-erfassen')).status).toBe(413);
    expect(await conversationCount()).toBe(countBefore);
    expect(await storedKeys()).toEqual(keysBefore);
  });

  it('refuses a new message and a reply with files over 35 MB together (413) before reading them, writing nothing', async () => {
    const keysBefore = await storedKeys();
    const countBefore = await conversationCount();
    const started = await post(
      '/nachrichten/neu',
      '/nachrichten/neu',
      { customerId, subject: 'Wasserschaden', body: 'Die Fotos anbei.' },
      [{ name: 'fotos.pdf', head: pdf('Fotos'), megabytes: 45 }],
    );
    expect(started.response.status).toBe(413);
    expect(errorCodesOf(started.response.body)).toEqual(['MESSAGE_ATTACHMENTS_TOO_LARGE']);
    expect(textOf(started.response.body)).toContain('Die Nachricht wurde nicht gesendet.');
    expect(started.response.body).toMatch(/<textarea[^>]*name="body"[^>]*>Die Fotos anbei\.<\/textarea>/);
    expect(started.progress.sent).toBeLessThan(started.progress.total - 4 * MB);
    expect((await postAnnouncedAsTooLarge('/nachrichten/neu')).status).toBe(413);
    expect(await conversationCount()).toBe(countBefore);
    expect(await storedKeys()).toEqual(keysBefore);

    const conversationId = await portal.services.conversations.startForPerson(tenant, maxId, {
      customerId,
      contractId: '',
      subject: 'Rückfrage',
      body: 'Guten Tag.',
    });
    const path = `/nachrichten/${conversationId}`;
    const replied = await post(path, path, { body: 'Zwei Gutachten.' }, [
      { name: 'gutachten-1.pdf', head: pdf('Gutachten 1'), megabytes: 23 },
      { name: 'gutachten-2.pdf', head: pdf('Gutachten 2'), megabytes: 23 },
    ]);
    expect(replied.response.status).toBe(413);
    expect(errorCodesOf(replied.response.body)).toEqual(['MESSAGE_ATTACHMENTS_TOO_LARGE']);
    expect(replied.response.body).toMatch(/<textarea[^>]*name="body"[^>]*>Zwei Gutachten\.<\/textarea>/);
    expect(replied.progress.sent).toBeLessThan(replied.progress.total - 4 * MB);
    expect((await postAnnouncedAsTooLarge(path)).status).toBe(413);
    expect((await portal.services.conversations.findForCrm(tenant, conversationId)).messages).toHaveLength(1);
    expect(await storedKeys()).toEqual(keysBefore);
  });
});
