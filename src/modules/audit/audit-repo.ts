import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { auditEvents, identities } from '../../db/schema.js';
import { insertByColumns } from '../../db/bulk-insert.js';

export function createAuditQueries(db: Database) {
  return {
    async insert(values: typeof auditEvents.$inferInsert): Promise<void> {
      await db.insert(auditEvents).values(values);
    },
    async insertMany(values: { kind: string; tenantId: string | null; identityId: string | null; origin: string; userAgent: string | null; createdAt: Date }[]): Promise<void> {
      await insertByColumns(db, 'audit_events', [
        { name: 'kind', type: 'text', value: (row) => row.kind },
        { name: 'tenant_id', type: 'uuid', value: (row) => row.tenantId },
        { name: 'identity_id', type: 'uuid', value: (row) => row.identityId },
        { name: 'origin', type: 'text', value: (row) => row.origin },
        { name: 'user_agent', type: 'text', value: (row) => row.userAgent },
        { name: 'created_at', type: 'timestamptz', value: (row) => row.createdAt },
      ], values);
    },
    /** Oldest first after the cursor (an event id), for the API's paging. */
    async listPage(tenantId: string, after: { createdAt: Date; id: string } | null, limit: number) {
      return db
        .select({ id: auditEvents.id, kind: auditEvents.kind, identityId: auditEvents.identityId, origin: auditEvents.origin, createdAt: auditEvents.createdAt, email: identities.emailDisplay })
        .from(auditEvents)
        .leftJoin(identities, eq(identities.id, auditEvents.identityId))
        .where(and(eq(auditEvents.tenantId, tenantId), after === null ? undefined : sql`(${auditEvents.createdAt}, ${auditEvents.id}) > (${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid)`))
        .orderBy(asc(auditEvents.createdAt), asc(auditEvents.id))
        .limit(limit);
    },
    async findForTenant(tenantId: string, id: string) {
      const [row] = await db.select({ createdAt: auditEvents.createdAt, id: auditEvents.id }).from(auditEvents).where(and(eq(auditEvents.tenantId, tenantId), eq(auditEvents.id, id)));
      return row ?? null;
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
