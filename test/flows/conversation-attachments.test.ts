import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CLI_ORIGIN } from '../../src/modules/audit/audit-service.js';
import { required } from '../../src/shared/required.js';
import { activatePerson, logIn } from '../support/accounts.js';
import { errorCodesOf, textOf, type Client } from '../support/browserless-client.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';

// Larger than a plain form may be (16 KB), as any photo is.
const PHOTO = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
  Buffer.from('Wasserfleck an der Decke'),
  Buffer.alloc(200 * 1024, 7),
]);

describe(`attachments of conversation messages over HTTP (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string; host: string; origin: string };
  let max: Client;
  let staff: Client;

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    await activatePerson(portal, acme, 'sabine@acme.example', 'staff_user', { name: 'Sabine Sach' });
    await portal.services.portfolio.upsertBatch(
      acme.id,
      [{ type: 'customer', action: 'upsert', customer: { customerNumber: 'K1', kind: 'private', lastName: 'Kunde' } }],
      CLI_ORIGIN,
    );
    await portal.services.grants.createGrant(acme.id, { name: 'K1', kind: 'customer', customerNumbers: ['K1'] });
    await activatePerson(portal, acme, 'max@example.com', 'policyholder', { grantName: 'K1', name: 'Max Kunde' });
    max = await logIn(portal, acme.origin, 'max@example.com');
    staff = await logIn(portal, acme.origin, 'sabine@acme.example');
  });
  afterAll(async () => {
    await portal.close();
  });

  /** Posts a message's form as a browser does: the CSRF field first, the text, then the chosen files. */
  async function send(client: Client, path: string, body: string, files: Array<{ name: string; data: Buffer }>) {
    const form = new FormData();
    form.append('_csrf', client.csrfToken);
    form.append('body', body);
    for (const file of files) form.append('anhaenge', new Blob([new Uint8Array(file.data)]), file.name);
    // A file input left empty sends one nameless, empty part.
    if (files.length === 0) form.append('anhaenge', new Blob([]), '');
    // As a browser sends it: with its length, which the upload limit of the path is checked against.
    const request = new Request('http://localhost/', { method: 'POST', body: form });
    const bytes = new Uint8Array(await request.arrayBuffer());
    return client.raw(path, {
      method: 'POST',
      body: bytes,
      headers: {
        origin: acme.origin,
        'content-type': required(request.headers.get('content-type')),
        'content-length': String(bytes.byteLength),
      },
    });
  }

  async function download(client: Client, path: string): Promise<Response> {
    const cookie = [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    return portal.app.request(`${acme.origin}${path}`, { headers: { host: acme.host, cookie } });
  }

  it('carries a customer’s photo to the staff and to the CRM’s webhook, whose link downloads the same bytes', async () => {
    const received: string[] = [];
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push(Buffer.concat(chunks).toString('utf8'));
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/events`;
      await portal.services.webhooks.createWebhook(acme.id, { url, events: ['case.message.created'] });

      // Max starts a conversation without a file (the empty file field), then replies with a photo.
      const form = await max.get('/nachrichten/neu');
      expect(form.body).toContain('enctype="multipart/form-data"');
      expect(form.body).toMatch(/<input[^>]*type="file"[^>]*multiple[^>]*accept="image\/\*,application\/pdf"/);
      const started = new FormData();
      started.append('_csrf', max.csrfToken);
      started.append('subject', 'Wasserschaden');
      started.append('body', 'Guten Tag, es tropft.');
      started.append('anhaenge', new Blob([]), '');
      const created = await max.raw('/nachrichten/neu', {
        method: 'POST',
        body: started,
        headers: { origin: acme.origin },
      });
      expect(created.status).toBe(303);
      const path = required(/^(\/nachrichten\/[0-9a-f-]{36})\?gesendet$/.exec(created.location ?? '')?.[1]);
      const conversationId = required(path.split('/').at(-1));

      // A refused file: nothing is sent, the typed text comes back with the reason.
      await max.get(path);
      const refused = await send(max, path, 'Hier das Foto.', [
        { name: 'Foto.jpg', data: PHOTO },
        { name: 'notiz.txt', data: Buffer.from('kein Foto') },
      ]);
      expect(refused.status).toBe(415);
      expect(errorCodesOf(refused.body)).toEqual(['MESSAGE_ATTACHMENT_TYPE_NOT_ALLOWED']);
      expect(textOf(refused.body)).toContain('Die Nachricht wurde nicht gesendet.');
      expect(refused.body).toMatch(/<textarea[^>]*name="body"[^>]*>Hier das Foto\.<\/textarea>/);
      const tenant = required(await portal.services.tenants.findTenantById(acme.id));
      expect((await portal.services.conversations.findForCrm(tenant, conversationId)).messages).toHaveLength(1);

      const replied = await send(max, path, 'Hier das Foto.', [{ name: 'Decke.jpg', data: PHOTO }]);
      expect(replied.status).toBe(303);
      const page = await max.get(path);
      const attachmentPath = required(new RegExp(`href="(${path}/anhaenge/[0-9a-f-]{36})"`).exec(page.body)?.[1]);
      expect(page.body).toContain(`${attachmentPath}/ansehen`);
      expect(textOf(page.body)).toContain('Decke.jpg');

      // The staff see it under the message and download it.
      const staffPage = await staff.get(`/admin${path}`);
      const staffPath = `/admin${attachmentPath}`;
      expect(staffPage.body).toContain(`href="${staffPath}"`);
      const downloaded = await download(staff, staffPath);
      expect(downloaded.status).toBe(200);
      expect(downloaded.headers.get('content-type')).toBe('image/jpeg');
      expect(downloaded.headers.get('content-disposition')).toContain('attachment');
      expect(Buffer.from(await downloaded.arrayBuffer()).equals(PHOTO)).toBe(true);
      const viewed = await download(staff, `${staffPath}/ansehen`);
      expect(viewed.headers.get('content-security-policy')).toBe('sandbox');
      expect(viewed.headers.get('content-disposition')).toContain('inline');
      await viewed.arrayBuffer();

      // The webhook of Max's reply carries a link that downloads the same bytes without a key.
      await vi.waitFor(
        async () => {
          await portal.services.webhooks.deliverDueWebhooks();
          expect(received.some((body) => body.includes('Hier das Foto.'))).toBe(true);
        },
        { timeout: 10_000 },
      );
      const event = JSON.parse(required(received.find((body) => body.includes('Hier das Foto.')))) as {
        data: { conversationId: string; attachments: Array<{ name: string; download: { url: string } }> };
      };
      expect(event.data.conversationId).toBe(conversationId);
      expect(event.data.attachments.map((item) => item.name)).toEqual(['Decke.jpg']);
      const link = new URL(required(event.data.attachments[0]).download.url);
      const byLink = await portal.app.request(`http://localhost${link.pathname}`);
      expect(byLink.status).toBe(200);
      expect(Buffer.from(await byLink.arrayBuffer()).equals(PHOTO)).toBe(true);
      const first = JSON.parse(required(received.find((body) => body.includes('es tropft')))) as {
        data: { attachments: unknown[] };
      };
      expect(first.data.attachments).toEqual([]);

      // A staff note's file stays with the staff: not listed for Max, 404 when he guesses its address.
      await staff.get(`/admin${path}`);
      const note = await send(staff, `/admin${path}/notiz`, 'Intern: Gutachter beauftragen', [
        { name: 'Auftrag.jpg', data: Buffer.concat([PHOTO, Buffer.from(' intern')]) },
      ]);
      expect(note.status).toBe(303);
      const notePage = await staff.get(`/admin${path}`);
      const noteFile = required(
        /href="\/admin(\/nachrichten\/[^"]+\/anhaenge\/[0-9a-f-]{36})"[^>]*>\s*Auftrag\.jpg/.exec(notePage.body)?.[1],
      );
      expect(textOf((await max.get(path)).body)).not.toContain('Auftrag.jpg');
      expect((await download(max, noteFile)).status).toBe(404);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
