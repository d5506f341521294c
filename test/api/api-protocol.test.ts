import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKind } from '../support/test-database.js';
import { expectAnswersMatchContract } from './api-client.js';
import { acceptInvitation, createApiWorld, type ApiWorld } from './api-setup.js';
import { required } from '../../src/shared/required.js';

describe(`API v1 keys, bad input, idempotency, rate limits, bulk (${databaseKind})`, () => {
  let world: ApiWorld;

  beforeAll(async () => {
    world = await createApiWorld();
  });
  afterAll(() => world.portal.close());

  it('accepts keys only as a bearer token, and a revoked key stops at once', async () => {
    expect((await world.api.call('GET', '/grants', { key: null })).status).toBe(401);
    expect((await world.api.call('GET', '/grants', { key: 'ptk_live_' + 'x'.repeat(43) })).status).toBe(401);
    expect((await world.api.call('GET', `/grants?api_key=${world.acmeKey}`, { key: null })).status).toBe(401);
    const answer = await world.api.call('GET', '/grants', {
      key: null,
      headers: { authorization: `Basic ${world.acmeKey}` },
    });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toContain('Bearer');
    expect(answer.body.code).toBe('unauthorized');

    const { key, summary } = await world.portal.services.apiKeys.createApiKey(world.acme.id, 'Kurzlebig');
    expect(key).toMatch(/^ptk_live_[A-Za-z0-9_-]{43}$/);
    expect((await world.api.call('GET', '/grants', { key })).status).toBe(200);
    const listed = required(
      (await world.portal.services.apiKeys.listApiKeys(world.acme.id)).find((entry) => entry.id === summary.id),
    );
    expect(listed.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed)).not.toContain(key.slice(15));
    expect(await world.portal.services.apiKeys.revokeApiKey(world.beta.id, summary.id)).toBe(false);
    expect(await world.portal.services.apiKeys.revokeApiKey(world.acme.id, summary.id)).toBe(true);
    expect((await world.api.call('GET', '/grants', { key })).status).toBe(401);
  });

  it('refuses bad input with a problem and a stable code, never a 500', async () => {
    const form = await world.api.call('POST', '/grants', {
      rawBody: 'name=x&kind=customer',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect([form.status, form.body.code]).toEqual([415, 'unsupported_media_type']);
    const broken = await world.api.call('POST', '/grants', { rawBody: '{"name": "x",' });
    expect([broken.status, broken.body.code]).toEqual([400, 'invalid_json']);
    // Bytes that are not UTF-8 are refused, not stored as replacement characters.
    const notUtf8 = new Uint8Array([
      ...Buffer.from('{"name": "'),
      0xff,
      0xfe,
      ...Buffer.from('", "kind": "customer"}'),
    ]);
    const undecodable = await world.api.call('POST', '/grants', { rawBody: notUtf8 });
    expect([undecodable.status, undecodable.body.code]).toEqual([400, 'invalid_utf8']);
    const unknown = await world.api.call('POST', '/grants', { body: { name: 'x', kind: 'customer', colour: 'red' } });
    expect([unknown.status, unknown.body.code]).toEqual([400, 'validation_failed']);
    expect(JSON.stringify(unknown.body.errors)).toContain('colour');
    const tenant = await world.api.call('POST', '/grants', { body: { name: 'x', kind: 'customer', tenant: 'beta' } });
    expect([tenant.status, tenant.body.code]).toEqual([400, 'tenant_not_allowed']);
    expect(
      (await world.api.call('POST', '/grants', { body: { name: 'x'.repeat(121), kind: 'customer' } })).body.code,
    ).toBe('validation_failed');
    expect(
      (
        await world.api.call('POST', '/grants', {
          body: {
            name: 'x',
            kind: 'customer',
            customerNumbers: Array.from({ length: 101 }, (_, index) => `K${index}`),
          },
        })
      ).body.code,
    ).toBe('validation_failed');
    expect(
      (
        await world.api.call('POST', '/grants', {
          body: { name: 'x', kind: 'customer', customerNumbers: ['K 1; drop'] },
        })
      ).body.code,
    ).toBe('customer_number_invalid');
    expect((await world.api.call('POST', '/grants', { body: [] })).body.code).toBe('validation_failed');
    expect((await world.api.call('POST', '/grants', { body: 'text' })).body.code).toBe('validation_failed');
    const grant = (await world.api.call('POST', '/grants', { body: { name: 'Ünïcødé 👪 Familie', kind: 'customer' } }))
      .body;
    expect(grant.name).toBe('Ünïcødé 👪 Familie');
    for (const name of ['Null\u0000Byte', 'Rechts\u202eLinks', '\u200b']) {
      const answer = await world.api.call('POST', `/grants/${grant.id}/people`, {
        body: { email: 'odd@example.com', name, kind: 'policyholder' },
      });
      expect([answer.status, answer.body.code]).toEqual([422, 'name_invalid']);
    }
    for (const email of ['kein-at', 'a@b', 'x@exa mple.com', 'é@\u0000.de']) {
      expect(
        (
          await world.api.call('POST', `/grants/${grant.id}/people`, {
            body: { email, name: 'Odd', kind: 'policyholder' },
          })
        ).body.code,
      ).toBe('email_invalid');
    }
    // Text the database cannot store is the caller's error, wherever no rule of its own refuses it first.
    const nul = await world.api.call('PUT', '/customers/NUL-1', {
      body: { kind: 'private', firstName: 'Null\u0000Byte', lastName: 'Kunde' },
    });
    expect([nul.status, nul.body.code]).toEqual([400, 'invalid_characters']);
    expect((await world.api.call('GET', '/grants/not-a-uuid')).status).toBe(404);
    expect((await world.api.call('GET', '/grants?limit=1000')).body.code).toBe('validation_failed');
    expect((await world.api.call('GET', '/grants?cursor=%27%3B--')).status).toBe(200);
    // A path without an endpoint answers like every other refusal, not with a web page.
    const nowhere = await world.api.call('GET', '/nowhere');
    expect([nowhere.status, nowhere.body.code]).toEqual([404, 'not_found']);
    expect((await world.api.call('POST', '/nowhere/deeper', { body: {} })).body.code).toBe('not_found');
    const huge = await world.api.call('POST', '/invitations/bulk', {
      rawBody: JSON.stringify({ items: [], pad: 'x'.repeat(3 * 1024 * 1024) }),
    });
    expect([huge.status, huge.body.code]).toEqual([413, 'payload_too_large']);
  });

  it('replays a POST with the same Idempotency-Key and body, refuses another body, and reports a running one', async () => {
    const headers = { 'idempotency-key': 'grant-create-1' };
    const first = await world.api.call('POST', '/grants', { body: { name: 'Einmalig', kind: 'customer' }, headers });
    const again = await world.api.call('POST', '/grants', { body: { name: 'Einmalig', kind: 'customer' }, headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const other = await world.api.call('POST', '/grants', { body: { name: 'Anders', kind: 'customer' }, headers });
    expect([other.status, other.body.code]).toEqual([422, 'idempotency_key_reused']);

    // A request that claimed the key and is still working: the second one is told so.
    const caller = required(await world.portal.services.apiKeys.authenticate(world.acmeKey));
    const { createHash } = await import('node:crypto');
    const bodyText = JSON.stringify({ name: 'Läuft', kind: 'customer' });
    const hash = createHash('sha256').update('POST /api/v1/grants\n').update(bodyText).digest('hex');
    expect((await world.portal.services.apiKeys.claimIdempotencyKey(caller.apiKeyId, 'running-1', hash)).kind).toBe(
      'claimed',
    );
    const running = await world.api.call('POST', '/grants', {
      rawBody: bodyText,
      headers: { 'idempotency-key': 'running-1' },
    });
    expect([running.status, running.body.code]).toEqual([409, 'idempotency_key_in_use']);

    // Several at once with one key: exactly one grant, every answer either the first's or "in use".
    const racers = await Promise.all(
      Array.from({ length: 5 }, () =>
        world.api.call('POST', '/grants', {
          body: { name: 'Wettlauf', kind: 'customer' },
          headers: { 'idempotency-key': 'race-1' },
        }),
      ),
    );
    const created = racers.filter((answer) => answer.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((answer) => answer.body.id)).size).toBe(1);
    expect(racers.every((answer) => answer.status === 201 || answer.status === 409)).toBe(true);
    const grants = (await world.api.call('GET', '/grants?limit=100')).body.items.filter(
      (grant: { name: string }) => grant.name === 'Wettlauf',
    );
    expect(grants).toHaveLength(1);

    // Keys belong to one API key: the other tenant's identical key is its own.
    expect(
      (await world.betaApi.call('POST', '/grants', { body: { name: 'Anders', kind: 'customer' }, headers })).status,
    ).toBe(201);
    // After 24 hours the key may be used for something else.
    world.portal.clock.advance(24 * 60 * 60 * 1000 + 1000);
    expect(
      (await world.api.call('POST', '/grants', { body: { name: 'Später', kind: 'customer' }, headers })).status,
    ).toBe(201);
  });

  it('invites in bulk with one result per item and the same rules as one invitation', async () => {
    const grant = (await world.api.call('POST', '/grants', { body: { name: 'Bestand', kind: 'customer' } })).body;
    await world.api.call('POST', `/grants/${grant.id}/people`, {
      body: { email: 'bekannt@example.com', name: 'Bea Bekannt', kind: 'policyholder' },
    });
    await acceptInvitation(world.portal, world.acme.origin, 'bekannt@example.com');
    const answer = await world.api.call('POST', '/invitations/bulk', {
      body: {
        items: [
          { email: 'Erste@Example.com', name: 'Erika Erste', kind: 'policyholder', grant: { id: grant.id } },
          {
            email: 'bekannt@example.com',
            name: 'Bea Bekannt',
            kind: 'policyholder',
            grant: { name: 'Familie Bekannt', customerNumbers: ['K-9'] },
          },
          { email: 'erste@example.com', name: 'Doppelt', kind: 'policyholder', grant: { id: grant.id } },
          { email: 'kaputt', name: 'Kaputt', kind: 'policyholder', grant: { id: grant.id } },
          {
            email: 'makler@example.com',
            name: 'Max Makler',
            kind: 'intermediary',
            grant: { name: 'Agentur Max', customerNumbers: ['V-1'] },
          },
          { email: 'falsch@example.com', name: 'Falsche Art', kind: 'intermediary', grant: { id: grant.id } },
          {
            email: 'fremd@example.com',
            name: 'Fremd',
            kind: 'policyholder',
            grant: { id: '00000000-0000-4000-8000-000000000000' },
          },
        ],
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ accepted: 3, failed: 4 });
    expect(
      answer.body.results.map(
        (result: { status: string; error?: { code: string } }) => result.error?.code ?? result.status,
      ),
    ).toEqual([
      'invited',
      'active',
      'DUPLICATE_IN_BATCH',
      'EMAIL_INVALID',
      'invited',
      'GRANT_KIND_MISMATCH',
      'GRANT_NOT_FOUND',
    ]);
    const erste = await world.api.call('GET', '/people?email=erste@example.com');
    expect(erste.body.items[0]).toMatchObject({ email: 'Erste@Example.com', state: 'invited', grantIds: [grant.id] });
    await world.portal.deliverMail();
    expect((await world.portal.smtp.waitForMail('makler@example.com')).subject).toContain('Acme');
    // The known person got no set-password link; the information mail goes out only for a new membership.
    await acceptInvitation(world.portal, world.acme.origin, 'erste@example.com');
    expect((await world.api.call('GET', `/people/${erste.body.items[0].id}`)).body.state).toBe('active');
    const audit = (await world.api.call('GET', '/audit-events?limit=100')).body.items.map(
      (event: { kind: string; email: string | null }) => `${event.kind} ${event.email}`,
    );
    expect(audit).toEqual(
      expect.arrayContaining([
        'invitation.created Erste@Example.com',
        'invitation.created makler@example.com',
        'access.granted bekannt@example.com',
      ]),
    );

    const tooMany = await world.api.call('POST', '/invitations/bulk', {
      body: {
        items: Array.from({ length: 1001 }, (_, index) => ({
          email: `p${index}@example.com`,
          name: 'P',
          kind: 'policyholder',
          grant: { id: grant.id },
        })),
      },
    });
    expect([tooMany.status, tooMany.body.code]).toEqual([400, 'validation_failed']);
    const full = await world.api.call('POST', '/invitations/bulk', {
      body: {
        items: Array.from({ length: 1000 }, (_, index) => ({
          email: `voll${index}@example.com`,
          name: `Person ${index}`,
          kind: 'policyholder',
          grant: { name: `Haushalt ${index % 10}`, customerNumbers: [`H-${index % 10}`] },
        })),
      },
    });
    expect(full.body).toMatchObject({ accepted: 1000, failed: 0 });
    expect((await world.portal.services.outbox.status()).counts['queued']).toBe(1000);
  });

  it('every answer matches the OpenAPI document', async () => {
    await expectAnswersMatchContract(world.portal, [...world.api.recorded, ...world.betaApi.recorded]);
  });
});

describe(`API v1 rate limit (${databaseKind})`, () => {
  it('answers 429 with Retry-After once a key used its requests of the minute, counted in the database', async () => {
    const world = await createApiWorld({ API_RATE_LIMIT: '3' });
    try {
      for (let index = 0; index < 3; index += 1) {
        expect((await world.api.call('GET', '/grants')).status).toBe(200);
      }
      const limited = await world.api.call('GET', '/grants');
      expect([limited.status, limited.body.code]).toEqual([429, 'rate_limited']);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      // A second app on the same database (another process) shares the count.
      const { createApp } = await import('../../src/http/app.js');
      const other = createApp({
        services: world.portal.services,
        csrfSecret: world.portal.runtime.csrfSecret,
        isDevMailboxShown: false,
        readiness: world.portal.runtime.readiness,
      });
      expect(
        (
          await other.request('http://api.portico.test/api/v1/grants', {
            headers: { authorization: `Bearer ${world.acmeKey}` },
          })
        ).status,
      ).toBe(429);
      expect((await world.betaApi.call('GET', '/grants')).status).toBe(200);
      world.portal.clock.advance(60_000);
      expect((await world.api.call('GET', '/grants')).status).toBe(200);
      await expectAnswersMatchContract(world.portal, world.api.recorded);
    } finally {
      await world.portal.close();
    }
  });
});
