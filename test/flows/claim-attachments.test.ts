import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CLI_ORIGIN } from '../../src/modules/audit/audit-service.js';
import { MINUTE } from '../../src/shared/clock.js';
import { required } from '../../src/shared/required.js';
import { activatePerson, ACCOUNT_PASSWORD, logIn } from '../support/accounts.js';
import { errorCodesOf, staffClientOn, textOf, type Client } from '../support/browserless-client.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';

type Tenant = { id: string; host: string; origin: string };

let portal: TestPortal;
let acme: Tenant;
let beta: Tenant;
let maxContractId: string;
let evaContractId: string;
let staff: Client;
let betaStaff: Client;
let scratch: string;

const PNG = (text: string) =>
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(text)]);
const JPEG = (text: string) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(text)]);
const PDF = (text: string) => Buffer.from(`%PDF-1.7\n${text}\n%%EOF\n`);
const TIFF = Buffer.concat([Buffer.from([0x49, 0x49, 0x2a, 0x00]), Buffer.from('scan')]);
const MB = 1024 * 1024;
const sha256Of = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

async function contractFor(tenant: Tenant, customerNumber: string, grantName: string): Promise<string> {
  const contract = { insurerNumber: '5311', sparte: '051', policyNumber: `KFZ${customerNumber}` };
  await portal.services.portfolio.upsertBatch(
    tenant.id,
    [
      { type: 'customer', action: 'upsert', customer: { customerNumber, kind: 'private', lastName: 'Muster' } },
      {
        type: 'contract',
        action: 'upsert',
        contract: { ...contract, customerNumber, productName: 'Kfz-Haftpflicht', status: 'active' },
      },
    ],
    CLI_ORIGIN,
  );
  await portal.services.grants.createGrant(tenant.id, {
    name: grantName,
    kind: 'customer',
    customerNumbers: [customerNumber],
    shareContractsAutomatically: true,
    includeClaims: true,
  });
  return (await portal.services.portfolio.getContract(tenant.id, contract)).id;
}

