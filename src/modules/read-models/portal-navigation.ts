import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { KEEP_PLAN } from '../../db/kept-plans.js';
import { rowsOf } from '../../db/rows.js';
import { builtOnce } from '../../db/sql-template.js';
import { grantMembers, grantProfileDelegations, grantProfiles, grants, memberships } from '../../db/schema.js';
import type { MembershipRole } from '../memberships/membership.js';
import { heldGrantsStatement, type HeldGrantRow } from '../visibility/visible-portfolio-repo.js';
import { unreadConversationCount } from './conversation-inbox.js';
import { jsonColumnOf } from '../../db/json-column.js';
import {
  contentVersionsColumns,
  contentVersionsJsonColumn,
  contentVersionsOf,
  contentVersionsOfJsonColumn,
  type ContentVersions,
} from '../../db/content-versions.js';

/** What the navigation shows of the person besides the portfolio. */
export interface NavigationFlagsRow {
  roles: MembershipRole[];
  isDelegating: boolean;
  /** Conversations they see with a message they have not read: the count next to "Nachrichten". */
  unreadConversations: number;
}

/**
 * The person's roles (`roles`), whether they delegate (`isDelegating`) and how many conversations they see are unread
 * (`unreadConversations`), as columns of a select; without the count for a page that counted them itself.
 */
function flagColumns(tenantId: string, identityId: string, now: Date, isCounted = true): SQL {
  return sql`
          ${isCounted ? sql`${unreadConversationCount(tenantId, identityId, now)} as "unreadConversations",` : sql``}
          coalesce((select array_agg(m.role order by m.role) from ${memberships} m
                     where m.tenant_id = ${tenantId} and m.identity_id = ${identityId}), '{}') as "roles",
          (exists (select 1
                     from ${grantMembers} gm
                     join ${grants} g on g.id = gm.grant_id and g.tenant_id = gm.tenant_id
                     join ${grantProfileDelegations} d on d.profile_id = g.profile_id
                     join ${grantProfiles} p on p.id = d.delegated_profile_id and p.tenant_id = ${tenantId}
                    where gm.tenant_id = ${tenantId} and gm.identity_id = ${identityId})
           or exists (select 1
                        from ${grants} g
                        join ${grants} source
                          on source.id = g.delegated_from_grant_id and source.tenant_id = ${tenantId}
                       where g.tenant_id = ${tenantId} and g.delegated_by_identity_id = ${identityId}
                         and exists (select 1 from ${grantMembers} h
                                      where h.grant_id = g.delegated_from_grant_id and h.tenant_id = ${tenantId}
                                        and h.identity_id = ${identityId}))) as "isDelegating"`;
}

function flagsOfRow(row: NavigationFlagsRow | undefined): NavigationFlagsRow {
  return {
    roles: row?.roles ?? [],
    isDelegating: row?.isDelegating ?? false,
    unreadConversations: row?.unreadConversations ?? 0,
  };
}

/**
 * The navigation's flags as one json column (roles, isDelegating, unreadConversations; read back with
 * `navigationFlagsOfJson`), with the tenant's content versions beside them (`contentVersions`): for a page whose own
 * statement reads them with its data, so the navigation costs no statement of its own, and which is kept
 * (`src/http/pages/kept-content.ts`) at the versions its content was read at.
 */
export function navigationFlagsWithVersionsColumn(tenantId: string, identityId: string, now: Date): SQL {
  return sql`(select row_to_json(f) from (select ${flagColumns(tenantId, identityId, now)},
                ${contentVersionsJsonColumn(tenantId)} as "contentVersions") f)`;
}

/**
 * The tenant's content versions (`contentVersionsColumns`) read with the navigation's flags by
 * `navigationFlagsWithVersionsColumn`, in the statement of the page's content or before it: the versions that content
 * is current at.
 */
export function contentVersionsOfJson(value: unknown): ContentVersions {
  const row =
    value === null || value === undefined
      ? undefined
      : jsonColumnOf(value as { contentVersions?: Partial<ContentVersions> });
  return contentVersionsOfJsonColumn(row?.contentVersions);
}

export function navigationFlagsOfJson(value: unknown): NavigationFlagsRow {
  return flagsOfRow(
    value === null || value === undefined ? undefined : jsonColumnOf(value as NavigationFlagsRow | string),
  );
}

type PersonAt = { tenantId: string; identityId: string; now: Date };
const PERSON_AT = { tenantId: 'id', identityId: 'id', now: 'time' } as const;

/** The statements of `createPortalNavigationQueries`, their text built once (every portal page runs one of them). */
const flagsStatement = builtOnce<PersonAt>(
  PERSON_AT,
  ({ tenantId, identityId, now }) => sql`${KEEP_PLAN} select ${flagColumns(tenantId, identityId, now)}`,
);
const flagsWithHeldGrantsStatement = builtOnce<PersonAt>(
  PERSON_AT,
  ({ tenantId, identityId, now }) => sql`${KEEP_PLAN}
        select ${flagColumns(tenantId, identityId, now)},
          (select coalesce(json_agg(h), '[]') from (${heldGrantsStatement(tenantId, identityId, now)}) h) as "held"`,
);

