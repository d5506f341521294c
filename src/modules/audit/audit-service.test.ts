import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, identities } from '../../db/schema.js';
import { MINUTE } from '../../shared/clock.js';
import { databaseKind } from '../../../test/support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../../../test/support/test-portal.js';
import { required } from '../../shared/required.js';
import type { RequestOrigin } from './audit-service.js';

describe(`audit (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string };
  let beta: { id: string };
  const audit = () => portal.services.audit;
  const db = () => portal.runtime.database.db;
  const web: RequestOrigin = { client: '203.0.113.7', userAgent: 'Firefox' };

  async function personAt(tenantId: string, email: string): Promise<string> {
    await portal.services.invitations.invite({ tenantId, email, name: 'Person', role: 'policyholder' });
    const [row] = await db().select().from(identities).where(eq(identities.email, email));
    return required(row).id;
  }

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    beta = await createTestTenant(portal, 'beta', 'Beta Finanz KG');
  });
  afterAll(() => portal.close());

  it('records origin, browser and the acting staff member, cleaned and cut to length', async () => {
    const person = await personAt(acme.id, 'herkunft@example.com');
    const staff = await personAt(acme.id, 'betreuer@example.com');
    await audit().record({
      kind: 'person.deactivated',
      tenantId: acme.id,
      identityId: person,
      origin: {
        client: `x${'1'.repeat(100)}`,
        userAgent: `Agent\u0000\u0007${'ä'.repeat(300)}`,
        actorIdentityId: staff,
      },
      detail: `Grund:\nTest ${'🙂'.repeat(400)}`,
    });
    const [event] = await audit().listForTenant(acme.id, 1, { kind: 'person.deactivated' });
    const recorded = required(event);
    expect(recorded.origin).toBe(`x${'1'.repeat(63)}`);
    expect(recorded.userAgent?.startsWith('Agent  ä')).toBe(true);
    expect(recorded.userAgent?.length).toBe(200);
    expect(recorded.detail?.startsWith('Grund: Test ')).toBe(true);
    expect(recorded.detail).not.toMatch(/\p{Cc}/u);
    expect(recorded.email).toBe('herkunft@example.com');
    expect(recorded.actorEmail).toBe('betreuer@example.com');
    expect(recorded.createdAt.toISOString()).toBe(portal.clock.now().toISOString());
  });

  it('names an explicit actor over the one of the origin, and the operator as nobody', async () => {
    const person = await personAt(acme.id, 'explizit@example.com');
    const staff = await personAt(acme.id, 'explizit-staff@example.com');
    const other = await personAt(acme.id, 'origin-staff@example.com');
    await audit().record({
      kind: 'person.reactivated',
      tenantId: acme.id,
      identityId: person,
      actorIdentityId: staff,
      origin: { ...web, actorIdentityId: other },
    });
    portal.clock.advance(MINUTE);
    await audit().record({
      kind: 'login.unlocked',
      tenantId: acme.id,
      identityId: person,
      origin: { client: 'cli', userAgent: null },
    });
    const events = (await audit().listForTenant(acme.id, 10, { email: 'explizit@example.com' })).filter(
      (event) => event.kind !== 'invitation.created',
    );
    expect(events.map((event) => [event.kind, event.actorEmail, event.origin])).toEqual([
      ['login.unlocked', null, 'cli'],
      ['person.reactivated', 'explizit-staff@example.com', '203.0.113.7'],
    ]);
  });

  it("lists only the tenant's own events, and platform events only for the platform", async () => {
    const person = await personAt(acme.id, 'grenze@example.com');
    await portal.services.invitations.invite({
      tenantId: beta.id,
      email: 'grenze@example.com',
      name: 'Grenze',
      role: 'policyholder',
    });
    await audit().record({ kind: 'password.changed', tenantId: acme.id, identityId: person, origin: web });
    await audit().record({ kind: 'password.reset', tenantId: null, identityId: person, origin: web });
    const atBeta = await audit().listForTenant(beta.id, 1000, { email: 'grenze@example.com' });
    expect(atBeta.map((event) => event.kind)).not.toContain('password.changed');
    expect(atBeta.map((event) => event.kind)).not.toContain('password.reset');
    const atAcme = await audit().listForTenant(acme.id, 1000, { email: 'grenze@example.com' });
    expect(atAcme.map((event) => event.kind)).toContain('password.changed');
    expect(atAcme.map((event) => event.kind)).not.toContain('password.reset');
    const platform = await audit().listForTenant(null, 1000, { email: 'grenze@example.com' });
    expect(platform.map((event) => event.kind)).toEqual(['password.reset']);

    const [acmeEvent] = await db()
      .select({ id: auditEvents.id })
      .from(auditEvents)
      .where(sql`${auditEvents.tenantId} = ${acme.id} and ${auditEvents.kind} = 'password.changed'`);
    // Another tenant's event id as a cursor gives an empty page, not the events after it.
    expect(await audit().listPage(beta.id, required(acmeEvent).id, 100)).toEqual([]);
    expect(await audit().listPage(beta.id, '00000000-0000-4000-8000-000000000000', 100)).toEqual([]);
    const betaPage = await audit().listPage(beta.id, null, 1000);
    expect(betaPage.length).toBeGreaterThan(0);
    expect(betaPage.every((event) => event.kind !== 'password.changed')).toBe(true);
  });

  it('filters by kind, by address of the person or the actor, by time span and by cursor', async () => {
    const person = await personAt(acme.id, 'filter@example.com');
    const staff = await personAt(acme.id, 'filter-staff@example.com');
    const start = portal.clock.now();
    const kinds = ['grant.created', 'grant.changed', 'grant.deleted'] as const;
    for (const kind of kinds) {
      portal.clock.advance(MINUTE);
      await audit().record({ kind, tenantId: acme.id, identityId: null, actorIdentityId: staff, origin: web });
    }
    portal.clock.advance(MINUTE);
    await audit().record({ kind: 'access.granted', tenantId: acme.id, identityId: person, origin: web });

    const byActor = await audit().listForTenant(acme.id, 10, { email: 'filter-staff@example.com' });
    expect(byActor.map((event) => event.kind)).toEqual([
      'grant.deleted',
      'grant.changed',
      'grant.created',
      'invitation.created',
    ]);
    const byPerson = await audit().listForTenant(acme.id, 10, { email: 'filter@example.com', kind: 'access.granted' });
    expect(byPerson).toHaveLength(1);
    const span = await audit().listForTenant(acme.id, 10, {
      email: 'filter-staff@example.com',
      from: new Date(start.getTime() + 2 * MINUTE),
      until: new Date(start.getTime() + 3 * MINUTE),
    });
    expect(span.map((event) => event.kind)).toEqual(['grant.changed']);
    const newest = required(byActor[0]);
    const older = await audit().listForTenant(acme.id, 10, {
      email: 'filter-staff@example.com',
      before: { createdAt: newest.createdAt, id: newest.id },
    });
    expect(older.map((event) => event.kind)).toEqual(['grant.changed', 'grant.created', 'invitation.created']);
    // A limit below one still lists one event; none matches an address nobody has.
    expect(await audit().listForTenant(acme.id, 0, { email: 'filter-staff@example.com' })).toHaveLength(1);
    expect(await audit().listForTenant(acme.id, 10, { email: 'niemand@example.com' })).toEqual([]);
  });

  it("names a gone grant by its name at the time, and another tenant's grant by nothing", async () => {
    const grant = await portal.services.grants.createGrant(acme.id, { name: 'Alter Name', kind: 'customer' });
    const betaGrant = await portal.services.grants.createGrant(beta.id, { name: 'Fremd', kind: 'customer' });
    await audit().record({ kind: 'grant.changed', tenantId: acme.id, identityId: null, origin: web, grant });
    await portal.services.grants.updateGrant(acme.id, grant.id, { name: 'Neuer Name' });
    await audit().record({
      kind: 'grant.deleted',
      tenantId: acme.id,
      identityId: null,
      origin: { client: 'gelöscht', userAgent: null },
      grant: { id: grant.id, name: 'Neuer Name' },
    });
    await portal.services.grants.deleteGrant(acme.id, grant.id);
    await audit().record({
      kind: 'grant.changed',
      tenantId: acme.id,
      identityId: null,
      origin: { client: 'fremd', userAgent: null },
      grant: { id: betaGrant.id },
    });
    const events = await audit().listForTenant(acme.id, 1000);
    expect(events.find((event) => event.origin === 'gelöscht')?.grantName).toBe('Neuer Name');
    expect(events.find((event) => event.origin === 'fremd')?.grantName).toBeNull();
  });

  it('writes the event and the statements given with it together, or none of them', async () => {
    const person = await personAt(acme.id, 'zusammen@example.com');
    const before = await audit().listForTenant(acme.id, 1000, { email: 'zusammen@example.com' });
    await expect(
      audit().recordWith({ kind: 'profile.changed', tenantId: acme.id, identityId: person, origin: web }, [
        sql`update ${identities} set name = 'Geändert' where id = ${person}`,
        sql`insert into ${auditEvents} (kind, origin, created_at) values (null, 'x', now())`,
      ]),
    ).rejects.toThrow();
    expect(await audit().listForTenant(acme.id, 1000, { email: 'zusammen@example.com' })).toHaveLength(before.length);
    const [row] = await db().select().from(identities).where(eq(identities.id, person));
    expect(required(row).name).toBe('Person');
  });
});
