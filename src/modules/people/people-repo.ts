import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { actionTokens, identities, memberships } from '../../db/schema.js';

/** Where a person stands in a tenant, as the staff see it; the API knows a revoked invitation as expired. */
export type PersonStateInTenant =
  'invited' | 'invitation_expired' | 'invitation_revoked' | 'active' | 'email_unconfirmed' | 'deactivated';

export interface InvitationLinkRow {
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
  linkOpenedAt: Date | null;
}

export interface PersonRow {
  id: string;
  email: string;
  /** Lower-case, punycode: the form the login counts failures under. */
  canonicalEmail: string;
  name: string;
  language: string;
  roles: string[];
  grantIds: string[];
  state: PersonStateInTenant;
  /** Has a password and no longer waits for this tenant's invitation; until then the person looks new to the tenant. */
  hasAccepted: boolean;
  /** The earliest first login here over the person's roles. */
  firstLoginAt: Date | null;
  /** The newest invitation link of this tenant, whatever became of it; null when none was ever issued here. */
  newestInvitation: InvitationLinkRow | null;
  createdAt: Date;
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

interface PeopleFilter {
  afterId?: string | null;
  identityId?: string;
  email?: string;
  /** Compared with the API's state, where a revoked invitation counts as expired. */
  apiState?: string;
  limit?: number;
  orderBy: 'id' | 'name';
}

function toDate(value: unknown): Date | null {
  return value === null || value === undefined ? null : new Date(value as string);
}

/**
 * The one definition of a person's state in a tenant, for the workspace and the API alike. A person with a password who
 * has not logged in here and whose access waits for this tenant's invitation (memberships.invitation_until) is stated
 * from that invitation, exactly like somebody new to Portico: no broker can tell from it whether an address is known.
 */
/** The newest non-null value of a memberships.invited_* column among the person's memberships here. */
function newestInvited(column: 'invited_email_display' | 'invited_name' | 'invited_language'): SQL {
  const name = sql.raw(column);
  return sql`(array_agg(m.${name} order by m.created_at desc) filter (where m.${name} is not null))[1] as ${name}`;
}

function selectPeople(tenantId: string, now: Date, filter: PeopleFilter): SQL {
  const nowValue = sql`${now.toISOString()}::timestamptz`;
  return sql`
    with base as (
      select i.id, i.email_display, i.email as canonical_email, i.name as identity_name, i.language as identity_language,
        min(m.created_at) as created_at,
        ${newestInvited('invited_email_display')}, ${newestInvited('invited_name')}, ${newestInvited('invited_language')},
        array_agg(distinct m.role) as roles,
        bool_or(m.deactivated_at is not null) as is_deactivated,
        i.password_hash is not null and not coalesce(bool_and(m.first_login_at is null) and bool_or(m.invitation_until is not null), false) as has_accepted,
        i.email_confirmed_at is not null as is_confirmed,
        min(m.first_login_at) as first_login_at
      from ${memberships} m join ${identities} i on i.id = m.identity_id
      where m.tenant_id = ${tenantId}
        ${filter.identityId === undefined ? sql`` : sql`and i.id = ${filter.identityId}`}
        ${filter.email === undefined ? sql`` : sql`and i.email = ${filter.email}`}
        ${filter.afterId === undefined || filter.afterId === null ? sql`` : sql`and i.id > ${filter.afterId}`}
      group by i.id
    ), people as (
      -- Until the first login here, staff see the person as they entered them, not the identity's own details.
      select b.*,
        case when b.has_accepted then b.email_display else coalesce(b.invited_email_display, b.email_display) end as email,
        case when b.has_accepted then b.identity_name else coalesce(b.invited_name, b.identity_name) end as name,
        case when b.has_accepted then b.identity_language else coalesce(b.invited_language, b.identity_language) end as language
      from base b
    ), stated as (
      select p.*, nt.created_at as invitation_created_at, nt.expires_at as invitation_expires_at, nt.used_at as invitation_used_at,
        nt.revoked_at as invitation_revoked_at, nt.link_opened_at as invitation_link_opened_at,
        case when p.is_deactivated then 'deactivated'
          when p.has_accepted and p.is_confirmed then 'active'
          when p.has_accepted then 'email_unconfirmed'
          when nt.used_at is null and nt.revoked_at is null and nt.expires_at > ${nowValue} then 'invited'
          when nt.revoked_at is not null then 'invitation_revoked'
          else 'invitation_expired' end as state
      from people p
      -- A resend revokes the older link, so of two links created at the same moment the open one is the newer.
      left join lateral (
        select t.created_at, t.expires_at, t.used_at, t.revoked_at, t.link_opened_at from ${actionTokens} t
        where t.identity_id = p.id and t.tenant_id = ${tenantId} and t.purpose = 'invitation'
        order by t.created_at desc, t.revoked_at is null desc limit 1
      ) nt on true
    ), answered as (
      select *, case when state = 'invitation_revoked' then 'invitation_expired' else state end as api_state from stated
    )
    select *,
      coalesce((select array_agg(gm.grant_id::text order by gm.grant_id) from grant_members gm
        where gm.tenant_id = ${tenantId} and gm.identity_id = answered.id), '{}') as grant_ids
    from answered
    ${filter.apiState === undefined ? sql`` : sql`where api_state = ${filter.apiState}`}
    ${filter.orderBy === 'id' ? sql`order by id` : sql`order by name, id`}
    ${filter.limit === undefined ? sql`` : sql`limit ${filter.limit}`}`;
}

function toPersonRow(row: Record<string, unknown>): PersonRow {
  return {
    id: String(row['id']),
    email: String(row['email']),
    canonicalEmail: String(row['canonical_email']),
    name: String(row['name']),
    language: String(row['language']),
    roles: (row['roles'] as string[]).sort(),
    grantIds: row['grant_ids'] as string[],
    state: row['state'] as PersonStateInTenant,
    hasAccepted: row['has_accepted'] === true,
    firstLoginAt: toDate(row['first_login_at']),
    newestInvitation:
      row['invitation_created_at'] === null
        ? null
        : {
            createdAt: new Date(row['invitation_created_at'] as string),
            expiresAt: new Date(row['invitation_expires_at'] as string),
            usedAt: toDate(row['invitation_used_at']),
            revokedAt: toDate(row['invitation_revoked_at']),
            linkOpenedAt: toDate(row['invitation_link_opened_at']),
          },
    createdAt: new Date(row['created_at'] as string),
  };
}

async function queryPeople(db: Database, tenantId: string, now: Date, filter: PeopleFilter): Promise<PersonRow[]> {
  const result = await db.execute(selectPeople(tenantId, now, filter));
  return (result as unknown as { rows: Record<string, unknown>[] }).rows.map(toPersonRow);
}

export function createPeopleQueries(db: Database) {
  return {
    /** Everybody with a membership in the tenant, by name, with their state and the newest invitation there. */
    listPeople: (tenantId: string, now: Date): Promise<PersonRow[]> =>
      queryPeople(db, tenantId, now, { orderBy: 'name' }),
  };
}

/** The API's view of people in a tenant: one row per person with state, roles and grants, paged by id. */
export function createPersonPageQueries(db: Database) {
  return {
    async listPage(
      tenantId: string,
      now: Date,
      filter: { afterId: string | null; identityId?: string; email?: string; state?: string; limit: number },
    ): Promise<PersonRecord[]> {
      const { state, ...rest } = filter;
      const rows = await queryPeople(db, tenantId, now, {
        ...rest,
        ...(state === undefined ? {} : { apiState: state }),
        orderBy: 'id',
      });
      return rows.map((row) => ({
        id: row.id,
        email: row.email,
        name: row.name,
        language: row.language,
        roles: row.roles,
        grantIds: row.grantIds,
        state: row.state === 'invitation_revoked' ? 'invitation_expired' : row.state,
        createdAt: row.createdAt,
      }));
    },
  };
}
