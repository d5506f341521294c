import { sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { KEEP_PLAN } from '../../db/kept-plans.js';
import { consentDocuments, consents, identities, memberships, sessions, tenants } from '../../db/schema.js';

/** An open session as every page request needs it: the person, the tenant's limits, whether still a member there. */
export interface OpenSessionRecord {
  session: { id: string; identityId: string; tenantId: string | null; createdAt: Date; lastSeenAt: Date };
  name: string;
  email: string;
  idleMinutes: number | null;
  absoluteHours: number | null;
  /** True on the platform host; in a tenant, whether the person still holds an active membership there. */
  isMember: boolean;
  /**
   * In a tenant: whether the person has a current Erstinformation or required consent document of that tenant still
   * to answer (the portal's pages send policyholders and intermediaries to answer it first; staff are not asked).
   */
  isConsentPending: boolean;
}

interface OpenSessionRow {
  id: string;
  identityId: string;
  tenantId: string | null;
  createdAtMs: number;
  lastSeenAtMs: number;
  name: string;
  email: string;
  idleMinutes: number | null;
  absoluteHours: number | null;
  isMember: boolean;
  isConsentPending: boolean;
}

/**
 * The session of a page request across sessions, identities, tenants and memberships, in one statement: every page a
 * signed-in person opens asks it, so the membership check (a deactivated membership ends access at once) is read
 * together with the session instead of in a round trip of its own; so is whether the person still has the broker's
 * Erstinformation or a consent to answer (for a tenant without such documents, one index lookup that finds nothing).
 * Written as SQL, since building it with the query builder on every request costs more than running it.
 */
export function createOpenSessionQueries(db: Database) {
  return {
    /**
     * An open, not yet expired session on this host and of the tenant that host serves now (null: the platform
     * host), with the person's name and address for the pages.
     */
    async findOpen(
      tokenHash: string,
      host: string,
      tenantId: string | null,
      now: Date,
    ): Promise<OpenSessionRecord | null> {
      const result = await db.execute(sql`${KEEP_PLAN}
        select s.id as "id", s.identity_id as "identityId", s.tenant_id as "tenantId",
          floor(extract(epoch from s.created_at) * 1000)::float8 as "createdAtMs",
          floor(extract(epoch from s.last_seen_at) * 1000)::float8 as "lastSeenAtMs",
          i.name as "name", i.email_display as "email",
          t.session_idle_minutes as "idleMinutes", t.session_absolute_hours as "absoluteHours",
          (s.tenant_id is null or exists (select 1 from ${memberships} m
             where m.tenant_id = s.tenant_id and m.identity_id = s.identity_id
               and m.deactivated_at is null)) as "isMember",
          exists (select 1 from ${consentDocuments} d
            where d.tenant_id = s.tenant_id and d.current_version_id is not null
              and (d.kind = 'information' or d.is_consent_required)
              and not exists (select 1 from ${consents} k
                where k.tenant_id = d.tenant_id and k.identity_id = s.identity_id
                  and k.version_id = d.current_version_id)) as "isConsentPending"
        from ${sessions} s
        join ${identities} i on i.id = s.identity_id
        left join ${tenants} t on t.id = s.tenant_id
        where s.token_hash = ${tokenHash} and s.host = ${host}
          and ${tenantId === null ? sql`s.tenant_id is null` : sql`s.tenant_id = ${tenantId}`}
          and s.ended_at is null and s.expires_at > ${now.toISOString()}::timestamptz`);
      const [row] = (result as { rows: OpenSessionRow[] }).rows;
      if (row === undefined) {
        return null;
      }
      return {
        session: {
          id: row.id,
          identityId: row.identityId,
          tenantId: row.tenantId,
          createdAt: new Date(row.createdAtMs),
          lastSeenAt: new Date(row.lastSeenAtMs),
        },
        name: row.name,
        email: row.email,
        idleMinutes: row.idleMinutes,
        absoluteHours: row.absoluteHours,
        isMember: row.isMember,
        isConsentPending: row.isConsentPending,
      };
    },
  };
}
