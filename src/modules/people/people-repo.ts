import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { actionTokens, identities, memberships } from '../../db/schema.js';

export interface PersonRow {
  identityId: string;
  name: string;
  email: string;
  canonicalEmail: string;
  role: string;
  isDeactivated: boolean;
  hasPassword: boolean;
  emailConfirmedAt: Date | null;
  invitationExpiresAt: Date | null;
  invitationUsable: boolean;
  /** The newest invitation link of this tenant, whatever became of it; null when none was ever sent here. */
  newestInvitation: InvitationLinkRow | null;
  firstLoginAt: Date | null;
}

export interface InvitationLinkRow {
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
  linkOpenedAt: Date | null;
}

function toDate(value: Date | string | null): Date | null {
  return value === null ? null : new Date(value);
}

export function createPeopleQueries(db: Database) {
  return {
    /** Everybody with a membership in the tenant, with the state of their newest invitation there. */
    async listPeople(tenantId: string, now: Date): Promise<PersonRow[]> {
      const latestInvitation = db
        .select({
          identityId: actionTokens.identityId,
          expiresAt: sql<Date>`max(${actionTokens.expiresAt})`.as('expires_at'),
          usable: sql<boolean>`bool_or(${actionTokens.usedAt} is null and ${actionTokens.revokedAt} is null and ${actionTokens.expiresAt} > ${now.toISOString()})`.as('usable'),
        })
        .from(actionTokens)
        .where(and(eq(actionTokens.tenantId, tenantId), eq(actionTokens.purpose, 'invitation')))
        .groupBy(actionTokens.identityId)
        .as('latest_invitation');
      // A resend revokes the older link, so of two links created at the same moment the open one is the newer.
      const newestInvitation = db
        .selectDistinctOn([actionTokens.identityId], {
          identityId: sql<string>`${actionTokens.identityId}`.as('newest_identity_id'),
          createdAt: sql<Date>`${actionTokens.createdAt}`.as('newest_created_at'),
          expiresAt: sql<Date>`${actionTokens.expiresAt}`.as('newest_expires_at'),
          usedAt: sql<Date | null>`${actionTokens.usedAt}`.as('newest_used_at'),
          revokedAt: sql<Date | null>`${actionTokens.revokedAt}`.as('newest_revoked_at'),
          linkOpenedAt: sql<Date | null>`${actionTokens.linkOpenedAt}`.as('newest_link_opened_at'),
        })
        .from(actionTokens)
        .where(and(eq(actionTokens.tenantId, tenantId), eq(actionTokens.purpose, 'invitation')))
        .orderBy(actionTokens.identityId, desc(actionTokens.createdAt), sql`${actionTokens.revokedAt} is null desc`)
        .as('newest_invitation');
      const rows = await db
        .select({
          identityId: identities.id,
          name: identities.name,
          email: identities.emailDisplay,
          canonicalEmail: identities.email,
          role: memberships.role,
          deactivatedAt: memberships.deactivatedAt,
          passwordHash: identities.passwordHash,
          emailConfirmedAt: identities.emailConfirmedAt,
          invitationExpiresAt: latestInvitation.expiresAt,
          invitationUsable: latestInvitation.usable,
          firstLoginAt: memberships.firstLoginAt,
          newestCreatedAt: newestInvitation.createdAt,
          newestExpiresAt: newestInvitation.expiresAt,
          newestUsedAt: newestInvitation.usedAt,
          newestRevokedAt: newestInvitation.revokedAt,
          newestLinkOpenedAt: newestInvitation.linkOpenedAt,
        })
        .from(memberships)
        .innerJoin(identities, eq(identities.id, memberships.identityId))
        .leftJoin(latestInvitation, eq(latestInvitation.identityId, identities.id))
        .leftJoin(newestInvitation, eq(newestInvitation.identityId, identities.id))
        .where(eq(memberships.tenantId, tenantId))
        .orderBy(asc(identities.name), asc(memberships.role));
      return rows.map(({ passwordHash, invitationExpiresAt, invitationUsable, deactivatedAt, firstLoginAt, newestCreatedAt, newestExpiresAt, newestUsedAt, newestRevokedAt, newestLinkOpenedAt, ...row }) => ({
        ...row,
        isDeactivated: deactivatedAt !== null,
        hasPassword: passwordHash !== null,
        invitationExpiresAt: toDate(invitationExpiresAt),
        invitationUsable: invitationUsable === true,
        firstLoginAt: toDate(firstLoginAt),
        newestInvitation:
          newestCreatedAt === null
            ? null
            : { createdAt: new Date(newestCreatedAt), expiresAt: new Date(newestExpiresAt), usedAt: toDate(newestUsedAt), revokedAt: toDate(newestRevokedAt), linkOpenedAt: toDate(newestLinkOpenedAt) },
      }));
    },
  };
}

export interface PersonRecord {
  id: string;
  email: string;
  name: string;
  language: string;
  roles: string[];
  grantIds: string[];
  state: 'invited' | 'invitation_expired' | 'active' | 'email_unconfirmed' | 'deactivated';
  createdAt: Date;
}

/** The API's view of people in a tenant: one row per person with state, roles and grants, paged by id. */
export function createPersonPageQueries(db: Database) {
  return {
    async listPage(tenantId: string, now: Date, filter: { afterId: string | null; identityId?: string; email?: string; state?: string; limit: number }): Promise<PersonRecord[]> {
      const result = await db.execute(sql`
        with people as (
          select i.id, i.email_display as email, i.name, i.language, i.created_at,
            array_agg(distinct m.role) as roles,
            bool_or(m.deactivated_at is not null) as is_deactivated,
            i.password_hash is not null as has_password,
            i.email_confirmed_at is not null as is_confirmed,
            coalesce((select bool_or(t.used_at is null and t.revoked_at is null and t.expires_at > ${now.toISOString()}::timestamptz)
              from ${actionTokens} t where t.identity_id = i.id and t.tenant_id = ${tenantId} and t.purpose = 'invitation'), false) as is_invitation_usable,
            coalesce((select array_agg(gm.grant_id::text order by gm.grant_id) from grant_members gm where gm.tenant_id = ${tenantId} and gm.identity_id = i.id), '{}') as grant_ids
          from ${memberships} m join ${identities} i on i.id = m.identity_id
          where m.tenant_id = ${tenantId}
            ${filter.identityId === undefined ? sql`` : sql`and i.id = ${filter.identityId}`}
            ${filter.email === undefined ? sql`` : sql`and i.email = ${filter.email}`}
            ${filter.afterId === null ? sql`` : sql`and i.id > ${filter.afterId}`}
          group by i.id
        ), stated as (
          select *, case when is_deactivated then 'deactivated'
            when has_password and is_confirmed then 'active'
            when has_password then 'email_unconfirmed'
            when is_invitation_usable then 'invited'
            else 'invitation_expired' end as state
          from people
        )
        select id, email, name, language, created_at, roles, grant_ids, state from stated
        ${filter.state === undefined ? sql`` : sql`where state = ${filter.state}`}
        order by id limit ${filter.limit}`);
      return ((result as unknown as { rows: Record<string, unknown>[] }).rows).map((row) => ({
        id: String(row['id']),
        email: String(row['email']),
        name: String(row['name']),
        language: String(row['language']),
        roles: (row['roles'] as string[]).sort(),
        grantIds: row['grant_ids'] as string[],
        state: row['state'] as PersonRecord['state'],
        createdAt: new Date(row['created_at'] as string),
      }));
    },
  };
}
