import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identities, memberships } from '../../db/schema.js';
import { HOUR } from '../../shared/clock.js';
import { databaseKind } from '../../../test/support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../../../test/support/test-portal.js';
import { required } from '../../shared/required.js';
import type { RequestOrigin } from '../audit/audit-service.js';
import type { MembershipRole } from './membership.js';
import { membershipsIn, recordFirstLoginIn } from './membership-service.js';

describe(`memberships (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string };
  let beta: { id: string };
  const service = () => portal.services.memberships;
  const db = () => portal.runtime.database.db;
  const web: RequestOrigin = { client: '198.51.100.4', userAgent: 'Test' };

  async function invite(tenantId: string, email: string, role: MembershipRole = 'policyholder'): Promise<string> {
    await portal.services.invitations.invite({ tenantId, email, name: 'Person', role });
    const [row] = await db().select().from(identities).where(eq(identities.email, email));
    return required(row).id;
  }

  async function membershipRow(tenantId: string, identityId: string) {
    const [row] = await db()
      .select()
      .from(memberships)
      .where(and(eq(memberships.tenantId, tenantId), eq(memberships.identityId, identityId)));
    return required(row);
  }

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    beta = await createTestTenant(portal, 'beta', 'Beta Finanz KG');
  });
  afterAll(() => portal.close());

  it("lists each tenant once with its first role, and a person's roles per tenant only", async () => {
    const person = await invite(acme.id, 'zwei-rollen@example.com', 'policyholder');
    await membershipsIn(db()).ensureMembership({
      tenantId: acme.id,
      identityId: person,
      role: 'intermediary',
      invitedAs: { emailDisplay: 'zwei-rollen@example.com', name: 'Person', language: 'de' },
    });
    await invite(beta.id, 'zwei-rollen@example.com', 'staff_user');
    expect(await service().listRoles(acme.id, person)).toEqual(['intermediary', 'policyholder']);
    expect(await service().listRoles(beta.id, person)).toEqual(['staff_user']);
    const tenants = await service().listTenantsOf(person);
    expect(tenants.map((tenant) => tenant.tenantSlug)).toEqual(['acme', 'beta']);
    expect(tenants.filter((tenant) => tenant.tenantId === acme.id)).toHaveLength(1);
    expect(await service().listRoles(acme.id, '00000000-0000-4000-8000-000000000000')).toEqual([]);
    expect(await service().listTenantsOf('00000000-0000-4000-8000-000000000000')).toEqual([]);
  });

  it('leaves out a tenant where the person is deactivated or the invitation lapsed, and only there', async () => {
    const person = await invite(acme.id, 'ausgeschlossen@example.com');
    await invite(beta.id, 'ausgeschlossen@example.com');
    expect(await membershipsIn(db()).setDeactivated(acme.id, person, portal.clock.now())).toBe(true);
    // A second deactivation changes nothing and says so.
    expect(await membershipsIn(db()).setDeactivated(acme.id, person, portal.clock.now())).toBe(false);
    expect((await service().listTenantsOf(person)).map((tenant) => tenant.tenantSlug)).toEqual(['beta']);
    expect(await membershipsIn(db()).hasMembership(beta.id, person)).toBe(true);
    expect(await membershipsIn(db()).hasMembershipOutside(acme.id, person, { activeOnly: true })).toBe(true);
    expect(await membershipsIn(db()).hasMembershipOutside(beta.id, person, { activeOnly: true })).toBe(false);

    await membershipsIn(db()).limitAccessToInvitation(beta.id, [person], new Date(portal.clock.now().getTime() - HOUR));
    expect(await service().listTenantsOf(person)).toEqual([]);
    expect(await membershipsIn(db()).hasAccess(beta.id, person, portal.clock.now())).toBe(false);
    expect(await membershipsIn(db()).setDeactivated(acme.id, person, null)).toBe(true);
    expect((await service().listTenantsOf(person)).map((tenant) => tenant.tenantSlug)).toEqual(['acme']);
  });

  it("changes nothing at another tenant when given this tenant's id with that tenant's person", async () => {
    const person = await invite(beta.id, 'nur-beta@example.com');
    expect(await membershipsIn(db()).setDeactivated(acme.id, person, portal.clock.now())).toBe(false);
    await membershipsIn(db()).deleteCustomerRoles(acme.id, person);
    await membershipsIn(db()).acceptInvitation(acme.id, person);
    expect(await membershipsIn(db()).recordFirstLogin(acme.id, person, portal.clock.now())).toBe(false);
    const row = await membershipRow(beta.id, person);
    expect(row.deactivatedAt).toBeNull();
    expect(row.firstLoginAt).toBeNull();
    expect(await service().listRoles(beta.id, person)).toEqual(['policyholder']);
    expect(await service().listRoles(acme.id, person)).toEqual([]);
  });

  it('ends customer roles with the last grant but keeps staff roles', async () => {
    const person = await invite(acme.id, 'mitarbeiterin@example.com', 'staff_user');
    await invite(acme.id, 'mitarbeiterin@example.com', 'policyholder');
    await membershipsIn(db()).deleteCustomerRoles(acme.id, person);
    expect(await service().listRoles(acme.id, person)).toEqual(['staff_user']);
  });

  it('records the first login once, and tells the staff only when it accepted a pending invitation', async () => {
    const pending = await invite(acme.id, 'erstes-login@example.com');
    const accepted = await invite(acme.id, 'per-link@example.com');
    await membershipsIn(db()).acceptInvitation(acme.id, accepted);
    const firstAt = portal.clock.now();
    for (const identityId of [pending, accepted]) {
      await recordFirstLoginIn(db(), portal.services.audit, {
        tenantId: acme.id,
        identityId,
        at: firstAt,
        origin: web,
      });
    }
    portal.clock.advance(HOUR);
    await recordFirstLoginIn(db(), portal.services.audit, {
      tenantId: acme.id,
      identityId: pending,
      at: portal.clock.now(),
      origin: web,
    });
    expect((await membershipRow(acme.id, pending)).firstLoginAt?.toISOString()).toBe(firstAt.toISOString());
    const events = await portal.services.audit.listForTenant(acme.id, 100, { kind: 'invitation.accepted' });
    expect(events.map((event) => [event.email, event.origin])).toEqual([['erstes-login@example.com', '198.51.100.4']]);
    // After the first login the invitation no longer limits access, however long ago it lapsed.
    await membershipsIn(db()).limitAccessToInvitation(acme.id, [pending], new Date(0));
    expect(await membershipsIn(db()).hasAccess(acme.id, pending, portal.clock.now())).toBe(true);
  });

  it('keeps the address staff entered until the first login, then leaves it alone', async () => {
    const person = await invite(acme.id, 'eingabe@example.com');
    const add = (emailDisplay: string, name: string) =>
      membershipsIn(db()).ensureMembership({
        tenantId: acme.id,
        identityId: person,
        role: 'policyholder',
        invitedAs: { emailDisplay, name, language: 'de' },
      });
    await add('Eingabe@Example.com', 'Zoë Ünal\u200d');
    expect(await membershipRow(acme.id, person)).toMatchObject({
      invitedEmailDisplay: 'Eingabe@Example.com',
      invitedName: 'Zoë Ünal\u200d',
    });
    await membershipsIn(db()).recordFirstLogin(acme.id, person, portal.clock.now());
    await add('anders@example.com', 'Anders');
    expect((await membershipRow(acme.id, person)).invitedName).toBe('Zoë Ünal\u200d');
    expect(await service().listRoles(acme.id, person)).toEqual(['policyholder']);
  });
});
