import { and, desc, eq, gt, isNull, ne, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { sessions, tenants } from '../../db/schema.js';
import { sqlTemplate } from '../../db/sql-template.js';

type SessionSlot = 'tokenHash' | 'identityId' | 'tenantId' | 'host' | 'userAgent' | 'createdAt';

/** Rendered once (sql-template.ts): it runs on every login. */
const insertInTenant = sqlTemplate<SessionSlot>(
  (slot) => sql`
    insert into ${sessions} (token_hash, identity_id, tenant_id, host, user_agent, created_at, last_seen_at, expires_at)
    select ${slot('tokenHash')}, ${slot('identityId')}::uuid, t.id, ${slot('host')}, ${slot('userAgent')},
      ${slot('createdAt')}::timestamptz, ${slot('createdAt')}::timestamptz,
      ${slot('createdAt')}::timestamptz + make_interval(hours => t.session_absolute_hours)
    from ${tenants} t where t.id = ${slot('tenantId')}::uuid`,
);

/**
 * A session in a tenant as one `INSERT … SELECT` from the tenant (its absolute timeout is kept there): written as
 * SQL, since it runs on every login and building it with the query builder costs more than running it.
 */
export function insertInTenantStatement(values: {
  tokenHash: string;
  identityId: string;
  tenantId: string;
  host: string;
  userAgent: string | null;
  createdAt: Date;
}): SQL {
  return insertInTenant({ ...values, createdAt: values.createdAt.toISOString() });
}

export function createSessionQueries(db: Database) {
  return {
    async insert(values: {
      tokenHash: string;
      identityId: string;
      tenantId: string | null;
      host: string;
      userAgent: string | null;
      createdAt: Date;
      expiresAt: Date;
    }): Promise<void> {
      await db.insert(sessions).values({ ...values, lastSeenAt: values.createdAt });
    },
    /**
     * A session in a tenant, ending after the tenant's absolute timeout: one statement that reads the
     * timeout where it is kept. False when the tenant does not exist.
     */
    async insertInTenant(values: {
      tokenHash: string;
      identityId: string;
      tenantId: string;
      host: string;
      userAgent: string | null;
      createdAt: Date;
    }): Promise<boolean> {
      const inserted = await db.execute(sql`${insertInTenantStatement(values)} returning 1`);
      return (inserted as { rows: unknown[] }).rows.length === 1;
    },
    async touch(sessionId: string, at: Date): Promise<void> {
      await db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.id, sessionId));
    },
    async endAllOf(identityId: string, at: Date): Promise<void> {
      await db
        .update(sessions)
        .set({ endedAt: at })
        .where(and(eq(sessions.identityId, identityId), isNull(sessions.endedAt)));
    },
    /**
     * Open sessions of a person that have not run into their absolute timeout; idle ones are filtered by the caller.
     */
    async listOpenOf(identityId: string, now: Date) {
      return db
        .select({
          id: sessions.id,
          host: sessions.host,
          userAgent: sessions.userAgent,
          createdAt: sessions.createdAt,
          lastSeenAt: sessions.lastSeenAt,
          idleMinutes: tenants.sessionIdleMinutes,
          absoluteHours: tenants.sessionAbsoluteHours,
        })
        .from(sessions)
        .leftJoin(tenants, eq(tenants.id, sessions.tenantId))
        .where(and(eq(sessions.identityId, identityId), isNull(sessions.endedAt), gt(sessions.expiresAt, now)))
        .orderBy(desc(sessions.lastSeenAt));
    },
    async endAllOfExcept(identityId: string, keepSessionId: string, at: Date): Promise<void> {
      await db
        .update(sessions)
        .set({ endedAt: at })
        .where(and(eq(sessions.identityId, identityId), isNull(sessions.endedAt), ne(sessions.id, keepSessionId)));
    },
    async endAllOfInTenant(identityId: string, tenantId: string, at: Date): Promise<void> {
      await db
        .update(sessions)
        .set({ endedAt: at })
        .where(and(eq(sessions.identityId, identityId), eq(sessions.tenantId, tenantId), isNull(sessions.endedAt)));
    },
    async end(sessionId: string, at: Date): Promise<void> {
      await db.update(sessions).set({ endedAt: at }).where(eq(sessions.id, sessionId));
    },
  };
}
