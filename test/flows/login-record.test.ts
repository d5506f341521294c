import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ORIGIN } from '../../src/modules/audit/audit-service.js';
import { createLoginQueries } from '../../src/modules/credentials/login-repo.js';
import { activatePerson, enrolSecondFactor, logIn } from '../support/accounts.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';

describe(`what a login reads in one statement (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string; host: string; origin: string };
  let beta: { id: string; host: string; origin: string };
  const keysOf = (email: string): string[] => [`account:${email}`, 'client:198.51.100.7'];
  const read = (email: string | null, keys: string[] = keysOf(email ?? 'nobody')) => createLoginQueries(portal.runtime.database.db).findLoginRecord(email, keys, portal.clock.now());

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal, 'acme', 'Acme Makler');
    beta = await createTestTenant(portal, 'beta', 'Beta Finanz');
    await activatePerson(portal, acme, 'erika@example.com', 'policyholder');
    // Known with a password already: the second broker's invitation gives access at once.
    await portal.services.invitations.invite({ tenantId: beta.id, email: 'erika@example.com', name: 'Erika', role: 'policyholder' });
  });
  afterAll(() => portal.close());

  it('finds nothing for an unknown address or none at all, but the throttle counts of its keys', async () => {
    await portal.services.throttle.recordFailure({ account: 'nobody@example.com', client: '198.51.100.7' });
    for (const email of ['nobody@example.com', null]) {
      const record = await read(email, keysOf('nobody@example.com'));
      expect(record.identity).toBeNull();
      expect(record.memberships).toEqual([]);
      expect(record.hasSecondFactor).toBe(false);
      expect(record.throttleCounts.map((count) => count.key).sort()).toEqual(['account:nobody@example.com', 'client:198.51.100.7']);
      expect(record.throttleCounts.every((count) => count.lockedUntil === null)).toBe(true);
    }
  });

  it("reads the person, their tenants by name, where they have not logged in yet, and a lock's time", async () => {
    const record = await read('erika@example.com');
    expect(record.identity).toMatchObject({ email: 'erika@example.com', name: 'Person erika', language: 'de' });
    expect(record.identity?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(record.identity?.emailConfirmedAt).toBeInstanceOf(Date);
    expect(record.memberships.map((membership) => [membership.tenantName, membership.role])).toEqual([['Acme Makler', 'policyholder'], ['Beta Finanz', 'policyholder']]);
    expect([...record.tenantsNotLoggedInYet].sort()).toEqual([acme.id, beta.id].sort());

    await logIn(portal, acme.origin, 'erika@example.com');
    expect([...(await read('erika@example.com')).tenantsNotLoggedInYet]).toEqual([beta.id]);

    for (let attempt = 0; attempt < 6; attempt += 1) {
      await portal.services.throttle.recordFailure({ account: 'erika@example.com', client: '203.0.113.9' });
    }
    const locked = (await read('erika@example.com')).throttleCounts.find((count) => count.key === 'account:erika@example.com');
    expect(locked?.lockedUntil?.getTime()).toBeGreaterThan(portal.clock.now().getTime());
    await portal.services.throttle.unlockAccount('erika@example.com');
  });

  it('leaves out a deactivated membership and counts only a confirmed second factor', async () => {
    const identityId = (await read('erika@example.com')).identity!.id;
    await portal.services.people.deactivatePerson(beta.id, identityId, { kind: 'api_key' }, CLI_ORIGIN);
    expect((await read('erika@example.com')).memberships.map((membership) => membership.tenantName)).toEqual(['Acme Makler']);

    const client = await logIn(portal, acme.origin, 'erika@example.com');
    await client.post('/profile/second-factor/start', {});
    expect((await read('erika@example.com')).hasSecondFactor).toBe(false);
    await client.post('/profile/second-factor/start', {});
    await enrolSecondFactor(client, () => portal.clock.now());
    expect((await read('erika@example.com')).hasSecondFactor).toBe(true);
  });
});
