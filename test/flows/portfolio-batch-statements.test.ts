import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ORIGIN } from '../../src/modules/audit/audit-service.js';
import { countStatementsOf, type StatementCounter } from '../support/statement-counter.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../support/test-portal.js';

/**
 * Batches as the CRM's nightly sync sends them, of 100 and of 1,000 contracts, written twice (insert, then update).
 * The sync's speed (5,000 contracts a second into PostgreSQL, docs/portfolio.md) is measured by `npm run bench`; what
 * makes it is checked here without a clock: a batch is written set-wise, so a batch ten times the size sends no more
 * statements (row-by-row writing would send one or more per contract). Measured: 3 statements per batch, inserting or
 * updating, on both databases, and at times an ANALYZE.
 */
describe(`portfolio batches are written set-wise (${databaseKind})`, () => {
  let portal: TestPortal;
  let counter: StatementCounter;

  beforeAll(async () => {
    portal = await createTestPortal();
    counter = countStatementsOf(portal.database.handle.db);
  });
  afterAll(() => portal.close());

  it('sends as many statements for 1,000 contracts as for 100, on insert and on update', async () => {
    const tenant = await createTestTenant(portal);
    const customers = Array.from({ length: 100 }, (_, index) => ({
      type: 'customer',
      action: 'upsert',
      customer: {
        customerNumber: `K${index}`,
        kind: 'private',
        lastName: `Kunde ${index}`,
        referenceAddresses: [{ label: 'Wohnung', city: 'Berlin' }],
      },
    }));
    const created = await portal.services.portfolio.upsertBatch(tenant.id, customers, CLI_ORIGIN);
    expect(created.map((result) => result.status)).toEqual(customers.map(() => 'created'));
    const batch = (prefix: string, size: number, premium: number) =>
      Array.from({ length: size }, (_, index) => ({
        type: 'contract',
        action: 'upsert',
        contract: {
          insurerNumber: '9001',
          sparte: ['130', '040', '051', '070'][index % 4],
          policyNumber: `${prefix}X${index}`,
          customerNumber: `K${index % 100}`,
          status: 'active',
          startDate: '2021-01-00',
          premiumNetCents: premium + index,
          premiumGrossCents: premium + 1_900 + index,
          sumsInsured: [{ label: 'Summe', cents: 5_000_000 }],
          caseHandler: { name: 'Sabine Sachbearbeiterin', phone: '+49 30 1', email: 'sb@example.com' },
        },
      }));
    const statementsFor = async (prefix: string, size: number, premium: number, expected: 'created' | 'updated') => {
      let statuses: string[] = [];
      const count = await counter.countDuring(async () => {
        statuses = (
          await portal.services.portfolio.upsertBatch(tenant.id, batch(prefix, size, premium), CLI_ORIGIN)
        ).map((result) => result.status);
      });
      expect(statuses).toEqual(Array.from({ length: size }, () => expected));
      // A batch that makes the table's statistics stale also refreshes them (ANALYZE), once, whatever its size.
      return count.texts.filter((text) => !/^analyze\b/i.test(text)).length;
    };

    const small = { insert: await statementsFor('S', 100, 10_000, 'created') };
    const large = { insert: await statementsFor('L', 1_000, 10_000, 'created') };
    const updates = { small: await statementsFor('S', 100, 20_000, 'updated') };
    const largeUpdate = await statementsFor('L', 1_000, 20_000, 'updated');
    console.log(
      `${databaseKind}: statements per batch of 100 / 1,000 contracts: insert ${small.insert} / ${large.insert}, ` +
        `update ${updates.small} / ${largeUpdate}`,
    );
    expect(large.insert).toBeLessThanOrEqual(small.insert);
    expect(largeUpdate).toBeLessThanOrEqual(updates.small);
    expect(large.insert).toBeLessThan(50);

    // What the updates wrote is there: the second pass's premiums, on the right customers.
    const contract = await portal.services.portfolio.getContract(tenant.id, {
      insurerNumber: '9001',
      sparte: '040',
      policyNumber: 'LX1',
    });
    expect(contract.premiumNetCents).toBe(20_001);
  });
});
