import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_PASSWORD, activatePerson, logIn } from '../support/accounts.js';
import { createClient } from '../support/browserless-client.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, PLATFORM_ORIGIN, type TestPortal } from '../support/test-portal.js';

describe(`the address a login's audit record shows (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string; host: string; origin: string };
  let beta: { id: string; host: string; origin: string };
  const succeededAddresses = async (tenantId: string | null): Promise<string[]> =>
    (await portal.services.audit.listForTenant(tenantId, 100))
      .filter((event) => event.kind === 'login.succeeded')
      .map((event) => event.email ?? '(none)');

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal, 'acme', 'Acme Makler');
    beta = await createTestTenant(portal, 'beta', 'Beta Finanz');
    await activatePerson(portal, acme, 'erika@example.com', 'policyholder');
  });
  afterAll(() => portal.close());

  it("shows the address the staff entered until the first login there, then the person's own", async () => {
    // Known with a password already: the second broker's invitation, with the address as its staff typed it, gives
    // access at once.
    await portal.services.invitations.invite({
      tenantId: beta.id,
      email: 'Erika@Example.COM',
      name: 'Erika',
      role: 'policyholder',
    });
    await logIn(portal, beta.origin, 'erika@example.com');
    expect(await succeededAddresses(beta.id)).toEqual(['Erika@Example.COM']);
    await logIn(portal, beta.origin, 'erika@example.com');
    expect((await succeededAddresses(beta.id)).sort()).toEqual(['Erika@Example.COM', 'erika@example.com']);
  });

  it("shows the person's own address on a broker's host after the first login and on the platform host", async () => {
    await logIn(portal, acme.origin, 'erika@example.com');
    await logIn(portal, acme.origin, 'erika@example.com');
    expect(await succeededAddresses(acme.id)).toEqual(['erika@example.com', 'erika@example.com']);
    const platform = createClient(portal.app, PLATFORM_ORIGIN);
    await platform.get('/login');
    await platform.post('/login', { email: 'erika@example.com', password: ACCOUNT_PASSWORD });
    expect(await succeededAddresses(null)).toEqual(['erika@example.com']);
  });
});
