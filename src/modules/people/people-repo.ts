import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { memberships, secondFactors } from '../../db/schema.js';
import {
  lockCausesOf,
  peopleOf,
  stateOf,
  statedPeople,
  withSteps,
  type PeopleScope,
} from '../read-models/people-state-sql.js';
import { rowsOf } from '../../db/rows.js';

/** Where a person stands in a tenant, as the staff see it; the API knows a revoked invitation as expired. */
export type PersonStateInTenant =
  'invited' | 'invitation_expired' | 'invitation_revoked' | 'active' | 'email_unconfirmed' | 'deactivated';

export const PERSON_STATES: readonly PersonStateInTenant[] = [
  'invited',
  'invitation_expired',
  'invitation_revoked',
  'active',
  'email_unconfirmed',
  'deactivated',
];

/** How far a person's invitation to one tenant has come; the newest step wins. */
export type LifecycleStep =
  'queued' | 'sent' | 'delivery_failed' | 'link_opened' | 'password_set' | 'first_login' | 'expired' | 'revoked';

/** The steps in the order an invitation goes through them. */
export const LIFECYCLE_STEPS: readonly LifecycleStep[] = [
  'queued',
  'sent',
  'delivery_failed',
  'link_opened',
  'password_set',
  'first_login',
  'expired',
  'revoked',
];

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
  /** The furthest step of the invitation here and when; null when the person had access here without one. */
  step: LifecycleStep | null;
  stepAt: Date | null;
  /** The newest invitation mail here, for the reason of a failed delivery. */
  mail: { status: string; lastError: string | null } | null;
  firstLoginAt: Date | null;
  /** The newest session started in this tenant. */
  lastLoginAt: Date | null;
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

/** What the workspace's table shows of a person beyond the row: locks, second factor, other brokers. */
export interface PersonTableRow extends PersonRow {
  lockCauses: Array<'password' | 'second_factor'>;
  hasSecondFactor: boolean;
  /** Holds an active membership at another broker: lock and second factor are then the operator's. */
  isElsewhere: boolean;
}

export type PeopleSort = 'name' | 'email' | 'state' | 'last_login';

export interface PeopleCursor {
  key: string;
  id: string;
}

export interface PeopleTableQuery {
  scope: PeopleScope;
  /** A state, an invitation step, or 'locked'. */
  status?: PersonStateInTenant | LifecycleStep | 'locked';
  sort: PeopleSort;
  direction: 'asc' | 'desc';
  /** Rows after this one in the sort order, or (with `isBackward`) before it. */
  cursor: PeopleCursor | null;
  isBackward: boolean;
  limit: number;
}

export interface PeopleTablePage {
  rows: PersonTableRow[];
  total: number;
  /** Where the neighbouring pages begin; null when there is none. */
  next: PeopleCursor | null;
  previous: PeopleCursor | null;
}

const STEPS: ReadonlySet<string> = new Set(LIFECYCLE_STEPS);

function toDate(value: unknown): Date | null {
  return value === null || value === undefined ? null : new Date(value as string);
}

function toPersonRow(row: Record<string, unknown>): PersonRow {
  return {
    id: String(row['id']),
    email: String(row['email']),
    canonicalEmail: String(row['canonical_email']),
    name: String(row['name']),
    language: String(row['language']),
    roles: (row['roles'] as string[]).sort(),
    grantIds: (row['grant_ids'] as string[] | undefined) ?? [],
    state: row['state'] as PersonStateInTenant,
    step: (row['step'] as LifecycleStep | null) ?? null,
    stepAt: toDate(row['step_at']),
    mail:
      row['mail_status'] === null || row['mail_status'] === undefined
        ? null
        : { status: row['mail_status'] as string, lastError: (row['mail_last_error'] as string | null) ?? null },
    firstLoginAt: toDate(row['first_login_at']),
    lastLoginAt: toDate(row['last_login_at']),
    createdAt: new Date(row['created_at'] as string),
  };
}

const grantIdsOf = (tenantId: string, row: string): SQL =>
  sql`coalesce((select array_agg(gm.grant_id::text order by gm.grant_id) from grant_members gm
    where gm.tenant_id = ${tenantId} and gm.identity_id = ${sql.raw(row)}.id), '{}')`;

