import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantCustomers } from '../../src/db/schema.js';
import { CLI_ORIGIN } from '../../src/modules/audit/audit-service.js';
import { createGrantAdminQueries } from '../../src/modules/grants/grant-repo.js';
import type { Tenant } from '../../src/modules/tenants/tenant.js';
import { createWebhookQueries } from '../../src/modules/webhooks/webhook-repo.js';
import { activatePerson, logIn } from '../support/accounts.js';
import { textOf } from '../support/browserless-client.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

type TestTenant = { id: string; host: string; origin: string };

/**
 * Every test makes its own two brokers: "own" acts, "other" owns the ids it tries. What the other
 * broker has must neither show up nor change.
 */
describe(`Every query stays in its tenant (${databaseKind})`, () => {
  let portal: TestPortal;
  let counter = 0;

  beforeAll(async () => {
    portal = await createTestPortal();
  });
  afterAll(() => portal.close());

  async function twoBrokers(): Promise<{ own: TestTenant; other: TestTenant; label: string }> {
    counter += 1;
    const label = `t${counter}`;
    const own = await createTestTenant(portal, `own-${label}`, `Eigener Makler ${label}`);
    const other = await createTestTenant(portal, `other-${label}`, `Anderer Makler ${label}`);
    return { own, other, label };
  }

  async function tenantOf(id: string): Promise<Tenant> {
    return required(await portal.services.tenants.findTenantById(id));
  }

  it("reads a grant's customers only in the grant's tenant", async () => {
    const { own, other } = await twoBrokers();
    const grant = await portal.services.grants.createGrant(other.id, {
      name: 'Familie Berg',
      kind: 'customer',
      customerNumbers: ['200001', '200002'],
    });
    const queries = createGrantAdminQueries(portal.runtime.database.db);

    expect((await queries.customersOf(own.id, [grant.id])).size).toBe(0);
    expect((await queries.customersOf(other.id, [grant.id])).get(grant.id)).toEqual(['200001', '200002']);
    await expect(portal.services.grants.getGrant(own.id, grant.id)).rejects.toMatchObject({ code: 'GRANT_NOT_FOUND' });
    expect(await portal.services.grants.listGrants(own.id, null, 100)).toEqual([]);
    await expect(
      portal.services.grants.updateGrant(own.id, grant.id, { customerNumbers: ['999999'], name: 'Übernommen' }),
    ).rejects.toMatchObject({ code: 'GRANT_NOT_FOUND' });
    await expect(portal.services.grants.deleteGrant(own.id, grant.id)).rejects.toMatchObject({
      code: 'GRANT_NOT_FOUND',
    });
    expect(await portal.services.grants.getGrant(other.id, grant.id)).toMatchObject({
      name: 'Familie Berg',
      customerNumbers: ['200001', '200002'],
    });
  });

  it("never shows a customer number recorded for another tenant, even under this tenant's grant id", async () => {
    const { own, other, label } = await twoBrokers();
    const email = `kunde-${label}@example.com`;
    await portal.services.invitations.invite({
      tenantId: own.id,
      email,
      name: 'Kundin',
      role: 'policyholder',
      grantName: 'Familie Stein',
      customerNumbers: ['100001'],
    });
    const [grant] = await portal.services.grants.listGrants(own.id, null, 10);
    // A row that names this grant but belongs to the other broker: whatever wrote it, it is not this tenant's.
    await portal.runtime.database.db
      .insert(grantCustomers)
      .values({ grantId: required(grant).id, tenantId: other.id, customerNumber: '999999' });

    expect((await portal.services.grants.getGrant(own.id, required(grant).id)).customerNumbers).toEqual(['100001']);
    expect((await portal.services.grants.listGrants(own.id, null, 10)).map((listed) => listed.customerNumbers)).toEqual(
      [['100001']],
    );
    const person = required(
      (await portal.services.people.listPeople(own.id)).find((candidate) => candidate.canonicalEmail === email),
    );
    expect(await portal.services.grants.listGrantsOf(own.id, person.identityId)).toEqual([
      { id: required(grant).id, name: 'Familie Stein', kind: 'customer', customerNumbers: ['100001'] },
    ]);
  });

  it('carries no session over to the broker that an app address moved to', async () => {
    const { own, other, label } = await twoBrokers();
    const email = `beide-${label}@example.com`;
    await activatePerson(portal, other, email, 'policyholder');
    await portal.services.invitations.invite({
      tenantId: own.id,
      email,
      name: 'Kunde beider Makler',
      role: 'policyholder',
    });
    const movedHost = `alt-${label}.portal.test`;
    const settingsActor = { identityId: null, origin: CLI_ORIGIN };
    await portal.services.tenantSettings.addHost(other.id, movedHost, settingsActor);
    const browser = await logIn(portal, `http://${movedHost}`, email);
    const before = await browser.get('/');
    expect(before.status).toBe(200);
    expect(textOf(before.body)).toContain(`Anderer Makler ${label}`);

    await portal.services.tenantSettings.removeHost(other.id, movedHost, settingsActor);
    await portal.services.tenantSettings.addHost(own.id, movedHost, settingsActor);

    const after = await browser.get('/');
    expect(after.status).toBe(303);
    expect(after.location).toBe('/login');
    const token = browser.cookies.get('portico_session');
    expect(await portal.services.sessions.findSession(token, movedHost, own.id)).toBeNull();
    // Still open for the broker it was issued for: only the tenant filter keeps it off the new one.
    expect(await portal.services.sessions.findSession(token, movedHost, other.id)).toMatchObject({
      tenantId: other.id,
    });
    const again = await logIn(portal, `http://${movedHost}`, email);
    expect(textOf((await again.get('/')).body)).toContain(`Eigener Makler ${label}`);
  });

  it("lists a webhook's deliveries only to the webhook's tenant", async () => {
    const { own, other } = await twoBrokers();
    const { webhook: otherHook } = await portal.services.webhooks.createWebhook(other.id, {
      url: 'https://crm.example.com/hook',
      events: ['grant.changed'],
    });
    const { webhook: ownHook } = await portal.services.webhooks.createWebhook(own.id, {
      url: 'https://crm.example.com/hook',
      events: ['grant.changed'],
    });
    await portal.services.grants.createGrant(other.id, { name: 'Firma Stein GmbH', kind: 'customer' });
    const queries = createWebhookQueries(portal.runtime.database.db);

    expect(await queries.listDeliveries(own.id, otherHook.id, 10)).toEqual([]);
    expect(await queries.listDeliveries(other.id, otherHook.id, 10)).toHaveLength(1);
    await expect(portal.services.webhooks.listDeliveries(own.id, otherHook.id, 10)).rejects.toMatchObject({
      code: 'WEBHOOK_NOT_FOUND',
    });
    expect(await portal.services.webhooks.listDeliveries(own.id, ownHook.id, 10)).toEqual([]);
    await expect(portal.services.webhooks.deleteWebhook(own.id, otherHook.id)).rejects.toMatchObject({
      code: 'WEBHOOK_NOT_FOUND',
    });
    expect((await portal.services.webhooks.listWebhooks(other.id)).map((hook) => hook.id)).toEqual([otherHook.id]);
  });

  it("adds nobody to another tenant's grant named by id in a bulk invitation", async () => {
    const { own, other, label } = await twoBrokers();
    const grant = await portal.services.grants.createGrant(other.id, {
      name: 'Familie Berg',
      kind: 'customer',
      customerNumbers: ['200001'],
    });
    const email = `sammel-${label}@example.com`;
    const [result] = await portal.services.invitations.inviteMany(
      await tenantOf(own.id),
      [{ email, name: 'Neu', role: 'policyholder', grant: { id: grant.id } }],
      { origin: CLI_ORIGIN },
    );

    expect(result).toMatchObject({ state: 'failed', error: { code: 'GRANT_NOT_FOUND' } });
    expect(await createGrantAdminQueries(portal.runtime.database.db).memberIdsOf(other.id, grant.id)).toEqual([]);
    expect((await portal.services.people.listPeople(own.id)).map((person) => person.canonicalEmail)).not.toContain(
      email,
    );
    expect(await portal.services.people.listPeople(other.id)).toEqual([]);
  });

  it("finds and changes none of another tenant's people, grants' members or profiles", async () => {
    const { own, other, label } = await twoBrokers();
    const email = `fremd-${label}@example.com`;
    await portal.services.invitations.invite({
      tenantId: other.id,
      email,
      name: 'Fremde Kundin',
      role: 'policyholder',
      grantName: 'Familie Kalb',
    });
    const person = required(
      (await portal.services.people.listPeople(other.id)).find((candidate) => candidate.canonicalEmail === email),
    );
    const [grant] = await portal.services.grants.listGrants(other.id, null, 10);
    const people = portal.services.people;

    await expect(people.getPerson(own.id, person.identityId)).rejects.toMatchObject({ code: 'PERSON_NOT_FOUND' });
    await expect(
      people.deactivatePerson(own.id, person.identityId, { kind: 'api_key' }, CLI_ORIGIN),
    ).rejects.toMatchObject({ code: 'PERSON_NOT_FOUND' });
    await expect(people.revokePersonInvitation(own.id, person.identityId, CLI_ORIGIN)).rejects.toMatchObject({
      code: 'PERSON_NOT_FOUND',
    });
    await expect(
      people.changePersonEmail(
        await tenantOf(own.id),
        person.identityId,
        `neu-${label}@example.com`,
        { kind: 'api_key' },
        CLI_ORIGIN,
      ),
    ).rejects.toMatchObject({ code: 'PERSON_NOT_FOUND' });
    await expect(people.resendInvitation(await tenantOf(own.id), person.identityId)).rejects.toMatchObject({
      code: 'IDENTITY_NOT_FOUND',
    });
    await expect(
      portal.services.grants.removePersonFromGrant(own.id, required(grant).id, person.identityId),
    ).rejects.toMatchObject({ code: 'GRANT_NOT_FOUND' });
    expect(await portal.services.grants.listGrantsOf(own.id, person.identityId)).toEqual([]);

    const profile = await portal.services.profiles.save(
      other.id,
      null,
      {
        name: 'Standard',
        includeClaims: true,
        includeReferenceAddresses: false,
        shareCases: false,
        shareContractsAutomatically: false,
        linesOfBusiness: '',
        documentProfile: '',
        separateGrantPerInvitee: false,
        delegatedProfileIds: [],
      },
      { identityId: null, origin: CLI_ORIGIN },
    );
    const profileId = (profile as { id: string }).id;
    await expect(portal.services.profiles.find(own.id, profileId)).rejects.toMatchObject({ code: 'PROFILE_NOT_FOUND' });
    const delegating = await portal.services.profiles.save(
      own.id,
      null,
      {
        name: 'Eigenes',
        includeClaims: false,
        includeReferenceAddresses: false,
        shareCases: false,
        shareContractsAutomatically: false,
        linesOfBusiness: '',
        documentProfile: '',
        separateGrantPerInvitee: false,
        delegatedProfileIds: [profileId],
      },
      { identityId: null, origin: CLI_ORIGIN },
    );
    expect(delegating).toMatchObject({ problems: [{ field: 'delegatedProfileIds' }] });

    expect(await people.getPerson(other.id, person.identityId)).toMatchObject({
      email,
      state: 'invited',
      grantIds: [required(grant).id],
    });
  });
});
