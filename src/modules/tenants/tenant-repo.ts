import { and, asc, count, eq, ne } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { tenantHosts, tenantLogos, tenants } from '../../db/schema.js';
import type { Tenant } from './tenant.js';
import { required } from '../../shared/required.js';

type TenantRow = typeof tenants.$inferSelect;

function toTenant(row: TenantRow): Tenant {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    primaryColor: row.primaryColor,
    invitationLifetimeDays: row.invitationLifetimeDays,
    defaultLanguage: row.defaultLanguage === 'en' ? 'en' : 'de',
    senderName: row.senderName,
    replyTo: row.replyTo,
    logoVersion: row.logoUpdatedAt === null ? null : row.logoUpdatedAt.getTime(),
    sessionIdleMinutes: row.sessionIdleMinutes,
    sessionAbsoluteHours: row.sessionAbsoluteHours,
    requireStaffSecondFactor: row.requireStaffSecondFactor,
    contact: {
      imprintUrl: row.imprintUrl,
      privacyUrl: row.privacyUrl,
      phone: row.contactPhone,
      email: row.contactEmail,
      officeHours: row.officeHours,
      postalAddress: row.postalAddress,
    },
  };
}

export function createTenantQueries(db: Database) {
  return {
    async insertTenant(values: { slug: string; name: string; primaryColor?: string }): Promise<Tenant> {
      const [row] = await db.insert(tenants).values(values).returning();
      return toTenant(required(row));
    },
    async insertHost(values: { tenantId: string; host: string; isPrimary: boolean }): Promise<void> {
      await db.insert(tenantHosts).values(values);
    },
    async findTenantBySlug(slug: string): Promise<Tenant | null> {
      const [row] = await db.select().from(tenants).where(eq(tenants.slug, slug));
      return row === undefined ? null : toTenant(row);
    },
    async findTenantById(tenantId: string): Promise<Tenant | null> {
      const [row] = await db.select().from(tenants).where(eq(tenants.id, tenantId));
      return row === undefined ? null : toTenant(row);
    },
    async findTenantByHost(host: string): Promise<Tenant | null> {
      const [row] = await db
        .select({ tenant: tenants })
        .from(tenantHosts)
        .innerJoin(tenants, eq(tenants.id, tenantHosts.tenantId))
        .where(eq(tenantHosts.host, host));
      return row === undefined ? null : toTenant(row.tenant);
    },
    async isHostTaken(host: string): Promise<boolean> {
      const [row] = await db.select({ id: tenantHosts.id }).from(tenantHosts).where(eq(tenantHosts.host, host));
      return row !== undefined;
    },
    async findPrimaryHost(tenantId: string): Promise<string | null> {
      const [row] = await db
        .select({ host: tenantHosts.host })
        .from(tenantHosts)
        .where(and(eq(tenantHosts.tenantId, tenantId), eq(tenantHosts.isPrimary, true)));
      return row?.host ?? null;
    },
    async listHosts(tenantId: string): Promise<string[]> {
      const rows = await db
        .select({ host: tenantHosts.host })
        .from(tenantHosts)
        .where(eq(tenantHosts.tenantId, tenantId))
        .orderBy(asc(tenantHosts.createdAt));
      return rows.map((row) => row.host);
    },
    async listPrimaryHosts(): Promise<string[]> {
      const rows = await db
        .select({ host: tenantHosts.host })
        .from(tenantHosts)
        .where(eq(tenantHosts.isPrimary, true))
        .orderBy(asc(tenantHosts.host));
      return rows.map((row) => row.host);
    },
    async listHostsWithPrimary(tenantId: string): Promise<Array<{ host: string; isPrimary: boolean }>> {
      return db
        .select({ host: tenantHosts.host, isPrimary: tenantHosts.isPrimary })
        .from(tenantHosts)
        .where(eq(tenantHosts.tenantId, tenantId))
        .orderBy(asc(tenantHosts.createdAt));
    },
    /** The one way a tenant's own settings are written, from the workspace and from the command line alike. */
    async updateTenant(
      tenantId: string,
      values: Partial<
        Pick<
          typeof tenants.$inferInsert,
          | 'name'
          | 'primaryColor'
          | 'senderName'
          | 'replyTo'
          | 'invitationLifetimeDays'
          | 'defaultLanguage'
          | 'logoUpdatedAt'
          | 'sessionIdleMinutes'
          | 'sessionAbsoluteHours'
          | 'requireStaffSecondFactor'
          | 'imprintUrl'
          | 'privacyUrl'
          | 'contactPhone'
          | 'contactEmail'
          | 'officeHours'
          | 'postalAddress'
        >
      >,
    ): Promise<Tenant | null> {
      const [row] = await db.update(tenants).set(values).where(eq(tenants.id, tenantId)).returning();
      return row === undefined ? null : toTenant(row);
    },
    async deleteHost(tenantId: string, host: string): Promise<boolean> {
      const rows = await db
        .delete(tenantHosts)
        .where(and(eq(tenantHosts.tenantId, tenantId), eq(tenantHosts.host, host)))
        .returning({ host: tenantHosts.host });
      return rows.length > 0;
    },
    /** Two statements in the caller's transaction: the unique index allows one primary per tenant. */
    async makePrimary(tenantId: string, host: string): Promise<void> {
      await db
        .update(tenantHosts)
        .set({ isPrimary: false })
        .where(and(eq(tenantHosts.tenantId, tenantId), ne(tenantHosts.host, host)));
      await db
        .update(tenantHosts)
        .set({ isPrimary: true })
        .where(and(eq(tenantHosts.tenantId, tenantId), eq(tenantHosts.host, host)));
    },
    async saveLogo(tenantId: string, contentType: string, data: string, updatedAt: Date): Promise<void> {
      await db
        .insert(tenantLogos)
        .values({ tenantId, contentType, data, updatedAt })
        .onConflictDoUpdate({ target: tenantLogos.tenantId, set: { contentType, data, updatedAt } });
    },
    async deleteLogo(tenantId: string): Promise<void> {
      await db.delete(tenantLogos).where(eq(tenantLogos.tenantId, tenantId));
    },
    async findLogo(tenantId: string): Promise<{ contentType: string; data: string; updatedAt: Date } | null> {
      const [row] = await db
        .select({ contentType: tenantLogos.contentType, data: tenantLogos.data, updatedAt: tenantLogos.updatedAt })
        .from(tenantLogos)
        .where(eq(tenantLogos.tenantId, tenantId));
      return row ?? null;
    },
    async countTenants(): Promise<number> {
      const [row] = await db.select({ value: count() }).from(tenants);
      return row?.value ?? 0;
    },
  };
}
