import { and, desc, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { identities, sessions, tenants } from '../../db/schema.js';

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
     * An open, not yet expired session on this host and of the tenant that host serves now (null: the
     * platform host), with the person's name and address for the pages.
     */
    async findOpen(tokenHash: string, host: string, tenantId: string | null, now: Date) {
      const [row] = await db
        .select({
          session: sessions,
          name: identities.name,
          email: identities.emailDisplay,
          idleMinutes: tenants.sessionIdleMinutes,
          absoluteHours: tenants.sessionAbsoluteHours,
        })
        .from(sessions)
        .innerJoin(identities, eq(identities.id, sessions.identityId))
        .leftJoin(tenants, eq(tenants.id, sessions.tenantId))
        .where(
          and(
            eq(sessions.tokenHash, tokenHash),
            eq(sessions.host, host),
            tenantId === null ? isNull(sessions.tenantId) : eq(sessions.tenantId, tenantId),
            isNull(sessions.endedAt),
            gt(sessions.expiresAt, now),
          ),
        );
      return row ?? null;
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
      const createdAt = values.createdAt.toISOString();
      const inserted = await db
        .insert(sessions)
        .select(
          db
            .select({
              id: sql`gen_random_uuid()`.as('id'),
              tokenHash: sql`${values.tokenHash}`.as('token_hash'),
              identityId: sql`${values.identityId}::uuid`.as('identity_id'),
              tenantId: tenants.id,
              host: sql`${values.host}`.as('host'),
              userAgent: sql`${values.userAgent}`.as('user_agent'),
              createdAt: sql`${createdAt}::timestamptz`.as('created_at'),
              lastSeenAt: sql`${createdAt}::timestamptz`.as('last_seen_at'),
              expiresAt: sql`${createdAt}::timestamptz + make_interval(hours => ${tenants.sessionAbsoluteHours})`.as(
                'expires_at',
              ),
              endedAt: sql`null`.as('ended_at'),
            })
            .from(tenants)
            .where(eq(tenants.id, values.tenantId)),
        )
        .returning({ id: sessions.id });
      return inserted.length === 1;
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
