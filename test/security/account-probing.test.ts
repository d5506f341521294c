import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { createApiClient, type ApiClient } from '../api/api-client.js';
import { ACCOUNT_PASSWORD, activatePerson, logIn } from '../support/accounts.js';
import { createClient, textOf, type Client } from '../support/browserless-client.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

/** Has a password at Beta; Acme must not be able to tell. */
const KNOWN = { email: 'bekannt@example.com', name: 'Bernd Bekannt' };
/** New to Portico. */
const UNKNOWN = { email: 'neu@example.com', name: 'Nina Neu' };
const OPERATOR = { identityId: null, origin: { client: 'cli', userAgent: null } };
const NO_OPTIONS = {
  includeClaims: false,
  includeReferenceAddresses: false,
  shareCases: false,
  shareContractsAutomatically: false,
  linesOfBusiness: '',
  documentProfile: '',
  separateGrantPerInvitee: true,
  delegatedProfileIds: [] as string[],
};

interface Tenant {
  id: string;
  host: string;
  origin: string;
}

interface World {
  portal: TestPortal;
  acme: Tenant;
  beta: Tenant;
  staff: Client;
  api: ApiClient;
  events: { type: string; data: { personId: string | null } }[];
  close(): Promise<void>;
}

/** A CRM's webhook endpoint on loopback: what the broker's systems hear. */
async function startReceiver(events: World['events']): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      events.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function createWorld(): Promise<World> {
  const portal = await createTestPortal();
  const acme = await createTestTenant(portal);
  const beta = await createTestTenant(portal, 'beta', 'Beta Finanz KG');
  await activatePerson(portal, acme, 'mitarbeiter@acme.example', 'staff_admin');
  await activatePerson(portal, beta, KNOWN.email, 'policyholder');
  const staff = await logIn(portal, acme.origin, 'mitarbeiter@acme.example');
  const api = createApiClient(portal, (await portal.services.apiKeys.createApiKey(acme.id, 'CRM')).key);
  const events: World['events'] = [];
  const receiver = await startReceiver(events);
  const hook = await api.call('POST', '/webhooks', {
    body: {
      url: receiver.url,
      events: ['invitation.sent', 'invitation.delivery_failed', 'invitation.accepted', 'person.email_confirmed'],
    },
  });
  expect(hook.status).toBe(201);
  return {
    portal,
    acme,
    beta,
    staff,
    api,
    events,
    async close() {
      await receiver.close();
      await portal.close();
    },
  };
}

async function withWorld(test: (world: World) => Promise<void>): Promise<void> {
  const world = await createWorld();
  try {
    await test(world);
  } finally {
    await world.close();
  }
}

async function mailsTo(world: World, email: string): Promise<number> {
  const result = await world.portal.runtime.database.db.execute(
    sql`select count(*)::int as n from outbox where tenant_id = ${world.acme.id} and lower(to_address) = ${email}`,
  );
  return required((result as { rows: { n: number }[] }).rows[0]).n;
}

/** Everything Acme's staff and systems can see of one person: list row, API record, webhook events, audit trail. */
async function seenByAcme(world: World, email: string): Promise<unknown> {
  const person = (await world.api.call('GET', `/people?email=${encodeURIComponent(email)}`)).body.items[0];
  const row = required(
    (await world.portal.services.people.listPeople(world.acme.id)).find((candidate) => candidate.email === email),
  );
  const audit = (await world.api.call('GET', '/audit-events?limit=100')).body.items.filter(
    (event: { email: string | null }) => event.email === email,
  );
  const { id, email: _email, name: _name, createdAt: _createdAt, grantIds, ...record } = person;
  return {
    record: { ...record, grantCount: grantIds.length },
    row: { state: row.state, roles: row.roles, lifecycle: row.lifecycle },
    events: world.events
      .filter((event) => event.data.personId === id)
      .map((event) => event.type)
      .sort(),
    audit: audit.map((event: { kind: string }) => event.kind).sort(),
  };
}