function statusCondition(status: PeopleTableQuery['status']): SQL {
  if (status === undefined) {
    return sql`true`;
  }
  if (status === 'locked') {
    return sql`cardinality(s.lock_causes) > 0`;
  }
  return STEPS.has(status) ? sql`s.step = ${status}` : sql`s.state = ${status}`;
}

/**
 * The text the table is sorted by, with the id as the tie-breaker: a cursor is one (key, id) pair, so equal names
 * never make a row appear twice or not at all across pages.
 */
function sortKeyOf(sort: PeopleSort): SQL {
  switch (sort) {
    case 'name':
      return sql`lower(s.name)`;
    case 'email':
      return sql`s.canonical_email`;
    case 'state':
      return sql`(array_position(array['active', 'email_unconfirmed', 'invited', 'invitation_expired',
        'invitation_revoked', 'deactivated'], s.state))::text || ' ' || lower(s.name)`;
    case 'last_login':
      return sql`coalesce(to_char(s.last_login_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), '')`;
  }
}

async function queryPeople(
  db: Database,
  tenantId: string,
  now: Date,
  scope: PeopleScope,
  tail: SQL = sql`order by lower(name), id`,
): Promise<PersonRow[]> {
  const result = await db.execute(sql`with ${statedPeople(tenantId, now, scope)}
    select stepped.*, ${grantIdsOf(tenantId, 'stepped')} as grant_ids
    from (${withSteps(tenantId, now, sql`stated`)}) stepped
    ${tail}`);
  return rowsOf(result).map(toPersonRow);
}

async function queryTable(
  db: Database,
  tenantId: string,
  now: Date,
  query: PeopleTableQuery,
): Promise<PeopleTablePage> {
  const isAscending = (query.direction === 'asc') !== query.isBackward;
  const order = isAscending ? sql`asc` : sql`desc`;
  const after =
    query.cursor === null
      ? sql`true`
      : isAscending
        ? sql`(f.sort_key, f.id) > (${query.cursor.key}, ${query.cursor.id}::uuid)`
        : sql`(f.sort_key, f.id) < (${query.cursor.key}, ${query.cursor.id}::uuid)`;
  // Locks and invitation steps are looked up only for whom they decide about: everybody when filtering by them,
  // else the page's rows.
  const isLockFilter = query.status === 'locked';
  const isStepFilter = query.status !== undefined && STEPS.has(query.status);
  // Sorted by name or address and not filtered by state, a page is found before anybody's state is worked out.
  const isStateLater = query.status === undefined && (query.sort === 'name' || query.sort === 'email');
  const source = isStepFilter
    ? sql`(${withSteps(tenantId, now, sql`stated`)})`
    : isLockFilter
      ? sql`(select stated.*, ${lockCausesOf('stated', now)} as lock_causes from stated)`
      : isStateLater
        ? sql`people`
        : sql`stated`;
  const limited = sql`(select f.* from filtered f where ${after} order by f.sort_key ${order}, f.id ${order}
    limit ${query.limit + 1})`;
  const pageRows = isStateLater ? sql`(${stateOf(tenantId, now, limited)})` : limited;
  const result = await db.execute(sql`with
      ${isStateLater ? peopleOf(tenantId, query.scope) : statedPeople(tenantId, now, query.scope)},
    filtered as (
      select s.*, ${sortKeyOf(query.sort)} as sort_key from ${source} s where ${statusCondition(query.status)}
    )
    select c.total, page.* from (select count(*)::int as total from filtered) c
    left join lateral (
      select w.*, ${grantIdsOf(tenantId, 'w')} as grant_ids,
        ${isLockFilter ? sql`w.lock_causes` : lockCausesOf('w', now)} as row_lock_causes,
        exists (select 1 from ${secondFactors} sf where sf.identity_id = w.id and sf.confirmed_at is not null) as
          has_second_factor,
        exists (select 1 from ${memberships} mo where mo.identity_id = w.id and mo.tenant_id <> ${tenantId}
          and mo.deactivated_at is null) as is_elsewhere
      from ${isStepFilter ? pageRows : sql`(${withSteps(tenantId, now, pageRows)})`} w
    ) page on true
    order by page.sort_key ${order}, page.id ${order}`);
  const found = rowsOf(result);
  const total = Number(found[0]?.['total'] ?? 0);
  const rows = found.filter((row) => row['id'] !== null && row['id'] !== undefined);
  const hasMore = rows.length > query.limit;
  const shown = rows.slice(0, query.limit);
  if (query.isBackward) {
    shown.reverse();
  }
  const cursorOf = (row: Record<string, unknown> | undefined): PeopleCursor | null =>
    row === undefined ? null : { key: String(row['sort_key']), id: String(row['id']) };
  const first = cursorOf(shown[0]);
  const last = cursorOf(shown[shown.length - 1]);
  return {
    rows: shown.map((row) => ({
      ...toPersonRow(row),
      lockCauses: (row['row_lock_causes'] as Array<'password' | 'second_factor'> | null) ?? [],
      hasSecondFactor: row['has_second_factor'] === true,
      isElsewhere: row['is_elsewhere'] === true,
    })),
    total,
    // Going forward, the rows before the cursor are the previous page; going back, those after it are the next.
    next: query.isBackward ? (query.cursor === null ? null : last) : hasMore ? last : null,
    previous: query.isBackward ? (hasMore ? first : null) : query.cursor === null ? null : first,
  };
}

