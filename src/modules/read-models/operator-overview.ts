import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { identities, memberships, secondFactors, tenantHosts, tenants } from '../../db/schema.js';

export interface TenantOverview {
  slug: string;
  name: string;
  /** Primary host first. */
  hosts: string[];
  /** Distinct identities with any role in the tenant. */
  people: number;
  createdAt: Date;
}

export interface IdentityOverview {
  id: string;
  email: string;
  canonicalEmail: string;
  name: string;
  hasPassword: boolean;
  emailConfirmedAt: Date | null;
  /** True when an authenticator app is set up and confirmed. */
  hasSecondFactor: boolean;
  createdAt: Date;
  /** The tenants the identity has a role in, by slug. */
  tenants: { tenantId: string; slug: string; name: string; roles: string[] }[];
}

export interface StaffMember {
  identityId: string;
  email: string;
  name: string;
  role: 'staff_admin' | 'staff_user';
  hasSecondFactor: boolean;
}

/**
 * Read model: read-only views across tenants for the operator's commands; nothing here is shown to a tenant. It joins
 * tenants, hosts, identities, memberships and second factors, because the operator looks at a whole installation at
 * once and no module's service answers across tenants.
 */
export function createOperatorQueries(db: Database) {
  return {
    async listTenants(): Promise<TenantOverview[]> {
      const rows = await db.select().from(tenants).orderBy(asc(tenants.slug));
      if (rows.length === 0) {
        return [];
      }
      const ids = rows.map((row) => row.id);
      const hosts = await db
        .select({ tenantId: tenantHosts.tenantId, host: tenantHosts.host, isPrimary: tenantHosts.isPrimary })
        .from(tenantHosts)
        .where(inArray(tenantHosts.tenantId, ids))
        .orderBy(sql`${tenantHosts.isPrimary} desc`, asc(tenantHosts.host));
      const people = await db
        .select({ tenantId: memberships.tenantId, people: sql<number>`count(distinct ${memberships.identityId})::int` })
        .from(memberships)
        .where(inArray(memberships.tenantId, ids))
        .groupBy(memberships.tenantId);
      return rows.map((row) => ({
        slug: row.slug,
        name: row.name,
        hosts: hosts.filter((host) => host.tenantId === row.id).map((host) => host.host),
        people: Number(people.find((entry) => entry.tenantId === row.id)?.people ?? 0),
        createdAt: row.createdAt,
      }));
    },

    async findIdentity(canonicalEmail: string): Promise<IdentityOverview | null> {
      const [identity] = await db
        .select({
          id: identities.id,
          email: identities.emailDisplay,
          canonicalEmail: identities.email,
          name: identities.name,
          passwordHash: identities.passwordHash,
          emailConfirmedAt: identities.emailConfirmedAt,
          createdAt: identities.createdAt,
          factorConfirmedAt: secondFactors.confirmedAt,
        })
        .from(identities)
        .leftJoin(secondFactors, eq(secondFactors.identityId, identities.id))
        .where(eq(identities.email, canonicalEmail));
      if (identity === undefined) {
        return null;
      }
      const roles = await db
        .select({ tenantId: tenants.id, slug: tenants.slug, name: tenants.name, role: memberships.role })
        .from(memberships)
        .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
        .where(eq(memberships.identityId, identity.id))
        .orderBy(asc(tenants.slug), asc(memberships.role));
      const byTenant = new Map<string, IdentityOverview['tenants'][number]>();
      for (const row of roles) {
        const entry = byTenant.get(row.tenantId) ?? {
          tenantId: row.tenantId,
          slug: row.slug,
          name: row.name,
          roles: [],
        };
        entry.roles.push(row.role);
        byTenant.set(row.tenantId, entry);
      }
      return {
        id: identity.id,
        email: identity.email,
        canonicalEmail: identity.canonicalEmail,
        name: identity.name,
        hasPassword: identity.passwordHash !== null,
        emailConfirmedAt: identity.emailConfirmedAt,
        hasSecondFactor: identity.factorConfirmedAt !== null,
        createdAt: identity.createdAt,
        tenants: [...byTenant.values()],
      };
    },

    async listStaff(tenantId: string): Promise<StaffMember[]> {
      const rows = await db
        .select({
          identityId: identities.id,
          email: identities.emailDisplay,
          name: identities.name,
          role: memberships.role,
          factorConfirmedAt: secondFactors.confirmedAt,
        })
        .from(memberships)
        .innerJoin(identities, eq(identities.id, memberships.identityId))
        .leftJoin(secondFactors, eq(secondFactors.identityId, identities.id))
        .where(and(eq(memberships.tenantId, tenantId), inArray(memberships.role, ['staff_admin', 'staff_user'])))
        .orderBy(asc(memberships.role), asc(identities.name), asc(identities.id));
      return rows.map((row) => ({
        identityId: row.identityId,
        email: row.email,
        name: row.name,
        role: row.role === 'staff_admin' ? 'staff_admin' : 'staff_user',
        hasSecondFactor: row.factorConfirmedAt !== null,
      }));
    },
  };
}

export type OperatorQueries = ReturnType<typeof createOperatorQueries>;
