import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { auditEvents, identities } from '../../db/schema.js';

export function createAuditQueries(db: Database) {
  return {
    async insert(values: typeof auditEvents.$inferInsert): Promise<void> {
      await db.insert(auditEvents).values(values);
    },
    /** Newest first, with the person's address for display; tenant null = platform events. */
    async listForTenant(tenantId: string | null, limit: number) {
      return db
        .select({ kind: auditEvents.kind, origin: auditEvents.origin, userAgent: auditEvents.userAgent, createdAt: auditEvents.createdAt, email: identities.emailDisplay })
        .from(auditEvents)
        .leftJoin(identities, eq(identities.id, auditEvents.identityId))
        .where(tenantId === null ? isNull(auditEvents.tenantId) : and(eq(auditEvents.tenantId, tenantId)))
        .orderBy(desc(auditEvents.createdAt))
        .limit(limit);
    },
  };
}