/** Delivers what is due, then compares what Acme sees of the known and the unknown address. */
async function expectAlike(world: World, options: { mails: number } = { mails: 1 }): Promise<void> {
  await world.portal.deliverMail();
  await world.portal.services.webhooks.deliverDueWebhooks();
  // The portal's own webhook worker may hold an event at that moment (its lease makes the call above skip it), so the
  // receiver can get it a moment later: compare once both have arrived.
  await vi.waitFor(async () => {
    const known = await seenByAcme(world, KNOWN.email);
    expect(known).toEqual(await seenByAcme(world, UNKNOWN.email));
    expect(known).toMatchObject({
      record: { state: 'invited' },
      row: { state: 'invited', lifecycle: { step: 'sent' } },
      events: Array(options.mails).fill('invitation.sent'),
    });
  });
  // The mails differ, for the people only: a link for the new address, the note that access is open for the known one.
  expect((await world.portal.smtp.waitForMail(UNKNOWN.email)).text).toContain('/set-password?token=');
  expect((await world.portal.smtp.waitForMail(KNOWN.email)).text).not.toContain('/set-password');
}

/**
 * The known person logs in at Acme: from then on Acme sees the real state, and hears that the invitation was accepted.
 */
async function expectAcceptedByFirstLogin(world: World, options: { mails: number } = { mails: 1 }): Promise<void> {
  const known = await logIn(world.portal, world.acme.origin, KNOWN.email);
  expect(textOf((await known.get('/')).body)).toContain(`angemeldet als ${KNOWN.email}`);
  await world.portal.services.webhooks.deliverDueWebhooks();
  const person = (await world.api.call('GET', `/people?email=${KNOWN.email}`)).body.items[0];
  expect(person.state).toBe('active');
  expect(
    (await world.portal.services.people.listPeople(world.acme.id)).find((row) => row.email === KNOWN.email),
  ).toMatchObject({ state: 'active', lifecycle: { step: 'first_login' } });
  expect(world.events.filter((event) => event.data.personId === person.id).map((event) => event.type)).toEqual([
    ...Array(options.mails).fill('invitation.sent'),
    'invitation.accepted',
  ]);
}

async function uploadCsv(world: World, content: string): Promise<{ preview: string; result: string }> {
  await world.staff.get('/admin/import');
  const preview = await world.staff.upload(
    '/admin/import',
    {},
    { field: 'csv', filename: 'kunden.csv', type: 'text/csv', data: content },
  );
  const action = required(required(/action="(\/admin\/import\/[0-9a-f-]+\/start)"/.exec(preview.body))[1]);
  const started = await world.staff.post(action, {});
  await world.portal.services.imports.settle();
  return { preview: textOf(preview.body), result: textOf((await world.staff.get(required(started.location))).body) };
}

