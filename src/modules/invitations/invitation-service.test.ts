import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../operator-commands/commands.js';
import { identities, memberships, outbox } from '../../db/schema.js';
import { createApiClient, type ApiClient } from '../../../test/api/api-client.js';
import { activatePerson, logIn } from '../../../test/support/accounts.js';
import type { Client } from '../../../test/support/browserless-client.js';
import { databaseKind } from '../../../test/support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../../../test/support/test-portal.js';
import { MINUTE } from '../../shared/clock.js';
import { CLI_ORIGIN } from '../audit/audit-service.js';
import { grantsIn } from '../grants/grant-service.js';
import type { Tenant } from '../tenants/tenant.js';

describe(`one invitation path for every entry point (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string; host: string; origin: string };
  let beta: { id: string; host: string; origin: string };
  let acmeTenant: Tenant;
  let staff: Client;
  let api: ApiClient;

  const db = () => portal.runtime.database.db;

  async function mailsTo(address: string): Promise<{ kind: string; tenantId: string | null }[]> {
    return db()
      .select({ kind: outbox.kind, tenantId: outbox.tenantId })
      .from(outbox)
      .where(eq(outbox.toAddress, address));
  }

  async function rolesAt(tenantId: string, address: string): Promise<string[]> {
    const rows = await db()
      .select({ role: memberships.role })
      .from(memberships)
      .innerJoin(identities, eq(identities.id, memberships.identityId))
      .where(and(eq(memberships.tenantId, tenantId), eq(identities.email, address)));
    return rows.map((row) => row.role);
  }

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    beta = await createTestTenant(portal, 'beta', 'Beta Finanz KG');
    acmeTenant = (await portal.services.tenants.findTenantById(acme.id))!;
    await activatePerson(portal, acme, 'chefin@acme.example', 'staff_admin');
    staff = await logIn(portal, acme.origin, 'chefin@acme.example');
    api = createApiClient(portal, (await portal.services.apiKeys.createApiKey(acme.id, 'CRM')).key);
  });
  afterAll(() => portal.close());

  it('refuses an intermediary on a customer grant named on every entry point, and writes nothing for them', async () => {
    const grant = await portal.services.grants.createGrant(acme.id, {
      name: 'Familie Kunz',
      kind: 'customer',
      customerNumbers: ['100001'],
    });
    const addresses = ['cli@vermittler.example', 'form@vermittler.example', 'bulk@vermittler.example'] as const;
    const csvAddress = 'csv@vermittler.example';

    await expect(
      runCommand(portal.services, 'invite', {
        tenant: 'acme',
        email: addresses[0],
        name: 'Vera Vermittler',
        kind: 'intermediary',
        grant: 'Familie Kunz',
      }),
    ).rejects.toMatchObject({ code: 'GRANT_KIND_MISMATCH' });

    await staff.get('/admin/people');
    const form = await staff.post('/admin/people/invite', {
      email: addresses[1],
      name: 'Vera Vermittler',
      kind: 'intermediary',
      grant: 'Familie Kunz',
      customers: '',
    });
    expect(form.status).toBe(422);

    const bulk = await api.call('POST', '/invitations/bulk', {
      body: {
        items: [
          { email: addresses[2], name: 'Vera Vermittler', kind: 'intermediary', grant: { name: 'Familie Kunz' } },
        ],
      },
    });
    expect(bulk.status).toBe(200);
    expect(bulk.body.results[0]).toMatchObject({ status: 'failed', error: { code: 'GRANT_KIND_MISMATCH' } });

    const rows = await runCommand(portal.services, 'invite.rows', {
      tenant: 'acme',
      rows: [
        {
          line: 2,
          email: csvAddress,
          name: 'Vera Vermittler',
          role: 'intermediary',
          customerNumbers: [],
          grantName: 'Familie Kunz',
        },
      ],
    });
    expect(rows[0]!.split('\t').slice(0, 2)).toEqual(['2', 'failed']);

    const single = await api.call('POST', `/grants/${grant.id}/people`, {
      body: { email: 'api@vermittler.example', name: 'Vera Vermittler', kind: 'intermediary' },
    });
    expect(single.status).toBe(422);
    expect(single.body.code).toBe('grant_kind_mismatch');

    expect(await grantsIn(db()).memberIdsOf(acme.id, grant.id)).toEqual([]);
    for (const address of [...addresses, csvAddress, 'api@vermittler.example']) {
      expect(await rolesAt(acme.id, address), address).toEqual([]);
      expect(await mailsTo(address), address).toEqual([]);
    }
  });

  it('refuses a policyholder on an intermediary grant, by name and by id', async () => {
    const grant = await portal.services.grants.createGrant(acme.id, {
      name: 'Agentur Nord',
      kind: 'intermediary',
      customerNumbers: [],
    });
    const results = await portal.services.invitations.inviteMany(
      acmeTenant,
      [
        { email: 'kunde1@example.com', name: 'Karl Kunde', role: 'policyholder', grant: { name: 'Agentur Nord' } },
        { email: 'kunde2@example.com', name: 'Karla Kunde', role: 'policyholder', grant: { id: grant.id } },
        { email: 'agent@example.com', name: 'Anton Agent', role: 'intermediary', grant: { id: grant.id } },
      ],
      { origin: CLI_ORIGIN },
    );
    expect(results.map((result) => (result.state === 'failed' ? result.error.code : result.state))).toEqual([
      'GRANT_KIND_MISMATCH',
      'GRANT_KIND_MISMATCH',
      'invited',
    ]);
    expect(await grantsIn(db()).memberIdsOf(acme.id, grant.id)).toEqual([
      results[2]!.state === 'invited' && results[2]!.identityId,
    ]);
  });

  it('invites an address once per list and finds the same person however the address is written', async () => {
    const results = await portal.services.invitations.inviteMany(acmeTenant, [
      { email: ' Erika.Muster@Example.COM ', name: 'Erika Muster', role: 'policyholder' },
      { email: 'erika.muster@example.com', name: 'Erika Zwei', role: 'policyholder' },
      { email: 'otto@example.com', name: 'Otto Normal', role: 'policyholder' },
    ]);
    expect(results.map((result) => (result.state === 'failed' ? result.error.code : result.state))).toEqual([
      'invited',
      'DUPLICATE_IN_BATCH',
      'invited',
    ]);
    const [erika] = await db().select().from(identities).where(eq(identities.email, 'erika.muster@example.com'));
    expect(erika).toMatchObject({ emailDisplay: 'Erika.Muster@Example.COM', name: 'Erika Muster' });
    expect(await mailsTo('Erika.Muster@Example.COM')).toEqual([{ kind: 'invitation', tenantId: acme.id }]);
    const again = await portal.services.invitations.invite({
      tenantId: acme.id,
      email: 'ERIKA.MUSTER@example.com',
      name: 'Erika Muster',
      role: 'policyholder',
    });
    expect(again.identityId).toBe(erika!.id);
  });

  it('refuses invalid addresses with EMAIL_INVALID and still invites the good ones of the list', async () => {
    const bad = ['kein-at-zeichen', 'zwei@@example.com', '', 'a'.repeat(250) + '@example.com', 42];
    const results = await portal.services.invitations.inviteMany(acmeTenant, [
      ...bad.map((email) => ({ email, name: 'Irma Irrtum', role: 'policyholder' as const })),
      { email: 'gut@example.com', name: 'Gustav Gut', role: 'policyholder' },
    ]);
    expect(results.map((result) => (result.state === 'failed' ? result.error.code : result.state))).toEqual([
      ...bad.map(() => 'EMAIL_INVALID'),
      'invited',
    ]);
    await expect(
      portal.services.invitations.invite({
        tenantId: acme.id,
        email: 'kein-at-zeichen',
        name: 'Irma',
        role: 'policyholder',
      }),
    ).rejects.toMatchObject({ code: 'EMAIL_INVALID' });
    await staff.get('/admin/people');
    const form = await staff.post('/admin/people/invite', {
      email: 'kein-at-zeichen',
      name: 'Irma Irrtum',
      kind: 'policyholder',
      grant: '',
      customers: '',
    });
    expect(form.status).toBe(422);
    expect(await db().select().from(identities).where(eq(identities.email, 'kein-at-zeichen'))).toEqual([]);
  });

  it('sends one invitation per tenant and person within the cooldown, on every path', async () => {
    const address = 'cooldown@example.com';
    const first = await portal.services.invitations.invite({
      tenantId: acme.id,
      email: address,
      name: 'Cora',
      role: 'policyholder',
    });
    const [bulkAgain] = await portal.services.invitations.inviteMany(acmeTenant, [
      { email: address, name: 'Cora', role: 'policyholder', grant: { name: 'Cora Zweit' } },
    ]);
    const [rowAgain] = await portal.services.invitations.inviteMany(
      acmeTenant,
      [{ email: address, name: 'Cora', role: 'policyholder' }],
      {
        whenInGrant: 'skip',
      },
    );
    expect(first.state).toBe('invited');
    expect(bulkAgain).toMatchObject({
      state: 'invited',
      expiresAt: first.state === 'invited' ? first.expiresAt : null,
    });
    expect(rowAgain).toMatchObject({ state: 'already_invited' });
    expect(await mailsTo(address)).toHaveLength(1);
    // The cooldown is the tenant's own: another broker's invitation goes out at once.
    await portal.services.invitations.invite({ tenantId: beta.id, email: address, name: 'Cora', role: 'policyholder' });
    expect((await mailsTo(address)).map((mail) => mail.tenantId)).toEqual([acme.id, beta.id]);

    portal.clock.advance(MINUTE + 1000);
    const later = await portal.services.invitations.invite({
      tenantId: acme.id,
      email: address,
      name: 'Cora',
      role: 'policyholder',
    });
    expect(later.state === 'invited' && first.state === 'invited' && later.expiresAt > first.expiresAt).toBe(true);
    expect(await mailsTo(address)).toHaveLength(3);
  });

  it('records who opened the access: the staff member of the form, the API key, the command line', async () => {
    await staff.get('/admin/people');
    const form = await staff.post('/admin/people/invite', {
      email: 'form-ok@example.com',
      name: 'Frida Form',
      kind: 'policyholder',
      grant: '',
      customers: '',
    });
    expect(form.status).toBe(303);
    const items = [
      { email: 'api-ok@example.com', name: 'Anna Api', kind: 'policyholder', grant: { name: 'Anna Api' } },
    ];
    expect((await api.call('POST', '/invitations/bulk', { body: { items } })).body.accepted).toBe(1);
    await runCommand(portal.services, 'invite', {
      tenant: 'acme',
      email: 'cli-ok@example.com',
      name: 'Carl Cli',
      kind: 'policyholder',
    });
    const eventOf = async (email: string) =>
      (await portal.services.audit.listForTenant(acme.id, 1, { kind: 'invitation.created', email }))[0];
    expect(await eventOf('form-ok@example.com')).toMatchObject({ actorEmail: 'chefin@acme.example' });
    expect(await eventOf('api-ok@example.com')).toMatchObject({
      actorEmail: null,
      origin: expect.stringMatching(/^api:/),
    });
    expect(await eventOf('cli-ok@example.com')).toMatchObject({ actorEmail: null, origin: 'cli' });
  });

  it('answers for a person known at another broker exactly as for a new address', async () => {
    await activatePerson(portal, beta, 'bekannt@example.com', 'policyholder');
    const items = ['bekannt@example.com', 'neu@example.com'].map((email) => ({
      email,
      name: 'Paula Person',
      kind: 'policyholder',
      grant: { name: `Haushalt ${email}` },
    }));
    const bulk = await api.call('POST', '/invitations/bulk', { body: { items } });
    const answers = bulk.body.results.map((result: { status: string }) => result.status);
    expect(answers).toEqual(['invited', 'invited']);
    const people = await portal.services.people.listPeople(acme.id);
    const states = ['bekannt@example.com', 'neu@example.com'].map(
      (address) => people.find((person) => person.canonicalEmail === address)?.state,
    );
    expect(states).toEqual(['invited', 'invited']);
    const audit = await portal.services.audit.listForTenant(acme.id, 100);
    for (const address of ['bekannt@example.com', 'neu@example.com']) {
      const events = audit.filter((event) => event.email === address);
      expect(events.map((event) => event.kind)).toEqual(['invitation.created']);
      expect(events[0]!.origin).toMatch(/^api:/);
    }
    // The person with a password gets no set-password link, only the information that access is open.
    expect((await mailsTo('bekannt@example.com')).filter((mail) => mail.tenantId === acme.id)).toEqual([
      { kind: 'access_granted', tenantId: acme.id },
    ]);
    expect(await mailsTo('neu@example.com')).toEqual([{ kind: 'invitation', tenantId: acme.id }]);
  });
});
