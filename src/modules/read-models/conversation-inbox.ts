import { and, asc, eq, gt, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/database.js';
import { KEEP_PLAN } from '../../db/kept-plans.js';
import {
  contentVersionsJsonColumn,
  contentVersionsOfJsonColumn,
  type ContentVersions,
} from '../../db/content-versions.js';
import {
  type ContactPerson,
  contracts,
  conversationMessages,
  conversationReads,
  conversations,
  customers,
  grants,
  identities,
  memberships,
} from '../../db/schema.js';
import type { RoutingInput } from '../conversations/conversation-routing-policy.js';
import { CONVERSATION_KINDS } from '../conversations/service-request.js';
import { isAccessOpen } from '../memberships/membership-repo.js';
import type { GrantReachOfPlace } from '../visibility/visibility-policy.js';
import { heldGrantShowsContract, heldReachOfPlace, heldReachWith } from '../visibility/visible-portfolio-repo.js';

type ConversationRow = typeof conversations.$inferSelect;
/**
 * A conversation locked for a new message, with what the message's notices read: the customer's number (null without
 * a customer) and the contacts routing chooses among.
 */
export interface LockedConversation {
  row: ConversationRow;
  customerNumber: string | null;
  routing: Omit<RoutingInput, 'activeStaffIds'>;
}

const assignee = alias(identities, 'assignee');

/** A conversation's own columns (of `c`) under the names of its row type, for statements written as SQL. */
const CONVERSATION_COLUMNS = sql.raw(`c.id, c.tenant_id as "tenantId", c.customer_id as "customerId",
               c.contract_id as "contractId", c.grant_id as "grantId", c.owner_identity_id as "ownerIdentityId",
               c.assigned_staff_id as "assignedStaffId", c.subject, c.status, c.created_by_kind as "createdByKind",
               c.created_by_identity_id as "createdByIdentityId", c.kind, c.fields,
               c.last_message_at as "lastMessageAt", c.last_activity_at as "lastActivityAt",
               c.created_at as "createdAt", c.updated_at as "updatedAt"`);

/** A row of `CONVERSATION_COLUMNS` with its times as dates (some drivers hand them over as text). */
function conversationRowOf(row: ConversationRow): ConversationRow {
  const at = (value: Date | string) => new Date(value);
  return {
    ...row,
    lastMessageAt: at(row.lastMessageAt),
    lastActivityAt: at(row.lastActivityAt),
    createdAt: at(row.createdAt),
    updatedAt: at(row.updatedAt),
  };
}

/** The reader's read mark of the conversation, asked per row: lists that show it on their page's rows only. */
const readAtOf = (readerId: string | null): SQL<Date | null> =>
  readerId === null
    ? sql<null>`null`
    : sql<Date | null>`(select ${conversationReads.readAt} from ${conversationReads}
        where ${conversationReads.conversationId} = ${conversations.id}
        and ${conversationReads.identityId} = ${readerId})`;

/** A conversation with what lists show of it; `readAt` is the reader's. */
function listColumns(readAt: SQL<Date | null>) {
  return {
    conversation: conversations,
    customerNumber: customers.customerNumber,
    customerKind: customers.kind,
    firstName: customers.firstName,
    lastName: customers.lastName,
    companyName: customers.companyName,
    policyNumber: contracts.policyNumber,
    assigneeName: assignee.name,
    assigneeEmail: assignee.emailDisplay,
    readAt: sql<Date | null>`${readAt}`.mapWith((value: string | Date | null) =>
      value === null ? null : new Date(value),
    ),
  };
}

/** The names a list row shows beside the conversation: its customer's, its contract's and its assignee's. */
export interface ListedNames {
  customerNumber: string | null;
  customerKind: string | null;
  firstName: string | null;
  lastName: string | null;
  companyName: string | null;
  policyNumber: string | null;
  assigneeName: string | null;
  assigneeEmail: string | null;
}

/** A conversation as lists show it: the columns of `listColumns`. */
export interface ConversationListRow extends ListedNames {
  conversation: ConversationRow;
  readAt: Date | null;
}

/** A row of the workspace's inbox: the conversation's own columns, the names it shows, whether the reader read it. */
export interface StaffInboxRow extends ListedNames {
  id: string;
  subject: string;
  kind: string;
  fields: unknown;
  status: string;
  customerId: string | null;
  contractId: string | null;
  assignedStaffId: string | null;
  lastActivityAtMs: number;
  createdAtMs: number;
  updatedAtMs: number;
  /** A read mark at or after the last activity (internal notes included: staff read those too). */
  isRead: boolean;
}

/**
 * A page of the person's conversations, and how many of all the conversations they see are unread (the navigation's
 * count, `unreadConversationCount`), counted in the same statement from the same rows.
 */
export interface PersonConversationRows {
  rows: ConversationListRow[];
  unreadConversations: number;
  /** The tenant's content versions, read in the statement of the rows. */
  contentVersions: ContentVersions;
}

export interface InboxFilter {
  assignedTo: 'mine' | 'unassigned' | 'all';
  isUnreadOnly: boolean;
  kind: string | null;
}

/**
 * Unread for a customer (the conversation `c`): no read mark at or after its newest message they see (customers' marks
 * move only with public messages, as `summaryOf` measures them).
 */
const isUnreadForPerson = (conversation: SQL, identityId: string): SQL => sql`not exists (
  select 1 from ${conversationReads} r
   where r.conversation_id = ${conversation}.id and r.identity_id = ${identityId}
     and r.read_at >= ${conversation}.last_message_at)`;

/**
 * Over `heldReachWith`'s tables, for the conversation `c` of a customer: a grant the person holds reaches its customer
 * and, for one about a contract, shows the contract; and the conversation is the broker's, the person's own, or started
 * through that grant with "Vorgänge teilen" (`isConversationVisible`).
 */
const heldGrantShowsCustomersConversation = (tenantId: string, identityId: string): SQL => sql`exists (
  select 1 from held h join held_customers hc on hc.grant_id = h.id
   where hc.customer_id = c.customer_id
     and (c.contract_id is null or ${heldGrantShowsContract(tenantId, sql`c.contract_id`)})
     and (c.owner_identity_id is null or c.owner_identity_id = ${identityId}
          or (h."shareCases" and c.grant_id = h.id)))`;

/**
 * For the conversation `c` without a customer ("Kunden anlegen") and the held grant `h` it was filed through: only an
 * intermediary grant that shows the portfolio shows it, to whoever filed it or to all with "Vorgänge teilen".
 */
const heldGrantShowsFiledConversation = (identityId: string): SQL =>
  sql`h.kind = 'intermediary' and not h."claimsOnly" and (c.owner_identity_id = ${identityId} or h."shareCases")`;

/**
 * How many conversations the person sees have a message they have not read, as a column of the portal navigation's
 * statement: `isConversationVisible` over the scopes of the grants they hold, decided in the statement from the grants
 * (`heldReachWith`, `heldGrantShowsContract`), so that the count costs the navigation no statement of its own. A
 * grant's scope reaches the conversation's customer and, for one about a contract, shows the contract; and the
 * conversation is the broker's, the person's own, or started through that grant with "Vorgänge teilen". One without
 * a customer ("Kunden anlegen") counts through the intermediary grant it was filed through alone.
 */
export function unreadConversationCount(tenantId: string, identityId: string, now: Date): SQL {
  // The person's read marks are read once (index conversation_reads_identity) and matched to the conversations by hash,
  // as `isUnreadForPerson` decides it (at most one mark per conversation and person): asked per conversation, a person
  // who sees thousands cost as many index probes. `materialized` keeps the planner from turning it back into probes.
  return sql`(with ${heldReachWith(tenantId, identityId, now)},
    person_reads as materialized (
      select ${conversationReads.conversationId} as conversation_id, ${conversationReads.readAt} as read_at
        from ${conversationReads}
       where ${conversationReads.tenantId} = ${tenantId} and ${conversationReads.identityId} = ${identityId})
    select (select count(*)::int from ${conversations} c
              left join person_reads r on r.conversation_id = c.id
             where c.tenant_id = ${tenantId}
               and ${heldGrantShowsCustomersConversation(tenantId, identityId)}
               and (r.read_at is null or r.read_at < c.last_message_at))
         + (select count(*)::int from ${conversations} c
              left join person_reads r on r.conversation_id = c.id
             where c.tenant_id = ${tenantId} and c.customer_id is null
               and exists (
                 select 1 from held h where h.id = c.grant_id and ${heldGrantShowsFiledConversation(identityId)})
               and (r.read_at is null or r.read_at < c.last_message_at)))`;
}

/**
 * Read model: the conversations' lists and pages with what they show of the customer, the contract and the people
 * (the assignee's and the authors' names), and the tenant's active staff that conversations are routed and assigned
 * to. The inbox filters and pages by the conversation's own columns but shows names of three other modules on every
 * row, so they are joined in the page's one statement instead of asked per row; the assignee is checked against the
 * tenant's staff memberships in the transaction that assigns.
 */
export function createConversationInboxQueries(db: Database) {
  function listFrom(readerId: string | null) {
    return db
      .select(listColumns(readAtOf(readerId)))
      .from(conversations)
      .leftJoin(customers, eq(customers.id, conversations.customerId))
      .leftJoin(contracts, eq(contracts.id, conversations.contractId))
      .leftJoin(assignee, eq(assignee.id, conversations.assignedStaffId));
  }

  return {
    async findForList(tenantId: string, conversationId: string, readerId: string | null) {
      const [row] = await listFrom(readerId).where(
        and(eq(conversations.tenantId, tenantId), eq(conversations.id, conversationId)),
      );
      return row ?? null;
    },

    /**
     * The conversation locked for a message about to be written, read with its customer's number, the contacts of its
     * customer and contract and its grant's Betreuer: what the notices need, so the transaction reads them in this
     * statement instead of three more. Every message runs it, so it is SQL with a kept plan (its parameters are ids).
     */
    async lockForMessage(tenantId: string, conversationId: string): Promise<LockedConversation | null> {
      const result = await db.execute(sql`${KEEP_PLAN}
        select ${CONVERSATION_COLUMNS},
               cu.customer_number as "customerNumber", cu.case_handler as "customerCaseHandler",
               k.id as "contractRowId", k.case_handler as "contractCaseHandler", k.adviser as "contractAdviser",
               g.responsible_staff_id as "grantResponsibleStaffId"
          from ${conversations} c
          left join ${customers} cu on cu.tenant_id = ${tenantId} and cu.id = c.customer_id
          left join ${contracts} k on k.tenant_id = ${tenantId} and k.id = c.contract_id
          left join ${grants} g on g.tenant_id = ${tenantId} and g.id = c.grant_id
         where c.tenant_id = ${tenantId} and c.id = ${conversationId}
           for update of c`);
      type Row = ConversationRow & {
        customerNumber: string | null;
        customerCaseHandler: ContactPerson | null;
        contractRowId: string | null;
        contractCaseHandler: ContactPerson | null;
        contractAdviser: ContactPerson | null;
        grantResponsibleStaffId: string | null;
      };
      const [found] = (result as { rows: Row[] }).rows;
      if (found === undefined) return null;
      const {
        customerNumber,
        customerCaseHandler,
        contractRowId,
        contractCaseHandler,
        contractAdviser,
        grantResponsibleStaffId,
        ...row
      } = found;
      return {
        row: conversationRowOf(row),
        customerNumber,
        routing: {
          customer: { caseHandler: customerCaseHandler },
          contract: contractRowId === null ? null : { caseHandler: contractCaseHandler, adviser: contractAdviser },
          grantResponsibleStaffId,
        },
      };
    },

    /**
     * The conversation with what each of the person's grants shows of its customer and contract
     * (`conversationScopesAt` turns that into the scopes the visibility policy decides it by), in one statement. Its
     * plan is kept: planning the grants' rules (the Sparten words among them) costs more than running them.
     */
    async findWithReach(tenantId: string, conversationId: string, identityId: string, now: Date) {
      const reach = heldReachOfPlace(tenantId, identityId, now, {
        customerId: sql`c.customer_id`,
        contractId: sql`c.contract_id`,
      });
      const result = await db.execute(sql`${KEEP_PLAN}
        select c.id, c.tenant_id as "tenantId", c.customer_id as "customerId", c.contract_id as "contractId",
               c.grant_id as "grantId", c.owner_identity_id as "ownerIdentityId",
               c.assigned_staff_id as "assignedStaffId", c.subject, c.status, c.created_by_kind as "createdByKind",
               c.created_by_identity_id as "createdByIdentityId", c.kind, c.fields,
               c.last_message_at as "lastMessageAt", c.last_activity_at as "lastActivityAt",
               c.created_at as "createdAt", c.updated_at as "updatedAt", ${reach} as "reach"
          from ${conversations} c
         where c.tenant_id = ${tenantId} and c.id = ${conversationId}`);
      const [row] = (result as { rows: (ConversationRow & { reach: GrantReachOfPlace[] })[] }).rows;
      if (row === undefined) return null;
      const { reach: found, ...conversation } = row;
      const at = (value: Date | string) => new Date(value);
      return {
        conversation: {
          ...conversation,
          lastMessageAt: at(conversation.lastMessageAt),
          lastActivityAt: at(conversation.lastActivityAt),
          createdAt: at(conversation.createdAt),
          updatedAt: at(conversation.updatedAt),
        },
        reach: found,
      };
    },

    /**
     * One page of the person's conversations, unread first, then newest message first, decided from the grants they
     * hold in this statement: `isConversationVisible` over `conversationScopesOf` as the navigation's unread count
     * decides it (`heldReachWith`, `heldGrantShowsContract`), so the page reads neither the grants nor what they reach
     * in statements of their own. The conversations are found by the reached customers' ids as an array (the index on
     * the customer, as a bitmap), the grants' rules tested as a semi-join, so each is kept once however many grants
     * reach it; the person's read marks are read once and hashed against them (kept as a materialized table of their
     * own, they cost the page about 0.5 ms more of the database's CPU). The cursor is the last row's id, its place read
     * from the table (an unknown id or another tenant's gives an empty page). The plan is kept: its parameters are ids
     * and a time, and planning the grants' rules costs more than running them. The data export reads the same pages.
     * With the page comes the count of all the unread conversations the person sees, as the navigation counts them
     * (`unreadConversationCount`), from the same rows held once: the page shows that count without a second scan.
     */
    async visiblePageForPerson(
      tenantId: string,
      identityId: string,
      now: Date,
      cursor: string | null,
      limit: number,
    ): Promise<PersonConversationRows> {
      // `isUnreadForPerson` over the joined mark: at most one per conversation and person (its primary key).
      const unread = sql`(r.read_at is null or r.read_at < v.last_message_at)`;
      const result = await db.execute(sql`${KEEP_PLAN}
        with ${heldReachWith(tenantId, identityId, now)},
        person_reads as (
          select r.conversation_id, r.read_at from ${conversationReads} r
           where r.tenant_id = ${tenantId} and r.identity_id = ${identityId}),
        reached as (
          select c.id, c.last_message_at
            from ${conversations} c
           where c.tenant_id = ${tenantId}
             and c.customer_id = any(array(select customer_id from held_customers))
             and ${heldGrantShowsCustomersConversation(tenantId, identityId)}
          union all
          select c.id, c.last_message_at
            from held h
            join ${conversations} c on c.tenant_id = ${tenantId} and c.grant_id = h.id and c.customer_id is null
           where ${heldGrantShowsFiledConversation(identityId)}),
        marked as materialized (
          select v.id, v.last_message_at, r.read_at, ${unread} as is_unread
            from reached v left join person_reads r on r.conversation_id = v.id),
        counted as (select (count(*) filter (where is_unread))::int as unread from marked),
        page as (
          select m.id, m.last_message_at, m.read_at, m.is_unread
            from marked m
           where cast(${cursor} as uuid) is null
              or (m.is_unread, m.last_message_at, m.id) < (
                   select ${isUnreadForPerson(sql`a`, identityId)}, a.last_message_at, a.id from ${conversations} a
                    where a.tenant_id = ${tenantId} and a.id = cast(${cursor} as uuid))
           order by m.is_unread desc, m.last_message_at desc, m.id desc
           limit ${limit})
        select n.unread as "unreadConversations",
               ${contentVersionsJsonColumn(tenantId)} as "contentVersions",
               ${CONVERSATION_COLUMNS},
               o.customer_number as "customerNumber", o.kind as "customerKind", o.first_name as "firstName",
               o.last_name as "lastName", o.company_name as "companyName", k.policy_number as "policyNumber",
               p.read_at as "readAt"
          from counted n
          left join (page p
            join ${conversations} c on c.tenant_id = ${tenantId} and c.id = p.id
            left join ${customers} o on o.tenant_id = ${tenantId} and o.id = c.customer_id
            left join ${contracts} k on k.tenant_id = ${tenantId} and k.id = c.contract_id) on true
         order by p.is_unread desc, p.last_message_at desc, p.id desc`);
      type Row = ConversationRow &
        Omit<ConversationListRow, 'conversation' | 'assigneeName' | 'assigneeEmail' | 'readAt'> & {
          readAt: Date | string | null;
          unreadConversations: number;
          contentVersions: Partial<ContentVersions> | string;
        };
      const found = (result as { rows: (Row | (Omit<Row, 'id'> & { id: null }))[] }).rows;
      const first = found[0];
      return {
        // The statement's first row carries the count, also when the page is empty (its other columns null then).
        unreadConversations: first?.unreadConversations ?? 0,
        contentVersions: contentVersionsOfJsonColumn(first?.contentVersions),
        rows: found
          .filter((row): row is Row => row.id !== null)
          .map((row) => {
            const {
              customerNumber,
              customerKind,
              firstName,
              lastName,
              companyName,
              policyNumber,
              readAt,
              unreadConversations: _count,
              contentVersions: _versions,
              ...rest
            } = row;
            return {
              conversation: conversationRowOf(rest),
              customerNumber,
              customerKind,
              firstName,
              lastName,
              companyName,
              policyNumber,
              // The portal never shows the assignment.
              assigneeName: null,
              assigneeEmail: null,
              readAt: readAt === null ? null : new Date(readAt),
            };
          }),
      };
    },

    /**
     * One page of the workspace's inbox, newest activity first; the cursor as in the person's list. The order names
     * `nulls last` as the indexes on the activity were created (`desc` alone is nulls first): so the page reads the
     * first rows of an index in order instead of joining and sorting all of the tenant's conversations. Every staff
     * member's inbox runs it on every visit, so it is written as SQL, and the plan of its shapes without the reader's
     * assignment is kept: building it with the query builder and planning it cost more than running it (generic and
     * custom plans read the same index, docs/performance.md). The kind is a word of the text, so that a rare kind is
     * planned by its own frequency; "mine" is planned on each run, since one plan cannot serve a reader with few
     * assigned conversations (their index) and one with many (the activity's). The limit is part of the text, so that
     * the plan is made for it; the times come as milliseconds, ready for the page.
     */
    async pageForStaff(
      tenantId: string,
      readerId: string,
      filter: InboxFilter,
      cursor: string | null,
      limit: number,
    ): Promise<StaffInboxRow[]> {
      if (!Number.isSafeInteger(limit) || limit < 1) throw new Error(`not a page size: ${limit}`);
      const conditions: SQL[] = [sql`c.tenant_id = ${tenantId}`];
      if (filter.kind !== null) {
        const kind = CONVERSATION_KINDS.find((known) => known === filter.kind);
        if (kind === undefined) return [];
        conditions.push(sql.raw(`c.kind = '${kind}'`));
      }
      if (filter.assignedTo === 'mine') conditions.push(sql`c.assigned_staff_id = ${readerId}`);
      if (filter.assignedTo === 'unassigned') conditions.push(sql`c.assigned_staff_id is null`);
      if (filter.isUnreadOnly) {
        conditions.push(sql`not exists (select 1 from ${conversationReads} r
          where r.conversation_id = c.id and r.identity_id = ${readerId} and r.read_at >= c.last_activity_at)`);
      }
      if (cursor !== null) {
        conditions.push(sql`(c.last_activity_at, c.id) < (
          select after.last_activity_at, after.id from ${conversations} after
           where after.tenant_id = ${tenantId} and after.id = ${cursor})`);
      }
      const result = await db.execute(sql`${filter.assignedTo === 'mine' ? sql`` : KEEP_PLAN}
        select c.id, c.subject, c.kind, c.fields, c.status, c.customer_id as "customerId",
               c.contract_id as "contractId", c.assigned_staff_id as "assignedStaffId",
               floor(extract(epoch from c.last_activity_at) * 1000)::float8 as "lastActivityAtMs",
               floor(extract(epoch from c.created_at) * 1000)::float8 as "createdAtMs",
               floor(extract(epoch from c.updated_at) * 1000)::float8 as "updatedAtMs",
               cu.customer_number as "customerNumber", cu.kind as "customerKind", cu.first_name as "firstName",
               cu.last_name as "lastName", cu.company_name as "companyName", ct.policy_number as "policyNumber",
               a.name as "assigneeName", a.email_display as "assigneeEmail",
               exists (select 1 from ${conversationReads} r
                        where r.conversation_id = c.id and r.identity_id = ${readerId}
                          and r.read_at >= c.last_activity_at) as "isRead"
          from ${conversations} c
          left join ${customers} cu on cu.tenant_id = c.tenant_id and cu.id = c.customer_id
          left join ${contracts} ct on ct.tenant_id = c.tenant_id and ct.id = c.contract_id
          left join ${identities} a on a.id = c.assigned_staff_id
         where ${sql.join(conditions, sql` and `)}
         order by c.last_activity_at desc nulls last, c.id desc nulls last
         limit ${sql.raw(String(limit))}`);
      return (result as { rows: StaffInboxRow[] }).rows;
    },

    /** For the CRM: changed after the instant given, oldest change first, after the cursor's row. */
    async listChanged(
      tenantId: string,
      options: { updatedSince: Date | null; after: { updatedAt: Date; id: string } | null; limit: number },
    ) {
      const after =
        options.after === null
          ? undefined
          : or(
              gt(conversations.updatedAt, options.after.updatedAt),
              and(eq(conversations.updatedAt, options.after.updatedAt), gt(conversations.id, options.after.id)),
            );
      return listFrom(null)
        .where(
          and(
            eq(conversations.tenantId, tenantId),
            options.updatedSince === null ? undefined : gt(conversations.updatedAt, options.updatedSince),
            after,
          ),
        )
        .orderBy(asc(conversations.updatedAt), asc(conversations.id))
        .limit(options.limit);
    },

    /** The messages in order, with their authors' names; internal notes only when asked for. */
    async messagesOf(tenantId: string, conversationId: string, options: { isInternalIncluded: boolean }) {
      return db
        .select({
          id: conversationMessages.id,
          authorKind: conversationMessages.authorKind,
          authorIdentityId: conversationMessages.authorIdentityId,
          authorName: identities.name,
          authorEmail: identities.emailDisplay,
          body: conversationMessages.body,
          isInternal: conversationMessages.isInternal,
          createdAt: conversationMessages.createdAt,
        })
        .from(conversationMessages)
        .leftJoin(identities, eq(identities.id, conversationMessages.authorIdentityId))
        .where(
          and(
            eq(conversationMessages.tenantId, tenantId),
            eq(conversationMessages.conversationId, conversationId),
            options.isInternalIncluded ? undefined : eq(conversationMessages.isInternal, false),
          ),
        )
        .orderBy(asc(conversationMessages.position));
    },

    /**
     * The tenant's active staff members, by name; only those among the ids given when some are. The assignment check
     * takes only these: a staff member of another tenant, or a deactivated one, is none. With `canLogInAt`, only those
     * who can log in then (a password, access not ended with a lapsed or revoked invitation): whom routing assigns a
     * customer's conversation and who is told of a customer's message, since a staff member invited without a password
     * yet would never read it.
     */
    async activeStaff(tenantId: string, among: readonly string[] | null, canLogInAt: Date | null = null) {
      if (among !== null && among.length === 0) return [];
      return db
        .selectDistinct({ identityId: identities.id, name: identities.name, email: identities.emailDisplay })
        .from(memberships)
        .innerJoin(identities, eq(identities.id, memberships.identityId))
        .where(
          and(
            eq(memberships.tenantId, tenantId),
            inArray(memberships.role, ['staff_admin', 'staff_user']),
            isNull(memberships.deactivatedAt),
            among === null ? undefined : inArray(memberships.identityId, [...among]),
            canLogInAt === null ? undefined : and(isNotNull(identities.passwordHash), isAccessOpen(canLogInAt)),
          ),
        )
        .orderBy(asc(identities.name), asc(identities.id));
    },
  };
}
