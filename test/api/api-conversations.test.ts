import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ORIGIN } from '../../src/modules/audit/audit-service.js';
import { errorCodesOf, textOf } from '../support/browserless-client.js';
import { linkFrom } from '../support/smtp-receiver.js';
import { databaseKind } from '../support/test-database.js';
import { expectAnswersMatchContract } from './api-client.js';
import { acceptInvitation, createApiWorld, logIn, type ApiWorld } from './api-setup.js';
import { required } from '../../src/shared/required.js';

/** A CRM's webhook endpoint on loopback that keeps what it receives. */
async function startReceiver() {
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
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe(`API v1 conversations (${databaseKind})`, () => {
  let world: ApiWorld;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    world = await createApiWorld();
    receiver = await startReceiver();
    const { portal, acme } = world;
    await portal.services.portfolio.upsertBatch(
      acme.id,
      [
        { type: 'customer', action: 'upsert', customer: { customerNumber: 'K1', kind: 'private', lastName: 'Kunde' } },
        {
          type: 'contract',
          action: 'upsert',
          contract: {
            insurerNumber: '5311',
            sparte: '130',
            policyNumber: 'HR4711',
            customerNumber: 'K1',
            status: 'active',
          },
        },
      ],
      CLI_ORIGIN,
    );
    await portal.services.grants.createGrant(acme.id, {
      name: 'K1',
      kind: 'customer',
      customerNumbers: ['K1'],
      shareContractsAutomatically: true,
    });
    await portal.services.invitations.invite({
      tenantId: acme.id,
      email: 'max@example.com',
      name: 'Max Kunde',
      role: 'policyholder',
      grantName: 'K1',
    });
    await acceptInvitation(portal, acme.origin, 'max@example.com');
    const hook = await world.api.call('POST', '/webhooks', {
      body: { url: receiver.url, events: ['case.message.created'] },
    });
    expect(hook.status).toBe(201);
  });
  afterAll(async () => {
    await expectAnswersMatchContract(world.portal, [...world.api.recorded, ...world.betaApi.recorded]);
    await receiver.close();
    await world.portal.close();
  });

  it('starts a conversation, mails Max a link only, and delivers his reply as case.message.created', async () => {
    const { api, portal, acme } = world;
    const started = await api.call('POST', '/conversations', {
      body: {
        customerNumber: 'K1',
        contract: { insurerNumber: '5311', sparte: '130', policyNumber: 'HR4711' },
        subject: 'Ihr Beitrag 2027',
        message: 'Ihr Beitrag steigt um 3 %.',
      },
    });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ subject: 'Ihr Beitrag 2027', status: 'open', customerNumber: 'K1' });
    expect(started.body.messages).toMatchObject([{ authorKind: 'crm', body: 'Ihr Beitrag steigt um 3 %.' }]);
    const id: string = started.body.id;

    await portal.services.notifications.sendDueDigests();
    await portal.deliverMail();
    const mail = await portal.smtp.waitForMail('max@example.com');
    expect(mail.subject).toBe('Neue Nachricht von Acme Versicherungsmakler GmbH');
    expect(mail.text).not.toContain('3 %');
    expect(linkFrom(mail, '/nachrichten')).toContain(acme.host);

    const { client } = await logIn(portal, acme.origin, 'max@example.com');
    const page = await client.get(`/nachrichten/${id}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Ihr Beitrag steigt um 3 %.');
    portal.clock.advance(60_000);
    expect((await client.post(`/nachrichten/${id}`, { body: 'Warum so viel?' })).status).toBe(303);

    await portal.services.webhooks.deliverDueWebhooks();
    const events = receiver.received.map(
      (body) => JSON.parse(body) as { type?: string; event?: string; data: unknown },
    );
    expect(events.map((event) => event.data)).toEqual([
      expect.objectContaining({ conversationId: id, customerNumber: 'K1', body: 'Warum so viel?' }),
    ]);

    const answered = await api.call('POST', `/conversations/${id}/messages`, {
      body: { message: 'Die Kosten steigen.' },
    });
    expect(answered.status).toBe(201);
    expect(answered.body.messages.map((message: { body: string }) => message.body)).toEqual([
      'Ihr Beitrag steigt um 3 %.',
      'Warum so viel?',
      'Die Kosten steigen.',
    ]);
    expect((await api.call('GET', `/conversations/${id}`)).body.messages).toHaveLength(3);
  });

  /** A multipart body as a CRM sends it: "metadata" (JSON) first, then the files as parts named "file". */
  async function multipart(metadata: unknown, files: Array<{ name: string; data: Buffer }>, first = 'metadata') {
    const form = new FormData();
    form.append(first, JSON.stringify(metadata));
    for (const file of files) form.append('file', new Blob([new Uint8Array(file.data)]), file.name);
    const request = new Request('http://localhost/', { method: 'POST', body: form });
    return {
      rawBody: new Uint8Array(await request.arrayBuffer()),
      contentType: required(request.headers.get('content-type')),
    };
  }

  it('takes a conversation and a message with attachments as multipart and lists them with working links', async () => {
    const { api, betaApi } = world;
    const pdf = Buffer.from('%PDF-1.7\nBeitragsrechnung\n%%EOF\n');
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('Grafik')]);
    const started = await api.call(
      'POST',
      '/conversations',
      await multipart({ customerNumber: 'K1', subject: 'Rechnung', message: 'Anbei die Rechnung.' }, [
        { name: 'Rechnung 2027.pdf', data: pdf },
        { name: 'grafik', data: png },
      ]),
    );
    expect(started.status).toBe(201);
    const [message] = started.body.messages as Array<{ id: string; attachments: unknown[] }>;
    expect(message?.attachments).toEqual([
      { id: expect.any(String), name: 'Rechnung 2027.pdf', size: pdf.length, contentType: 'application/pdf' },
      { id: expect.any(String), name: 'grafik.png', size: png.length, contentType: 'image/png' },
    ]);
    const id: string = started.body.id;
    const messageId = required(message).id;

    const listed = await api.call('GET', `/conversations/${id}/messages/${messageId}/attachments`);
    expect(listed.status).toBe(200);
    const link = new URL(required(listed.body.items[0]).download.url);
    // Without a key: the token is the credential.
    const file = await world.portal.app.request(`http://api.portico.test${link.pathname}`);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(pdf)).toBe(true);
    expect((await betaApi.call('GET', `/conversations/${id}/messages/${messageId}/attachments`)).status).toBe(404);
    const otherMessage = `/conversations/${id}/messages/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/attachments`;
    expect((await api.call('GET', otherMessage)).body.code).toBe('conversation_not_found');

    // All or nothing: a refused file leaves no message.
    const refusals = [
      [[{ name: 'notiz.txt', data: Buffer.from('Text') }], 415, 'message_attachment_type_not_allowed'],
      [
        Array.from({ length: 21 }, (_, index) => ({ name: `${String(index)}.png`, data: png })),
        413,
        'message_attachments_too_many',
      ],
    ] as const;
    for (const [files, status, code] of refusals) {
      const refused = await api.call(
        'POST',
        `/conversations/${id}/messages`,
        await multipart({ message: 'Noch etwas' }, [...files]),
      );
      expect([refused.status, refused.body.code]).toEqual([status, code]);
    }
    const withoutMetadata = await api.call(
      'POST',
      `/conversations/${id}/messages`,
      await multipart({ message: 'x' }, [], 'daten'),
    );
    expect([withoutMetadata.status, withoutMetadata.body.code]).toEqual([400, 'metadata_required']);
    const invalid = await api.call('POST', `/conversations/${id}/messages`, await multipart({ text: 'x' }, []));
    expect([invalid.status, invalid.body.code]).toEqual([400, 'validation_failed']);
    const replied = await api.call(
      'POST',
      `/conversations/${id}/messages`,
      await multipart({ message: 'Und die Grafik.' }, [{ name: 'g.png', data: png }]),
    );
    expect(replied.status).toBe(201);
    expect(
      (replied.body.messages as Array<{ body: string; attachments: unknown[] }>).map((item) => [
        item.body,
        item.attachments.length,
      ]),
    ).toEqual([
      ['Anbei die Rechnung.', 2],
      ['Und die Grafik.', 1],
    ]);
  });

  it('lists changed conversations page by page', async () => {
    const { api, portal } = world;
    const before = portal.clock.now().toISOString();
    portal.clock.advance(60_000);
    for (const subject of ['Eins', 'Zwei', 'Drei']) {
      portal.clock.advance(1_000);
      const created = await api.call('POST', '/conversations', {
        body: { customerNumber: 'K1', subject, message: 'Text' },
      });
      expect(created.status).toBe(201);
    }
    const first = await api.call('GET', `/conversations?updatedSince=${encodeURIComponent(before)}&limit=2`);
    expect(first.body.items.map((item: { subject: string }) => item.subject)).toEqual(['Eins', 'Zwei']);
    const second = await api.call(
      'GET',
      `/conversations?updatedSince=${encodeURIComponent(before)}&limit=2&cursor=${String(first.body.nextCursor)}`,
    );
    expect(second.body.items.map((item: { subject: string }) => item.subject)).toEqual(['Drei']);
    expect(second.body.nextCursor).toBeNull();
    expect((await api.call('GET', '/conversations?cursor=kaputt')).status).toBe(400);
  });

  it('answers another tenant’s key with 404 and bad bodies with stable codes', async () => {
    const { api, betaApi } = world;
    const started = await api.call('POST', '/conversations', {
      body: { customerNumber: 'K1', subject: 'Nur Acme', message: 'Text' },
    });
    const id: string = started.body.id;
    expect((await betaApi.call('GET', `/conversations/${id}`)).body.code).toBe('conversation_not_found');
    const foreign = await betaApi.call('POST', `/conversations/${id}/messages`, { body: { message: 'Hallo' } });
    expect([foreign.status, foreign.body.code]).toEqual([404, 'conversation_not_found']);
    expect((await betaApi.call('GET', '/conversations')).body.items).toEqual([]);
    expect(
      (await betaApi.call('POST', '/conversations', { body: { customerNumber: 'K1', subject: 'x', message: 'y' } }))
        .body.code,
    ).toBe('customer_not_found');

    const bad = async (body: unknown) => {
      const answer = await api.call('POST', '/conversations', { body });
      return [answer.status, answer.body.code];
    };
    expect(await bad({ customerNumber: 'K1', subject: '', message: 'Text' })).toEqual([
      422,
      'conversation_subject_required',
    ]);
    expect(await bad({ customerNumber: 'K1', subject: 'x'.repeat(201), message: 'Text' })).toEqual([
      422,
      'conversation_subject_too_long',
    ]);
    expect(await bad({ customerNumber: 'K1', subject: 'Frage', message: ' ' })).toEqual([422, 'message_body_required']);
    expect(await bad({ customerNumber: 'K1', subject: 'Frage', message: 'x'.repeat(10_001) })).toEqual([
      422,
      'message_body_too_long',
    ]);
    expect((await bad({ customerNumber: 'K1', subject: 'Frage' }))[0]).toBe(400);
    expect(
      await bad({
        customerNumber: 'K1',
        contract: { insurerNumber: '9999', sparte: '130', policyNumber: 'NIX' },
        subject: 'Frage',
        message: 'Text',
      }),
    ).toEqual([422, 'contract_not_found']);
    const empty = await api.call('POST', `/conversations/${id}/messages`, { body: { message: '' } });
    expect([empty.status, empty.body.code]).toEqual([422, 'message_body_required']);
    expect((await api.call('GET', '/conversations/not-a-uuid')).status).toBe(404);
    expect(required(started.body.messages[0]).body).toBe('Text');
  });

  it("carries Max's 'Daten ändern' with a new address to staff, the API and the webhook, fields and all", async () => {
    const { api, portal, acme } = world;
    await portal.services.invitations.invite({
      tenantId: acme.id,
      email: 'sabine@acme.example',
      name: 'Sabine Sach',
      role: 'staff_user',
    });
    await acceptInvitation(portal, acme.origin, 'sabine@acme.example');
    const { client: max } = await logIn(portal, acme.origin, 'max@example.com');
    expect((await max.get('/nachrichten')).body).toContain('href="/anliegen"');
    const choice = await max.get('/anliegen');
    expect(choice.body).toContain('href="/anliegen/daten-aendern"');
    expect(choice.body).not.toContain('bestandsuebertragung');
    expect((await max.get('/anliegen/bestandsuebertragung')).status).toBe(404);

    await max.get('/anliegen/daten-aendern');
    const address = { street: 'Ringstraße 5', postcode: '5066', city: 'Köln', movingDate: '' };
    const refused = await max.post('/anliegen/daten-aendern', address);
    expect(refused.status).toBe(422);
    expect(errorCodesOf(refused.body)).toEqual(['REQUEST_POSTCODE_INVALID', 'REQUEST_MOVING_DATE_REQUIRED']);
    expect(textOf(refused.body)).toContain('Bitte geben Sie die Postleitzahl mit fünf Ziffern an, z. B. 50667.');
    expect(refused.body).toContain('value="Ringstraße 5"');
    const filed = await max.post('/anliegen/daten-aendern', {
      ...address,
      postcode: '50667',
      movingDate: '01.03.2027',
    });
    expect(filed.status).toBe(303);
    const path = required(/^(\/nachrichten\/[0-9a-f-]{36})\?gesendet$/.exec(filed.location ?? '')?.[1]);
    const id = required(path.split('/')[2]);
    const page = textOf((await max.get(path)).body);
    expect(page).toContain('Anliegen: Daten ändern');
    expect(page).toContain('Ringstraße 5 50667 Köln Umzug am 01.03.2027');
    portal.clock.advance(60_000);
    expect((await max.post(path, { body: 'Ab März bitte an die neue Adresse.' })).status).toBe(303);

    const { client: staff } = await logIn(portal, acme.origin, 'sabine@acme.example');
    const inbox = await staff.get('/admin/nachrichten?ansicht=all&art=data_change');
    expect(inbox.body).toContain(`data-conversation-id="${id}"`);
    expect(inbox.body).toContain('data-kind="data_change"');
    expect((await staff.get('/admin/nachrichten?ansicht=all&art=contract_add')).body).not.toContain(id);
    expect(textOf((await staff.get(`/admin/nachrichten/${id}`)).body)).toContain('Ringstraße 5 50667 Köln');

    const fields = { address: { street: 'Ringstraße 5', postcode: '50667', city: 'Köln', movingDate: '2027-03-01' } };
    const read = await api.call('GET', `/conversations/${id}`);
    expect(read.body).toMatchObject({ kind: 'data_change', fields: { ...fields, bankAccount: null, phone: null } });
    // Deliveries may arrive twice and in any order: one per message counts, in the order written.
    const eventsOf = async () => {
      await portal.services.webhooks.deliverDueWebhooks();
      const data = receiver.received
        .map(
          (body) =>
            (JSON.parse(body) as { data: { conversationId: string; messageId: string; createdAt: string } }).data,
        )
        .filter((item) => item.conversationId === id)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      return [...new Map(data.map((item) => [item.messageId, item])).values()];
    };
    await expect.poll(async () => (await eventsOf()).length, { timeout: 10_000 }).toBe(2);
    expect(await eventsOf()).toEqual([
      expect.objectContaining({ kind: 'data_change', fields: expect.objectContaining(fields) }),
      expect.objectContaining({ kind: 'data_change', body: 'Ab März bitte an die neue Adresse.' }),
    ]);
  });

  it("carries Max's 'Vertrag erfassen' with a PDF of the policy as the first message's file staff download", async () => {
    const { portal, acme } = world;
    const { client: max } = await logIn(portal, acme.origin, 'max@example.com');
    const formPage = await max.get('/anliegen/vertrag-erfassen');
    expect(formPage.body).toContain('enctype="multipart/form-data"');
    expect(formPage.body).toContain('name="anhaenge"');
    const policy = {
      field: 'anhaenge',
      filename: 'police.pdf',
      type: 'application/pdf',
      data: '%PDF-1.7\nPolice\n%%EOF\n',
    };
    const inboxOf = async (staff: Awaited<ReturnType<typeof logIn>>['client']) =>
      (await staff.get('/admin/nachrichten?ansicht=all&art=contract_add')).body.match(/data-conversation-id=/g)
        ?.length ?? 0;
    const { client: staff } = await logIn(portal, acme.origin, 'sabine@acme.example');
    const before = await inboxOf(staff);

    // A forged form, a form with problems and a file that is no PDF or picture: nothing is filed.
    const forged = await max.raw('/anliegen/vertrag-erfassen', {
      method: 'POST',
      body: (() => {
        const form = new FormData();
        form.append('_csrf', 'forged');
        form.append('insurer', 'Allianz');
        return form;
      })(),
      headers: { origin: acme.origin },
    });
    expect(forged.status).toBe(403);
    await max.get('/anliegen/vertrag-erfassen');
    const missing = await max.upload('/anliegen/vertrag-erfassen', { insurer: ' ', yearlyPremium: 'viel' }, policy);
    expect(missing.status).toBe(422);
    expect(errorCodesOf(missing.body)).toEqual(['REQUEST_INSURER_REQUIRED', 'REQUEST_PREMIUM_INVALID']);
    const text = { ...policy, filename: 'police.txt', type: 'text/plain', data: 'nur Text' };
    const wrongType = await max.upload('/anliegen/vertrag-erfassen', { insurer: 'Allianz' }, text);
    expect(wrongType.status).toBe(415);
    expect(errorCodesOf(wrongType.body)).toEqual(['REQUEST_FILE_TYPE_NOT_ALLOWED']);
    expect(wrongType.body).toContain('value="Allianz"');
    expect(await inboxOf(staff)).toBe(before);

    const filed = await max.upload('/anliegen/vertrag-erfassen', { insurer: 'Allianz', policyNumber: 'AS-1' }, policy);
    expect(filed.status).toBe(303);
    const id = required(/^\/nachrichten\/([0-9a-f-]{36})\?gesendet$/.exec(filed.location ?? '')?.[1]);
    const page = await staff.get(`/admin/nachrichten/${id}`);
    expect(textOf(page.body)).toContain('Anliegen: Vertrag erfassen');
    const link = required(new RegExp(`href="(/admin/nachrichten/${id}/anhaenge/[0-9a-f-]{36})"`).exec(page.body)?.[1]);
    const download = await staff.get(link);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toContain('application/pdf');
    expect(download.body).toBe('%PDF-1.7\nPolice\n%%EOF\n');
    // The CRM reads the file on the request's first message.
    const read = await world.api.call('GET', `/conversations/${id}`);
    expect(read.body).toMatchObject({ kind: 'contract_add', fields: { insurer: 'Allianz', policyNumber: 'AS-1' } });
    expect(read.body.messages[0].attachments).toMatchObject([{ name: 'police.pdf', contentType: 'application/pdf' }]);
  });

  it("carries an intermediary's 'Kunden anlegen' without a customer to the Betreuer, the API and the webhook", async () => {
    const { api, portal, acme, beta } = world;
    const betreuer = await portal.services.invitations.invite({
      tenantId: acme.id,
      email: 'bert@acme.example',
      name: 'Bert Betreuer',
      role: 'staff_user',
    });
    await acceptInvitation(portal, acme.origin, 'bert@acme.example');
    await portal.services.grants.createGrant(acme.id, {
      name: 'Vermittler V1',
      kind: 'intermediary',
      customerNumbers: ['V1'],
      responsibleStaffId: betreuer.identityId,
      customerAddNeedsPrivacyNotice: true,
    });
    const betaGrant = await portal.services.grants.createGrant(beta.id, {
      name: 'Vermittler V1',
      kind: 'intermediary',
      customerNumbers: ['V1'],
    });
    await portal.services.invitations.invite({
      tenantId: acme.id,
      email: 'vera@example.com',
      name: 'Vera Vermittler',
      role: 'intermediary',
      grantName: 'Vermittler V1',
    });
    await acceptInvitation(portal, acme.origin, 'vera@example.com');

    // A policyholder has no such request: the form and its post are not found.
    const { client: max } = await logIn(portal, acme.origin, 'max@example.com');
    expect((await max.get('/anliegen')).body).not.toContain('kunden-anlegen');
    expect((await max.get('/anliegen/kunden-anlegen')).status).toBe(404);
    expect((await max.post('/anliegen/kunden-anlegen', { customerKind: 'private' })).status).toBe(404);

    const { client: vera } = await logIn(portal, acme.origin, 'vera@example.com');
    expect((await vera.get('/anliegen')).body).toContain('href="/anliegen/kunden-anlegen"');
    const form = await vera.get('/anliegen/kunden-anlegen');
    expect(form.body).toContain('name="privacyNotice"');
    const customer = {
      customerKind: 'private',
      status: 'prospect',
      firstName: 'Nina',
      lastName: 'Neu',
      street: 'Hohe Straße 1',
      postcode: '50667',
      city: 'Köln',
      email: 'nina@beispiel.de',
    };
    expect((await vera.post('/anliegen/kunden-anlegen', { ...customer, _csrf: 'forged' })).status).toBe(403);
    const refused = await vera.post('/anliegen/kunden-anlegen', {
      ...customer,
      postcode: '5066',
      email: 'nina@',
      dateOfBirth: '01.01.2999',
    });
    expect(refused.status).toBe(422);
    expect(errorCodesOf(refused.body)).toEqual([
      'REQUEST_POSTCODE_INVALID',
      'EMAIL_INVALID',
      'REQUEST_BIRTH_DATE_INVALID',
      'REQUEST_PRIVACY_NOTICE_REQUIRED',
    ]);
    // Its form takes no file: sent as multipart anyway, it is read whole and the file ignored.
    const asMultipart = await vera.upload('/anliegen/kunden-anlegen', customer, {
      field: 'anhaenge',
      filename: 'ausweis.pdf',
      type: 'application/pdf',
      data: '%PDF-1.7\n%%EOF\n',
    });
    expect([asMultipart.status, errorCodesOf(asMultipart.body)]).toEqual([422, ['REQUEST_PRIVACY_NOTICE_REQUIRED']]);
    // Another tenant's grant is none of Vera's.
    const otherGrant = await vera.post('/anliegen/kunden-anlegen', {
      ...customer,
      privacyNotice: 'ja',
      grantId: betaGrant.id,
    });
    expect(errorCodesOf(otherGrant.body)).toEqual(['REQUEST_GRANT_REQUIRED']);
    const filed = await vera.post('/anliegen/kunden-anlegen', { ...customer, privacyNotice: 'ja' });
    expect(filed.status).toBe(303);
    const path = required(/^(\/nachrichten\/[0-9a-f-]{36})\?gesendet$/.exec(filed.location ?? '')?.[1]);
    const id = required(path.split('/')[2]);
    const own = textOf((await vera.get(path)).body);
    expect(own).toContain('Anliegen: Kunden anlegen');
    expect(own).toContain('Neuer Kunde');
    expect((await max.get(path)).status).toBe(404);

    const { client: bert } = await logIn(portal, acme.origin, 'bert@acme.example');
    const mine = await bert.get('/admin/nachrichten?ansicht=mine&art=customer_add');
    expect(mine.body).toContain(`data-conversation-id="${id}"`);
    expect(textOf((await bert.get(`/admin/nachrichten/${id}`)).body)).toContain('Hohe Straße 1 50667 Köln');

    const read = await api.call('GET', `/conversations/${id}`);
    expect(read.body).toMatchObject({
      kind: 'customer_add',
      customerNumber: null,
      assignedStaffId: betreuer.identityId,
      fields: { customerKind: 'private', lastName: 'Neu', email: 'nina@beispiel.de', privacyNoticeConfirmed: true },
    });
    const listed = await api.call('GET', '/conversations');
    expect(listed.body.items).toContainEqual(expect.objectContaining({ id, customerNumber: null }));
    expect((await world.betaApi.call('GET', `/conversations/${id}`)).status).toBe(404);
    const eventOf = async () => {
      await portal.services.webhooks.deliverDueWebhooks();
      return receiver.received
        .map((body) => (JSON.parse(body) as { data: { conversationId: string } }).data)
        .find((item) => item.conversationId === id);
    };
    await expect.poll(eventOf, { timeout: 10_000 }).toMatchObject({ kind: 'customer_add', customerNumber: null });
  });
});
