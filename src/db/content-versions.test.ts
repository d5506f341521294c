import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activatePerson } from '../../test/support/accounts.js';
import { createTestPortal, createTestTenant, type TestPortal } from '../../test/support/test-portal.js';
import { CLI_ORIGIN } from '../modules/audit/audit-service.js';
import { required } from '../shared/required.js';
import type { Database } from './database.js';
import { CONTENT_VERSION_SCOPES, contentVersionColumn, type ContentVersionScope } from './content-versions.js';

/**
 * The database raises a tenant's portfolio version once per transaction that changes any table of the scope, when it
 * commits: kept pages rely on it (`src/http/pages/kept-content.ts`). Two tenants hold the same portfolio, grants,
 * members and profiles; each table of the scope is written in its own transaction, all of its rows of one tenant.
 */
describe('content versions', () => {
  let portal: TestPortal;
  let acme: { id: string; origin: string };
  let beta: { id: string; origin: string };
  const db = () => portal.database.handle.db;

  async function rowsOf<T>(query: SQL, executor: Pick<Database, 'execute'> = db()): Promise<T[]> {
    const result: unknown = await executor.execute(query);
    return (result as { rows: T[] }).rows;
  }

  async function versionOf(tenantId: string, scope: ContentVersionScope = 'portfolio'): Promise<string> {
    return required(
      (await rowsOf<{ version: string }>(sql`select ${contentVersionColumn(tenantId, scope)} as version`))[0],
    ).version;
  }

  /** Every row of the table that belongs to the tenant, rewritten unchanged: each fires the table's trigger. */
  function rewriteAll(table: string, tenantId: string): SQL {
    const name = sql.identifier(table);
    return table === 'grant_profile_delegations'
      ? sql`update ${name} set profile_id = profile_id
             where profile_id in (select id from grant_profiles where tenant_id = ${tenantId})`
      : sql`update ${name} set tenant_id = tenant_id where tenant_id = ${tenantId}`;
  }

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    beta = await createTestTenant(portal, 'beta', 'Beta Makler GmbH');
    for (const [index, tenant] of [acme, beta].entries()) {
      const results = await portal.services.portfolio.upsertBatch(
        tenant.id,
        ['K1', 'K2'].flatMap((customerNumber) => [
          {
            type: 'customer',
            action: 'upsert',
            customer: {
              customerNumber,
              kind: 'private',
              lastName: customerNumber,
              intermediaryAccounts: ['V1'],
              referenceAddresses: [{ label: 'Lager', street: 'Kai 7', postcode: '24103', city: 'Kiel', country: 'DE' }],
            },
          },
          ...['130', '051'].map((sparte) => ({
            type: 'contract',
            action: 'upsert',
            contract: {
              insurerNumber: '5311',
              sparte,
              policyNumber: `P${customerNumber}`,
              customerNumber,
              status: 'active',
            },
          })),
        ]),
        CLI_ORIGIN,
      );
      expect(results.filter((result) => 'error' in result)).toEqual([]);
      const grant = await portal.services.grants.createGrant(tenant.id, {
        name: 'K1',
        kind: 'customer',
        customerNumbers: ['K1', 'K2'],
      });
      const [contract] = await rowsOf<{ id: string }>(
        sql`select id from contracts where tenant_id = ${tenant.id} limit 1`,
      );
      await portal.services.portfolio.shareContract(tenant.id, grant.id, required(contract).id, CLI_ORIGIN);
      await activatePerson(portal, tenant, `p${index}@example.com`, 'policyholder', {
        grantName: 'K1',
      });
      await db().execute(sql`
        with profiles as (
          insert into grant_profiles (tenant_id, name) values (${tenant.id}, 'Firma'), (${tenant.id}, 'Mitarbeitende')
          returning id, name)
        insert into grant_profile_delegations (profile_id, delegated_profile_id)
          select f.id, m.id from profiles f, profiles m where f.name = 'Firma' and m.name = 'Mitarbeitende'`);
      await db().execute(sql`
        with document as (
          insert into documents (tenant_id, customer_id, title, direction, content_type, size, sha256, file_key)
            select tenant_id, id, 'Police', 'from_broker', 'application/pdf', 1, ${'0'.repeat(64)}, 'key'
              from customers where tenant_id = ${tenant.id}
          returning id, tenant_id)
        insert into document_reads (document_id, tenant_id, identity_id, read_at)
          select d.id, d.tenant_id, m.identity_id, now()
            from document d join memberships m on m.tenant_id = d.tenant_id`);
      await db().execute(sql`insert into tenant_keywords (tenant_id, keyword) values (${tenant.id}, 'Police')`);
      const tenantRow = await portal.services.tenants.findTenantBySlug(index === 0 ? 'acme' : 'beta');
      const conversationId = await portal.services.conversations.startForCrm(
        tenantRow,
        { customerNumber: 'K1', contract: null, subject: 'Beitrag', body: 'Ihr Beitrag ändert sich.' },
        CLI_ORIGIN,
      );
      await db().execute(sql`
        insert into conversation_reads (conversation_id, tenant_id, identity_id, read_at)
          select ${conversationId}, tenant_id, identity_id, now() from memberships where tenant_id = ${tenant.id}`);
      await db().execute(sql`
        insert into conversation_attachments
            (tenant_id, conversation_id, message_id, file_key, file_name, size, content_type, position)
          select tenant_id, conversation_id, id, 'key', 'brief.pdf', 1, 'application/pdf', 0
            from conversation_messages where conversation_id = ${conversationId}`);
    }
  });
  afterAll(() => portal.close());

  it("has a trigger on exactly each scope's tables", async () => {
    const triggers = await rowsOf<{ table: string; args: string }>(sql`
      select c.relname as "table", encode(t.tgargs, 'hex') as args
        from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_proc p on p.oid = t.tgfoid
       where p.proname = 'content_version_row_changed'`);
    const byScope = (rows: { table: string; scope: string }[]) =>
      rows.map(({ table, scope }) => `${scope}: ${table}`).sort();
    expect(
      byScope(
        triggers.map((row) => ({
          table: row.table,
          scope: required(Buffer.from(row.args, 'hex').toString('utf8').split('\0')[0]),
        })),
      ),
    ).toEqual(
      byScope(
        Object.entries(CONTENT_VERSION_SCOPES).flatMap(([scope, tables]) => tables.map((table) => ({ table, scope }))),
      ),
    );
  });

  const tablesOfScopes = Object.entries(CONTENT_VERSION_SCOPES).flatMap(([scope, tables]) =>
    tables.map((table) => ({ table, scope: scope as ContentVersionScope })),
  );

  it.each(tablesOfScopes)(
    'raises the $scope version once per transaction that changes $table, for its tenant alone',
    async ({ table, scope }) => {
      const other: ContentVersionScope = scope === 'portfolio' ? 'documents' : 'portfolio';
      const third: ContentVersionScope = scope === 'conversations' ? 'documents' : 'conversations';
      const [before, otherBefore, otherScopeBefore] = [
        await versionOf(acme.id, scope),
        await versionOf(beta.id, scope),
        await versionOf(acme.id, other),
      ];
      const thirdBefore = await versionOf(acme.id, third);
      const changed = await rowsOf<{ count: number }>(
        sql`with changed as (${rewriteAll(table, acme.id)} returning 1) select count(*)::int as count from changed`,
      );
      expect(required(changed[0]).count, 'rows rewritten').toBeGreaterThan(0);
      expect(BigInt(await versionOf(acme.id, scope))).toBe(BigInt(before) + 1n);
      await db().transaction(async (tx) => {
        await tx.execute(rewriteAll(table, acme.id));
        await tx.execute(rewriteAll(table, acme.id));
      });
      expect(BigInt(await versionOf(acme.id, scope))).toBe(BigInt(before) + 2n);
      expect(await versionOf(beta.id, scope)).toBe(otherBefore);
      expect(await versionOf(acme.id, other)).toBe(otherScopeBefore);
      expect(await versionOf(acme.id, third)).toBe(thirdBefore);
    },
  );

  it('keeps the version of a transaction that rolled back, and counts a change seen by nobody before it commits', async () => {
    const before = await versionOf(acme.id);
    await expect(
      db().transaction(async (tx) => {
        await tx.execute(rewriteAll('contracts', acme.id));
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await versionOf(acme.id)).toBe(before);
    await db().transaction(async (tx) => {
      await tx.execute(rewriteAll('customers', acme.id));
      // Inside the transaction the version has not moved yet: it is raised as the transaction commits.
      expect(await rowsOf(sql`select ${contentVersionColumn(acme.id, 'portfolio')} as version`, tx)).toEqual([
        { version: before },
      ]);
    });
    expect(BigInt(await versionOf(acme.id))).toBe(BigInt(before) + 1n);
  });

  it('lets a tenant be deleted with everything it holds, its version with it', async () => {
    await db().execute(sql`delete from tenants where id = ${beta.id}`);
    expect(await rowsOf(sql`select * from content_versions where tenant_id = ${beta.id}`)).toEqual([]);
    expect(await rowsOf(sql`select id from contracts where tenant_id = ${beta.id}`)).toEqual([]);
  });
});
