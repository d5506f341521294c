import { and, asc, eq, inArray, isNotNull, isNull, ne, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { memberships, tenants } from '../../db/schema.js';
import type { MembershipRole } from './membership.js';
import { insertByColumns } from '../../db/bulk-insert.js';

export interface MembershipTenant {
  tenantId: string;
  tenantName: string;
  tenantSlug: string;
  role: MembershipRole;
}

/** A person may hold several roles in one tenant; lists of tenants name each tenant once, with its first role. */
export function firstRolePerTenant(rows: Array<{ tenantId: string; tenantName: string; tenantSlug: string; role: string }>): MembershipTenant[] {
  const byTenant = new Map<string, MembershipTenant>();
  for (const row of rows) {
    if (!byTenant.has(row.tenantId)) {
      byTenant.set(row.tenantId, { ...row, role: row.role as MembershipRole });
    }
  }
  return [...byTenant.values()];
}

export function createMembershipQueries(db: Database) {
  return {
    async ensureMembership(values: { tenantId: string; identityId: string; role: MembershipRole }): Promise<void> {
      await db.insert(memberships).values(values).onConflictDoNothing();
    },
    /** Deactivated memberships do not count: no login, no session, no access in that tenant. */
    async hasMembership(tenantId: string, identityId: string): Promise<boolean> {
      const [row] = await db
        .select({ id: memberships.id })
        .from(memberships)
        .where(and(eq(memberships.tenantId, tenantId), eq(memberships.identityId, identityId), isNull(memberships.deactivatedAt)))
        .limit(1);
      return row !== undefined;
    },
    /** Customer roles end with the last grant; staff roles are managed elsewhere and stay. */
    async deleteCustomerRoles(tenantId: string, identityId: string): Promise<void> {
      await db.delete(memberships).where(and(eq(memberships.tenantId, tenantId), eq(memberships.identityId, identityId), inArray(memberships.role, ['policyholder', 'intermediary'])));
    },
    async ensureMemberships(values: { tenantId: string; identityId: string; role: MembershipRole }[]): Promise<void> {
      await insertByColumns(db, 'memberships', [
        { name: 'tenant_id', type: 'uuid', value: (row) => row.tenantId },
        { name: 'identity_id', type: 'uuid', value: (row) => row.identityId },
        { name: 'role', type: 'text', value: (row) => row.role },
      ], values, sql`on conflict do nothing`);
    },
    async listMembersAmong(tenantId: string, identityIds: string[]): Promise<Set<string>> {
      const rows = identityIds.length === 0 ? [] : await db.selectDistinct({ identityId: memberships.identityId }).from(memberships).where(and(eq(memberships.tenantId, tenantId), inArray(memberships.identityId, identityIds)));
      return new Set(rows.map((row) => row.identityId));
    },
    async hasAnyMembership(tenantId: string, identityId: string): Promise<boolean> {
      const [row] = await db.select({ id: memberships.id }).from(memberships).where(and(eq(memberships.tenantId, tenantId), eq(memberships.identityId, identityId))).limit(1);
      return row !== undefined;
    },
    async setDeactivated(tenantId: string, identityId: string, at: Date | null): Promise<boolean> {
      const rows = await db
        .update(memberships)
        .set({ deactivatedAt: at })
        .where(and(eq(memberships.tenantId, tenantId), eq(memberships.identityId, identityId), at === null ? isNotNull(memberships.deactivatedAt) : isNull(memberships.deactivatedAt)))
        .returning({ id: memberships.id });
      return rows.length > 0;
    },
    /** Sets the first login once: the guard makes a second login, or two at the same moment, change nothing. */
    async recordFirstLogin(tenantId: string, identityId: string, at: Date): Promise<void> {
      await db
        .update(memberships)
        .set({ firstLoginAt: at })
        .where(and(eq(memberships.tenantId, tenantId), eq(memberships.identityId, identityId), isNull(memberships.firstLoginAt)));
    },
    async listRoles(tenantId: string, identityId: string): Promise<MembershipRole[]> {
      const rows = await db
        .select({ role: memberships.role })
        .from(memberships)
        .where(and(eq(memberships.tenantId, tenantId), eq(memberships.identityId, identityId)))
        .orderBy(asc(memberships.role));
      return rows.map((row) => row.role as MembershipRole);
    },
    /** Whether the identity belongs to any other tenant; with `activeOnly`, only memberships that give access there count. */
    async hasMembershipOutside(tenantId: string, identityId: string, options: { activeOnly: boolean }): Promise<boolean> {
      const [row] = await db
        .select({ id: memberships.id })
        .from(memberships)
        .where(
          and(eq(memberships.identityId, identityId), ne(memberships.tenantId, tenantId), options.activeOnly ? isNull(memberships.deactivatedAt) : undefined),
        )
        .limit(1);
      return row !== undefined;
    },
    async listMembersElsewhere(tenantId: string, identityIds: string[]): Promise<Set<string>> {
      const rows = identityIds.length === 0
        ? []
        : await db
          .selectDistinct({ identityId: memberships.identityId })
          .from(memberships)
          .where(and(inArray(memberships.identityId, identityIds), ne(memberships.tenantId, tenantId), isNull(memberships.deactivatedAt)));
      return new Set(rows.map((row) => row.identityId));
    },
    /**
     * The tenant's active administrators, their rows locked until the transaction ends: two requests
     * deactivating two administrators at once run one after the other and the second sees the first.
     */
    async lockActiveAdmins(tenantId: string): Promise<string[]> {
      const rows = await db
        .select({ identityId: memberships.identityId })
        .from(memberships)
        .where(and(eq(memberships.tenantId, tenantId), eq(memberships.role, 'staff_admin'), isNull(memberships.deactivatedAt)))
        .orderBy(asc(memberships.id))
        .for('update');
      return rows.map((row) => row.identityId);
    },
    async listActiveRoles(tenantId: string, identityId: string): Promise<MembershipRole[]> {
      const rows = await db
        .select({ role: memberships.role })
        .from(memberships)
        .where(and(eq(memberships.tenantId, tenantId), eq(memberships.identityId, identityId), isNull(memberships.deactivatedAt)));
      return rows.map((row) => row.role as MembershipRole);
    },
    async listTenantsOf(identityId: string): Promise<MembershipTenant[]> {
      const rows = await db
        .select({ tenantId: tenants.id, tenantName: tenants.name, tenantSlug: tenants.slug, role: memberships.role })
        .from(memberships)
        .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
        .where(and(eq(memberships.identityId, identityId), isNull(memberships.deactivatedAt)))
        .orderBy(asc(tenants.name), asc(memberships.createdAt));
      return firstRolePerTenant(rows);
    },
  };
}
