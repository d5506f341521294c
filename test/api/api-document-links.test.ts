import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CLI_ORIGIN } from '../../src/modules/audit/audit-service.js';
import { DOCUMENT_LINK_ORIGIN } from '../../src/modules/documents/document-link.js';
import { DOCUMENT_LINK_CLIENT_RULE } from '../../src/modules/throttling/throttle-policy.js';
import { actorOf } from '../../src/http/pages/audit-page.js';
import { MINUTE } from '../../src/shared/clock.js';
import { translatorFor } from '../../src/shared/i18n/translator.js';
import { required } from '../../src/shared/required.js';
import { PLATFORM_ORIGIN } from '../support/test-portal.js';
import { databaseKind } from '../support/test-database.js';
import { expectAnswersMatchContract } from './api-client.js';
import { acceptInvitation, createApiWorld, logIn, type ApiWorld } from './api-setup.js';

const PDF = '%PDF-1.7\nSchadenmeldung mit Foto\n%%EOF\n';

interface UploadedEvent {
  id: string;
  type: string;
  data: {
    documentId: string;
    customerNumber: string;
    contract: { id: string; insurerNumber: string; sparte: string; policyNumber: string } | null;
    download: { url: string; expiresAt: string };
    [field: string]: unknown;
  };
}

/** The CRM's endpoint on loopback: keeps each event and answers with the status set last. */
async function startReceiver() {
  const events: UploadedEvent[] = [];
  let status = 204;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      events.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as UploadedEvent);
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/crm`,
    events,
    answerWith: (next: number) => {
      status = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe(`document.uploaded with its download link (${databaseKind})`, () => {
  let world: ApiWorld;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeEach(async () => {
    world = await createApiWorld();
    receiver = await startReceiver();
    const hook = await world.api.call('POST', '/webhooks', {
      body: { url: receiver.url, events: ['document.uploaded'] },
    });
    expect(hook.status).toBe(201);
  });
  afterEach(async () => {
    await expectAnswersMatchContract(world.portal, world.api.recorded);
    await receiver.close();
    await world.portal.close();
  });

  /** A customer of Acme with one contract, and a policyholder of it logged in to the portal. */
  async function customerWithPerson() {
    const customerNumber = `K${randomUUID().slice(0, 8).toUpperCase()}`;
    const { portal, acme } = world;
    const contract = { insurerNumber: '5311', sparte: '130', policyNumber: `P${customerNumber.slice(1)}` };
    await portal.services.portfolio.upsertBatch(
      acme.id,
      [
        { type: 'customer', action: 'upsert', customer: { customerNumber, kind: 'private', lastName: 'Muster' } },
        { type: 'contract', action: 'upsert', contract: { ...contract, customerNumber, status: 'active' } },
      ],
      CLI_ORIGIN,
    );
    const customer = await portal.services.portfolio.getCustomer(acme.id, customerNumber);
    const contractId = (await portal.services.portfolio.getContract(acme.id, contract)).id;
    const email = `kunde-${customerNumber.toLowerCase()}@example.com`;
    const grantName = `Haushalt ${customerNumber}`;
    await portal.services.grants.createGrant(acme.id, {
      name: grantName,
      kind: 'customer',
      customerNumbers: [customerNumber],
      shareContractsAutomatically: true,
    });
    await portal.services.invitations.invite({
      tenantId: acme.id,
      email,
      name: 'Kundin',
      role: 'policyholder',
      grantName,
    });
    await acceptInvitation(portal, acme.origin, email);
    const { client } = await logIn(portal, acme.origin, email);
    const people = await portal.services.people.listPeople(acme.id);
    const personId = required(people.find((person) => person.email === email)).identityId;
    return { customerId: customer.id, customerNumber, contract: { id: contractId, ...contract }, client, personId };
  }

  /** Delivers until the receiver holds `count` events (the portal's own worker may take a delivery as well). */
  async function eventsDelivered(count: number): Promise<UploadedEvent[]> {
    await vi.waitFor(async () => {
      await world.portal.services.webhooks.deliverDueWebhooks();
      expect(receiver.events).toHaveLength(count);
    });
    return receiver.events;
  }

  /** A link's answer with its body read, as the CRM reads it (an answer left unread would keep its file open). */
  const fetchLink = async (url: string) => {
    const answer = await world.portal.app.request(url);
    return { answer, bytes: Buffer.from(await answer.arrayBuffer()) };
  };
  const pathOf = (url: string) => new URL(url).pathname.replace(/^\/api\/v1/, '');

  it('a customer sends a document: the CRM gets the event and its link downloads the same bytes until it expires; a retry carries a fresh link', async () => {
    const { customerId, customerNumber, contract, client, personId } = await customerWithPerson();
    receiver.answerWith(500);
    await client.get('/dokumente');
    const sent = await client.upload(
      '/dokumente/senden',
      { kunde: customerId, vertrag: contract.id, kommentar: 'Wasserschaden' },
      { field: 'datei', filename: 'schaden.pdf', type: 'application/pdf', data: PDF },
    );
    expect(sent.status).toBe(303);
    // The CRM's own upload, even one marked as from the customer, is not reported back to it.
    const own = await world.portal.services.documents.store(
      world.acme.id,
      { customerNumber, title: 'Vom CRM', keywords: [], direction: 'from_customer' },
      Readable.from([PDF]),
      'application/pdf',
      { apiKeyId: required((await world.portal.services.apiKeys.listApiKeys(world.acme.id))[0]).id },
    );

    const [first] = await eventsDelivered(1);
    const event = required(first);
    expect(event.type).toBe('document.uploaded');
    expect(event.data.documentId).not.toBe(own.id);
    const { documentId } = event.data;
    expect(event.data).toMatchObject({
      customerNumber,
      contract,
      title: 'schaden',
      keywords: [],
      comment: 'Wasserschaden',
      contentType: 'application/pdf',
      size: Buffer.byteLength(PDF),
      uploadedAt: world.portal.clock.now().toISOString(),
      uploadedBy: { personId },
    });
    const firstLink = event.data.download;
    expect(firstLink.url.startsWith(`${PLATFORM_ORIGIN}/api/v1/document-links/`)).toBe(true);
    expect(new Date(firstLink.expiresAt).getTime() - world.portal.clock.now().getTime()).toBe(15 * MINUTE);

    // The receiver failed; the retry comes later than the first link lives and carries a new one.
    receiver.answerWith(204);
    world.portal.clock.advance(20 * MINUTE);
    const [, second] = await eventsDelivered(2);
    const retried = required(second);
    expect(retried.id).toBe(event.id);
    expect(retried.data.download.url).not.toBe(firstLink.url);
    expect((await world.api.call('GET', pathOf(firstLink.url), { key: null })).body.code).toBe('document_link_invalid');

    const { answer: download, bytes } = await fetchLink(retried.data.download.url);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="schaden\.pdf"/);
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('cache-control')).toContain('no-store');
    expect(bytes.toString('utf8')).toBe(PDF);
    const audit = await world.portal.services.audit.listForTenant(world.acme.id, 50, {});
    expect(
      audit.filter(
        (row) =>
          row.kind === 'document.downloaded' &&
          row.origin === DOCUMENT_LINK_ORIGIN &&
          row.detail === `Dokument: ${documentId}`,
      ),
    ).toHaveLength(1);
    expect(actorOf(translatorFor('en'), { actorEmail: null, email: null, origin: DOCUMENT_LINK_ORIGIN })).toBe(
      "The CRM's download link",
    );

    // Within its lifetime and not after.
    world.portal.clock.advance(15 * MINUTE - 1000);
    expect((await fetchLink(retried.data.download.url)).answer.status).toBe(200);
    world.portal.clock.advance(1000);
    const expired = await world.api.call('GET', pathOf(retried.data.download.url), { key: null });
    expect(expired.status).toBe(404);
    expect(expired.body.code).toBe('document_link_invalid');
  });

  it('an altered token, one made for another tenant, and the link of a deleted document answer the same 404', async () => {
    const { customerNumber, personId } = await customerWithPerson();
    const stored = await world.portal.services.documents.store(
      world.acme.id,
      { customerNumber, title: 'Foto', keywords: [], direction: 'from_customer' },
      Readable.from([PDF]),
      'application/pdf',
      { identityId: personId },
    );
    const { download } = required((await eventsDelivered(1))[0]).data;
    const token = required(pathOf(download.url).split('/').at(-1));
    const refusedWith = async (path: string) => {
      const answer = await world.api.call('GET', path, { key: null });
      return `${answer.status} ${answer.body.code}`;
    };

    const altered = `${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`;
    expect(await refusedWith(`/document-links/${altered}`)).toBe('404 document_link_invalid');
    expect(await refusedWith(`/document-links/${token.slice(0, -1)}`)).toBe('404 document_link_invalid');
    expect(await refusedWith('/document-links/kein-token')).toBe('404 document_link_invalid');
    // Signed with the portal's own key, but naming Acme's document under Beta: the tenant is part of every lookup.
    const forBeta = await world.portal.services.documents.downloadLinkFor(world.beta.id, stored.id);
    expect(await refusedWith(pathOf(forBeta.url))).toBe('404 document_link_invalid');

    expect((await fetchLink(download.url)).answer.status).toBe(200);
    await world.portal.services.documents.delete(world.acme.id, stored.id, CLI_ORIGIN);
    expect(await refusedWith(pathOf(download.url))).toBe('404 document_link_invalid');
  });
});

describe(`the download links' limit per client address (${databaseKind})`, () => {
  let world: ApiWorld;

  beforeEach(async () => {
    world = await createApiWorld();
  });
  afterEach(async () => {
    await expectAnswersMatchContract(world.portal, world.api.recorded);
    await world.portal.close();
  });

  it('links that open nothing count until the client is refused with 429, valid ones included; working links never count, another client is not touched', async () => {
    const { portal, acme } = world;
    const customerNumber = `K${randomUUID().slice(0, 8).toUpperCase()}`;
    await portal.services.portfolio.upsertBatch(
      acme.id,
      [{ type: 'customer', action: 'upsert', customer: { customerNumber, kind: 'private', lastName: 'Muster' } }],
      CLI_ORIGIN,
    );
    const stored = await portal.services.documents.store(
      acme.id,
      { customerNumber, title: 'Foto', keywords: [], direction: 'from_customer' },
      Readable.from([PDF]),
      'application/pdf',
      { kind: 'system' },
    );
    const link = new URL((await portal.services.documents.downloadLinkFor(acme.id, stored.id)).url).pathname.replace(
      /^\/api\/v1/,
      '',
    );
    const token = required(link.split('/').at(-1));
    // Downloads that work are read as the CRM reads them (the contract check covers the refusals).
    const download = async () => {
      const answer = await portal.app.request(`${PLATFORM_ORIGIN}/api/v1${link}`);
      await answer.arrayBuffer();
      return answer;
    };
    const unknown = `/document-links/${token.slice(0, -2)}xx`;

    // A CRM that fetches many documents from one address is never stopped.
    for (let index = 0; index < 40; index += 1) {
      expect((await download()).status).toBe(200);
    }
    // The free failures, and the one that sets the lock, are answered.
    for (let index = 0; index <= DOCUMENT_LINK_CLIENT_RULE.freeFailures; index += 1) {
      expect((await world.api.call('GET', unknown, { key: null })).body.code).toBe('document_link_invalid');
    }
    const limited = await world.api.call('GET', unknown, { key: null });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toBe('application/problem+json');
    expect(limited.body).toMatchObject({ status: 429, code: 'document_link_rate_limited' });
    // The first lock is a minute; Retry-After counts down what is left of it.
    expect(limited.headers.get('retry-after')).toBe('60');
    // The limit tells nothing about which token is right.
    const valid = await world.api.call('GET', link, { key: null });
    expect(`${String(valid.status)} ${String(valid.body.code)}`).toBe('429 document_link_rate_limited');

    // Another address is counted on its own.
    const elsewhere = await portal.services.documents.openByLink(token, { client: '203.0.113.9', userAgent: null });
    elsewhere.body.destroy();
    expect(elsewhere.document.id).toBe(stored.id);

    portal.clock.advance(45_500);
    expect((await world.api.call('GET', link, { key: null })).headers.get('retry-after')).toBe('15');

    // The lock ends; a working link then works again.
    portal.clock.advance(MINUTE - 45_500 + 1000);
    expect((await download()).status).toBe(200);
  });
});
