import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPortal, createTestTenant, type TestPortal } from '../../../test/support/test-portal.js';
import { CLI_ORIGIN } from '../audit/audit-service.js';
import { claimWithStatement, createClaimQueries } from './claim-repo.js';

let portal: TestPortal;

beforeAll(async () => {
  portal = await createTestPortal();
});
afterAll(async () => {
  await portal.close();
});

const dialect = new PgDialect();

/** A value as SQL text, for a statement explained with its values written in. */
function literalOf(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  const text = value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : JSON.stringify(value);
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * The plan PostgreSQL keeps for the statement (a generic plan, as for a kept statement after its first runs), made on
 * a table never analysed: prepared under a name of this test and explained with the values.
 */
async function keptPlanOf(statement: SQL, name: string): Promise<string> {
  const { sql: text, params } = dialect.sqlToQuery(statement);
  const { db } = portal.database.handle;
  return db.transaction(async (tx) => {
    await tx.execute(sql.raw(`set local plan_cache_mode = force_generic_plan`));
    await tx.execute(sql.raw(`prepare ${name} as ${text}`));
    const explained = await tx.execute(sql.raw(`explain execute ${name}(${params.map(literalOf).join(', ')})`));
    await tx.execute(sql.raw(`deallocate ${name}`));
    return (explained as { rows: Record<string, string>[] }).rows.map((row) => Object.values(row).join('')).join('\n');
  });
}

describe('the claim found by its id', () => {
  it('is read and saved by its primary key, only in its tenant and, for the save, only as its reporter’s draft', async () => {
    const tenant = await createTestTenant(portal, 'claim-key', 'Makler Schlüssel');
    const other = await createTestTenant(portal, 'claim-key-other', 'Makler Anders');
    await portal.services.portfolio.upsertBatch(
      tenant.id,
      [
        { type: 'customer', action: 'upsert', customer: { customerNumber: 'K1', kind: 'private', lastName: 'Eins' } },
        {
          type: 'contract',
          action: 'upsert',
          contract: {
            insurerNumber: '5311',
            sparte: '051',
            policyNumber: 'P1',
            customerNumber: 'K1',
            status: 'active',
          },
        },
      ],
      CLI_ORIGIN,
    );
    const customerId = (await portal.services.portfolio.getCustomer(tenant.id, 'K1')).id;
    const queries = createClaimQueries(portal.database.handle.db);
    const now = portal.clock.now();
    const rows = [];
    // Many claims of the tenant, so that a plan through the tenant's own indexes would have them all to read.
    for (let index = 0; index < 30; index += 1) {
      rows.push(
        await queries.insert({
          tenantId: tenant.id,
          customerId,
          contractId: null,
          reporterIdentityId: null,
          grantId: null,
          route: 'DEFAULT',
          status: 'draft',
          createdAt: now,
          updatedAt: now,
        }),
      );
    }
    const claim = rows[7];
    if (claim === undefined) throw new Error('no claim inserted');
    const read = (tenantId: string) => claimWithStatement(tenantId, claim.id, () => sql`null`);

    expect((await queries.findWith(read(tenant.id)))?.row.id).toBe(claim.id);
    expect(await queries.findWith(read(other.id))).toBeNull();
    const change = { answers: { message: 'Schlüssel' }, step: 1, now };
    // Without a reporter nobody's save reaches it; not from another tenant either.
    expect(await queries.saveDraft(other.id, claim.id, claim.id, change)).toBeNull();
    expect(await queries.saveDraft(tenant.id, claim.id, claim.id, change)).toBeNull();

    const readPlan = await keptPlanOf(read(tenant.id), 'claim_key_read');
    expect(readPlan).toMatch(/using claims_pkey on claims/);
    expect(readPlan).not.toMatch(/using claims_(customer|reporter|contract|status|updated|drafts_untouched) on/);
    // The save as its statement is sent (`saveDraft`): the plan of the text the repo renders.
    const sent: SQL[] = [];
    const capture = createClaimQueries({
      execute: (statement: SQL) => {
        sent.push(statement);
        return Promise.resolve({ rows: [] });
      },
    } as never);
    await capture.saveDraft(tenant.id, claim.id, claim.id, change);
    const [saveStatement] = sent;
    if (saveStatement === undefined) throw new Error('the save sent no statement');
    const savePlan = await keptPlanOf(saveStatement, 'claim_key_save');
    expect(savePlan).toMatch(/using claims_pkey on claims/);
    expect(savePlan).not.toMatch(/using claims_(customer|reporter|contract|status|updated|drafts_untouched) on/);
  });
});
