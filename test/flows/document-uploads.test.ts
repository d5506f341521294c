import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CLI_ORIGIN } from '../../src/modules/audit/audit-service.js';
import { activatePerson, logIn } from '../support/accounts.js';
import { errorCodesOf, textOf, type Client } from '../support/browserless-client.js';
import { streamedForm } from '../support/streamed-form.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

let portal: TestPortal;
let acme: { id: string; host: string; origin: string };
let beta: { id: string; host: string; origin: string };

const PDF = '%PDF-1.7\nSchadenfoto als PDF\n%%EOF\n';

beforeAll(async () => {
  portal = await createTestPortal();
  acme = await createTestTenant(portal);
  beta = await createTestTenant(portal, 'beta', 'Beta Finanz KG');
  await activatePerson(portal, acme, 'mitarbeiter@acme.example', 'staff_user');
  await activatePerson(portal, beta, 'chef@beta.example', 'staff_admin');
  await portal.services.documents.putKeyword(acme.id, 'Police', { isVisible: true });
});
afterAll(async () => {
  await portal.close();
});

/** Customers with one contract each, under fresh numbers, in the tenant. */
async function customersIn(tenantId: string, count: number) {
  const numbers = Array.from({ length: count }, () => `K${randomUUID().slice(0, 8)}`);
  await portal.services.portfolio.upsertBatch(
    tenantId,
    numbers.flatMap((customerNumber) => [
      { type: 'customer', action: 'upsert', customer: { customerNumber, kind: 'private', lastName: 'Muster' } },
      {
        type: 'contract',
        action: 'upsert',
        contract: {
          insurerNumber: '5311',
          sparte: '130',
          policyNumber: `P${customerNumber}`,
          customerNumber,
          status: 'active',
          productName: 'Hausrat Komfort',
        },
      },
    ]),
    CLI_ORIGIN,
  );
  return Promise.all(
    numbers.map(async (customerNumber) => {
      const customer = await portal.services.portfolio.getCustomer(tenantId, customerNumber);
      const contract = await portal.services.portfolio.getContract(tenantId, {
        insurerNumber: '5311',
        sparte: '130',
        policyNumber: `P${customerNumber}`,
      });
      return { id: customer.id, customerNumber, contractId: contract.id };
    }),
  );
}

/** A policyholder on a grant of the given customers, with a password, logged in, having opened /dokumente. */
async function policyholderOf(customerNumbers: string[]) {
  const email = `kunde-${randomUUID().slice(0, 8)}@example.com`;
  const grantName = `Haushalt ${email}`;
  await portal.services.grants.createGrant(acme.id, {
    name: grantName,
    kind: 'customer',
    customerNumbers,
    shareContractsAutomatically: true,
  });
  await activatePerson(portal, acme, email, 'policyholder', { grantName, name: 'Kundin' });
  const client = await logIn(portal, acme.origin, email);
  expect((await client.get('/dokumente')).status).toBe(200);
  return client;
}

const pdfFile = (data: string = PDF, filename = 'schaden.pdf') => ({
  field: 'datei',
  filename,
  type: 'application/pdf',
  data,
});

