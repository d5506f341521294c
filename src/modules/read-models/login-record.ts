import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { KEEP_PLAN } from '../../db/kept-plans.js';
import { sqlTemplate } from '../../db/sql-template.js';
import { identities, memberships, secondFactors, tenants } from '../../db/schema.js';
import type { Identity } from '../identities/identity.js';
import { firstRolePerTenant, type MembershipTenant } from '../memberships/membership.js';
import type { ReservedAttempt } from '../throttling/throttle-service.js';
import { required } from '../../shared/required.js';

/** Everything a login decides on before and after the password check, read in one statement. */
export interface LoginRecord {
  identity: Identity | null;
  /** The attempt this login took from each throttle key; a locked key is missing. */
  reserved: ReservedAttempt[];
  /** Active memberships (not waiting for an invitation that lapsed or was revoked), one per tenant, by tenant name. */
  memberships: MembershipTenant[];
  /** The tenants where this is the person's first login. */
  tenantsNotLoggedInYet: Set<string>;
  /** The tenants where the person has logged in before, whose staff therefore see the person's own address. */
  tenantsLoggedInBefore: Set<string>;
  hasSecondFactor: boolean;
}

interface LoginRow {
  identity: {
    id: string;
    email: string;
    emailDisplay: string;
    name: string;
    language: string;
    passwordHash: string | null;
    emailConfirmedAt: string | null;
  } | null;
  reserved: ReservedAttempt[];
  memberships: Array<MembershipTenant & { isFirstLogin: boolean }>;
  hasSecondFactor: boolean;
}

/** Rendered once (sql-template.ts): the busiest statement there is. */
const findLoginRecordStatement = sqlTemplate<'withClause' | 'reservedRows' | 'now' | 'canonicalEmail'>(
  (slot) => sql`${KEEP_PLAN}
        ${slot('withClause')}
        select
          case when i.id is null then null else json_build_object(
            'id', i.id, 'email', i.email, 'emailDisplay', i.email_display, 'name', i.name, 'language', i.language,
            'passwordHash', i.password_hash, 'emailConfirmedAt', i.email_confirmed_at) end as "identity",
          (select coalesce(json_agg(json_build_object('key', r.key, 'failures', r.failures)), '[]') from
            (${slot('reservedRows')}) r) as "reserved",
          (select coalesce(json_agg(json_build_object('tenantId', te.id, 'tenantName', te.name, 'tenantSlug', te.slug,
            'role', m.role, 'isFirstLogin', m.first_login_at is null)
                    order by te.name, m.created_at), '[]')
             from ${memberships} m join ${tenants} te on te.id = m.tenant_id
             where m.identity_id = i.id and m.deactivated_at is null
               and (m.first_login_at is not null or m.invitation_until is null or m.invitation_until >
                 ${slot('now')}::timestamptz)) as "memberships",
          exists (select 1 from ${secondFactors} f where f.identity_id = i.id and f.confirmed_at is not null) as
            "hasSecondFactor"
        from (select set_config('synchronous_commit', 'off', true)) as one
        left join ${identities} i on i.email = ${slot('canonicalEmail')}`,
);

/**
 * The login's one statement across identities, throttles, memberships and second factors: a login
 * is the busiest path, and on the embedded database every statement costs the event loop about a
 * millisecond. It reserves the attempt (the throttle's statement, given by its service) and reads
 * the person together. The same tables are read one by one by their own modules elsewhere.
 *
 * Its commit does not wait for the write-ahead log to reach the disk (`synchronous_commit` off for this statement's
 * transaction only). The reservation is visible to every other connection at its commit all the same, which is what
 * stops parallel guesses; and every way through a login ends in a statement that waits for the disk (the audit
 * record of each outcome), which makes this one durable too, as the log is written in order. Only a server crash
 * between the two could lose the reservation, and then that login fails as well, without an answer about the password.
 * On PostgreSQL this spares each login one wait for the disk (a few milliseconds here, while the connection is held).
 */
export function createLoginQueries(db: Database) {
  return {
    async findLoginRecord(
      canonicalEmail: string | null,
      reservation: { withClause: SQL; reservedRows: SQL },
      now: Date,
    ): Promise<LoginRecord> {
      const result = await db.execute(
        findLoginRecordStatement({
          withClause: reservation.withClause,
          reservedRows: reservation.reservedRows,
          now: now.toISOString(),
          canonicalEmail,
        }),
      );
      const [row] = (result as { rows: LoginRow[] }).rows;
      const identity = required(row).identity;
      return {
        identity:
          identity === null
            ? null
            : {
                ...identity,
                language: identity.language === 'en' ? 'en' : 'de',
                emailConfirmedAt: identity.emailConfirmedAt === null ? null : new Date(identity.emailConfirmedAt),
              },
        reserved: required(row).reserved,
        memberships: firstRolePerTenant(
          required(row).memberships.map(({ isFirstLogin: _, ...membership }) => membership),
        ),
        tenantsNotLoggedInYet: new Set(
          required(row)
            .memberships.filter((membership) => membership.isFirstLogin)
            .map((membership) => membership.tenantId),
        ),
        tenantsLoggedInBefore: new Set(
          required(row)
            .memberships.filter((membership) => !membership.isFirstLogin)
            .map((membership) => membership.tenantId),
        ),
        hasSecondFactor: required(row).hasSecondFactor,
      };
    },
  };
}