describe(`an address known to another broker looks like a new one until the first login here (${databaseKind})`, () => {
  it('in the workspace form', () =>
    withWorld(async (world) => {
      const invite = (person: typeof KNOWN) =>
        world.staff.post('/admin/people/invite', { ...person, kind: 'policyholder', grant: '', customers: '' });
      expect((await invite(KNOWN)).location).toBe('/admin/people?eingeladen');
      expect((await invite(UNKNOWN)).location).toBe('/admin/people?eingeladen');
      const page = textOf((await world.staff.get('/admin/people')).body);
      expect(page).not.toContain('bereits');
      await expectAlike(world);
      await expectAcceptedByFirstLogin(world);
    }));

  it('in a CSV import, preview and result', () =>
    withWorld(async (world) => {
      const { preview, result } = await uploadCsv(
        world,
        [
          'email;name;kind',
          `${KNOWN.email};${KNOWN.name};policyholder`,
          `${UNKNOWN.email};${UNKNOWN.name};policyholder`,
        ].join('\n'),
      );
      expect(preview).toContain('2 Zeilen bereit, 0 mit Fehlern');
      expect(result).toContain('2 eingeladen, 0 hatten hier schon Zugang, 0 nicht möglich.');
      await expectAlike(world);
      await expectAcceptedByFirstLogin(world);
    }));

  it('in the API, one person at a time', () =>
    withWorld(async (world) => {
      const grant = (await world.api.call('POST', '/grants', { body: { name: 'Depot', kind: 'customer' } })).body;
      const add = async (person: typeof KNOWN) => {
        const answer = await world.api.call('POST', `/grants/${grant.id}/people`, {
          body: { ...person, kind: 'policyholder' },
        });
        const { id: _id, email: _email, name: _name, createdAt: _createdAt, ...rest } = answer.body;
        return { status: answer.status, ...rest };
      };
      const known = await add(KNOWN);
      expect(known).toEqual(await add(UNKNOWN));
      expect(known).toMatchObject({ status: 201, state: 'invited' });
      await expectAlike(world);
      await expectAcceptedByFirstLogin(world);
    }));

  it('in the API, in bulk', () =>
    withWorld(async (world) => {
      const answer = await world.api.call('POST', '/invitations/bulk', {
        body: {
          items: [KNOWN, UNKNOWN].map((person) => ({
            ...person,
            kind: 'policyholder',
            grant: { name: 'Depot', customerNumbers: ['K-1'] },
          })),
        },
      });
      const [known, unknown] = answer.body.results.map(
        ({ index: _index, personId: _personId, ...rest }: { index: number; personId: string }) => rest,
      );
      expect(known).toEqual(unknown);
      expect(known.status).toBe('invited');
      await expectAlike(world);
      await expectAcceptedByFirstLogin(world);
    }));

  it('when a portal user invites colleagues', () =>
    withWorld(async (world) => {
      const { portal, acme } = world;
      const profiles = portal.services.profiles;
      const colleagueProfile = (
        (await profiles.save(acme.id, null, { ...NO_OPTIONS, name: 'Mitarbeiter' }, OPERATOR)) as { id: string }
      ).id;
      const firmProfile = (
        (await profiles.save(
          acme.id,
          null,
          { ...NO_OPTIONS, name: 'Firmenkunde', delegatedProfileIds: [colleagueProfile] },
          OPERATOR,
        )) as { id: string }
      ).id;
      const grantId = (
        await portal.services.grants.createGrant(acme.id, {
          name: 'Firma Stein',
          kind: 'customer',
          customerNumbers: ['300001'],
        })
      ).id;
      await activatePerson(portal, acme, 'inhaber@stein.example', 'policyholder');
      const tenant = required(await portal.services.tenants.findTenantById(acme.id));
      await portal.services.people.addPersonToGrant(
        tenant,
        grantId,
        { email: 'inhaber@stein.example', name: 'Ines Inhaber', kind: 'policyholder' },
        OPERATOR.origin,
      );
      await portal.services.grants.applyProfile(acme.id, grantId, await profiles.find(acme.id, firmProfile));
      const holder = await logIn(portal, acme.origin, 'inhaber@stein.example');
      await holder.get('/colleagues');
      const invite = (person: typeof KNOWN) =>
        holder.post('/colleagues', { offer: `${grantId}:${colleagueProfile}`, ...person });
      expect((await invite(KNOWN)).location).toBe('/colleagues?eingeladen');
      expect((await invite(UNKNOWN)).location).toBe('/colleagues?eingeladen');
      const colleagues = textOf((await holder.get('/colleagues')).body);
      expect(colleagues).toContain(`${KNOWN.email} · eingeladen`);
      expect(colleagues).toContain(`${UNKNOWN.email} · eingeladen`);
      await expectAlike(world);
      await expectAcceptedByFirstLogin(world);
      expect(textOf((await holder.get('/colleagues')).body)).toContain(`${KNOWN.email} · aktiv`);
    }));

  it('"forgot password" on the broker\'s host, which the broker can use too, resends the invitation to both alike', () =>
    withWorld(async (world) => {
      const grant = (await world.api.call('POST', '/grants', { body: { name: 'Depot', kind: 'customer' } })).body;
      for (const person of [KNOWN, UNKNOWN]) {
        await world.api.call('POST', `/grants/${grant.id}/people`, { body: { ...person, kind: 'policyholder' } });
      }
      world.portal.clock.advance(61_000);
      const browser = createClient(world.portal.app, world.acme.origin);
      await browser.get('/forgot-password');
      for (const person of [KNOWN, UNKNOWN]) {
        expect((await browser.post('/forgot-password', { email: person.email })).status).toBe(200);
        expect(await mailsTo(world, person.email)).toBe(2);
      }
      await expectAlike(world, { mails: 2 });
      await expectAcceptedByFirstLogin(world, { mails: 2 });
    }));

  it("a revoked invitation ends the known person's access here, as it does for a new address; the other broker is not affected", () =>
    withWorld(async (world) => {
      const grant = (await world.api.call('POST', '/grants', { body: { name: 'Depot', kind: 'customer' } })).body;
      for (const person of [KNOWN, UNKNOWN]) {
        const added = (
          await world.api.call('POST', `/grants/${grant.id}/people`, { body: { ...person, kind: 'policyholder' } })
        ).body;
        expect((await world.api.call('POST', `/people/${added.id}/revoke-invitation`)).body.state).toBe(
          'invitation_expired',
        );
      }
      await expectAlikeAfter(world, 'invitation_revoked');
      const refused = createClient(world.portal.app, world.acme.origin);
      await refused.get('/login');
      expect((await refused.post('/login', { email: KNOWN.email, password: ACCOUNT_PASSWORD })).status).toBe(401);
      expect((await logIn(world.portal, world.beta.origin, KNOWN.email)).cookies.size).toBeGreaterThan(0);
    }));

  it("an expired invitation ends the known person's access here, as it does for a new address", () =>
    withWorld(async (world) => {
      const grant = (await world.api.call('POST', '/grants', { body: { name: 'Depot', kind: 'customer' } })).body;
      for (const person of [KNOWN, UNKNOWN]) {
        await world.api.call('POST', `/grants/${grant.id}/people`, { body: { ...person, kind: 'policyholder' } });
      }
      world.portal.clock.advance(8 * 24 * 60 * 60 * 1000);
      await expectAlikeAfter(world, 'invitation_expired');
      const refused = createClient(world.portal.app, world.acme.origin);
      await refused.get('/login');
      expect((await refused.post('/login', { email: KNOWN.email, password: ACCOUNT_PASSWORD })).status).toBe(401);
      // A resend opens access again: the same as a fresh link for the new address.
      const known = (await world.api.call('GET', `/people?email=${KNOWN.email}`)).body.items[0];
      expect((await world.api.call('POST', `/people/${known.id}/resend-invitation`)).body.state).toBe('invited');
      await expectAcceptedByFirstLoginAfterResend(world);
    }));

  it('shows staff the address, name and language they entered, not those of the account elsewhere', () =>
    withWorld(async (world) => {
      const grant = (await world.api.call('POST', '/grants', { body: { name: 'Depot', kind: 'customer' } })).body;
      world.portal.clock.advance(60_000);
      const invitedAt = world.portal.clock.now().getTime();
      const entered = { email: 'BEKANNT@Example.com', name: 'B. Bekannt (Gartenbau)', language: 'en' };
      const added = await world.api.call('POST', `/grants/${grant.id}/people`, {
        body: { ...entered, kind: 'policyholder' },
      });
      expect(added.body).toMatchObject({ email: entered.email, name: entered.name, language: 'en', state: 'invited' });
      expect(new Date(added.body.createdAt).getTime()).toBeGreaterThanOrEqual(invitedAt);
      const row = required(
        (await world.portal.services.people.listPeople(world.acme.id)).find(
          (person) => person.canonicalEmail === KNOWN.email,
        ),
      );
      expect(row).toMatchObject({ email: entered.email, name: entered.name });
      // The workspace's search finds the person by what staff entered, never by the account's own name.
      const search = async (text: string) =>
        (
          await world.portal.services.people.listPeopleTable(world.acme.id, {
            scope: { search: text },
            sort: 'name',
            direction: 'asc',
            cursor: null,
            isBackward: false,
            limit: 50,
          })
        ).people.map((person) => person.email);
      const ownName = required(
        (await world.portal.services.people.listPeople(world.beta.id)).find(
          (person) => person.canonicalEmail === KNOWN.email,
        ),
      ).name;
      expect(await search('Gartenbau')).toEqual([entered.email]);
      expect(await search(ownName)).toEqual([]);
      // The Protokoll keeps the address as it was then, also after the first login.
      const logged = async () =>
        (await world.api.call('GET', '/audit-events?limit=100')).body.items.filter(
          (event: { personId: string | null }) => event.personId === added.body.id,
        );
      expect((await logged()).map((event: { email: string }) => event.email)).toEqual([entered.email]);
      // After the first login here the person's own details are shown.
      await logIn(world.portal, world.acme.origin, KNOWN.email);
      const atBeta = required(
        (await world.portal.services.people.listPeople(world.beta.id)).find(
          (person) => person.canonicalEmail === KNOWN.email,
        ),
      );
      expect(atBeta.name).not.toBe(entered.name);
      expect((await world.api.call('GET', `/people/${added.body.id}`)).body).toMatchObject({
        email: KNOWN.email,
        name: atBeta.name,
        state: 'active',
      });
      expect((await logged()).find((event: { kind: string }) => event.kind === 'invitation.created')).toMatchObject({
        email: entered.email,
      });
    }));

  it('re-addresses a pending invitation alike, whether the corrected address is known elsewhere or not', () =>
    withWorld(async (world) => {
      const grant = (await world.api.call('POST', '/grants', { body: { name: 'Depot', kind: 'customer' } })).body;
      const typo = async (email: string) =>
        (
          await world.api.call('POST', `/grants/${grant.id}/people`, {
            body: { email, name: 'Tina Tippfehler', kind: 'policyholder' },
          })
        ).body.id as string;
      const [first, second] = [await typo('bekant@example.com'), await typo('neu@exmaple.com')];
      world.portal.clock.advance(61_000);
      const toKnown = await world.api.call('PATCH', `/people/${first}`, { body: { email: KNOWN.email } });
      const toNew = await world.api.call('PATCH', `/people/${second}`, { body: { email: UNKNOWN.email } });
      const shown = (answer: typeof toKnown) => {
        const { id: _id, email, createdAt: _createdAt, ...rest } = answer.body.person;
        return { status: answer.status, code: answer.body.code, email: String(email).split('@')[0], ...rest };
      };
      expect(shown(toKnown)).toEqual({ ...shown(toNew), email: 'bekannt' });
      expect(shown(toKnown)).toMatchObject({ status: 202, name: 'Tina Tippfehler', state: 'invited' });
      await expectAlike(world);
      // The account at Beta keeps its name and password; the old addresses' invitations are gone.
      expect((await logIn(world.portal, world.beta.origin, KNOWN.email)).cookies.size).toBeGreaterThan(0);
      const left = await world.portal.runtime.database.db.execute(
        sql`select count(*)::int as n from identities where email in ('bekant@example.com', 'neu@exmaple.com')`,
      );
      expect(required((left as { rows: { n: number }[] }).rows[0]).n).toBe(0);
      await expectAcceptedByFirstLogin(world);
    }));

  it('refuses to re-address an invitation to the address of somebody already on its own list', () =>
    withWorld(async (world) => {
      const grant = (await world.api.call('POST', '/grants', { body: { name: 'Depot', kind: 'customer' } })).body;
      const pending = (
        await world.api.call('POST', `/grants/${grant.id}/people`, { body: { ...UNKNOWN, kind: 'policyholder' } })
      ).body;
      const answer = await world.api.call('PATCH', `/people/${pending.id}`, {
        body: { email: 'mitarbeiter@acme.example' },
      });
      expect(answer.status).toBe(409);
      expect(answer.body.code).toBe('email_taken');
      expect((await world.api.call('GET', `/people/${pending.id}`)).body.email).toBe(UNKNOWN.email);
    }));
});