describe('document uploads through the pages', () => {
  it('a customer sends a PDF: listed as "von Ihnen", staff see it with who sent it and download the same bytes', async () => {
    const [customer] = await customersIn(acme.id, 1);
    const { id, contractId } = required(customer);
    const person = await policyholderOf([required(customer).customerNumber]);

    const sent = await person.upload(
      '/dokumente/senden',
      { kunde: id, vertrag: contractId, kommentar: 'Der Wasserschaden vom Montag' },
      pdfFile(PDF, '../Schaden\u202eFoto.pdf'),
    );
    expect(sent.status).toBe(303);
    expect(sent.location).toBe('/dokumente?gesendet');
    const list = await person.get('/dokumente?gesendet');
    expect(list.body).toContain('von Ihnen');
    expect(list.body).toContain('Der Wasserschaden vom Montag');

    const [document] = await portal.services.documents.listForStaff(acme.id, id, 10);
    expect(document).toMatchObject({
      direction: 'from_customer',
      contractId,
      contentType: 'application/pdf',
      size: Buffer.byteLength(PDF),
      comment: 'Der Wasserschaden vom Montag',
      uploadedBy: { kind: 'person' },
    });
    const documentId = required(document).id;
    expect(required(document).title).not.toMatch(/[/\u202e]|\.pdf$/);
    expect(list.body).toContain(`/dokumente/${documentId}/datei`);
    expect((await person.get(`/dokumente/${documentId}/datei`)).body).toBe(PDF);

    const events = await portal.services.audit.listForTenant(acme.id, 50);
    expect(
      events.filter((event) => event.kind === 'document.uploaded' && event.detail === `Dokument ${documentId}`),
    ).toHaveLength(1);

    const staff = await logIn(portal, acme.origin, 'mitarbeiter@acme.example');
    const page = await staff.get(`/admin/customers/${id}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain(`/admin/customers/${id}/dokumente/${documentId}/datei`);
    expect(page.body).toContain('Kundin');
    const download = await staff.get(`/admin/customers/${id}/dokumente/${documentId}/datei`);
    expect(download.status).toBe(200);
    expect(download.body).toBe(PDF);
    expect(download.headers.get('content-type')).toBe('application/pdf');

    const betaStaff = await logIn(portal, beta.origin, 'chef@beta.example');
    expect((await betaStaff.get(`/admin/customers/${id}/dokumente/${documentId}/datei`)).status).toBe(404);
    const [other] = await customersIn(acme.id, 1);
    expect((await staff.get(`/admin/customers/${required(other).id}/dokumente/${documentId}/datei`)).status).toBe(404);
  });

  it('refuses a page renamed to .pdf with 415 and stores nothing', async () => {
    const [customer] = await customersIn(acme.id, 1);
    const person = await policyholderOf([required(customer).customerNumber]);
    const refused = await person.upload(
      '/dokumente/senden',
      { kunde: required(customer).id, vertrag: '', kommentar: '' },
      pdfFile('<html><script>alert(1)</script></html>', 'rechnung.pdf'),
    );
    expect(refused.status).toBe(415);
    expect(errorCodesOf(refused.body)).toContain('FILE_TYPE_NOT_ALLOWED');
    const tooLarge = await person.raw('/dokumente/senden', {
      method: 'POST',
      body: 'x',
      headers: {
        origin: acme.origin,
        'content-type': 'multipart/form-data; boundary=x',
        'content-length': String(40 * 1024 * 1024),
      },
    });
    expect(tooLarge.status).toBe(413);
    // Before any document, the navigation leads to the form.
    expect((await person.get('/')).body).toContain('href="/dokumente"');
    expect(await portal.services.documents.listForStaff(acme.id, required(customer).id, 10)).toEqual([]);
  });

  it("refuses another tenant's or another grant's customer (404) and contract (422), storing nothing", async () => {
    const [mine, notMine] = await customersIn(acme.id, 2);
    const [betaCustomer] = await customersIn(beta.id, 1);
    const person = await policyholderOf([required(mine).customerNumber]);
    const attempts = [
      { fields: { kunde: required(betaCustomer).id, vertrag: '' }, status: 404 },
      { fields: { kunde: required(notMine).id, vertrag: '' }, status: 404 },
      { fields: { kunde: 'kein-kunde', vertrag: '' }, status: 404 },
      { fields: { kunde: required(mine).id, vertrag: required(betaCustomer).contractId }, status: 422 },
      { fields: { kunde: required(mine).id, vertrag: required(notMine).contractId }, status: 422 },
    ];
    for (const attempt of attempts) {
      const answer = await person.upload('/dokumente/senden', { ...attempt.fields, kommentar: '' }, pdfFile());
      expect(answer.status, JSON.stringify(attempt.fields)).toBe(attempt.status);
      await person.get('/dokumente');
    }
    for (const customer of [mine, notMine]) {
      expect(await portal.services.documents.listForStaff(acme.id, required(customer).id, 10)).toEqual([]);
    }
    expect(await portal.services.documents.listForStaff(beta.id, required(betaCustomer).id, 10)).toEqual([]);

    const staff = await logIn(portal, acme.origin, 'mitarbeiter@acme.example');
    await staff.get(`/admin/customers/${required(mine).id}`);
    const foreignCustomer = await staff.upload(
      `/admin/customers/${required(betaCustomer).id}/dokumente`,
      { titel: 'Police', schlagwoerter: 'Police', vertrag: '' },
      pdfFile(),
    );
    expect(foreignCustomer.status).toBe(404);
    await staff.get(`/admin/customers/${required(mine).id}`);
    const foreignContract = await staff.upload(
      `/admin/customers/${required(mine).id}/dokumente`,
      { titel: 'Police', schlagwoerter: 'Police', vertrag: required(betaCustomer).contractId },
      pdfFile(),
    );
    expect(foreignContract.status).toBe(422);
    expect(errorCodesOf(foreignContract.body)).toContain('DOCUMENT_CONTRACT_MISMATCH');
    expect(await portal.services.documents.listForStaff(acme.id, required(mine).id, 10)).toEqual([]);
    expect(await portal.services.documents.listForStaff(beta.id, required(betaCustomer).id, 10)).toEqual([]);
  });

  it('staff upload for a customer: the customer with a grant sees it and downloads it', async () => {
    const [customer] = await customersIn(acme.id, 1);
    const { id, contractId, customerNumber } = required(customer);
    const staff = await logIn(portal, acme.origin, 'mitarbeiter@acme.example');
    await staff.get(`/admin/customers/${id}`);
    const stored = await staff.upload(
      `/admin/customers/${id}/dokumente`,
      { titel: 'Police Hausrat 2027', schlagwoerter: 'Police, Police', vertrag: contractId },
      pdfFile(),
    );
    expect(stored.status).toBe(303);
    const [document] = await portal.services.documents.listForStaff(acme.id, id, 10);
    expect(document).toMatchObject({
      title: 'Police Hausrat 2027',
      keywords: ['Police'],
      direction: 'from_broker',
      contractId,
      uploadedBy: { kind: 'person' },
    });
    const documentId = required(document).id;
    const page = await staff.get(`/admin/customers/${id}`);
    expect(page.body).toContain('Police Hausrat 2027');

    const person = await policyholderOf([customerNumber]);
    const list = await person.get('/dokumente');
    expect(list.body).toContain(`/dokumente/${documentId}/datei`);
    expect(list.body).not.toContain('von Ihnen');
    const download = await person.get(`/dokumente/${documentId}/datei`);
    expect(download.status).toBe(200);
    expect(download.body).toBe(PDF);
  });

  it('a person who sees several customers chooses one; without the CSRF field nothing is stored', async () => {
    const [first, second] = await customersIn(acme.id, 2);
    const person = await policyholderOf([required(first).customerNumber, required(second).customerNumber]);
    const page = await person.get('/dokumente');
    expect(page.body).toContain('name="kunde"');
    expect(page.body).toContain(`value="${required(second).id}"`);

    const forged = await person.upload(
      '/dokumente/senden',
      { _csrf: 'gefaelscht', kunde: required(second).id, vertrag: '', kommentar: '' },
      pdfFile(),
    );
    expect(forged.status).toBe(403);
    const staff = await logIn(portal, acme.origin, 'mitarbeiter@acme.example');
    await staff.get(`/admin/customers/${required(first).id}`);
    const staffForged = await staff.upload(
      `/admin/customers/${required(first).id}/dokumente`,
      { _csrf: '', titel: 'X', schlagwoerter: '', vertrag: '' },
      pdfFile(),
    );
    expect(staffForged.status).toBe(403);
    expect(await portal.services.documents.listForStaff(acme.id, required(first).id, 10)).toEqual([]);

    await person.get('/dokumente');
    const sent = await person.upload(
      '/dokumente/senden',
      { kunde: required(second).id, vertrag: '', kommentar: '' },
      pdfFile(),
    );
    expect(sent.status).toBe(303);
    expect(await portal.services.documents.listForStaff(acme.id, required(first).id, 10)).toEqual([]);
    expect(await portal.services.documents.listForStaff(acme.id, required(second).id, 10)).toHaveLength(1);
  });
});

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('bild')]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('foto')]);
const sha256Of = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

/** Posts the portal's form with several files in one field, as `<input type=file multiple>` sends them. */
function sendFiles(
  client: Client,
  fields: Record<string, string>,
  files: Array<{ filename: string; data: Uint8Array | string }>,
  path = '/dokumente/senden',
  origin = acme.origin,
) {
  const form = new FormData();
  for (const [name, value] of Object.entries({ _csrf: client.csrfToken, ...fields })) form.append(name, value);
  for (const file of files) {
    form.append(
      'datei',
      new Blob([typeof file.data === 'string' ? file.data : new Uint8Array(file.data)]),
      file.filename,
    );
  }
  return client.raw(path, { method: 'POST', body: form, headers: { origin } });
}

async function storedKeys(tenantId: string): Promise<Set<string>> {
  const keys = new Set<string>();
  for await (const { key } of portal.services.fileStore.keys()) if (key.startsWith(`${tenantId}/`)) keys.add(key);
  return keys;
}

describe('several files in one submission', () => {
  it('sends three files with one comment and contract; the notice names how many', async () => {
    const [customer] = await customersIn(acme.id, 1);
    const { id, contractId, customerNumber } = required(customer);
    const person = await policyholderOf([customerNumber]);
    const page = await person.get('/dokumente');
    expect(page.body).toMatch(/<input[^>]*name="datei"[^>]*multiple/);

    const sent = await sendFiles(person, { kunde: id, vertrag: contractId, kommentar: 'Unterlagen zum Schaden' }, [
      { filename: 'rechnung.pdf', data: PDF },
      { filename: 'schaden.png', data: PNG },
      { filename: 'IMG_0001.JPG', data: JPEG },
    ]);
    expect(sent.status).toBe(303);
    expect(sent.location).toBe('/dokumente?gesendet=3');
    expect(textOf((await person.get(required(sent.location))).body)).toContain(
      '3 Dokumente wurden an Ihren Makler gesendet.',
    );
    const documents = await portal.services.documents.listForStaff(acme.id, id, 10);
    expect(documents.map((document) => [document.title, document.contentType]).sort()).toEqual([
      ['IMG_0001', 'image/jpeg'],
      ['rechnung', 'application/pdf'],
      ['schaden', 'image/png'],
    ]);
    for (const document of documents) {
      expect(document).toMatchObject({ contractId, comment: 'Unterlagen zum Schaden', direction: 'from_customer' });
    }
    const events = await portal.services.audit.listForTenant(acme.id, 100);
    const uploaded = new Set(events.filter((event) => event.kind === 'document.uploaded').map((event) => event.detail));
    for (const document of documents) expect(uploaded).toContain(`Dokument ${document.id}`);
  });

  it('refuses 21 files (413) and one file of a type not allowed among good ones (415), keeping no row and no file', async () => {
    const [customer] = await customersIn(acme.id, 1);
    const { id, customerNumber } = required(customer);
    const person = await policyholderOf([customerNumber]);
    const many = Array.from({ length: 21 }, (_, index) => ({
      filename: `seite-${String(index)}.pdf`,
      data: `%PDF-1.7\nSeite ${String(index)} ${randomUUID()}\n%%EOF\n`,
    }));
    const tooMany = await sendFiles(person, { kunde: id, vertrag: '', kommentar: '' }, many);
    expect(tooMany.status).toBe(413);
    expect(errorCodesOf(tooMany.body)).toContain('DOCUMENT_FILES_TOO_MANY');

    const good = `%PDF-1.7\nGut ${randomUUID()}\n%%EOF\n`;
    const alsoGood = `%PDF-1.7\nAuch gut ${randomUUID()}\n%%EOF\n`;
    const mixed = await sendFiles(person, { kunde: id, vertrag: '', kommentar: '' }, [
      { filename: 'gut.pdf', data: good },
      { filename: 'boese.pdf', data: '<html><script>alert(1)</script></html>' },
      { filename: 'auch-gut.pdf', data: alsoGood },
    ]);
    expect(mixed.status).toBe(415);
    expect(errorCodesOf(mixed.body)).toContain('FILE_TYPE_NOT_ALLOWED');

    expect(await portal.services.documents.listForStaff(acme.id, id, 50)).toEqual([]);
    const keys = await storedKeys(acme.id);
    for (const data of [...many.map((file) => file.data), good, alsoGood]) {
      expect(keys.has(`${acme.id}/${sha256Of(data)}`)).toBe(false);
    }
  });

  it('refuses files over 35 MB together with 413 before the body is read to its end', async () => {
    const [customer] = await customersIn(acme.id, 1);
    const { id, customerNumber } = required(customer);
    const person = await policyholderOf([customerNumber]);
    const files = [0, 1, 2].map((file) => ({
      name: `scan-${String(file)}.pdf`,
      head: Buffer.from(`%PDF-1.7 ${randomUUID()}\n`),
      megabytes: 15,
    }));
    const form = streamedForm(person.csrfToken, { kunde: id, vertrag: '', kommentar: '' }, files, 'datei');
    const before = await storedKeys(acme.id);
    const refused = await person.raw('/dokumente/senden', {
      method: 'POST',
      body: form.body,
      duplex: 'half',
      headers: { origin: acme.origin, 'content-type': form.contentType },
    } as Parameters<Client['raw']>[1]);
    expect(refused.status).toBe(413);
    expect(errorCodesOf(refused.body)).toContain('DOCUMENT_FILES_TOO_LARGE');
    expect(form.progress.sent).toBeLessThan(form.progress.total - 4 * 1024 * 1024);
    expect(await portal.services.documents.listForStaff(acme.id, id, 10)).toEqual([]);
    expect(await storedKeys(acme.id)).toEqual(before);
  });
  it('an upload that breaks off inside its second file leaves no row and no file', async () => {
    const [customer] = await customersIn(acme.id, 1);
    const { id, customerNumber } = required(customer);
    const person = await policyholderOf([customerNumber]);
    const boundary = `----grenze${randomUUID()}`;
    const first = `%PDF-1.7\nErste ${randomUUID()}\n%%EOF\n`;
    const part = (name: string, value: string, filename?: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"` +
      `${filename === undefined ? '' : `; filename="${filename}"`}\r\n\r\n${value}`;
    const body = [
      part('_csrf', person.csrfToken),
      part('kunde', id),
      part('kommentar', ''),
      part('datei', first, 'erste.pdf'),
      part('datei', '%PDF-1.7\nabgebrochen', 'zweite.pdf'),
    ].join('\r\n');
    const broken = await person.raw('/dokumente/senden', {
      method: 'POST',
      body,
      headers: { origin: acme.origin, 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(broken.status).toBe(400);
    expect(await portal.services.documents.listForStaff(acme.id, id, 10)).toEqual([]);
    expect(await storedKeys(acme.id)).not.toContain(`${acme.id}/${sha256Of(first)}`);
  });
});

describe('staff upload several files at once', () => {
  it('stores them all with the title numbered and the keywords, or none of them; another tenant finds nothing', async () => {
    const [customer] = await customersIn(acme.id, 1);
    const { id, contractId, customerNumber } = required(customer);
    const staff = await logIn(portal, acme.origin, 'mitarbeiter@acme.example');
    const page = await staff.get(`/admin/customers/${id}`);
    expect(page.body).toMatch(/<input[^>]*name="datei"[^>]*multiple/);
    const path = `/admin/customers/${id}/dokumente`;
    const pdf = `%PDF-1.7\nPolice ${randomUUID()}\n%%EOF\n`;
    const png = Buffer.concat([PNG, Buffer.from(randomUUID())]);
    const jpeg = Buffer.concat([JPEG, Buffer.from(randomUUID())]);

    // One file of a type not allowed among good ones: nothing of the submission is kept.
    const good = `%PDF-1.7\nGut ${randomUUID()}\n%%EOF\n`;
    const mixed = await sendFiles(
      staff,
      { titel: 'Police', schlagwoerter: 'Police', vertrag: '' },
      [
        { filename: 'gut.pdf', data: good },
        { filename: 'boese.pdf', data: '<html><script>alert(1)</script></html>' },
      ],
      path,
    );
    expect(mixed.status).toBe(415);
    expect(errorCodesOf(mixed.body)).toContain('FILE_TYPE_NOT_ALLOWED');
    expect(await portal.services.documents.listForStaff(acme.id, id, 10)).toEqual([]);
    expect((await storedKeys(acme.id)).has(`${acme.id}/${sha256Of(good)}`)).toBe(false);

    // Another tenant's staff, and an unknown customer, find nothing and store nothing.
    const betaStaff = await logIn(portal, beta.origin, 'chef@beta.example');
    await betaStaff.get('/admin/customers');
    const foreign = await sendFiles(
      betaStaff,
      { titel: '', schlagwoerter: '' },
      [{ filename: 'a.pdf', data: good }],
      path,
      beta.origin,
    );
    expect(foreign.status).toBe(404);
    await staff.get(`/admin/customers/${id}`);
    const unknown = await sendFiles(
      staff,
      { titel: '', schlagwoerter: '' },
      [{ filename: 'a.pdf', data: good }],
      `/admin/customers/${randomUUID()}/dokumente`,
    );
    expect(unknown.status).toBe(404);

    await staff.get(`/admin/customers/${id}`);
    const sent = await sendFiles(
      staff,
      { titel: 'Police', schlagwoerter: 'Police', vertrag: contractId },
      [
        { filename: 'police.pdf', data: pdf },
        { filename: 'seite2.png', data: png },
        { filename: 'seite3.jpg', data: jpeg },
      ],
      path,
    );
    expect(sent.status).toBe(303);
    expect(sent.location).toBe(`/admin/customers/${id}?gespeichert=3#dokumente`);
    expect(textOf((await staff.get(`/admin/customers/${id}?gespeichert=3`)).body)).toContain(
      '3 Dokumente wurden gespeichert.',
    );
    const stored = await portal.services.documents.listForStaff(acme.id, id, 10);
    const byTitle = [...stored].sort((left, right) => left.title.localeCompare(right.title));
    expect(byTitle.map((document) => [document.title, document.contentType])).toEqual([
      ['Police', 'application/pdf'],
      ['Police (2)', 'image/png'],
      ['Police (3)', 'image/jpeg'],
    ]);
    for (const document of stored) {
      expect(document).toMatchObject({ keywords: ['Police'], contractId, direction: 'from_broker' });
    }
    const person = await policyholderOf([customerNumber]);
    const png2 = required(stored.find((document) => document.title === 'Police (2)'));
    const download = await person.get(`/dokumente/${png2.id}/datei`);
    expect(download.status).toBe(200);

    // Without a title each file keeps its own name.
    await staff.get(`/admin/customers/${id}`);
    const untitled = await sendFiles(
      staff,
      { titel: '', schlagwoerter: '' },
      [
        { filename: 'Antrag.pdf', data: `%PDF-1.7\nAntrag ${randomUUID()}\n%%EOF\n` },
        { filename: 'Anlage.pdf', data: `%PDF-1.7\nAnlage ${randomUUID()}\n%%EOF\n` },
      ],
      path,
    );
    expect(untitled.status).toBe(303);
    const titles = (await portal.services.documents.listForStaff(acme.id, id, 10)).map((document) => document.title);
    expect(titles).toEqual(expect.arrayContaining(['Antrag', 'Anlage']));
  });
});

describe('staff delete a document', () => {
  it('asks first, needs the CSRF token, deletes for good (customer then gets 404); other ids answer 404', async () => {
    const [customer, otherCustomer] = await customersIn(acme.id, 2);
    const { id, customerNumber } = required(customer);
    const data = `%PDF-1.7\nZu löschen ${randomUUID()}\n%%EOF\n`;
    const staff = await logIn(portal, acme.origin, 'mitarbeiter@acme.example');
    await staff.get(`/admin/customers/${id}`);
    expect(
      (
        await staff.upload(
          `/admin/customers/${id}/dokumente`,
          { titel: 'Alte Police', schlagwoerter: 'Police' },
          pdfFile(data),
        )
      ).status,
    ).toBe(303);
    const [document] = await portal.services.documents.listForStaff(acme.id, id, 10);
    const documentId = required(document).id;
    const person = await policyholderOf([customerNumber]);
    expect((await person.get(`/dokumente/${documentId}/datei`)).status).toBe(200);

    const page = await staff.get(`/admin/customers/${id}`);
    const confirmPath = `/admin/customers/${id}/dokumente/${documentId}/loeschen`;
    expect(page.body).toContain(`href="${confirmPath}"`);
    const confirm = await staff.get(confirmPath);
    expect(confirm.status).toBe(200);
    expect(confirm.body).toContain('Alte Police');
    expect(confirm.body).toContain(`action="${confirmPath}"`);

    const betaStaff = await logIn(portal, beta.origin, 'chef@beta.example');
    expect((await betaStaff.get(confirmPath)).status).toBe(404);
    expect((await betaStaff.post(confirmPath, {})).status).toBe(404);
    const otherPath = `/admin/customers/${required(otherCustomer).id}/dokumente/${documentId}/loeschen`;
    expect((await staff.get(otherPath)).status).toBe(404);
    await staff.get(confirmPath);
    expect((await staff.post(otherPath, {})).status).toBe(404);
    expect((await staff.post(confirmPath, { _csrf: 'gefaelscht' })).status).toBe(403);
    expect(await portal.services.documents.listForStaff(acme.id, id, 10)).toHaveLength(1);

    await staff.get(confirmPath);
    const deleted = await staff.post(confirmPath, {});
    expect(deleted.status).toBe(303);
    expect(deleted.location).toBe(`/admin/customers/${id}?geloescht#dokumente`);
    expect(textOf((await staff.get(`/admin/customers/${id}?geloescht`)).body)).toContain(
      'Das Dokument wurde gelöscht.',
    );
    expect(await portal.services.documents.listForStaff(acme.id, id, 10)).toEqual([]);
    expect((await person.get(`/dokumente/${documentId}/datei`)).status).toBe(404);
    expect((await staff.get(`/admin/customers/${id}/dokumente/${documentId}/datei`)).status).toBe(404);
    await vi.waitFor(async () => expect(await storedKeys(acme.id)).not.toContain(`${acme.id}/${sha256Of(data)}`));
    const events = await portal.services.audit.listForTenant(acme.id, 100);
    expect(
      events.find((event) => event.kind === 'document.deleted' && event.detail === `Dokument: ${documentId}`),
    ).toBeDefined();
  });

  it('pages the documents on the customer page with a keyset, newest first', async () => {
    const [customer] = await customersIn(acme.id, 1);
    const { id, customerNumber } = required(customer);
    for (let index = 0; index < 27; index += 1) {
      await portal.services.documents.store(
        acme.id,
        { customerNumber, title: `Brief ${String(index)}`, keywords: [], direction: 'from_broker' },
        Readable.from([Buffer.from(`%PDF-1.7 Brief ${String(index)} ${randomUUID()}`)]),
        'application/pdf',
        { kind: 'system' },
      );
    }
    const staff = await logIn(portal, acme.origin, 'mitarbeiter@acme.example');
    const first = await staff.get(`/admin/customers/${id}`);
    const idsOf = (body: string) => [...body.matchAll(/data-document="([^"]+)"/g)].map((match) => match[1]);
    expect(idsOf(first.body)).toHaveLength(25);
    const next = /href="([^"]*dokumente-nach=[^"#]+)#dokumente"/.exec(first.body.replaceAll('&amp;', '&'))?.[1];
    const second = await staff.get(required(next));
    expect(idsOf(second.body)).toHaveLength(2);
    expect(second.body).not.toContain('dokumente-nach=');
    const all = [...idsOf(first.body), ...idsOf(second.body)];
    expect(new Set(all).size).toBe(27);
    expect(all).toEqual((await portal.services.documents.listForStaff(acme.id, id, 30)).map((document) => document.id));
  });
});
