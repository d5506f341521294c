import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../support/browserless-client.js';
import { linkFrom } from '../support/smtp-receiver.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return required(sorted[Math.floor(sorted.length / 2)]);
}

/**
 * Answers that must not reveal whether an address exists take a fixed minimum time. The tolerance is
 * wide on purpose: the point is that the known address's extra work (a transaction and a mail) hides
 * under the floor, not a precise figure.
 */
describe(`answer times that reveal nothing (${databaseKind})`, () => {
  let portal: TestPortal;
  let origin: string;

  beforeAll(async () => {
    portal = await createTestPortal();
    const tenant = await createTestTenant(portal);
    origin = tenant.origin;
    await portal.services.invitations.invite({
      tenantId: tenant.id,
      email: 'known@example.com',
      name: 'Kim Zeit',
      role: 'policyholder',
    });
    await portal.deliverMail();
    const link = new URL(linkFrom(await portal.smtp.waitForMail('known@example.com'), '/set-password'));
    const client = createClient(portal.app, origin);
    await client.get(link.pathname + link.search);
    await client.post('/set-password', {
      token: required(link.searchParams.get('token')),
      password: 'Zeit ist Geld 5!',
      passwordConfirm: 'Zeit ist Geld 5!',
    });
  });
  afterAll(() => portal.close());

  it('answers forgot-password for known and unknown addresses in the same time', async () => {
    const client = createClient(portal.app, origin);
    await client.get('/forgot-password');
    const timings: Record<'known' | 'unknown', number[]> = { known: [], unknown: [] };
    for (let round = 0; round < 6; round += 1) {
      for (const kind of ['known', 'unknown'] as const) {
        // Each round may send a mail again: the per-address cooldown is a minute.
        portal.clock.advance(61_000);
        const startedAt = performance.now();
        const response = await client.post('/forgot-password', { email: `${kind}@example.com` });
        timings[kind].push(performance.now() - startedAt);
        expect(response.status).toBe(200);
      }
    }
    expect(Math.min(...timings.known, ...timings.unknown)).toBeGreaterThanOrEqual(245);
    expect(Math.abs(median(timings.known) - median(timings.unknown))).toBeLessThan(100);
    expect(await portal.deliverMail()).toBe(6);
  });
});
