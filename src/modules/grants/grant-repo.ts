import { and, asc, eq, gt, inArray, ne, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { grantCustomers, grantMembers, grants } from '../../db/schema.js';
import { insertByColumns } from '../../db/bulk-insert.js';
import type { DelegationOfGrant, GrantKind, GrantOptions, GrantView } from './grant.js';
import { required } from '../../shared/required.js';

export type { DelegationOfGrant, GrantKind, GrantOptions, GrantOrigin, GrantView } from './grant.js';

export function createGrantQueries(db: Database) {
  return {
    /** Finds the grant of that name in the tenant or creates it; concurrent creators end with the same row. */
    async findOrCreateGrant(values: {
      tenantId: string;
      name: string;
      kind: GrantKind;
    }): Promise<{ id: string; kind: GrantKind }> {
      await db.insert(grants).values(values).onConflictDoNothing();
      const [row] = await db
        .select({ id: grants.id, kind: grants.kind })
        .from(grants)
        .where(and(eq(grants.tenantId, values.tenantId), eq(grants.name, values.name)));
      return { id: required(row).id, kind: required(row).kind as GrantKind };
    },
    async addCustomers(tenantId: string, grantId: string, customerNumbers: string[]): Promise<void> {
      if (customerNumbers.length === 0) {
        return;
      }
      await db
        .insert(grantCustomers)
        .values(customerNumbers.map((customerNumber) => ({ tenantId, grantId, customerNumber })))
        .onConflictDoNothing();
    },
    async addMember(tenantId: string, grantId: string, identityId: string): Promise<void> {
      await db.insert(grantMembers).values({ tenantId, grantId, identityId }).onConflictDoNothing();
    },
    async isMemberOfGrantNamed(tenantId: string, grantName: string, identityId: string): Promise<boolean> {
      const rows = await db
        .select({ grantId: grantMembers.grantId })
        .from(grantMembers)
        .innerJoin(grants, and(eq(grants.id, grantMembers.grantId), eq(grants.tenantId, grantMembers.tenantId)))
        .where(
          and(eq(grantMembers.tenantId, tenantId), eq(grantMembers.identityId, identityId), eq(grants.name, grantName)),
        )
        .limit(1);
      return rows.length > 0;
    },
    async listGrantsOf(tenantId: string, identityId: string): Promise<GrantView[]> {
      const rows = await db
        .select({ id: grants.id, name: grants.name, kind: grants.kind, customerNumber: grantCustomers.customerNumber })
        .from(grantMembers)
        .innerJoin(grants, and(eq(grants.id, grantMembers.grantId), eq(grants.tenantId, grantMembers.tenantId)))
        .leftJoin(grantCustomers, and(eq(grantCustomers.grantId, grants.id), eq(grantCustomers.tenantId, tenantId)))
        .where(and(eq(grantMembers.tenantId, tenantId), eq(grantMembers.identityId, identityId)))
        .orderBy(asc(grants.name), asc(grantCustomers.customerNumber));
      const byGrant = new Map<string, GrantView>();
      for (const row of rows) {
        const grant = byGrant.get(row.id) ?? {
          id: row.id,
          name: row.name,
          kind: row.kind as GrantKind,
          customerNumbers: [],
        };
        if (row.customerNumber !== null) {
          grant.customerNumbers.push(row.customerNumber);
        }
        byGrant.set(row.id, grant);
      }
      return [...byGrant.values()];
    },
  };
}

export type GrantRow = typeof grants.$inferSelect;

/** The API's and the workspace's queries on whole grants; every one filters by tenant. */
export function createGrantAdminQueries(db: Database) {
  return {
    async insert(
      values: { tenantId: string; name: string; kind: GrantKind; createdAt: Date } & GrantOptions & DelegationOfGrant,
    ): Promise<GrantRow | null> {
      const [row] = await db
        .insert(grants)
        .values({ ...values, updatedAt: values.createdAt })
        .onConflictDoNothing()
        .returning();
      return row ?? null;
    },
    async find(
      tenantId: string,
      id: string,
      options: { forUpdate: boolean } = { forUpdate: false },
    ): Promise<GrantRow | null> {
      const query = db
        .select()
        .from(grants)
        .where(and(eq(grants.tenantId, tenantId), eq(grants.id, id)));
      const [row] = options.forUpdate ? await query.for('update') : await query;
      return row ?? null;
    },
    async listPage(tenantId: string, afterId: string | null, limit: number): Promise<GrantRow[]> {
      return db
        .select()
        .from(grants)
        .where(and(eq(grants.tenantId, tenantId), afterId === null ? undefined : gt(grants.id, afterId)))
        .orderBy(asc(grants.id))
        .limit(limit);
    },
    async update(
      tenantId: string,
      id: string,
      values: Partial<GrantOptions & { name: string; profileId: string }>,
      at: Date,
    ): Promise<'updated' | 'name_taken'> {
      const rows = await db
        .update(grants)
        .set({ ...values, updatedAt: at })
        .where(and(eq(grants.tenantId, tenantId), eq(grants.id, id)))
        .returning({ id: grants.id });
      return rows.length === 1 ? 'updated' : 'name_taken';
    },
    async delete(tenantId: string, id: string): Promise<void> {
      await db.delete(grants).where(and(eq(grants.tenantId, tenantId), eq(grants.id, id)));
    },
    async isNameTaken(tenantId: string, name: string, exceptId: string | null): Promise<boolean> {
      const [row] = await db
        .select({ id: grants.id })
        .from(grants)
        .where(
          and(
            eq(grants.tenantId, tenantId),
            eq(grants.name, name),
            exceptId === null ? undefined : ne(grants.id, exceptId),
          ),
        );
      return row !== undefined;
    },
    async customersOf(tenantId: string, grantIds: string[]): Promise<Map<string, string[]>> {
      const byGrant = new Map<string, string[]>();
      if (grantIds.length === 0) {
        return byGrant;
      }
      const rows = await db
        .select()
        .from(grantCustomers)
        .where(and(eq(grantCustomers.tenantId, tenantId), inArray(grantCustomers.grantId, grantIds)))
        .orderBy(asc(grantCustomers.customerNumber));
      for (const row of rows) {
        byGrant.set(row.grantId, [...(byGrant.get(row.grantId) ?? []), row.customerNumber]);
      }
      return byGrant;
    },
    async replaceCustomers(tenantId: string, grantId: string, customerNumbers: string[]): Promise<void> {
      await db
        .delete(grantCustomers)
        .where(and(eq(grantCustomers.tenantId, tenantId), eq(grantCustomers.grantId, grantId)));
      if (customerNumbers.length > 0) {
        await db
          .insert(grantCustomers)
          .values(customerNumbers.map((customerNumber) => ({ tenantId, grantId, customerNumber })));
      }
    },
    /** Grants delegated out of this one, and out of those, at any depth. */
    async delegatedGrantIdsFrom(tenantId: string, grantId: string): Promise<string[]> {
      const result = await db.execute(sql`
        with recursive delegated as (
          select g.id from ${grants} g where g.tenant_id = ${tenantId} and g.delegated_from_grant_id = ${grantId}
          union
          select g.id from ${grants} g join delegated d on g.delegated_from_grant_id = d.id where g.tenant_id =
            ${tenantId}
        )
        select id from delegated`);
      return (result as { rows: Array<{ id: string }> }).rows.map((row) => row.id);
    },
    async memberIdsOf(tenantId: string, grantId: string): Promise<string[]> {
      const rows = await db
        .select({ identityId: grantMembers.identityId })
        .from(grantMembers)
        .where(and(eq(grantMembers.tenantId, tenantId), eq(grantMembers.grantId, grantId)));
      return rows.map((row) => row.identityId);
    },
    /** Sets a member's "darf Schadenmeldungen freigeben"; false when the person is no member of the grant. */
    async setMayReleaseClaims(
      tenantId: string,
      grantId: string,
      identityId: string,
      mayReleaseClaims: boolean,
    ): Promise<boolean> {
      const rows = await db
        .update(grantMembers)
        .set({ mayReleaseClaims })
        .where(
          and(
            eq(grantMembers.tenantId, tenantId),
            eq(grantMembers.grantId, grantId),
            eq(grantMembers.identityId, identityId),
          ),
        )
        .returning({ identityId: grantMembers.identityId });
      return rows.length === 1;
    },
    async membersMayReleaseClaims(tenantId: string, grantId: string): Promise<string[]> {
      const rows = await db
        .select({ identityId: grantMembers.identityId })
        .from(grantMembers)
        .where(
          and(
            eq(grantMembers.tenantId, tenantId),
            eq(grantMembers.grantId, grantId),
            eq(grantMembers.mayReleaseClaims, true),
          ),
        );
      return rows.map((row) => row.identityId);
    },
    async removeMember(tenantId: string, grantId: string, identityId: string): Promise<boolean> {
      const rows = await db
        .delete(grantMembers)
        .where(
          and(
            eq(grantMembers.tenantId, tenantId),
            eq(grantMembers.grantId, grantId),
            eq(grantMembers.identityId, identityId),
          ),
        )
        .returning({ identityId: grantMembers.identityId });
      return rows.length === 1;
    },
    async countGrantsOf(tenantId: string, identityId: string): Promise<number> {
      const [row] = await db
        .select({ value: sql<number>`count(*)::int` })
        .from(grantMembers)
        .where(and(eq(grantMembers.tenantId, tenantId), eq(grantMembers.identityId, identityId)));
      return row?.value ?? 0;
    },
    /** Invitations: grants named in a list, created when new; concurrent creators end with the same rows. */
    async findOrCreateMany(
      tenantId: string,
      wanted: { name: string; kind: GrantKind }[],
      at: Date,
    ): Promise<Map<string, { id: string; name: string; kind: GrantKind }>> {
      const byName = new Map<string, { id: string; name: string; kind: GrantKind }>();
      if (wanted.length === 0) {
        return byName;
      }
      await insertByColumns(
        db,
        'grants',
        [
          { name: 'tenant_id', type: 'uuid', value: () => tenantId },
          { name: 'name', type: 'text', value: (grant) => grant.name },
          { name: 'kind', type: 'text', value: (grant) => grant.kind },
          { name: 'created_at', type: 'timestamptz', value: () => at },
          { name: 'updated_at', type: 'timestamptz', value: () => at },
        ],
        wanted,
        sql`on conflict do nothing`,
      );
      const rows = await db
        .select({ id: grants.id, name: grants.name, kind: grants.kind })
        .from(grants)
        .where(
          and(
            eq(grants.tenantId, tenantId),
            inArray(
              grants.name,
              wanted.map((grant) => grant.name),
            ),
          ),
        );
      for (const row of rows) {
        byName.set(row.name, { id: row.id, name: row.name, kind: row.kind as GrantKind });
      }
      return byName;
    },
    async findMany(
      tenantId: string,
      ids: string[],
    ): Promise<Map<string, { id: string; name: string; kind: GrantKind }>> {
      const rows =
        ids.length === 0
          ? []
          : await db
              .select({ id: grants.id, name: grants.name, kind: grants.kind })
              .from(grants)
              .where(and(eq(grants.tenantId, tenantId), inArray(grants.id, ids)));
      return new Map(rows.map((row) => [row.id, { id: row.id, name: row.name, kind: row.kind as GrantKind }]));
    },
    async addCustomersMany(values: { tenantId: string; grantId: string; customerNumber: string }[]): Promise<void> {
      await insertByColumns(
        db,
        'grant_customers',
        [
          { name: 'tenant_id', type: 'uuid', value: (row) => row.tenantId },
          { name: 'grant_id', type: 'uuid', value: (row) => row.grantId },
          { name: 'customer_number', type: 'text', value: (row) => row.customerNumber },
        ],
        values,
        sql`on conflict do nothing`,
      );
    },
    /** Which of these people are members of which of these grants already, as "grantId identityId" pairs. */
    async listMembershipPairs(tenantId: string, grantIds: string[], identityIds: string[]): Promise<Set<string>> {
      if (grantIds.length === 0 || identityIds.length === 0) {
        return new Set();
      }
      const rows = await db
        .select({ grantId: grantMembers.grantId, identityId: grantMembers.identityId })
        .from(grantMembers)
        .where(
          and(
            eq(grantMembers.tenantId, tenantId),
            inArray(grantMembers.grantId, grantIds),
            inArray(grantMembers.identityId, identityIds),
          ),
        );
      return new Set(rows.map((row) => `${row.grantId} ${row.identityId}`));
    },
    async addMembersMany(values: { tenantId: string; grantId: string; identityId: string }[]): Promise<void> {
      await insertByColumns(
        db,
        'grant_members',
        [
          { name: 'tenant_id', type: 'uuid', value: (row) => row.tenantId },
          { name: 'grant_id', type: 'uuid', value: (row) => row.grantId },
          { name: 'identity_id', type: 'uuid', value: (row) => row.identityId },
        ],
        values,
        sql`on conflict do nothing`,
      );
    },
  };
}