export function createPeopleQueries(db: Database) {
  return {
    /** Everybody with a membership in the tenant (or of the scope), by name, with their state and invitation step. */
    listPeople: (tenantId: string, now: Date, scope: PeopleScope = {}): Promise<PersonRow[]> =>
      queryPeople(db, tenantId, now, scope),

    /** One page of the workspace's table, with the number of people matching the scope and status. */
    listTable: (tenantId: string, now: Date, query: PeopleTableQuery): Promise<PeopleTablePage> =>
      queryTable(db, tenantId, now, query),

    /** Every invitation link of this tenant for the person, newest first: the timeline on the person's page. */
    async listInvitationLinks(
      tenantId: string,
      identityId: string,
    ): Promise<
      Array<{
        createdAt: Date;
        expiresAt: Date;
        usedAt: Date | null;
        revokedAt: Date | null;
        linkOpenedAt: Date | null;
      }>
    > {
      const result =
        await db.execute(sql`select created_at, expires_at, used_at, revoked_at, link_opened_at from action_tokens
        where tenant_id = ${tenantId} and identity_id = ${identityId} and purpose = 'invitation'
        order by created_at desc limit 20`);
      return rowsOf(result).map((row) => ({
        createdAt: new Date(row['created_at'] as string),
        expiresAt: new Date(row['expires_at'] as string),
        usedAt: toDate(row['used_at']),
        revokedAt: toDate(row['revoked_at']),
        linkOpenedAt: toDate(row['link_opened_at']),
      }));
    },

    /** How many people of the scope there are, e.g. the members of a grant. */
    async countPeople(tenantId: string, now: Date, scope: PeopleScope): Promise<number> {
      const result = await db.execute(sql`with ${statedPeople(tenantId, now, scope)}
        select count(*)::int as total from stated`);
      return Number(rowsOf(result)[0]?.['total'] ?? 0);
    },
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
      const scope: PeopleScope = {
        ...(filter.afterId === null ? {} : { afterId: filter.afterId }),
        ...(filter.identityId === undefined ? {} : { identityId: filter.identityId }),
        ...(filter.email === undefined ? {} : { email: filter.email }),
      };
      // The API knows a revoked invitation as expired.
      const state =
        filter.state === undefined
          ? sql``
          : filter.state === 'invitation_expired'
            ? sql`where state in ('invitation_expired', 'invitation_revoked')`
            : sql`where state = ${filter.state}`;
      const rows = await queryPeople(db, tenantId, now, scope, sql`${state} order by id limit ${filter.limit}`);
      return rows.map(toPersonRecord);
    },
  };
}

export function toPersonRecord(row: PersonRow): PersonRecord {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    language: row.language,
    roles: row.roles,
    grantIds: row.grantIds,
    state: row.state === 'invitation_revoked' ? 'invitation_expired' : row.state,
    createdAt: row.createdAt,
  };
}
