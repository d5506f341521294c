import { and, desc, eq, isNull, lt, or, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/database.js';
import { auditEvents, identities } from '../../db/schema.js';

const actors = alias(identities, 'actors');

export interface AuditFilter {
  /** Canonical address of the person concerned or of the one who acted. */
  email?: string;
  kind?: string;
  /** Keyset cursor: events strictly older than this one. */
  before?: { createdAt: Date; id: string };
}

export function createAuditQueries(db: Database) {
  return {
    async insert(values: typeof auditEvents.$inferInsert): Promise<void> {
      await db.insert(auditEvents).values(values);
    },
    /** Newest first, with the addresses of the person concerned and of who acted; tenant null = platform events. */
    async listForTenant(tenantId: string | null, limit: number, filter: AuditFilter = {}) {
      const conditions: SQL[] = [tenantId === null ? isNull(auditEvents.tenantId) : eq(auditEvents.tenantId, tenantId)];
      if (filter.email !== undefined) {
        conditions.push(or(eq(identities.email, filter.email), eq(actors.email, filter.email))!);
      }
      if (filter.kind !== undefined) {
        conditions.push(eq(auditEvents.kind, filter.kind));
      }
      if (filter.before !== undefined) {
        conditions.push(
          or(lt(auditEvents.createdAt, filter.before.createdAt), and(eq(auditEvents.createdAt, filter.before.createdAt), lt(auditEvents.id, filter.before.id)))!,
        );
      }
      return db
        .select({
          id: auditEvents.id,
          kind: auditEvents.kind,
          origin: auditEvents.origin,
          userAgent: auditEvents.userAgent,
          detail: auditEvents.detail,
          createdAt: auditEvents.createdAt,
          email: identities.emailDisplay,
          actorEmail: actors.emailDisplay,
        })
        .from(auditEvents)
        .leftJoin(identities, eq(identities.id, auditEvents.identityId))
        .leftJoin(actors, eq(actors.id, auditEvents.actorIdentityId))
        .where(and(...conditions))
        .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
        .limit(limit);
    },
  };
}
