/**
 * How long the workspace's people pages take in a tenant of 10,000 people, on this database. A measurement, not a
 * check: it runs only when asked (`PEOPLE_BENCH=1 npx vitest run test/flows/people-scale.test.ts --project pglite`,
 * the same with `--project postgres` and TEST_DATABASE_URL) and prints median and slowest times per page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ORIGIN } from '../../src/modules/audit/audit-service.js';
import { activatePerson, logIn } from '../support/accounts.js';
import type { Client } from '../support/browserless-client.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

const PEOPLE = 10_000;
const BATCH = 1_000;
const ROUNDS = 10;
const isAsked = process.env['PEOPLE_BENCH'] === '1';

describe.skipIf(!isAsked)(`people pages with ${PEOPLE} people (${databaseKind})`, () => {
  let portal: TestPortal;
  let staff: Client;
  let grantId: string;

  beforeAll(async () => {
    portal = await createTestPortal();
    const acme = await createTestTenant(portal);
    await activatePerson(portal, acme, 'chefin@acme.example', 'staff_admin');
    const tenant = required(await portal.services.tenants.findTenantById(acme.id));
    grantId = (await portal.services.grants.createGrant(acme.id, { name: 'Alle', kind: 'customer' })).id;
    const started = performance.now();
    for (let start = 0; start < PEOPLE; start += BATCH) {
      const items = Array.from({ length: BATCH }, (_, offset) => ({
        email: `person-${start + offset}@example.com`,
        name: `Person ${(start + offset) % 997}`,
        kind: 'policyholder' as const,
        // Half in one shared grant, half with a grant of their own, as a CRM's first import makes them.
        grant:
          (start + offset) % 2 === 0
            ? { id: grantId }
            : { name: `Kunde ${start + offset}`, customerNumbers: [`${start + offset}`] },
      }));
      await portal.services.invitations.inviteMany(
        tenant,
        items.map(({ kind, ...item }) => ({ ...item, role: kind })),
        { origin: CLI_ORIGIN },
      );
    }
    console.log(`seeded ${PEOPLE} people in ${Math.round(performance.now() - started)} ms`);
    staff = await logIn(portal, acme.origin, 'chefin@acme.example');
  }, 600_000);
  afterAll(() => portal?.close());

  async function measure(label: string, path: () => Promise<string> | string): Promise<void> {
    const times: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const target = await path();
      const started = performance.now();
      const response = await staff.get(target);
      times.push(performance.now() - started);
      expect(response.status, label).toBe(200);
    }
    times.sort((first, second) => first - second);
    console.log(
      `${databaseKind} ${label}: median ${required(times[Math.floor(ROUNDS / 2)]).toFixed(0)} ms, slowest ` +
        `${required(times[ROUNDS - 1]).toFixed(0)} ms`,
    );
  }

  it('times the people pages', async () => {
    let secondPage = '';
    await measure('people, first page', () => '/admin/people');
    await measure('people, page 2', async () => {
      if (secondPage === '') {
        const body = (await staff.get('/admin/people')).body;
        secondPage = required(required(/<a href="([^"]+)" rel="next">/.exec(body))[1]).replaceAll('&amp;', '&');
      }
      return secondPage;
    });
    await measure('people, sorted by last login, descending', () => '/admin/people?sortierung=anmeldung&richtung=ab');
    await measure('people, status filter (invitation queued)', () => '/admin/people?status=queued');
    await measure('people, locked filter', () => '/admin/people?status=locked');
    await measure('people, search by customer number', () => '/admin/people?suche=4711');
    await measure('people, one grant of 5,000', () => `/admin/people?freischaltung=${grantId}`);
    await measure('grant page with 5,000 members', () => `/admin/grants/${grantId}`);
    await measure('grant delete confirmation (count)', () => `/admin/grants/${grantId}/delete`);
  }, 600_000);
});
