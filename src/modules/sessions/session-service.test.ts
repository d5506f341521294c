import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identities, memberships, sessions as sessionRows } from '../../db/schema.js';
import { MINUTE } from '../../shared/clock.js';
import { hashToken } from '../../shared/tokens.js';
import { activatePerson } from '../../../test/support/accounts.js';
import { databaseKind } from '../../../test/support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../../../test/support/test-portal.js';
import { SESSION_ABSOLUTE_TIMEOUT, SESSION_IDLE_TIMEOUT } from './session-service.js';
import { required } from '../../shared/required.js';

describe(`sessions (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string; host: string; origin: string };
  let beta: { id: string; host: string; origin: string };
  let personId: string;
  const sessions = () => portal.services.sessions;
  const db = () => portal.runtime.database.db;

  const openAt = (tenant: { id: string; host: string }) =>
    sessions().createSession({ identityId: personId, tenantId: tenant.id, host: tenant.host, userAgent: 'Test\u0007' });

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    beta = await createTestTenant(portal, 'beta', 'Beta Finanz KG');
    // One person, customer of both brokers.
    await activatePerson(portal, acme, 'beide@example.com', 'policyholder');
    await portal.services.invitations.invite({
      tenantId: beta.id,
      email: 'beide@example.com',
      name: 'Beide',
      role: 'policyholder',
    });
    const [row] = await db().select().from(identities).where(eq(identities.email, 'beide@example.com'));
    personId = required(row).id;
  });
  afterAll(() => portal.close());

  it('stores only the hash and counts a session only on its own host and tenant', async () => {
    const token = await openAt(acme);
    const [row] = await db()
      .select()
      .from(sessionRows)
      .where(eq(sessionRows.tokenHash, hashToken(token)));
    expect(required(row).userAgent).toBe('Test ');
    expect((await sessions().findSession(token, acme.host, acme.id))?.identityId).toBe(personId);
    expect(await sessions().findSession(token, beta.host, beta.id)).toBeNull();
    expect(await sessions().findSession(token, beta.host, acme.id)).toBeNull();
    expect(await sessions().findSession(token, acme.host, null)).toBeNull();
    for (const malformed of [undefined, 1, '', `${token}x`, { token }]) {
      expect(await sessions().findSession(malformed, acme.host, acme.id)).toBeNull();
    }
  });

  it('no longer counts a session once the membership in its tenant is deactivated, with its name for the pages', async () => {
    await activatePerson(portal, acme, 'gesperrt@example.com', 'policyholder');
    const [person] = await db().select().from(identities).where(eq(identities.email, 'gesperrt@example.com'));
    const identityId = required(person).id;
    const token = await sessions().createSession({ identityId, tenantId: acme.id, host: acme.host, userAgent: null });
    expect(await sessions().findSession(token, acme.host, acme.id)).toEqual({
      sessionId: expect.any(String),
      identityId,
      tenantId: acme.id,
      name: 'Person gesperrt',
      email: 'gesperrt@example.com',
      isConsentPending: false,
    });
    await db()
      .update(memberships)
      .set({ deactivatedAt: new Date() })
      .where(and(eq(memberships.tenantId, acme.id), eq(memberships.identityId, identityId)));
    expect(await sessions().findSession(token, acme.host, acme.id)).toBeNull();
  });

  it('ends after 30 idle minutes and after 12 hours however active', async () => {
    const idle = await openAt(acme);
    portal.clock.advance(SESSION_IDLE_TIMEOUT + MINUTE);
    expect(await sessions().findSession(idle, acme.host, acme.id)).toBeNull();

    const busy = await openAt(acme);
    for (let elapsed = 0; elapsed + 20 * MINUTE < SESSION_ABSOLUTE_TIMEOUT; elapsed += 20 * MINUTE) {
      portal.clock.advance(20 * MINUTE);
      expect(await sessions().findSession(busy, acme.host, acme.id)).not.toBeNull();
    }
    portal.clock.advance(20 * MINUTE);
    expect(await sessions().findSession(busy, acme.host, acme.id)).toBeNull();
  });

  it("ending a person's sessions at one broker leaves their sessions at another broker alone", async () => {
    const atAcme = await openAt(acme);
    const atBeta = await openAt(beta);
    await sessions().endSessionsInTenant(db(), personId, acme.id);
    expect(await sessions().findSession(atAcme, acme.host, acme.id)).toBeNull();
    expect(await sessions().findSession(atBeta, beta.host, beta.id)).not.toBeNull();
  });

  it('refuses a session for a tenant that does not exist', async () => {
    await expect(
      sessions().createSession({
        identityId: personId,
        tenantId: '00000000-0000-4000-8000-000000000000',
        host: acme.host,
        userAgent: null,
      }),
    ).rejects.toMatchObject({ code: 'TENANT_NOT_FOUND' });
  });
});
