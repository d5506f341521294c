import { sql, type SQL } from 'drizzle-orm';
import { actionTokens, identities, loginThrottles, memberships, outbox, sessions } from '../../db/schema.js';
import { HAS_ACCEPTED, shownDetail as shown } from './person-shown.js';

/*
 * Read model: the people list's state of each person (where the invitation stands, whether its mail went out, why the
 * account is locked) across identities, memberships, grants, action tokens, the outbox, throttles and sessions. The
 * workspace filters, sorts and pages people by that state, so it is worked out in the same statement as the page;
 * asking each module per person would cost a statement per row on lists of thousands.
 */

/**
 * The conditions that narrow whom the statement looks at, on the identity `i` and its memberships `m` of the tenant;
 * they are applied before anybody's state is worked out, so a narrow list stays cheap in a large tenant.
 */
export interface PeopleScope {
  identityId?: string;
  identityIds?: string[];
  /** Canonical address. */
  email?: string;
  afterId?: string;
  grantId?: string;
  /** 'staff' stands for both staff roles. */
  kind?: 'policyholder' | 'intermediary' | 'staff';
  /** Part of the name, the address or a customer number of one of the person's Freischaltungen. */
  search?: string;
}

const likePattern = (text: string): string => `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;

function scopeConditions(tenantId: string, scope: PeopleScope): SQL {
  const conditions: SQL[] = [];
  if (scope.identityId !== undefined) {
    conditions.push(sql`and i.id = ${scope.identityId}`);
  }
  if (scope.identityIds !== undefined) {
    conditions.push(
      scope.identityIds.length === 0
        ? sql`and false`
        : sql`and i.id in (${sql.join(
            scope.identityIds.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})`,
    );
  }
  if (scope.email !== undefined) {
    conditions.push(sql`and i.email = ${scope.email}`);
  }
  if (scope.afterId !== undefined) {
    conditions.push(sql`and i.id > ${scope.afterId}`);
  }
  if (scope.grantId !== undefined) {
    conditions.push(sql`and exists (select 1 from grant_members gm
      where gm.tenant_id = ${tenantId} and gm.grant_id = ${scope.grantId} and gm.identity_id = i.id)`);
  }
  return sql.join(conditions, sql` `);
}

/** Kind and search, on the aggregated row: a search matches only what staff are shown. */
function groupConditions(tenantId: string, scope: PeopleScope): SQL {
  const conditions: SQL[] = [];
  if (scope.kind !== undefined) {
    conditions.push(
      scope.kind === 'staff'
        ? sql`bool_or(m.role in ('staff_admin', 'staff_user'))`
        : sql`bool_or(m.role = ${scope.kind})`,
    );
  }
  if (scope.search !== undefined && scope.search !== '') {
    const pattern = likePattern(scope.search.toLowerCase());
    conditions.push(sql`(lower(${shown('name')}) like ${pattern} or i.email like ${pattern}
      or lower(${shown('email_display')}) like ${pattern}
      or exists (select 1 from grant_members gm join grant_customers gc on gc.grant_id = gm.grant_id and gc.tenant_id = gm.tenant_id
        where gm.tenant_id = ${tenantId} and gm.identity_id = i.id and lower(gc.customer_number) like ${pattern}))`);
  }
  return conditions.length === 0 ? sql`` : sql`having ${sql.join(conditions, sql` and `)}`;
}

/**
 * The one definition of a person's state in a tenant and of how far their invitation there has come, for the
 * workspace's lists, counts and filters and for the API alike: the CTEs `people` and `stated`, one row per person.
 *
 * A person with a password who has not logged in here and whose access waits for this tenant's invitation
 * (memberships.invitation_until) is stated from that invitation, exactly like somebody new to Portico: no broker can
 * tell from it whether an address is known. The invitation step is the furthest one reached; until the first login
 * here a person with a password from elsewhere has the same story as a new one.
 */
export function statedPeople(tenantId: string, now: Date, scope: PeopleScope): SQL {
  return sql`${peopleOf(tenantId, scope)}, stated as (${stateOf(tenantId, now, sql`people`)})`;
}

/** The CTE `people`: one row per person of the scope with their roles and the facts their state is made of. */
export function peopleOf(tenantId: string, scope: PeopleScope): SQL {
  return sql`
    people as (
      select i.id, ${shown('email_display')} as email, i.email as canonical_email, ${shown('name')} as name,
        ${shown('language')} as language, min(m.created_at) as created_at,
        array_agg(distinct m.role) as roles,
        bool_or(m.deactivated_at is not null) as is_deactivated,
        ${HAS_ACCEPTED} as has_accepted,
        i.email_confirmed_at is not null as is_confirmed,
        min(m.first_login_at) as first_login_at
      from ${memberships} m join ${identities} i on i.id = m.identity_id
      where m.tenant_id = ${tenantId} ${scopeConditions(tenantId, scope)}
      group by i.id
      ${groupConditions(tenantId, scope)}
    )`;
}

/** Rows of `people` in `source` with their state, newest invitation link and last login here. */
export function stateOf(tenantId: string, now: Date, source: SQL): SQL {
  const nowValue = sql`${now.toISOString()}::timestamptz`;
  return sql`
      select p.*, ll.last_login_at,
        nt.created_at as invitation_created_at, nt.expires_at as invitation_expires_at, nt.used_at as invitation_used_at,
        nt.revoked_at as invitation_revoked_at, nt.link_opened_at as invitation_link_opened_at,
        case when p.is_deactivated then 'deactivated'
          when p.has_accepted and p.is_confirmed then 'active'
          when p.has_accepted then 'email_unconfirmed'
          when nt.used_at is null and nt.revoked_at is null and nt.expires_at > ${nowValue} then 'invited'
          when nt.revoked_at is not null then 'invitation_revoked'
          else 'invitation_expired' end as state
      from ${source} p
      -- A resend revokes the older link, so of two links created at the same moment the open one is the newer.
      left join lateral (
        select t.created_at, t.expires_at, t.used_at, t.revoked_at, t.link_opened_at from ${actionTokens} t
        where t.identity_id = p.id and t.tenant_id = ${tenantId} and t.purpose = 'invitation'
        order by t.created_at desc, t.revoked_at is null desc limit 1
      ) nt on true
      left join lateral (
        select max(ss.created_at) as last_login_at from ${sessions} ss where ss.identity_id = p.id and ss.tenant_id = ${tenantId}
      ) ll on true`;
}

/**
 * The furthest step of the invitation of each row of `source` (rows of `stated`), from the newest invitation link and
 * the newest invitation mail: a lookup per row, so it is joined only where asked (a page's rows, or a filter by step).
 */
export function withSteps(tenantId: string, now: Date, source: SQL): SQL {
  const nowValue = sql`${now.toISOString()}::timestamptz`;
  return sql`
    select s.*, lm.status as mail_status, lm.last_error as mail_last_error,
      case when s.first_login_at is not null then 'first_login'
        when s.has_accepted then case when s.invitation_used_at is not null then 'password_set' end
        when s.invitation_created_at is null then null
        when s.invitation_revoked_at is not null then 'revoked'
        when s.invitation_expires_at <= ${nowValue} then 'expired'
        when s.invitation_link_opened_at is not null then 'link_opened'
        when lm.status in ('failed', 'abandoned') then 'delivery_failed'
        when lm.status = 'sent' then 'sent'
        else 'queued' end as step,
      case when s.first_login_at is not null then s.first_login_at
        when s.has_accepted then s.invitation_used_at
        when s.invitation_revoked_at is not null then s.invitation_revoked_at
        when s.invitation_expires_at <= ${nowValue} then s.invitation_expires_at
        when s.invitation_link_opened_at is not null then s.invitation_link_opened_at
        when lm.status in ('failed', 'abandoned') then null
        when lm.status = 'sent' then lm.sent_at
        else s.invitation_created_at end as step_at
    from ${source} s
    -- The same mails for both kinds of invitation: the link, or for a person with a password the note that access is open.
    left join lateral (
      select o.status, o.last_error, o.sent_at from ${outbox} o
      where o.tenant_id = ${tenantId} and o.to_address = s.email and o.kind in ('invitation', 'access_granted')
      order by o.created_at desc limit 1
    ) lm on true`;
}

/** The account lock keys of the throttle module: by canonical address after wrong passwords, by identity after wrong codes. */
export function lockCausesOf(row: string, now: Date): SQL {
  const nowValue = sql`${now.toISOString()}::timestamptz`;
  return sql`array_remove(array[
      case when exists (select 1 from ${loginThrottles} lt where lt.key = 'account:' || ${sql.raw(row)}.canonical_email
        and lt.locked_until > ${nowValue}) then 'password' end,
      case when exists (select 1 from ${loginThrottles} lt where lt.key = 'account:second-factor:' || ${sql.raw(row)}.id
        and lt.locked_until > ${nowValue}) then 'second_factor' end
    ], null)`;
}