/** What a kept page asks before it is shown again: the unread count and the tenant's content versions. */
const unreadWithContentVersionsStatement = builtOnce<PersonAt>(
  PERSON_AT,
  ({ tenantId, identityId, now }) => sql`${KEEP_PLAN}
        select ${unreadConversationCount(tenantId, identityId, now)} as "unreadConversations",
               ${contentVersionsColumns(tenantId)}`,
);

/** The navigation's flags with the tenant's content versions they were read at, for flags kept between pages. */
const flagsWithContentVersionsStatement = builtOnce<PersonAt>(
  PERSON_AT,
  ({ tenantId, identityId, now }) => sql`${KEEP_PLAN}
        select ${flagColumns(tenantId, identityId, now)}, ${contentVersionsColumns(tenantId)}`,
);

/** As `flagsWithHeldGrantsStatement`, without the count of unread conversations (the page counted them). */
const flagsWithHeldGrantsUncountedStatement = builtOnce<PersonAt>(
  PERSON_AT,
  ({ tenantId, identityId, now }) => sql`${KEEP_PLAN}
        select ${flagColumns(tenantId, identityId, now, false)},
          (select coalesce(json_agg(h), '[]') from (${heldGrantsStatement(tenantId, identityId, now)}) h) as "held"`,
);

/**
 * What the navigation of every portal page needs of the person besides the portfolio, in one statement: their roles
 * in the tenant (memberships) and whether they delegate (delegations: a profile of a grant they hold offers one, or
 * they have delegated out of a grant they still hold, the rule of `getOverview`), and how many conversations they see
 * are unread (conversations, decided from their grants in the statement: `unreadConversationCount`). Read here across
 * the modules' tables because every portal page asks, and each statement is a round trip.
 */
export function createPortalNavigationQueries(db: Database) {
  /** The one row a statement of these answers, or undefined when it answers none. */
  const rowOf = async <T>(statement: SQL): Promise<T | undefined> => rowsOf<T>(await db.execute(statement))[0];
  return {
    async flagsOf(tenantId: string, identityId: string, now: Date): Promise<NavigationFlagsRow> {
      return flagsOfRow(await rowOf<NavigationFlagsRow>(flagsStatement({ tenantId, identityId, now })));
    },

    /**
     * The navigation's flags and the tenant's content versions, in one statement: the flags are current while the
     * versions of the portfolio and the conversations are these (`keptNavigationFlags` of the visibility module).
     */
    async flagsWithContentVersionsOf(
      tenantId: string,
      identityId: string,
      now: Date,
    ): Promise<{ flags: NavigationFlagsRow; versions: ContentVersions }> {
      const row = await rowOf<NavigationFlagsRow & ContentVersions>(
        flagsWithContentVersionsStatement({ tenantId, identityId, now }),
      );
      return { flags: flagsOfRow(row), versions: contentVersionsOf(row) };
    },

    /**
     * The count of unread conversations next to "Nachrichten" and the tenant's content versions, in one statement:
     * all a page kept for the person needs to be shown again (`src/http/pages/kept-content.ts`).
     */
    async unreadWithContentVersionsOf(
      tenantId: string,
      identityId: string,
      now: Date,
    ): Promise<{ unreadConversations: number; versions: ContentVersions }> {
      const row = await rowOf<{ unreadConversations: number } & ContentVersions>(
        unreadWithContentVersionsStatement({ tenantId, identityId, now }),
      );
      return { unreadConversations: row?.unreadConversations ?? 0, versions: contentVersionsOf(row) };
    },

    /**
     * The navigation's flags together with the grants the person holds (`heldGrantsStatement` of the visibility
     * module), in one statement: the portal's contract list and overview need both, and each statement is a round trip.
     * `unreadConversations`, when the page has counted them with its own rows (the person's /nachrichten), is taken
     * as the count instead of counting them again.
     */
    async flagsWithHeldGrantsOf(
      tenantId: string,
      identityId: string,
      now: Date,
      unreadConversations?: number,
    ): Promise<NavigationFlagsRow & { held: HeldGrantRow[] }> {
      const statement =
        unreadConversations === undefined ? flagsWithHeldGrantsStatement : flagsWithHeldGrantsUncountedStatement;
      const row = await rowOf<NavigationFlagsRow & { held: HeldGrantRow[] | string }>(
        statement({ tenantId, identityId, now }),
      );
      const flags = flagsOfRow(row);
      return {
        ...flags,
        unreadConversations: unreadConversations ?? flags.unreadConversations,
        held: row === undefined ? [] : jsonColumnOf(row.held),
      };
    },
  };
}
