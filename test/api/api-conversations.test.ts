import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ORIGIN } from '../../src/modules/audit/audit-service.js';
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
});
