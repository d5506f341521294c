import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { textOf } from '../support/browserless-client.js';
import { databaseKind } from '../support/test-database.js';
import { expectAnswersMatchContract } from './api-client.js';
import { acceptInvitation, createApiWorld, logIn, type ApiWorld } from './api-setup.js';

describe(`API v1 resources (${databaseKind})`, () => {
  let world: ApiWorld;
  let staffId: string;

  beforeAll(async () => {
    world = await createApiWorld();
    const staff = await world.portal.services.invitations.invite({
      tenantId: world.acme.id,
      email: 'betreuerin@acme.example',
      name: 'Berta Betreuerin',
      role: 'staff_user',
    });
    staffId = staff.identityId;
  });
  afterAll(() => world.portal.close());
  // Every answer a test received must be declared in the OpenAPI document and match its schema.
  afterEach(async () => {
    const recorded = [...world.api.recorded.splice(0), ...world.betaApi.recorded.splice(0)];
    await expectAnswersMatchContract(world.portal, recorded);
  });

  /** A person of this test's own on a new grant, who has set a password. */
  async function activePerson(email: string, name: string): Promise<{ id: string }> {
    const grant = (await world.api.call('POST', '/grants', { body: { name: `Depot ${email}`, kind: 'customer' } }))
      .body;
    const person = await world.api.call('POST', `/grants/${grant.id}/people`, {
      body: { email, name, kind: 'policyholder' },
    });
    expect(person.status).toBe(201);
    await acceptInvitation(world.portal, world.acme.origin, email);
    return { id: person.body.id };
  }

  it('publishes an OpenAPI 3.1 document and a reference page rendered by Portico', async () => {
    const document = await (await world.portal.app.request('http://api.portico.test/api/v1/openapi.json')).json();
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/grants',
        '/grants/{grantId}/people/{personId}',
        '/people/{personId}/deactivate',
        '/invitations/bulk',
        '/audit-events',
        '/webhooks/{webhookId}/deliveries',
      ]),
    );
    expect(document.components.schemas.GrantCreate.additionalProperties).toBe(false);
    const page = await world.portal.app.request('http://api.portico.test/api/docs');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toMatch(/<script|https?:\/\/(?!portico\.dev)[a-z]/i);
    const text = textOf(html);
    for (const topic of [
      'Authentication',
      'Idempotency',
      'Rate limits',
      'Webhooks',
      'Portico-Signature',
      'POST /api/v1/invitations/bulk',
      'problem+json',
    ]) {
      expect(text).toContain(topic);
    }
  });

  it('creates, lists with a cursor, reads, changes and deletes grants with their sharing options', async () => {
    const created = await world.api.call('POST', '/grants', {
      body: {
        name: 'Familie Muster',
        kind: 'customer',
        customerNumbers: ['K-1', 'K-2'],
        includeClaims: true,
        shareCases: true,
        restrictedLinesOfBusiness: ['KFZ', 'Hausrat'],
        documentProfile: 'Standard',
        responsibleStaffId: staffId,
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Familie Muster',
      kind: 'customer',
      customerNumbers: ['K-1', 'K-2'],
      includeClaims: true,
      includeReferenceAddresses: false,
      shareCases: true,
      restrictedLinesOfBusiness: ['KFZ', 'Hausrat'],
      documentProfile: 'Standard',
      responsibleStaffId: staffId,
    });
    expect(
      (await world.api.call('POST', '/grants', { body: { name: 'Familie Muster', kind: 'customer' } })).body.code,
    ).toBe('grant_name_taken');
    expect(
      (
        await world.api.call('POST', '/grants', {
          body: { name: 'X', kind: 'customer', responsibleStaffId: created.body.id },
        })
      ).body.code,
    ).toBe('staff_member_invalid');
    for (const name of ['B', 'C', 'D']) {
      expect(
        (await world.api.call('POST', '/grants', { body: { name: `Grant ${name}`, kind: 'intermediary' } })).status,
      ).toBe(201);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const answer = await world.api.call('GET', `/grants?limit=2${cursor === null ? '' : `&cursor=${cursor}`}`);
      expect(answer.status).toBe(200);
      seen.push(...answer.body.items.map((grant: { name: string }) => grant.name));
      cursor = answer.body.nextCursor;
    } while (cursor !== null);
    expect(seen.sort()).toEqual(['Familie Muster', 'Grant B', 'Grant C', 'Grant D']);

    const id = created.body.id;
    expect((await world.api.call('GET', `/grants/${id}`)).body.name).toBe('Familie Muster');
    const patched = await world.api.call('PATCH', `/grants/${id}`, {
      body: {
        name: 'Familie Mustermann',
        customerNumbers: ['K-3'],
        shareContractsAutomatically: true,
        responsibleStaffId: null,
      },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      name: 'Familie Mustermann',
      customerNumbers: ['K-3'],
      shareContractsAutomatically: true,
      includeClaims: true,
      responsibleStaffId: null,
    });
    expect((await world.api.call('PATCH', `/grants/${id}`, { body: { name: 'Grant B' } })).status).toBe(409);
    const doomed = (await world.api.call('POST', '/grants', { body: { name: 'Weg damit', kind: 'customer' } })).body.id;
    expect((await world.api.call('DELETE', `/grants/${doomed}`)).status).toBe(204);
    expect((await world.api.call('GET', `/grants/${doomed}`)).status).toBe(404);
  });

  it('shares a grant with new and known people, and answers their state', async () => {
    const grant = (await world.api.call('POST', '/grants', { body: { name: 'Depot Neu', kind: 'customer' } })).body;
    const invited = await world.api.call('POST', `/grants/${grant.id}/people`, {
      body: { email: 'Neu.Kunde@Example.com', name: 'Nora Neu', kind: 'policyholder', language: 'en' },
    });
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({
      email: 'Neu.Kunde@Example.com',
      name: 'Nora Neu',
      state: 'invited',
      roles: ['policyholder'],
      grantIds: [grant.id],
      language: 'en',
    });
    await acceptInvitation(world.portal, world.acme.origin, 'Neu.Kunde@Example.com');
    expect((await world.api.call('GET', `/people/${invited.body.id}`)).body.state).toBe('active');

    // The same person (address in another spelling) on a second grant: active at once, no set-password link.
    const second = (await world.api.call('POST', '/grants', { body: { name: 'Depot Zwei', kind: 'customer' } })).body;
    const known = await world.api.call('POST', `/grants/${second.id}/people`, {
      body: { email: 'neu.kunde@example.com', name: 'Nora Neu', kind: 'policyholder' },
    });
    expect(known.body).toMatchObject({ id: invited.body.id, state: 'active' });
    expect(known.body.grantIds.sort()).toEqual([grant.id, second.id].sort());
    expect(
      (
        await world.api.call('POST', `/grants/${second.id}/people`, {
          body: { email: 'v@example.com', name: 'Vera', kind: 'intermediary' },
        })
      ).body.code,
    ).toBe('grant_kind_mismatch');
  });

  it('lists people with a cursor and filters by address and state', async () => {
    await activePerson('aktiv@liste.example', 'Aktiv');
    const grant = (await world.api.call('POST', '/grants', { body: { name: 'Liste', kind: 'customer' } })).body;
    for (const name of ['eins', 'zwei', 'drei']) {
      await world.api.call('POST', `/grants/${grant.id}/people`, {
        body: { email: `${name}@liste.example`, name, kind: 'policyholder' },
      });
    }
    const ids = new Set<string>();
    let cursor: string | null = null;
    do {
      const answer = await world.api.call('GET', `/people?limit=2${cursor === null ? '' : `&cursor=${cursor}`}`);
      answer.body.items.forEach((person: { id: string }) => ids.add(person.id));
      cursor = answer.body.nextCursor;
    } while (cursor !== null);
    expect(ids.size).toBe((await world.portal.services.people.listPeople(world.acme.id)).length);
    const byEmail = await world.api.call('GET', '/people?email=ZWEI@liste.example');
    expect(byEmail.body.items.map((person: { name: string }) => person.name)).toEqual(['zwei']);
    const active = await world.api.call('GET', '/people?state=active');
    expect(active.body.items.every((person: { state: string }) => person.state === 'active')).toBe(true);
    expect(active.body.items.some((person: { email: string }) => person.email === 'aktiv@liste.example')).toBe(true);
    expect((await world.api.call('GET', '/people?state=sleeping')).status).toBe(400);
  });

  it('changes an address, resends and revokes invitations', async () => {
    const known = await activePerson('Bekannt.Kunde@Example.com', 'Bea Bekannt');
    const grant = (await world.api.call('POST', '/grants', { body: { name: 'Einladungen', kind: 'customer' } })).body;
    const person = (
      await world.api.call('POST', `/grants/${grant.id}/people`, {
        body: { email: 'ida@example.com', name: 'Ida', kind: 'policyholder' },
      })
    ).body;
    expect((await world.api.call('POST', `/people/${person.id}/resend-invitation`)).body.code).toBe(
      'invitation_too_soon',
    );
    world.portal.clock.advance(61_000);
    expect((await world.api.call('POST', `/people/${person.id}/resend-invitation`)).body.state).toBe('invited');
    const revoked = await world.api.call('POST', `/people/${person.id}/revoke-invitation`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.state).toBe('invitation_expired');
    // A pending invitation of this tenant moves to the corrected address at once, with the same answer code.
    const changed = await world.api.call('PATCH', `/people/${person.id}`, { body: { email: 'ida.neu@example.com' } });
    expect(changed.status).toBe(202);
    expect(changed.body).toMatchObject({ code: 'email_change_requested', person: { email: 'ida.neu@example.com' } });
    // The address of another person of this tenant is refused, and nothing changes.
    const taken = await world.api.call('PATCH', `/people/${changed.body.person.id}`, {
      body: { email: 'bekannt.kunde@example.com' },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('email_taken');
    expect((await world.api.call('GET', `/people/${changed.body.person.id}`)).body.email).toBe('ida.neu@example.com');
    // A person with a password is asked at their current address; nothing changes until they do it themselves.
    const asked = await world.api.call('PATCH', `/people/${known.id}`, { body: { email: 'woanders@example.com' } });
    expect(asked.status).toBe(202);
    expect(asked.body).toMatchObject({
      code: 'email_change_requested',
      person: { email: 'Bekannt.Kunde@Example.com' },
    });
    expect((await world.api.call('POST', `/people/${known.id}/revoke-invitation`)).body.code).toBe(
      'person_has_password',
    );
  });

  it('deactivates a person in this tenant only: same login answer, sessions end, reactivation restores access', async () => {
    const person = await activePerson('pause@example.com', 'Paul Pause');
    const session = await logIn(world.portal, world.acme.origin, 'pause@example.com');
    expect(session.status).toBe(303);
    expect((await session.client.get('/')).status).toBe(200);
    const deactivated = await world.api.call('POST', `/people/${person.id}/deactivate`);
    expect(deactivated.body.state).toBe('deactivated');
    expect((await session.client.get('/')).location).toBe('/login');
    // The answer for a deactivated person is the one for a wrong password: nothing tells them apart.
    const refused = await logIn(world.portal, world.acme.origin, 'pause@example.com');
    const stranger = await logIn(world.portal, world.acme.origin, 'niemand@example.com');
    expect(refused.status).toBe(stranger.status);
    expect(refused.text.replace('pause@example.com', '…')).toBe(stranger.text.replace('niemand@example.com', '…'));
    expect((await world.api.call('POST', `/people/${person.id}/reactivate`)).body.state).toBe('active');
    expect((await logIn(world.portal, world.acme.origin, 'pause@example.com')).status).toBe(303);
  });

  it('removing a person from their last grant ends their access and sessions at once', async () => {
    const grant = (await world.api.call('POST', '/grants', { body: { name: 'Kurz', kind: 'customer' } })).body;
    const person = (
      await world.api.call('POST', `/grants/${grant.id}/people`, {
        body: { email: 'kurz@example.com', name: 'Karl Kurz', kind: 'policyholder' },
      })
    ).body;
    await acceptInvitation(world.portal, world.acme.origin, 'kurz@example.com');
    const session = await logIn(world.portal, world.acme.origin, 'kurz@example.com');
    expect((await session.client.get('/')).status).toBe(200);
    expect((await world.api.call('DELETE', `/grants/${grant.id}/people/${person.id}`)).status).toBe(204);
    expect((await session.client.get('/')).location).toBe('/login');
    expect((await world.api.call('GET', `/people/${person.id}`)).status).toBe(404);
    expect((await world.api.call('DELETE', `/grants/${grant.id}/people/${person.id}`)).status).toBe(404);
  });

  it('pages through the audit events', async () => {
    const person = await activePerson('protokoll@example.com', 'Paula Protokoll');
    await world.api.call('POST', `/people/${person.id}/deactivate`);
    const grant = (await world.api.call('POST', '/grants', { body: { name: 'Protokoll', kind: 'customer' } })).body;
    const leaving = await world.api.call('POST', `/grants/${grant.id}/people`, {
      body: { email: 'weg@example.com', name: 'Wanda Weg', kind: 'policyholder' },
    });
    await world.api.call('DELETE', `/grants/${grant.id}/people/${leaving.body.id}`);
    const first = await world.api.call('GET', '/audit-events?limit=3');
    expect(first.body.items).toHaveLength(3);
    const next = await world.api.call('GET', `/audit-events?limit=100&cursor=${first.body.nextCursor}`);
    expect(next.body.items.map((event: { id: string }) => event.id)).not.toContain(first.body.items[0].id);
    const kinds = [...first.body.items, ...next.body.items].map((event: { kind: string }) => event.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['grant.created', 'invitation.created', 'person.deactivated', 'access.removed']),
    );
  });

  it('answers 404 for every id of another tenant', async () => {
    const grant = (await world.api.call('POST', '/grants', { body: { name: 'Geheim', kind: 'customer' } })).body;
    const person = (
      await world.api.call('POST', `/grants/${grant.id}/people`, {
        body: { email: 'geheim@example.com', name: 'Gina', kind: 'policyholder' },
      })
    ).body;
    const hook = (
      await world.api.call('POST', '/webhooks', { body: { url: 'http://127.0.0.1:9/hook', events: ['grant.changed'] } })
    ).body;
    const calls: [string, string, unknown?][] = [
      ['GET', `/grants/${grant.id}`],
      ['PATCH', `/grants/${grant.id}`, { name: 'Übernommen' }],
      ['DELETE', `/grants/${grant.id}`],
      ['POST', `/grants/${grant.id}/people`, { email: 'x@example.com', name: 'X', kind: 'policyholder' }],
      ['DELETE', `/grants/${grant.id}/people/${person.id}`],
      ['GET', `/people/${person.id}`],
      ['PATCH', `/people/${person.id}`, { email: 'y@example.com' }],
      ['POST', `/people/${person.id}/deactivate`],
      ['POST', `/people/${person.id}/reactivate`],
      ['POST', `/people/${person.id}/resend-invitation`],
      ['POST', `/people/${person.id}/revoke-invitation`],
      ['DELETE', `/webhooks/${hook.id}`],
      ['GET', `/webhooks/${hook.id}/deliveries`],
    ];
    for (const [method, path, body] of calls) {
      const answer = await world.betaApi.call(method, path, body === undefined ? {} : { body });
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.headers.get('content-type')).toBe('application/problem+json');
    }
    expect((await world.betaApi.call('GET', '/people?email=geheim@example.com')).body.items).toEqual([]);
    expect((await world.api.call('GET', `/grants/${grant.id}`)).body.name).toBe('Geheim');
    expect((await world.api.call('GET', `/people/${person.id}`)).body.state).toBe('invited');
  });
});
