import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPortal, createTestTenant, type TestPortal } from '../../../test/support/test-portal.js';
import { rowsOf } from '../../db/rows.js';
import { CLI_ORIGIN } from '../audit/audit-service.js';
import { checkPortfolioItems } from './portfolio-check.js';

let portal: TestPortal;

beforeAll(async () => {
  portal = await createTestPortal();
});
afterAll(async () => {
  await portal.close();
});

const customer = (customerNumber: string, extra: Record<string, unknown> = {}) => ({
  type: 'customer',
  action: 'upsert',
  customer: { customerNumber, kind: 'private', firstName: 'Erika', lastName: 'Muster', ...extra },
});
const contract = (policyNumber: string, extra: Record<string, unknown> = {}) => ({
  type: 'contract',
  action: 'upsert',
  contract: { insurerNumber: '9001', sparte: '130', policyNumber, customerNumber: 'K1', status: 'active', ...extra },
});

/** The rows of a table as the planner knows them (its statistics). */
async function plannedRows(table: 'contracts' | 'customers' | 'customer_intermediary_accounts'): Promise<number> {
  const result = await portal.runtime.database.db.execute(
    sql`select reltuples::float8 as "rows" from pg_class where relname = ${table} and relkind = 'r'`,
  );
  return Number(rowsOf<{ rows: number }>(result)[0]?.rows);
}

const key = (policyNumber: string) => ({ insurerNumber: '9001', sparte: '130', policyNumber });
const getContract = (tenantId: string, contractKey: ReturnType<typeof key>) =>
  portal.services.portfolio.getContract(tenantId, contractKey);

describe('upsertBatch', () => {
  it('creates, then updates the same records, and reads them back as sent', async () => {
    const tenant = await createTestTenant(portal, 'batch-a', 'Batch A');
    const items = [
      customer('K1', {
        referenceAddresses: [{ label: 'Ferienhaus', street: 'Dünenweg 1', postcode: '18609', city: 'Binz' }],
        intermediaryAccounts: ['V-7'],
        dateOfBirth: '1980-02-29',
      }),
      contract('H123', {
        startDate: '2020',
        mainDueDate: '2021-03',
        premiumGrossCents: 12_345,
        sumsInsured: [{ label: 'Hausrat', cents: 6_500_000 }],
      }),
    ];
    const first = await portal.services.portfolio.upsertBatch(tenant.id, items, CLI_ORIGIN);
    expect(first.map((result) => result.status)).toEqual(['created', 'created']);
    const second = await portal.services.portfolio.upsertBatch(tenant.id, items, CLI_ORIGIN);
    expect(second.map((result) => result.status)).toEqual(['updated', 'updated']);
    expect(second.map((result) => 'id' in result && result.id)).toEqual(
      first.map((result) => 'id' in result && result.id),
    );

    const stored = await getContract(tenant.id, key('h123'));
    expect(stored).toMatchObject({
      sparteName: 'Verbundene Hausrat',
      startDate: '2020-00-00',
      mainDueDate: '2021-03-00',
      premiumGrossCents: 12_345,
    });
    expect(stored.customerName).toBe('Erika Muster');
    expect(stored.sumsInsured).toEqual([{ label: 'Hausrat', cents: 6_500_000 }]);
    const storedCustomer = await portal.services.portfolio.getCustomer(tenant.id, 'K1');
    expect(storedCustomer).toMatchObject({ dateOfBirth: '1980-02-29', intermediaryAccounts: ['V-7'] });
    expect(storedCustomer.referenceAddresses).toEqual([
      { label: 'Ferienhaus', street: 'Dünenweg 1', postcode: '18609', city: 'Binz', country: null },
    ]);
  });

  it("renews the planner's statistics of contracts after a batch that wrote many, not after a small one", async () => {
    const tenant = await createTestTenant(portal, 'batch-stats', 'Batch Stats');
    const many = Array.from({ length: 120 }, (_, index) => contract(`S${index}`));
    await portal.services.portfolio.upsertBatch(tenant.id, [customer('K1'), ...many], CLI_ORIGIN);
    const afterMany = await plannedRows('contracts');
    expect(afterMany).toBeGreaterThanOrEqual(120);
    await portal.services.portfolio.upsertBatch(tenant.id, [contract('S-one-more')], CLI_ORIGIN);
    expect(await plannedRows('contracts')).toBe(afterMany);
  });

  it("renews the statistics of the customers' intermediary accounts after a batch that wrote many customers", async () => {
    const tenant = await createTestTenant(portal, 'batch-accounts', 'Batch Accounts');
    const many = Array.from({ length: 120 }, (_, index) =>
      customer(`A${index}`, { intermediaryAccounts: [index % 2 === 0 ? 'V-1' : 'V-2'] }),
    );
    await portal.services.portfolio.upsertBatch(tenant.id, many, CLI_ORIGIN);
    expect(await plannedRows('customer_intermediary_accounts')).toBeGreaterThanOrEqual(120);
  });

  it('fails bad items alone with their own code and commits the rest', async () => {
    const tenant = await createTestTenant(portal, 'batch-b', 'Batch B');
    const results = await portal.services.portfolio.upsertBatch(
      tenant.id,
      [
        customer('K1'),
        contract('OK1'),
        contract('BAD1', { startDate: '2024-02-31' }),
        contract('BAD2', { premiumNetCents: '12,50' }),
        contract('BAD3', { sparte: '13' }),
        contract('BAD4', { customerNumber: 'NOBODY' }),
        contract('OK1'),
        { type: 'contract', action: 'delete', insurerNumber: '9001', sparte: '130', policyNumber: 'GONE' },
        { type: 'nonsense' },
        customer('K2', { kind: 'business', companyName: null }),
      ],
      CLI_ORIGIN,
    );
    expect(results.map((result) => (result.status === 'failed' ? result.error.code : result.status))).toEqual([
      'created',
      'created',
      'DATE_INVALID',
      'AMOUNT_INVALID',
      'SPARTE_INVALID',
      'CUSTOMER_NOT_FOUND',
      'DUPLICATE_IN_BATCH',
      'not_found',
      'VALIDATION_FAILED',
      'VALIDATION_FAILED',
    ]);
    await expect(getContract(tenant.id, key('BAD1'))).rejects.toMatchObject({ code: 'CONTRACT_NOT_FOUND' });
    await expect(getContract(tenant.id, key('OK1'))).resolves.toMatchObject({ status: 'active' });
  });

  it("keeps each tenant's portfolio apart: the same keys in two tenants are two records", async () => {
    const first = await createTestTenant(portal, 'batch-c', 'Batch C');
    const second = await createTestTenant(portal, 'batch-d', 'Batch D');
    await portal.services.portfolio.upsertBatch(
      first.id,
      [customer('K1', { lastName: 'Erste' }), contract('SAME')],
      CLI_ORIGIN,
    );
    const other = await portal.services.portfolio.upsertBatch(
      second.id,
      [customer('K1', { lastName: 'Zweite' }), contract('SAME')],
      CLI_ORIGIN,
    );
    expect(other.map((result) => result.status)).toEqual(['created', 'created']);
    expect((await getContract(first.id, key('SAME'))).customerName).toBe('Erika Erste');
    await portal.services.portfolio.deleteCustomer(second.id, 'K1', CLI_ORIGIN);
    await expect(getContract(second.id, key('SAME'))).rejects.toMatchObject({ code: 'CONTRACT_NOT_FOUND' });
    await expect(getContract(first.id, key('SAME'))).resolves.toMatchObject({ customerNumber: 'K1' });
  });

  it('refuses a case handler who is not staff of the tenant', async () => {
    const tenant = await createTestTenant(portal, 'batch-e', 'Batch E');
    const stranger = { name: 'Fremd', staffIdentityId: '0b7e8c1e-3f55-4c7a-9d8e-2f1b6a0c9e11' };
    const [result] = await portal.services.portfolio.upsertBatch(
      tenant.id,
      [customer('K1', { caseHandler: stranger })],
      CLI_ORIGIN,
    );
    expect(result).toMatchObject({ status: 'failed', error: { code: 'STAFF_MEMBER_INVALID' } });
  });
});

