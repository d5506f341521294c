import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { claimSparteRoutes } from '../../db/schema.js';

/** A tenant's own routes of Sparten, where they differ from the mapping in code. */
export function createClaimSparteRouteQueries(db: Database) {
  return {
    async routeOf(tenantId: string, sparte: string): Promise<string | null> {
      const [row] = await db
        .select({ route: claimSparteRoutes.route })
        .from(claimSparteRoutes)
        .where(and(eq(claimSparteRoutes.tenantId, tenantId), eq(claimSparteRoutes.sparte, sparte)))
        .limit(1);
      return row?.route ?? null;
    },

    async listOf(tenantId: string): Promise<{ sparte: string; route: string }[]> {
      return db
        .select({ sparte: claimSparteRoutes.sparte, route: claimSparteRoutes.route })
        .from(claimSparteRoutes)
        .where(eq(claimSparteRoutes.tenantId, tenantId))
        .orderBy(claimSparteRoutes.sparte);
    },

    /** Replaces the tenant's rows with these (in the caller's transaction). */
    async replace(tenantId: string, rows: readonly { sparte: string; route: string }[], now: Date): Promise<void> {
      await db.delete(claimSparteRoutes).where(eq(claimSparteRoutes.tenantId, tenantId));
      if (rows.length > 0) {
        await db.insert(claimSparteRoutes).values(rows.map((row) => ({ tenantId, ...row, updatedAt: now })));
      }
    },
  };
}
