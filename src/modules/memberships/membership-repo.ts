import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { memberships, tenants } from '../../db/schema.js';
import type { MembershipRole } from './membership.js';

export interface MembershipTenant {
  tenantId: string;
  tenantName: string;
  tenantSlug: string;
  role: MembershipRole;
}

export function createMembershipQueries(db: Database) {
  return {
    async ensureMembership(values: { tenantId: string; identityId: string; role: MembershipRole }): Promise<void> {
      await db.insert(memberships).values(values).onConflictDoNothing();
    },
    async hasMembership(tenantId: string, identityId: string): Promise<boolean> {
      const [row] = await db
        .select({ id: memberships.id })
        .from(memberships)
        .where(and(eq(memberships.tenantId, tenantId), eq(memberships.identityId, identityId)))
        .limit(1);
      return row !== undefined;
    },
    async listRoles(tenantId: string, identityId: string): Promise<MembershipRole[]> {
      const rows = await db
        .select({ role: memberships.role })
        .from(memberships)
        .where(and(eq(memberships.tenantId, tenantId), eq(memberships.identityId, identityId)))
        .orderBy(asc(memberships.role));
      return rows.map((row) => row.role as MembershipRole);
    },
    async listTenantsOf(identityId: string): Promise<MembershipTenant[]> {
      const rows = await db
        .select({ tenantId: tenants.id, tenantName: tenants.name, tenantSlug: tenants.slug, role: memberships.role })
        .from(memberships)
        .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
        .where(eq(memberships.identityId, identityId))
        .orderBy(asc(tenants.name), asc(memberships.createdAt));
      const byTenant = new Map<string, MembershipTenant>();
      for (const row of rows) {
        if (!byTenant.has(row.tenantId)) {
          byTenant.set(row.tenantId, { ...row, role: row.role as MembershipRole });
        }
      }
      return [...byTenant.values()];
    },
  };
}