async function expectAlikeAfter(world: World, state: 'invitation_revoked' | 'invitation_expired'): Promise<void> {
  await world.portal.deliverMail();
  await world.portal.services.webhooks.deliverDueWebhooks();
  const known = await seenByAcme(world, KNOWN.email);
  expect(known).toEqual(await seenByAcme(world, UNKNOWN.email));
  expect(known).toMatchObject({ record: { state: 'invitation_expired' }, row: { state } });
}

async function expectAcceptedByFirstLoginAfterResend(world: World): Promise<void> {
  const known = await logIn(world.portal, world.acme.origin, KNOWN.email);
  expect(textOf((await known.get('/')).body)).toContain(`angemeldet als ${KNOWN.email}`);
  expect((await world.api.call('GET', `/people?email=${KNOWN.email}`)).body.items[0].state).toBe('active');
}

describe(`one cooldown for every invitation (${databaseKind})`, () => {
  const bulk = (world: World) =>
    world.api.call('POST', '/invitations/bulk', {
      body: {
        items: [KNOWN, UNKNOWN].map((person) => ({ ...person, kind: 'policyholder', grant: { name: 'Depot' } })),
      },
    });

  it('a repeated bulk request answers like the first and sends no second mail', () =>
    withWorld(async (world) => {
      const first = await bulk(world);
      const second = await bulk(world);
      expect(second.body).toEqual(first.body);
      expect(await mailsTo(world, KNOWN.email)).toBe(1);
      expect(await mailsTo(world, UNKNOWN.email)).toBe(1);
      // After the cooldown a repeat is a resend: one more mail each, the older link stops working.
      world.portal.clock.advance(61_000);
      await bulk(world);
      expect(await mailsTo(world, KNOWN.email)).toBe(2);
      expect(await mailsTo(world, UNKNOWN.email)).toBe(2);
    }));

  it('two identical bulk requests at the same moment send one mail to each person', () =>
    withWorld(async (world) => {
      const answers = await Promise.all([bulk(world), bulk(world)]);
      expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
      expect(answers[0].body).toEqual(answers[1].body);
      expect(await mailsTo(world, KNOWN.email)).toBe(1);
      expect(await mailsTo(world, UNKNOWN.email)).toBe(1);
    }));

  it('a repeated single invitation within the cooldown answers alike and sends nothing', () =>
    withWorld(async (world) => {
      const invite = () =>
        world.staff.post('/admin/people/invite', { ...UNKNOWN, kind: 'policyholder', grant: '', customers: '' });
      expect((await invite()).location).toBe('/admin/people?eingeladen');
      expect((await invite()).location).toBe('/admin/people?eingeladen');
      expect(await mailsTo(world, UNKNOWN.email)).toBe(1);
    }));

  it("another broker's invitation does not hold this broker's resend back", () =>
    withWorld(async (world) => {
      const grant = (await world.api.call('POST', '/grants', { body: { name: 'Depot', kind: 'customer' } })).body;
      const person = (
        await world.api.call('POST', `/grants/${grant.id}/people`, { body: { ...UNKNOWN, kind: 'policyholder' } })
      ).body;
      world.portal.clock.advance(61_000);
      await world.portal.services.invitations.invite({
        tenantId: world.beta.id,
        email: UNKNOWN.email,
        name: UNKNOWN.name,
        role: 'policyholder',
      });
      const resent = await world.api.call('POST', `/people/${person.id}/resend-invitation`);
      expect(resent.status).toBe(200);
      expect(await mailsTo(world, UNKNOWN.email)).toBe(2);
      // The workspace's resend, and the person's own "forgot password", follow the same per-broker rule.
      expect((await world.staff.post(`/admin/people/${person.id}/resend`, {})).location).toBe(
        '/admin/people?bitte-warten',
      );
      expect(await mailsTo(world, UNKNOWN.email)).toBe(2);
      world.portal.clock.advance(61_000);
      const forgot = createClient(world.portal.app, world.acme.origin);
      await forgot.get('/forgot-password');
      await forgot.post('/forgot-password', { email: UNKNOWN.email });
      expect(await mailsTo(world, UNKNOWN.email)).toBe(3);
    }));
});
