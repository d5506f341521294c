import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCommand } from '../../src/operator-commands/commands.js';
import { parseWebhookUrl } from '../../src/modules/webhooks/webhook.js';
import { linkFrom } from '../support/smtp-receiver.js';
import { databaseKind } from '../support/test-database.js';
import { createApiClient, expectAnswersMatchContract } from './api-client.js';
import { acceptInvitation, createApiWorld, logIn, PASSWORD, type ApiWorld } from './api-setup.js';
import { required } from '../../src/shared/required.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A CRM's webhook endpoint on loopback that verifies signatures the documented way. */
async function startReceiver(): Promise<{
  url: string;
  received: Received[];
  answerWith(status: number): void;
  close(): Promise<void>;
  server: Server;
}> {
  const received: Received[] = [];
  let status = 204;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/portico-events`,
    received,
    server,
    answerWith: (next) => {
      status = next;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function isSignatureValid(secret: string, header: string | undefined, body: string, nowSeconds: number): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (match === null || Math.abs(nowSeconds - Number(match[1])) > 300) {
    return false;
  }
  const expected = createHmac('sha256', secret).update(`${match[1]}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(required(match[2]), 'hex'));
}

describe(`API v1 webhooks (${databaseKind})`, () => {
  let world: ApiWorld;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  // Each test has a portal and a receiver of its own; what it answered is checked against the OpenAPI document.
  beforeEach(async () => {
    world = await createApiWorld();
    receiver = await startReceiver();
  });
  afterEach(async () => {
    await expectAnswersMatchContract(world.portal, world.api.recorded);
    await receiver.close();
    await world.portal.close();
  });

  it('signs and delivers invitation, acceptance and grant events to a receiver, with a delivery log', async () => {
    const created = await world.api.call('POST', '/webhooks', {
      body: {
        url: receiver.url,
        events: ['invitation.sent', 'invitation.accepted', 'person.email_confirmed', 'grant.changed'],
      },
    });
    expect(created.status).toBe(201);
    const { id, secret } = created.body;
    expect(secret).toMatch(/^whsec_/);
    expect(JSON.stringify((await world.api.call('GET', '/webhooks')).body)).not.toContain(secret);

    const grant = (await world.api.call('POST', '/grants', { body: { name: 'Hook', kind: 'customer' } })).body;
    await world.api.call('POST', `/grants/${grant.id}/people`, {
      body: { email: 'hook@example.com', name: 'Hanna Hook', kind: 'policyholder' },
    });
    await acceptInvitation(world.portal, world.acme.origin, 'hook@example.com');
    await world.portal.services.webhooks.deliverDueWebhooks();

    const nowSeconds = Math.floor(world.portal.clock.now().getTime() / 1000);
    const events = receiver.received.map((request) => {
      expect(isSignatureValid(secret, request.headers['portico-signature'] as string, request.body, nowSeconds)).toBe(
        true,
      );
      expect(
        isSignatureValid(
          secret,
          request.headers['portico-signature'] as string,
          request.body.replace('}', ' }'),
          nowSeconds,
        ),
      ).toBe(false);
      expect(
        isSignatureValid(secret, request.headers['portico-signature'] as string, request.body, nowSeconds + 301),
      ).toBe(false);
      return JSON.parse(request.body);
    });
    expect(events.map((event) => event.type)).toEqual(
      expect.arrayContaining(['grant.changed', 'invitation.sent', 'invitation.accepted']),
    );
    const sent = events.find((event) => event.type === 'invitation.sent');
    expect(sent.data).toMatchObject({ email: 'hook@example.com' });
    expect(events.find((event) => event.type === 'invitation.accepted').data.personId).toBe(sent.data.personId);

    // A changed address confirmed by the person is reported too: the CRM asks, the person changes it with their
    // password.
    expect(
      (await world.api.call('PATCH', `/people/${sent.data.personId}`, { body: { email: 'hanna.neu@example.com' } }))
        .status,
    ).toBe(202);
    const { client: browser } = await logIn(world.portal, world.acme.origin, 'hook@example.com');
    await browser.get('/profile');
    expect(
      (await browser.post('/profile/email', { newEmail: 'hanna.neu@example.com', currentPassword: PASSWORD })).status,
    ).toBe(303);
    await world.portal.deliverMail();
    const link = new URL(
      linkFrom(await world.portal.smtp.waitForMail('hanna.neu@example.com'), '/confirm-email-change'),
    );
    await browser.get(link.pathname + link.search);
    expect(
      (await browser.post('/confirm-email-change', { token: required(link.searchParams.get('token')) })).status,
    ).toBe(200);
    await world.portal.services.webhooks.deliverDueWebhooks();
    const confirmed = receiver.received
      .map((request) => JSON.parse(request.body))
      .find((event) => event.type === 'person.email_confirmed');
    expect(confirmed.data.personId).toBe(sent.data.personId);

    const log = await world.api.call('GET', `/webhooks/${id}/deliveries`);
    expect(log.status).toBe(200);
    expect(log.body.items.length).toBe(receiver.received.length);
    expect(
      log.body.items.every(
        (delivery: { status: string; attempts: { statusCode: number }[] }) =>
          delivery.status === 'delivered' && required(delivery.attempts[0]).statusCode === 204,
      ),
    ).toBe(true);
  });

  it('retries with backoff when the receiver fails, logging every attempt', async () => {
    await world.api.call('POST', '/webhooks', { body: { url: receiver.url, events: ['grant.changed'] } });
    receiver.answerWith(500);
    await world.api.call('POST', '/grants', { body: { name: 'Fehler', kind: 'customer' } });
    await world.portal.services.webhooks.deliverDueWebhooks();
    expect(receiver.received).toHaveLength(1);
    await world.portal.services.webhooks.deliverDueWebhooks();
    expect(receiver.received).toHaveLength(1);
    receiver.answerWith(200);
    world.portal.clock.advance(11_000);
    await world.portal.services.webhooks.deliverDueWebhooks();
    expect(receiver.received).toHaveLength(2);
    expect(required(receiver.received[1]).headers['portico-delivery']).toBe(
      required(receiver.received[0]).headers['portico-delivery'],
    );
    const hooks = (await world.api.call('GET', '/webhooks')).body.items;
    const log = (await world.api.call('GET', `/webhooks/${hooks[0].id}/deliveries`)).body.items;
    const delivery = log.find(
      (entry: { eventType: string; status: string; attempts: unknown[] }) =>
        entry.eventType === 'grant.changed' && entry.attempts.length === 2,
    );
    expect(delivery.status).toBe('delivered');
    expect(delivery.attempts.map((attempt: { statusCode: number }) => attempt.statusCode)).toEqual([500, 200]);
  });

  it('reports a failed invitation mail, refuses non-http or private targets in production, and deletes webhooks', async () => {
    receiver.received.length = 0;
    const hook = (
      await world.api.call('POST', '/webhooks', { body: { url: receiver.url, events: ['invitation.delivery_failed'] } })
    ).body;
    world.portal.smtp.setBehaviour({ kind: 'refuse', code: 550, message: 'no such mailbox' });
    const grant = (await world.api.call('POST', '/grants', { body: { name: 'Unzustellbar', kind: 'customer' } })).body;
    await world.api.call('POST', `/grants/${grant.id}/people`, {
      body: { email: 'weg@example.com', name: 'Wera Weg', kind: 'policyholder' },
    });
    await world.portal.deliverMail();
    world.portal.smtp.setBehaviour({ kind: 'accept' });
    // The delivery may also be taken by the portal's own worker, woken by the commit: wait for it either way.
    const failedEvents = () =>
      receiver.received
        .map((request) => JSON.parse(request.body) as { type: string; data: { email: string } })
        .filter((event) => event.type === 'invitation.delivery_failed');
    await vi.waitFor(async () => {
      await world.portal.services.webhooks.deliverDueWebhooks();
      expect(failedEvents()).toHaveLength(1);
    });
    const failed = failedEvents();
    expect(required(failed[0]).data.email).toBe('weg@example.com');

    expect(
      (await world.api.call('POST', '/webhooks', { body: { url: 'ftp://example.com/x', events: ['grant.changed'] } }))
        .body.code,
    ).toBe('webhook_url_invalid');
    expect(
      (
        await world.api.call('POST', '/webhooks', {
          body: { url: 'https://example.com/x', events: ['something.else'] },
        })
      ).body.code,
    ).toBe('validation_failed');
    for (const url of [
      'http://127.0.0.1/x',
      'http://10.1.2.3/x',
      'http://[::1]/x',
      'http://localhost:8080/x',
      'http://192.168.0.1/',
      'http://169.254.169.254/latest',
      'http://[::ffff:127.0.0.1]/',
      'http://localhost./',
    ]) {
      expect(parseWebhookUrl(url, { isPrivateTargetAllowed: false }), url).toBeNull();
    }
    expect(parseWebhookUrl('https://crm.example.com/hooks', { isPrivateTargetAllowed: false })).toBe(
      'https://crm.example.com/hooks',
    );
    expect(parseWebhookUrl('https://user:pw@crm.example.com/', { isPrivateTargetAllowed: true })).toBeNull();

    expect((await world.api.call('DELETE', `/webhooks/${hook.id}`)).status).toBe(204);
    expect((await world.api.call('DELETE', `/webhooks/${hook.id}`)).status).toBe(404);
    expect(
      (await world.api.call('GET', '/webhooks')).body.items.map((entry: { id: string }) => entry.id),
    ).not.toContain(hook.id);
  });

  it('creates, lists and revokes API keys from the command line', async () => {
    const created = await runCommand(world.portal.services, 'api-key.create', { tenant: 'beta', name: 'CRM Test' });
    const key = required(created[1]);
    expect(key).toMatch(/^ptk_live_/);
    const client = createApiClient(world.portal, key);
    expect((await client.call('GET', '/grants')).status).toBe(200);
    const listed = await runCommand(world.portal.services, 'api-key.list', { tenant: 'beta' });
    const line = required(listed.find((entry) => entry.includes('CRM Test')));
    expect(line).not.toContain(key);
    expect(line).not.toContain('last used never');
    const id = required(line.split(' ')[0]);
    await expect(runCommand(world.portal.services, 'api-key.revoke', { tenant: 'acme', id })).rejects.toThrow(
      /No active API key/,
    );
    await runCommand(world.portal.services, 'api-key.revoke', { tenant: 'beta', id });
    expect((await client.call('GET', '/grants')).status).toBe(401);
  });
});