beforeAll(async () => {
  portal = await createTestPortal();
  acme = await createTestTenant(portal);
  beta = await createTestTenant(portal, 'beta', 'Beta Finanz KG');
  maxContractId = await contractFor(acme, 'K1', 'Max');
  evaContractId = await contractFor(acme, 'K2', 'Eva');
  await contractFor(beta, 'K1', 'Beta');
  await activatePerson(portal, acme, 'max@example.com', 'policyholder', { grantName: 'Max' });
  await activatePerson(portal, acme, 'eva@example.com', 'policyholder', { grantName: 'Eva' });
  await activatePerson(portal, acme, 'mitarbeiter@acme.example', 'staff_user');
  await activatePerson(portal, beta, 'chef@beta.example', 'staff_admin');
  staff = await staffClientOn(portal.app, acme.origin, 'mitarbeiter@acme.example', ACCOUNT_PASSWORD);
  betaStaff = await staffClientOn(portal.app, beta.origin, 'chef@beta.example', ACCOUNT_PASSWORD);
  scratch = await mkdtemp(join(tmpdir(), 'portico-claim-zip-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
  await portal.close();
});

/** A motor claim of the person with steps 1 to 4 saved, its last step open; answers its path. */
async function draftAtLastStep(client: Client, contractId: string): Promise<string> {
  await client.get(`/schaeden/neu?vertrag=${contractId}`);
  const started = await client.post('/schaeden/neu', { vertrag: contractId });
  const claimPath = required(started.location).replace(/\/schritt\/1$/, '');
  const yesterday = new Date(portal.clock.now().getTime() - 86_400_000).toISOString().slice(0, 10);
  const steps: Array<Record<string, string>> = [
    { lossDate: yesterday, lossTime: '08:15', place: 'Kiel', description: 'Hagelschaden am Dach', amount: '' },
    { police: 'nein' },
    { plate: 'KI-AB 123', driver: 'Max Kunde', towed: 'nein' },
    { iban: 'DE89 3704 0044 0532 0130 00', accountHolder: 'Max Kunde' },
  ];
  for (const [index, fields] of steps.entries()) {
    await client.get(`${claimPath}/schritt/${String(index + 1)}`);
    expect((await client.post(`${claimPath}/schritt/${String(index + 1)}`, fields)).status).toBe(303);
  }
  await client.get(`${claimPath}/schritt/5`);
  return claimPath;
}

/** Posts files as `<input type=file name=dateien multiple>` sends them. */
function attach(client: Client, claimPath: string, files: Array<{ filename: string; data: Uint8Array }>) {
  const form = new FormData();
  form.append('_csrf', client.csrfToken);
  for (const file of files) form.append('dateien', new Blob([new Uint8Array(file.data)]), file.filename);
  return client.raw(`${claimPath}/anhaenge`, { method: 'POST', body: form, headers: { origin: acme.origin } });
}

/** The same as a browser sends it: with the body's length, which the path's upload limit is checked against. */
async function attachAsBrowser(
  client: Client,
  claimPath: string,
  files: Array<{ filename: string; data: Uint8Array }>,
) {
  const form = new FormData();
  form.append('_csrf', client.csrfToken);
  for (const file of files) form.append('dateien', new Blob([new Uint8Array(file.data)]), file.filename);
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  const bytes = new Uint8Array(await request.arrayBuffer());
  return client.raw(`${claimPath}/anhaenge`, {
    method: 'POST',
    body: bytes,
    headers: {
      origin: acme.origin,
      'content-type': required(request.headers.get('content-type')),
      'content-length': String(bytes.byteLength),
    },
  });
}

const claimIdOf = (claimPath: string) => required(claimPath.split('/').at(-1));
const attachmentsOf = (claimPath: string) => portal.services.claims.attachmentsOf(acme.id, claimIdOf(claimPath));

async function storeHas(key: string): Promise<boolean> {
  const file = await portal.services.fileStore.open(key);
  // The store opens the file lazily after its stat: when the cleanup removes it in between, the stream's ENOENT must
  // not become an uncaught error (the answer is "it was there" either way, and the next poll sees it gone).
  file?.body.on('error', () => undefined);
  file?.body.destroy();
  return file !== null;
}

async function bytesOf(response: Response): Promise<Buffer> {
  return Buffer.from(await response.arrayBuffer());
}

/** A GET through the app with the client's cookies, answering the raw Response (bytes, not text). */
async function download(client: Client, origin: string, path: string): Promise<Response> {
  const cookie = [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  return portal.app.request(`${origin}${path}`, { headers: { host: new URL(origin).host, cookie } });
}

describe(`claim attachments (${databaseKind})`, () => {
  it('adds photos and PDFs to the draft, lists them with sizes, names them by their bytes, and removes one', async () => {
    const max = await logIn(portal, acme.origin, 'max@example.com');
    const claimPath = await draftAtLastStep(max, maxContractId);
    const page = await max.get(`${claimPath}/schritt/5`);
    expect(page.body).toContain('enctype="multipart/form-data"');
    expect(page.body).toMatch(/<input[^>]*type="file"[^>]*multiple/);
    const forged = new FormData();
    forged.append('_csrf', 'falsch');
    forged.append('dateien', new Blob([PNG('ohne Token')]), 'ohne.png');
    const withoutToken = await max.raw(`${claimPath}/anhaenge`, {
      method: 'POST',
      body: forged,
      headers: { origin: acme.origin },
    });
    expect(withoutToken.status).toBe(403);
    expect(await attachmentsOf(claimPath)).toEqual([]);

    const added = await attach(max, claimPath, [
      { filename: 'Dach.png', data: PNG('dach') },
      { filename: 'Rechnung.pdf', data: PDF('Rechnung') },
      { filename: 'Foto vom Handy.pdf', data: JPEG('eigentlich ein Foto') },
    ]);
    expect(added.status).toBe(303);
    expect(added.location).toBe(`${claimPath}/schritt/5#anhaenge`);
    const listed = await attachmentsOf(claimPath);
    expect(listed.map((item) => [item.name, item.contentType])).toEqual([
      ['Dach.png', 'image/png'],
      ['Rechnung.pdf', 'application/pdf'],
      ['Foto vom Handy.jpg', 'image/jpeg'],
    ]);
    const shown = textOf((await max.get(`${claimPath}/schritt/5`)).body);
    expect(shown).toContain('Dach.png · 1 KB');
    expect(shown).toContain('3 von 20 Dateien');

    const [dach] = listed;
    const key = `${acme.id}/${sha256Of(PNG('dach'))}`;
    expect(await storeHas(key)).toBe(true);
    const removed = await max.post(`${claimPath}/anhaenge/${required(dach).id}/entfernen`, {});
    expect(removed.location).toBe(`${claimPath}/schritt/5#anhaenge`);
    expect((await attachmentsOf(claimPath)).map((item) => item.name)).toEqual(['Rechnung.pdf', 'Foto vom Handy.jpg']);
    await vi.waitFor(async () => expect(await storeHas(key)).toBe(false));
    expect((await download(max, acme.origin, `${claimPath}/anhaenge/${required(dach).id}`)).status).toBe(404);
    expect((await max.post(`${claimPath}/anhaenge/${required(dach).id}/entfernen`, {})).status).toBe(404);
  });

  it('takes a phone photo of a few MB sent with its length, as browsers send it', async () => {
    const max = await logIn(portal, acme.origin, 'max@example.com');
    const claimPath = await draftAtLastStep(max, maxContractId);
    const photo = JPEG('x'.repeat(3 * MB));
    const added = await attachAsBrowser(max, claimPath, [{ filename: 'Kotflügel.jpg', data: photo }]);
    expect(added.status).toBe(303);
    expect((await attachmentsOf(claimPath)).map((item) => [item.name, item.size])).toEqual([
      ['Kotflügel.jpg', photo.byteLength],
    ]);
  });

  it('refuses a 21st file, more than 35 MB together and files that are not photos or PDFs, keeping what was there', async () => {
    const max = await logIn(portal, acme.origin, 'max@example.com');
    const claimPath = await draftAtLastStep(max, maxContractId);
    const twenty = Array.from({ length: 20 }, (_, index) => ({
      filename: `Foto ${String(index + 1)}.jpg`,
      data: JPEG(`foto ${String(index)} ${claimPath}`),
    }));
    expect((await attach(max, claimPath, twenty.slice(0, 19))).status).toBe(303);
    // Twenty-one in one go: nothing of it is kept.
    const tooManyAtOnce = await attach(max, claimPath, [required(twenty[19]), { filename: 'x.jpg', data: JPEG('x') }]);
    expect(tooManyAtOnce.status).toBe(413);
    expect(errorCodesOf(tooManyAtOnce.body)).toEqual(['CLAIM_ATTACHMENTS_TOO_MANY']);
    expect(textOf(tooManyAtOnce.body)).toContain('höchstens 20 Anhänge');
    expect(textOf(tooManyAtOnce.body)).toContain('Foto 19.jpg');
    expect(await attachmentsOf(claimPath)).toHaveLength(19);
    expect(await storeHas(`${acme.id}/${sha256Of(JPEG('x'))}`)).toBe(false);
    expect((await attach(max, claimPath, [required(twenty[19])])).status).toBe(303);
    const twentyFirst = await attach(max, claimPath, [{ filename: 'noch eins.pdf', data: PDF('21') }]);
    expect(twentyFirst.status).toBe(413);
    expect(errorCodesOf(twentyFirst.body)).toEqual(['CLAIM_ATTACHMENTS_TOO_MANY']);
    expect(await attachmentsOf(claimPath)).toHaveLength(20);

    const other = await draftAtLastStep(max, maxContractId);
    const big = (fill: number, megabytes: number) =>
      Buffer.concat([PDF('gross'), Buffer.alloc(megabytes * MB - PDF('gross').length, fill)]);
    expect((await attach(max, other, [{ filename: 'Gutachten.pdf', data: big(1, 20) }])).status).toBe(303);
    const over = await attach(max, other, [
      { filename: 'Foto.png', data: PNG('klein') },
      { filename: 'Zweites Gutachten.pdf', data: big(2, 16) },
    ]);
    expect(over.status).toBe(413);
    expect(errorCodesOf(over.body)).toEqual(['CLAIM_ATTACHMENTS_TOO_LARGE']);
    expect(textOf(over.body)).toContain('höchstens 35 MB');
    expect(textOf(over.body)).toContain('Gutachten.pdf');
    expect((await attachmentsOf(other)).map((item) => item.name)).toEqual(['Gutachten.pdf']);
    expect(await storeHas(`${acme.id}/${sha256Of(PNG('klein'))}`)).toBe(false);
    // What fits on its own is taken afterwards.
    expect((await attach(max, other, [{ filename: 'Foto.png', data: PNG('klein') }])).status).toBe(303);

    const third = await draftAtLastStep(max, maxContractId);
    for (const refused of [
      [
        { filename: 'ok.png', data: PNG('vorher') },
        { filename: 'script.jpg', data: Buffer.from('#!/bin/sh\necho hallo\n') },
      ],
      [{ filename: 'Scan.tif', data: TIFF }],
    ]) {
      const answer = await attach(max, third, refused);
      expect(answer.status).toBe(415);
      expect(errorCodesOf(answer.body)).toEqual(['CLAIM_ATTACHMENT_TYPE_NOT_ALLOWED']);
      expect(textOf(answer.body)).toContain('Erlaubt sind Fotos (JPEG, PNG, HEIC) und PDF');
    }
    expect(await attachmentsOf(third)).toEqual([]);
    expect(await storeHas(`${acme.id}/${sha256Of(PNG('vorher'))}`)).toBe(false);
    const none = await attach(max, third, [{ filename: '', data: new Uint8Array() }]);
    expect(none.status).toBe(422);
  });

  it('is the reporter’s draft only: after the submit, and for anyone else, nothing changes', async () => {
    const max = await logIn(portal, acme.origin, 'max@example.com');
    const eva = await logIn(portal, acme.origin, 'eva@example.com');
    const claimPath = await draftAtLastStep(max, maxContractId);
    await attach(max, claimPath, [{ filename: 'Beleg.pdf', data: PDF('Beleg') }]);
    const [beleg] = await attachmentsOf(claimPath);
    const attachmentId = required(beleg).id;

    await eva.get('/schaeden');
    expect((await attach(eva, claimPath, [{ filename: 'fremd.pdf', data: PDF('fremd') }])).status).toBe(404);
    expect((await eva.post(`${claimPath}/anhaenge/${attachmentId}/entfernen`, {})).status).toBe(404);
    expect((await download(eva, acme.origin, `${claimPath}/anhaenge/${attachmentId}`)).status).toBe(404);
    // Before the submit the workspace does not see the draft either.
    expect((await download(staff, acme.origin, `/admin/schaeden/${claimIdOf(claimPath)}/zip`)).status).toBe(404);

    expect((await max.post(`${claimPath}/schritt/5`, { message: 'Anbei der Beleg.' })).location).toBe(
      '/schaeden?gemeldet',
    );
    const late = await attach(max, claimPath, [{ filename: 'spaet.pdf', data: PDF('spät') }]);
    expect(late.location).toBe(claimPath);
    expect((await max.post(`${claimPath}/anhaenge/${attachmentId}/entfernen`, {})).location).toBe(claimPath);
    await expect(
      portal.services.claims.addAttachments(
        acme.id,
        required(await idOf('max@example.com')),
        claimIdOf(claimPath),
        Readable.from([{ name: 'x.pdf', body: () => Readable.from([PDF('x')]) }]),
      ),
    ).rejects.toMatchObject({ code: 'CLAIM_ALREADY_SUBMITTED' });
    expect((await attachmentsOf(claimPath)).map((item) => item.name)).toEqual(['Beleg.pdf']);
    const detail = await max.get(claimPath);
    expect(textOf(detail.body)).toContain('Beleg.pdf');
    expect(detail.body).not.toContain('/entfernen');
  });

  it('downloads the same bytes for the reporter and the staff; other tenants and grants get 404', async () => {
    const max = await logIn(portal, acme.origin, 'max@example.com');
    const eva = await logIn(portal, acme.origin, 'eva@example.com');
    const claimPath = await draftAtLastStep(max, maxContractId);
    const photo = JPEG(`Kratzer ${claimPath}`);
    await attach(max, claimPath, [{ filename: 'Kratzer.jpeg', data: photo }]);
    const attachmentId = required((await attachmentsOf(claimPath))[0]).id;
    await max.post(`${claimPath}/schritt/5`, { message: '' });
    const claimId = claimIdOf(claimPath);

    const own = await download(max, acme.origin, `${claimPath}/anhaenge/${attachmentId}`);
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toBe('image/jpeg');
    expect(own.headers.get('content-disposition')).toContain('Kratzer.jpg');
    expect((await bytesOf(own)).equals(photo)).toBe(true);
    const staffPage = await staff.get(`/admin/schaeden/${claimId}`);
    expect(staffPage.body).toContain(`/admin/schaeden/${claimId}/anhaenge/${attachmentId}`);
    expect(textOf(staffPage.body)).toContain('Alles herunterladen (ZIP)');
    const staffCopy = await download(staff, acme.origin, `/admin/schaeden/${claimId}/anhaenge/${attachmentId}`);
    expect(staffCopy.status).toBe(200);
    expect((await bytesOf(staffCopy)).equals(photo)).toBe(true);
    const audit = await portal.services.audit.listForTenant(acme.id, 50);
    expect(audit.filter((event) => event.kind === 'claim.attachment_downloaded').length).toBeGreaterThanOrEqual(2);

    // Eva's own claim does not open Max's attachment, nor does Max's claim for her.
    const evaClaim = await draftAtLastStep(eva, evaContractId);
    for (const path of [`${claimPath}/anhaenge/${attachmentId}`, `${evaClaim}/anhaenge/${attachmentId}`]) {
      expect((await download(eva, acme.origin, path)).status).toBe(404);
    }
    expect((await eva.get(claimPath)).status).toBe(404);
    // Another tenant's staff, and an attachment under another claim's id.
    for (const path of [`/admin/schaeden/${claimId}/anhaenge/${attachmentId}`, `/admin/schaeden/${claimId}/zip`]) {
      expect((await download(betaStaff, beta.origin, path)).status).toBe(404);
    }
    const otherClaim = await draftAtLastStep(max, maxContractId);
    await max.post(`${otherClaim}/schritt/5`, { message: '' });
    const wrongPath = `/admin/schaeden/${claimIdOf(otherClaim)}/anhaenge/${attachmentId}`;
    expect((await download(staff, acme.origin, wrongPath)).status).toBe(404);
    expect((await download(staff, acme.origin, `/admin/schaeden/${claimId}/anhaenge/kein-id`)).status).toBe(404);
  });

  it('keeps attached files through the cleanup and through the delete of a document with the same bytes', async () => {
    const { config, documents } = portal.services;
    if (config.storage.kind !== 'folder') throw new Error('the tests store files in a folder');
    const max = await logIn(portal, acme.origin, 'max@example.com');
    const claimPath = await draftAtLastStep(max, maxContractId);
    const photo = PNG(`bleibt ${claimPath}`);
    await attach(max, claimPath, [{ filename: 'bleibt.png', data: photo }]);
    const key = `${acme.id}/${sha256Of(photo)}`;
    const orphan = await portal.services.fileStore.put(acme.id, Readable.from([PDF(`ohne Zeile ${claimPath}`)]), {
      maxBytes: MB,
    });
    const old = new Date(Date.now() - 2 * 24 * 60 * MINUTE);
    for (const stored of [key, orphan.key]) await utimes(join(config.storage.path, stored), old, old);

    await documents.removeUnreferencedFiles(new Date());
    expect(await storeHas(orphan.key)).toBe(false);
    expect(await storeHas(key)).toBe(true);

    const document = await documents.store(
      acme.id,
      { customerNumber: 'K1', title: 'Dasselbe Foto', keywords: [], direction: 'from_broker' },
      Readable.from([photo]),
      'image/png',
      { kind: 'system' },
    );
    await documents.delete(acme.id, document.id, CLI_ORIGIN);
    await documents.removeUnreferencedFiles(new Date());
    expect(await storeHas(key)).toBe(true);
    const attachmentId = required((await attachmentsOf(claimPath))[0]).id;
    const again = await download(max, acme.origin, `${claimPath}/anhaenge/${attachmentId}`);
    expect((await bytesOf(again)).equals(photo)).toBe(true);
  });

  it('sends claim.submitted with a fresh working link to each attachment at every delivery', async () => {
    const received: Array<{ type: string; data: Record<string, unknown> }> = [];
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as (typeof received)[number]);
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/crm`;
      await portal.services.webhooks.createWebhook(acme.id, { url, events: ['claim.submitted'] });
      const max = await logIn(portal, acme.origin, 'max@example.com');
      const claimPath = await draftAtLastStep(max, maxContractId);
      const files = [
        { filename: 'Front.jpg', data: JPEG(`front ${claimPath}`) },
        { filename: 'Gutachten.pdf', data: PDF(`gutachten ${claimPath}`) },
      ];
      await attach(max, claimPath, files);
      await max.post(`${claimPath}/schritt/5`, { message: 'Mit Fotos' });
      await vi.waitFor(async () => {
        await portal.services.webhooks.deliverDueWebhooks();
        expect(received.some((event) => event.data['claimId'] === claimIdOf(claimPath))).toBe(true);
      });
      const event = required(received.find((item) => item.data['claimId'] === claimIdOf(claimPath)));
      expect(event.type).toBe('claim.submitted');
      const attachments = event.data['attachments'] as Array<{
        name: string;
        size: number;
        contentType: string;
        download: { url: string; expiresAt: string };
      }>;
      expect(attachments.map((item) => [item.name, item.contentType])).toEqual([
        ['Front.jpg', 'image/jpeg'],
        ['Gutachten.pdf', 'application/pdf'],
      ]);
      for (const [index, attachment] of attachments.entries()) {
        expect(attachment.download.url).toMatch(/^http:\/\/portico\.test\/api\/v1\/file-links\/[A-Za-z0-9_-]+$/);
        expect(new Date(attachment.download.expiresAt).getTime() - portal.clock.now().getTime()).toBe(15 * MINUTE);
        const answer = await portal.app.request(attachment.download.url);
        expect(answer.status).toBe(200);
        expect((await bytesOf(answer)).equals(Buffer.from(required(files[index]).data))).toBe(true);
        // The same token under the documents' old path works as well; an altered one does not.
        const token = required(attachment.download.url.split('/').at(-1));
        const underOldPath = await portal.app.request(`http://portico.test/api/v1/document-links/${token}`);
        expect(underOldPath.status).toBe(200);
        expect((await bytesOf(underOldPath)).equals(Buffer.from(required(files[index]).data))).toBe(true);
        const altered = `${token.slice(0, 5)}${token[5] === 'A' ? 'B' : 'A'}${token.slice(6)}`;
        expect((await portal.app.request(`http://portico.test/api/v1/file-links/${altered}`)).status).toBe(404);
      }
      // The whole claim as the staff's ZIP, through its own link, without an API key.
      const zip = event.data['zip'] as { url: string; expiresAt: string };
      expect(zip.url).toMatch(/^http:\/\/portico\.test\/api\/v1\/file-links\/[A-Za-z0-9_-]+$/);
      expect(new Date(zip.expiresAt).getTime() - portal.clock.now().getTime()).toBe(15 * MINUTE);
      const zipAnswer = await portal.app.request(zip.url);
      expect(zipAnswer.status).toBe(200);
      expect(zipAnswer.headers.get('content-type')).toBe('application/zip');
      const zipPath = join(scratch, `link-${claimIdOf(claimPath)}.zip`);
      await writeFile(zipPath, await bytesOf(zipAnswer));
      expect(execFileSync('unzip', ['-Z1', zipPath], { encoding: 'utf8' }).trim().split('\n')).toEqual([
        'schadenmeldung.json',
        'Schadenmeldung.pdf',
        'anhaenge/Front.jpg',
        'anhaenge/Gutachten.pdf',
      ]);
      expect(
        execFileSync('unzip', ['-p', zipPath, 'anhaenge/Gutachten.pdf']).equals(Buffer.from(required(files[1]).data)),
      ).toBe(true);
      // Photos and PDFs are stored as they are (compressed already); only the JSON is deflated.
      const methods = execFileSync('unzip', ['-v', zipPath], { encoding: 'utf8' });
      for (const name of ['Schadenmeldung.pdf', 'anhaenge/Front.jpg', 'anhaenge/Gutachten.pdf']) {
        expect(methods).toMatch(new RegExp(`\\sStored\\s.*\\s${name.replace('.', '\\.')}\\n`));
      }
      expect(methods).toMatch(/\sDefl:N\s.*\sschadenmeldung\.json\n/);
      // The ZIP's token names the claim: its kind byte changed to an attachment's, it opens nothing.
      const zipToken = Buffer.from(required(zip.url.split('/').at(-1)), 'base64url');
      zipToken.writeUInt8(1, 0);
      expect(
        (await portal.app.request(`http://portico.test/api/v1/file-links/${zipToken.toString('base64url')}`)).status,
      ).toBe(404);

      const first = required(attachments[0]);
      portal.clock.advance(15 * MINUTE);
      expect((await portal.app.request(first.download.url)).status).toBe(404);
      expect((await portal.app.request(zip.url)).status).toBe(404);
      portal.clock.advance(-15 * MINUTE);
      const audit = await portal.services.audit.listForTenant(acme.id, 100);
      expect(
        audit.some((entry) => entry.kind === 'claim.attachment_downloaded' && entry.origin === 'webhook-link'),
      ).toBe(true);
      expect(audit.some((entry) => entry.kind === 'claim.downloaded' && entry.origin === 'webhook-link')).toBe(true);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('gives the staff one ZIP with schadenmeldung.json and every attachment under a unique name, audited', async () => {
    const max = await logIn(portal, acme.origin, 'max@example.com');
    const claimPath = await draftAtLastStep(max, maxContractId);
    const files = [
      { filename: 'foto.jpg', data: JPEG(`eins ${claimPath}`) },
      { filename: 'Foto.JPG', data: JPEG(`zwei ${claimPath}`) },
      { filename: '../../etc/passwd.pdf', data: PDF(`drei ${claimPath}`) },
    ];
    await attach(max, claimPath, files);
    await max.post(`${claimPath}/schritt/5`, { message: 'Drei Dateien' });
    const claimId = claimIdOf(claimPath);

    const answer = await download(staff, acme.origin, `/admin/schaeden/${claimId}/zip`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/zip');
    expect(answer.headers.get('content-disposition')).toContain('.zip');
    const zipPath = join(scratch, `${claimId}.zip`);
    await writeFile(zipPath, await bytesOf(answer));
    const names = execFileSync('unzip', ['-Z1', zipPath], { encoding: 'utf8' }).trim().split('\n');
    expect(names).toEqual([
      'schadenmeldung.json',
      'Schadenmeldung.pdf',
      'anhaenge/foto.jpg',
      'anhaenge/Foto (2).jpg',
      'anhaenge/passwd.pdf',
    ]);
    const report = execFileSync('unzip', ['-p', zipPath, 'Schadenmeldung.pdf']);
    expect(report.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const json = JSON.parse(execFileSync('unzip', ['-p', zipPath, 'schadenmeldung.json'], { encoding: 'utf8' })) as {
      claimId: string;
      answers: { message: string; loss: { description: string } };
      attachments: Array<{ file: string }>;
    };
    expect(json.claimId).toBe(claimId);
    expect(json.answers.message).toBe('Drei Dateien');
    expect(json.answers.loss.description).toBe('Hagelschaden am Dach');
    const attached = names.slice(2);
    expect(json.attachments.map((item) => item.file)).toEqual(attached);
    for (const [index, name] of attached.entries()) {
      const bytes = execFileSync('unzip', ['-p', zipPath, name]);
      expect(bytes.equals(Buffer.from(required(files[index]).data))).toBe(true);
    }
    const entries = await portal.services.claims.zipEntriesOf(acme.id, claimId);
    expect(entries.map((entry) => entry.name)).toEqual(names.filter((name) => name !== 'Schadenmeldung.pdf'));
    const audit = await portal.services.audit.listForTenant(acme.id, 100);
    expect(audit.some((entry) => entry.kind === 'claim.downloaded' && (entry.detail ?? '').includes(claimId))).toBe(
      true,
    );
  });
});

async function idOf(email: string): Promise<string | undefined> {
  return (await portal.services.people.listPeople(acme.id)).find((person) => person.email === email)?.identityId;
}
