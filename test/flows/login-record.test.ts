import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ORIGIN } from '../../src/modules/audit/audit-service.js';
import { createLoginQueries } from '../../src/modules/read-models/login-record.js';
import { activatePerson, enrolSecondFactor, logIn } from '../support/accounts.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

describe(`what a login reads in one statement (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string; host: string; origin: string };
  let beta: { id: string; host: string; origin: string };
  const read = (email: string | null, account = email ?? 'nobody', client = '198.51.100.7') =>
    createLoginQueries(portal.runtime.database.db).findLoginRecord(
      email,
      portal.services.throttle.reservationStatement({ account, client }),
      portal.clock.now(),
    );

  /** A person with a password at Acme and, invited there too, at Beta; each test has its own. */
  async function personAtTwoBrokers(email: string): Promise<void> {
    await activatePerson(portal, acme, email, 'policyholder');
    // Known with a password already: the second broker's invitation gives access at once.
    await portal.services.invitations.invite({ tenantId: beta.id, email, name: 'Erika', role: 'policyholder' });
  }

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal, 'acme', 'Acme Makler');
    beta = await createTestTenant(portal, 'beta', 'Beta Finanz');
  });
  afterAll(() => portal.close());

  it('finds nothing for an unknown address or none at all, but reserves the attempt under its keys all the same', async () => {
    // An address and a client of this test's own: the counts are its attempts only.
    await portal.services.throttle.reserveAttempt({ account: 'nobody@example.com', client: '198.51.100.8' });
    const counts = [];
    for (const email of ['nobody@example.com', null]) {
      const record = await read(email, 'nobody@example.com', '198.51.100.8');
      expect(record.identity).toBeNull();
      expect(record.memberships).toEqual([]);
      expect(record.hasSecondFactor).toBe(false);
      counts.push(Object.fromEntries(record.reserved.map((attempt) => [attempt.key, attempt.failures])));
    }
    expect(counts).toEqual([
      { 'account:nobody@example.com': 2, 'client:198.51.100.8': 2 },
      { 'account:nobody@example.com': 3, 'client:198.51.100.8': 3 },
    ]);
  });

  it("reads the person, their tenants by name, where they have not logged in yet, and a lock's time", async () => {
    await personAtTwoBrokers('erika@example.com');
    const record = await read('erika@example.com');
    expect(record.identity).toMatchObject({ email: 'erika@example.com', name: 'Person erika', language: 'de' });
    expect(record.identity?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(record.identity?.emailConfirmedAt).toBeInstanceOf(Date);
    expect(record.memberships.map((membership) => [membership.tenantName, membership.role])).toEqual([
      ['Acme Makler', 'policyholder'],
      ['Beta Finanz', 'policyholder'],
    ]);
    expect([...record.tenantsNotLoggedInYet].sort()).toEqual([acme.id, beta.id].sort());
    expect([...record.tenantsLoggedInBefore]).toEqual([]);

    await logIn(portal, acme.origin, 'erika@example.com');
    const afterLogin = await read('erika@example.com');
    expect([...afterLogin.tenantsNotLoggedInYet]).toEqual([beta.id]);
    expect([...afterLogin.tenantsLoggedInBefore]).toEqual([acme.id]);

    for (let attempt = 0; attempt < 6; attempt += 1) {
      await portal.services.throttle.reserveAttempt({ account: 'erika@example.com', client: '203.0.113.9' });
    }
    // A locked key reserves nothing: the login sees the lock in the same statement that reads the person.
    expect((await read('erika@example.com')).reserved.map((attempt) => attempt.key)).toEqual(['client:198.51.100.7']);
    await portal.services.throttle.unlockPerson('erika@example.com');
  });

  it("spares its own commit the wait for the disk, and only its own: the connection's next statements wait as before", async () => {
    const db = portal.runtime.database.db;
    const current = sql`select current_setting('synchronous_commit') as value`;
    const firstRow = (result: unknown) => (result as { rows: Array<{ value: string }> }).rows[0];
    const setting = async () => firstRow(await db.execute(current));
    expect(await setting()).toEqual({ value: 'on' });
    await read('nobody@example.com', 'nobody@example.com', '198.51.100.9');
    expect(await setting()).toEqual({ value: 'on' });
    // Inside a transaction the setting holds until its end, so it is seen there, and is gone after it.
    const inside = await db.transaction(async (tx) => {
      await createLoginQueries(tx).findLoginRecord(
        null,
        portal.services.throttle.reservationStatement({ account: 'nobody@example.com', client: '198.51.100.9' }),
        portal.clock.now(),
      );
      return firstRow(await tx.execute(current));
    });
    expect(inside).toEqual({ value: 'off' });
    expect(await setting()).toEqual({ value: 'on' });
    // The reservations were committed all the same: the two reads above counted under their keys.
    const counted = await read(null, 'nobody@example.com', '198.51.100.9');
    expect(counted.reserved.find((attempt) => attempt.key === 'client:198.51.100.9')?.failures).toBe(3);
  });

  it('leaves out a deactivated membership and counts only a confirmed second factor', async () => {
    await personAtTwoBrokers('emil@example.com');
    const identityId = required((await read('emil@example.com')).identity).id;
    await portal.services.people.deactivatePerson(beta.id, identityId, { kind: 'api_key' }, CLI_ORIGIN);
    expect((await read('emil@example.com')).memberships.map((membership) => membership.tenantName)).toEqual([
      'Acme Makler',
    ]);

    const client = await logIn(portal, acme.origin, 'emil@example.com');
    await client.post('/profile/second-factor/start', {});
    expect((await read('emil@example.com')).hasSecondFactor).toBe(false);
    await client.post('/profile/second-factor/start', {});
    await enrolSecondFactor(client, () => portal.clock.now());
    expect((await read('emil@example.com')).hasSecondFactor).toBe(true);
  });
});
