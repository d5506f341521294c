import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { grantProfileDelegations, grantProfiles } from '../../db/schema.js';

export type ProfileRow = typeof grantProfiles.$inferSelect;
export type ProfileColumns = Omit<typeof grantProfiles.$inferInsert, 'id' | 'tenantId' | 'createdAt' | 'updatedAt'>;

/** The tenant's grant profiles and which profiles each one may hand on; every query filters by tenant. */
export function createProfileQueries(db: Database) {
  return {
    async listWithDelegations(
      tenantId: string,
    ): Promise<{ rows: ProfileRow[]; delegations: { profileId: string; delegatedProfileId: string }[] }> {
      const rows = await db
        .select()
        .from(grantProfiles)
        .where(eq(grantProfiles.tenantId, tenantId))
        .orderBy(asc(grantProfiles.name));
      const delegations =
        rows.length === 0
          ? []
          : await db
              .select()
              .from(grantProfileDelegations)
              .where(
                inArray(
                  grantProfileDelegations.profileId,
                  rows.map((row) => row.id),
                ),
              );
      return { rows, delegations };
    },
    async listIds(tenantId: string): Promise<Set<string>> {
      const rows = await db
        .select({ id: grantProfiles.id })
        .from(grantProfiles)
        .where(eq(grantProfiles.tenantId, tenantId));
      return new Set(rows.map((row) => row.id));
    },
    async findIdByName(tenantId: string, name: string): Promise<string | null> {
      const [row] = await db
        .select({ id: grantProfiles.id })
        .from(grantProfiles)
        .where(and(eq(grantProfiles.tenantId, tenantId), eq(grantProfiles.name, name)));
      return row?.id ?? null;
    },
    async insert(tenantId: string, columns: ProfileColumns, at: Date): Promise<string> {
      const [row] = await db
        .insert(grantProfiles)
        .values({ tenantId, ...columns, createdAt: at, updatedAt: at })
        .returning({ id: grantProfiles.id });
      return row!.id;
    },
    async update(tenantId: string, id: string, columns: ProfileColumns, at: Date): Promise<void> {
      await db
        .update(grantProfiles)
        .set({ ...columns, updatedAt: at })
        .where(and(eq(grantProfiles.tenantId, tenantId), eq(grantProfiles.id, id)));
    },
    /** The profile's delegations; callers have checked that the profile is the tenant's. */
    async deleteDelegations(profileId: string): Promise<void> {
      await db.delete(grantProfileDelegations).where(eq(grantProfileDelegations.profileId, profileId));
    },
    async insertDelegations(profileId: string, delegatedProfileIds: string[]): Promise<void> {
      if (delegatedProfileIds.length === 0) {
        return;
      }
      await db
        .insert(grantProfileDelegations)
        .values(delegatedProfileIds.map((delegatedProfileId) => ({ profileId, delegatedProfileId })));
    },
    async delete(tenantId: string, id: string): Promise<void> {
      await db.delete(grantProfiles).where(and(eq(grantProfiles.tenantId, tenantId), eq(grantProfiles.id, id)));
    },
  };
}
