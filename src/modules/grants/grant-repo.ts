import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { grantCustomers, grantMembers, grants } from '../../db/schema.js';

export type GrantKind = 'customer' | 'intermediary';

export interface GrantView {
  id: string;
  name: string;
  kind: GrantKind;
  customerNumbers: string[];
}

export function createGrantQueries(db: Database) {
  return {
    /** Finds the grant of that name in the tenant or creates it; concurrent creators end with the same row. */
    async findOrCreateGrant(values: { tenantId: string; name: string; kind: GrantKind }): Promise<{ id: string; kind: GrantKind }> {
      await db.insert(grants).values(values).onConflictDoNothing();
      const [row] = await db
        .select({ id: grants.id, kind: grants.kind })
        .from(grants)
        .where(and(eq(grants.tenantId, values.tenantId), eq(grants.name, values.name)));
      return { id: row!.id, kind: row!.kind as GrantKind };
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
    async listGrantsOf(tenantId: string, identityId: string): Promise<GrantView[]> {
      const rows = await db
        .select({ id: grants.id, name: grants.name, kind: grants.kind, customerNumber: grantCustomers.customerNumber })
        .from(grantMembers)
        .innerJoin(grants, and(eq(grants.id, grantMembers.grantId), eq(grants.tenantId, grantMembers.tenantId)))
        .leftJoin(grantCustomers, eq(grantCustomers.grantId, grants.id))
        .where(and(eq(grantMembers.tenantId, tenantId), eq(grantMembers.identityId, identityId)))
        .orderBy(asc(grants.name), asc(grantCustomers.customerNumber));
      const byGrant = new Map<string, GrantView>();
      for (const row of rows) {
        const grant = byGrant.get(row.id) ?? { id: row.id, name: row.name, kind: row.kind as GrantKind, customerNumbers: [] };
        if (row.customerNumber !== null) {
          grant.customerNumbers.push(row.customerNumber);
        }
        byGrant.set(row.id, grant);
      }
      return [...byGrant.values()];
    },
  };
}