describe('checked batches (the GDV import checks its items on its reading thread)', () => {
  const outcomes = (results: { status: string; error?: { code: string } }[]) =>
    results.map((result) => result.error?.code ?? result.status);

  it('writes what checkPortfolioItems passed and answers its refusals in their places, as upsertBatch does', async () => {
    const items = [customer('K1'), contract('C1', { startDate: '2024-02-31' }), contract('C2'), customer('K1')];
    const batch = checkPortfolioItems(items);
    expect(batch.size).toBe(4);
    expect(batch.pending.map(({ index }) => index)).toEqual([0, 2]);
    expect(batch.failures.map(({ index, error }) => [index, error.code])).toEqual([
      [1, 'DATE_INVALID'],
      [3, 'DUPLICATE_IN_BATCH'],
    ]);
    const checked = await createTestTenant(portal, 'checked-a', 'Checked A');
    // As a worker thread hands it over: a structured clone, no prototypes.
    const written = await portal.services.portfolio.upsertCheckedBatch(checked.id, structuredClone(batch), CLI_ORIGIN);
    const plain = await createTestTenant(portal, 'checked-b', 'Checked B');
    const unchecked = await portal.services.portfolio.upsertBatch(plain.id, items, CLI_ORIGIN);
    expect(outcomes(written)).toEqual(['created', 'DATE_INVALID', 'created', 'DUPLICATE_IN_BATCH']);
    expect(outcomes(unchecked)).toEqual(outcomes(written));
    await expect(getContract(checked.id, key('C2'))).resolves.toMatchObject({ customerNumber: 'K1' });
    await expect(getContract(checked.id, key('C1'))).rejects.toMatchObject({ code: 'CONTRACT_NOT_FOUND' });
  });

  it('refuses a batch larger than the limit before writing anything', () => {
    expect(() => checkPortfolioItems(Array.from({ length: 1001 }, (_, index) => customer(`K${index}`)))).toThrow(
      /At most 1000 items/,
    );
  });

  it('leaves the statistics to one refreshStatistics after the last batch when asked to', async () => {
    const tenant = await createTestTenant(portal, 'checked-stats', 'Checked Stats');
    const before = await plannedRows('customers');
    const many = Array.from({ length: 300 }, (_, index) => customer(`S${index}`));
    await portal.services.portfolio.upsertCheckedBatch(tenant.id, checkPortfolioItems(many), CLI_ORIGIN, {
      refreshStatistics: false,
    });
    expect(await plannedRows('customers')).toBe(before);
    await portal.services.portfolio.refreshStatistics({ customers: 300, contracts: 0 });
    expect(await plannedRows('customers')).toBeGreaterThanOrEqual(Math.max(before, 0) + 300);
  });
});
