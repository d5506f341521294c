import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeys } from '../../db/schema.js';
import { hashToken } from '../../shared/tokens.js';
import { AppError } from '../../shared/errors.js';
import { MINUTE } from '../../shared/clock.js';
import { databaseKind } from '../../../test/support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../../../test/support/test-portal.js';
import { API_KEY_PREFIX } from './api-key-service.js';
import { required } from '../../shared/required.js';

describe(`API keys (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string };
  let beta: { id: string };
  const keys = () => portal.services.apiKeys;

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    beta = await createTestTenant(portal, 'beta', 'Beta Finanz KG');
  });
  afterAll(() => portal.close());

  it('stores only the hash of a new key and shows the key itself once', async () => {
    // A tenant of its own: the list shows this key and no other test's.
    const office = await createTestTenant(portal, 'buero', 'Büro Makler GmbH');
    const { key, summary } = await keys().createApiKey(office.id, '  CRM Büro  ');
    expect(key.startsWith(API_KEY_PREFIX)).toBe(true);
    expect(summary.name).toBe('CRM Büro');
    const [row] = await portal.runtime.database.db.select().from(apiKeys).where(eq(apiKeys.id, summary.id));
    expect(required(row).keyHash).toBe(hashToken(key));
    expect(JSON.stringify(row)).not.toContain(key);
    expect(await keys().listApiKeys(office.id)).toEqual([expect.objectContaining({ id: summary.id, revokedAt: null })]);
    expect((await keys().listApiKeys(beta.id)).map((entry) => entry.id)).not.toContain(summary.id);
  });

  it.each([[''], ['   '], ['x'.repeat(101)], ['CRM\u0000'], ['CRM\u200b']])('refuses the name %j', async (name) => {
    const refusal = await keys()
      .createApiKey(acme.id, name)
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError).code).toBe('API_KEY_NAME_INVALID');
  });

  it('authenticates a key for its own tenant only, and not after revoking it', async () => {
    const { key, summary } = await keys().createApiKey(acme.id, 'Revoked soon');
    expect(await keys().authenticate(key)).toEqual(
      expect.objectContaining({ apiKeyId: summary.id, tenantId: acme.id }),
    );
    expect(await keys().authenticate(`${key}x`)).toBeNull();
    expect(await keys().authenticate('ptk_live_')).toBeNull();

    // Another tenant's staff cannot revoke it, whatever id they send.
    expect(await keys().revokeApiKey(beta.id, summary.id)).toBe(false);
    expect(await keys().revokeApiKey(acme.id, 'not-a-uuid')).toBe(false);
    expect(await keys().authenticate(key)).not.toBeNull();

    expect(await keys().revokeApiKey(acme.id, summary.id)).toBe(true);
    expect(await keys().authenticate(key)).toBeNull();
    expect(await keys().revokeApiKey(acme.id, summary.id)).toBe(false);
  });

  it('counts requests per key in one-minute windows', async () => {
    const { summary } = await keys().createApiKey(acme.id, 'Counted');
    const { summary: other } = await keys().createApiKey(acme.id, 'Not counted');
    const limit = (await keys().checkRateLimit(summary.id)).limit;
    for (let request = 2; request <= limit; request++) {
      expect((await keys().checkRateLimit(summary.id)).retryAfterSeconds).toBe(0);
    }
    expect((await keys().checkRateLimit(summary.id)).retryAfterSeconds).toBeGreaterThan(0);
    expect((await keys().checkRateLimit(other.id)).retryAfterSeconds).toBe(0);
    portal.clock.advance(MINUTE);
    expect((await keys().checkRateLimit(summary.id)).retryAfterSeconds).toBe(0);
  });

  it('claims an idempotency key once, replays its answer, and refuses it for another request', async () => {
    const { summary } = await keys().createApiKey(acme.id, 'Idempotent');
    const claims = await Promise.all(
      Array.from({ length: 5 }, () => keys().claimIdempotencyKey(summary.id, 'k-1', 'hash-a')),
    );
    expect(claims.filter((claim) => claim.kind === 'claimed')).toHaveLength(1);
    expect(claims.filter((claim) => claim.kind === 'in_progress')).toHaveLength(4);
    await keys().completeIdempotencyKey(summary.id, 'k-1', 201, '{"ok":true}');
    expect(await keys().claimIdempotencyKey(summary.id, 'k-1', 'hash-a')).toEqual({
      kind: 'replay',
      status: 201,
      body: '{"ok":true}',
    });
    expect(await keys().claimIdempotencyKey(summary.id, 'k-1', 'hash-b')).toEqual({ kind: 'mismatch' });
    // The same idempotency key of another API key is a different claim.
    const { summary: other } = await keys().createApiKey(acme.id, 'Other');
    expect(await keys().claimIdempotencyKey(other.id, 'k-1', 'hash-b')).toEqual({ kind: 'claimed' });
    // A released key (the request changed nothing) may be used again.
    expect(await keys().claimIdempotencyKey(summary.id, 'k-2', 'hash-c')).toEqual({ kind: 'claimed' });
    await keys().releaseIdempotencyKey(summary.id, 'k-2');
    expect(await keys().claimIdempotencyKey(summary.id, 'k-2', 'hash-d')).toEqual({ kind: 'claimed' });
  });
});
