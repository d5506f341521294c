import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identities } from '../../db/schema.js';
import { databaseKind } from '../../../test/support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../../../test/support/test-portal.js';

describe(`grants (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string };
  let beta: { id: string };
  const grants = () => portal.services.grants;

  async function identityIdOf(email: string): Promise<string> {
    const [row] = await portal.runtime.database.db.select().from(identities).where(eq(identities.email, email));
    return row!.id;
  }

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    beta = await createTestTenant(portal, 'beta', 'Beta Finanz KG');
  });
  afterAll(() => portal.close());

  it('creates a grant with its customer numbers and options, and refuses a second of the same name', async () => {
    const grant = await grants().createGrant(acme.id, {
      name: '  Familie Muster ',
      kind: 'customer',
      customerNumbers: ['100234', '100234', '100235'],
      restrictedLinesOfBusiness: ['130', '040'],
    });
    expect(grant).toMatchObject({
      name: 'Familie Muster',
      kind: 'customer',
      restrictedLinesOfBusiness: ['130', '040'],
    });
    expect([...grant.customerNumbers].sort()).toEqual(['100234', '100235']);
    await expect(grants().createGrant(acme.id, { name: 'Familie Muster', kind: 'customer' })).rejects.toMatchObject({
      code: 'GRANT_NAME_TAKEN',
    });
    // The same name at another broker is that broker's own grant.
    expect((await grants().createGrant(beta.id, { name: 'Familie Muster', kind: 'customer' })).id).not.toBe(grant.id);
  });

  it("answers GRANT_NOT_FOUND for another tenant's grant, whatever is asked of it", async () => {
    const betaGrant = await grants().createGrant(beta.id, { name: 'Nur bei Beta', kind: 'customer' });
    await expect(grants().getGrant(acme.id, betaGrant.id)).rejects.toMatchObject({ code: 'GRANT_NOT_FOUND' });
    await expect(grants().getGrant(acme.id, 'not-a-uuid')).rejects.toMatchObject({ code: 'GRANT_NOT_FOUND' });
    await expect(grants().updateGrant(acme.id, betaGrant.id, { name: 'Übernommen' })).rejects.toMatchObject({
      code: 'GRANT_NOT_FOUND',
    });
    await expect(grants().deleteGrant(acme.id, betaGrant.id)).rejects.toMatchObject({ code: 'GRANT_NOT_FOUND' });
    expect((await grants().getGrant(beta.id, betaGrant.id)).name).toBe('Nur bei Beta');
  });

  it('removes a person from one grant and ends their access here only when no grant is left', async () => {
    const first = await grants().createGrant(acme.id, { name: 'Erster Zugang', kind: 'customer' });
    const second = await grants().createGrant(acme.id, { name: 'Zweiter Zugang', kind: 'customer' });
    for (const grant of [first, second]) {
      await portal.services.invitations.invite({
        tenantId: acme.id,
        email: 'zwei.zugaenge@example.com',
        name: 'Zwei Zugänge',
        role: 'policyholder',
        grantName: grant.name,
      });
    }
    const personId = await identityIdOf('zwei.zugaenge@example.com');
    await expect(grants().removePersonFromGrant(beta.id, first.id, personId)).rejects.toMatchObject({
      code: 'GRANT_NOT_FOUND',
    });
    await grants().removePersonFromGrant(acme.id, first.id, personId);
    await expect(grants().removePersonFromGrant(acme.id, first.id, personId)).rejects.toMatchObject({
      code: 'PERSON_NOT_FOUND',
    });
    expect((await grants().listGrantsOf(acme.id, personId)).map((grant) => grant.name)).toEqual(['Zweiter Zugang']);
    expect(await portal.services.memberships.listRoles(acme.id, personId)).toEqual(['policyholder']);

    await grants().removePersonFromGrant(acme.id, second.id, personId, undefined, { whenEmpty: 'delete' });
    expect(await portal.services.memberships.listRoles(acme.id, personId)).toEqual([]);
    await expect(grants().getGrant(acme.id, second.id)).rejects.toMatchObject({ code: 'GRANT_NOT_FOUND' });
  });
});
