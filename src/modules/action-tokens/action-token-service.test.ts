import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionTokens, identities } from '../../db/schema.js';
import { HOUR, MINUTE } from '../../shared/clock.js';
import { hashToken } from '../../shared/tokens.js';
import { databaseKind } from '../../../test/support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../../../test/support/test-portal.js';

describe(`action tokens (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string };
  let beta: { id: string };
  let person: { id: string; email: string };
  const tokens = () => portal.services.actionTokens;
  const db = () => portal.runtime.database.db;

  async function issue(tenantId: string | null, options = { revokeEarlier: true }) {
    return tokens().issueToken(
      db(),
      { purpose: 'password_reset', tenantId, identityId: person.id, email: person.email, lifetimeMilliseconds: HOUR },
      options,
    );
  }

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    beta = await createTestTenant(portal, 'beta', 'Beta Finanz KG');
    const [row] = await db()
      .insert(identities)
      .values({
        email: 'token.person@example.com',
        emailDisplay: 'Token.Person@example.com',
        name: 'Token Person',
        language: 'de',
      })
      .returning({ id: identities.id, email: identities.email });
    person = row!;
  });
  afterAll(() => portal.close());

  it('stores only the hash and finds a token for its purpose and tenant only', async () => {
    const { token, record } = await issue(acme.id);
    const [row] = await db().select().from(actionTokens).where(eq(actionTokens.id, record.id));
    expect(row!.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);

    expect((await tokens().findToken(token, ['password_reset'], acme.id))?.id).toBe(record.id);
    expect(await tokens().findToken(token, ['password_reset'], beta.id)).toBeNull();
    expect(await tokens().findToken(token, ['password_reset'], null)).toBeNull();
    expect(await tokens().findToken(token, ['invitation', 'email_confirmation'], acme.id)).toBeNull();
    for (const malformed of [undefined, 42, '', 'x'.repeat(10_000), `${token}\u0000`, ['a']]) {
      expect(await tokens().findToken(malformed, ['password_reset'], acme.id)).toBeNull();
    }
  });

  it('is used once, even by requests at the same moment', async () => {
    const { record } = await issue(acme.id);
    const results = await Promise.all(Array.from({ length: 8 }, () => tokens().consumeToken(db(), record.id)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await tokens().consumeToken(db(), record.id)).toBe(false);
  });

  it('stops working when it expires or a newer one of the same kind is issued', async () => {
    const expiring = await issue(acme.id);
    portal.clock.advance(HOUR);
    expect(await tokens().consumeToken(db(), expiring.record.id)).toBe(false);

    const older = await issue(acme.id);
    const atOtherBroker = await issue(beta.id);
    const newer = await issue(acme.id);
    expect(await tokens().consumeToken(db(), older.record.id)).toBe(false);
    // The newer token at one broker leaves the person's link from another broker alone.
    expect(await tokens().consumeToken(db(), atOtherBroker.record.id)).toBe(true);
    expect(await tokens().consumeToken(db(), newer.record.id)).toBe(true);
  });

  it('says how long until the next mail of a kind may go, per tenant', async () => {
    await issue(acme.id);
    expect(await tokens().secondsUntilAllowed(db(), person.id, 'password_reset', MINUTE, { tenantId: acme.id })).toBe(
      60,
    );
    portal.clock.advance(45_000);
    expect(await tokens().secondsUntilAllowed(db(), person.id, 'password_reset', MINUTE, { tenantId: acme.id })).toBe(
      15,
    );
    portal.clock.advance(15_000);
    expect(await tokens().secondsUntilAllowed(db(), person.id, 'password_reset', MINUTE, { tenantId: acme.id })).toBe(
      0,
    );
  });
});
