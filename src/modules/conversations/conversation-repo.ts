import { and, asc, desc, eq, gt, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/database.js';
import {
  contracts,
  conversationMessages,
  conversationReads,
  conversations,
  customers,
  identities,
  memberships,
} from '../../db/schema.js';

export type ConversationRow = typeof conversations.$inferSelect;
export type NewConversationRow = typeof conversations.$inferInsert;
export type NewMessageRow = typeof conversationMessages.$inferInsert;

/** At most this many conversations on one list; the first slice has no paging in the pages. */
const LIST_LIMIT = 200;

const assignee = alias(identities, 'assignee');

/** A conversation with what lists show of it; `readAt` is the reader's. */
function listColumns(readerId: string | null) {
  const readAt =
    readerId === null
      ? sql<null>`null`
      : sql<Date | null>`(select ${conversationReads.readAt} from ${conversationReads}
          where ${conversationReads.conversationId} = ${conversations.id}
          and ${conversationReads.identityId} = ${readerId})`;
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
    readAt: readAt.mapWith((value: string | Date | null) => (value === null ? null : new Date(value))),
  };
}

export type ConversationListRow = Awaited<
  ReturnType<ReturnType<typeof createConversationQueries>['listForStaff']>
>[number];

export function createConversationQueries(db: Database) {
  function listFrom(readerId: string | null) {
    return db
      .select(listColumns(readerId))
      .from(conversations)
      .innerJoin(customers, eq(customers.id, conversations.customerId))
      .leftJoin(contracts, eq(contracts.id, conversations.contractId))
      .leftJoin(assignee, eq(assignee.id, conversations.assignedStaffId));
  }

  return {
    async insertConversation(row: NewConversationRow): Promise<ConversationRow> {
      const [inserted] = await db.insert(conversations).values(row).returning();
      if (inserted === undefined) throw new Error('conversation insert returned nothing');
      return inserted;
    },

    /** Appends a message; the caller holds the conversation's lock (`lock`), so positions do not collide. */
    async insertMessage(row: Omit<NewMessageRow, 'position'>): Promise<string> {
      const [last] = await db
        .select({ position: sql<number>`coalesce(max(${conversationMessages.position}), 0)`.mapWith(Number) })
        .from(conversationMessages)
        .where(
          and(
            eq(conversationMessages.tenantId, row.tenantId),
            eq(conversationMessages.conversationId, row.conversationId),
          ),
        );
      const [inserted] = await db
        .insert(conversationMessages)
        .values({ ...row, position: (last?.position ?? 0) + 1 })
        .returning({ id: conversationMessages.id });
      if (inserted === undefined) throw new Error('message insert returned nothing');
      return inserted.id;
    },

    /** The conversation, locked for the message or change about to be written. */
    async lock(tenantId: string, conversationId: string): Promise<ConversationRow | null> {
      const [row] = await db
        .select()
        .from(conversations)
        .where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, conversationId)))
        .for('update');
      return row ?? null;
    },

    async find(tenantId: string, conversationId: string): Promise<ConversationRow | null> {
      const [row] = await db
        .select()
        .from(conversations)
        .where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, conversationId)));
      return row ?? null;
    },

    async findForList(tenantId: string, conversationId: string, readerId: string | null) {
      const [row] = await listFrom(readerId).where(
        and(eq(conversations.tenantId, tenantId), eq(conversations.id, conversationId)),
      );
      return row ?? null;
    },

    /** A new message's marks: customers' view moves only with messages they see; a message may reopen. */
    async touch(
      tenantId: string,
      conversationId: string,
      change: { isPublic: boolean; now: Date; status?: 'open' | 'closed' },
    ): Promise<void> {
      await db
        .update(conversations)
        .set({
          lastActivityAt: change.now,
          updatedAt: change.now,
          ...(change.isPublic ? { lastMessageAt: change.now } : {}),
          ...(change.status === undefined ? {} : { status: change.status }),
        })
        .where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, conversationId)));
    },

    async update(
      tenantId: string,
      conversationId: string,
      change: { assignedStaffId?: string | null; status?: 'open' | 'closed'; now: Date },
    ): Promise<void> {
      await db
        .update(conversations)
        .set({
          updatedAt: change.now,
          ...(change.assignedStaffId === undefined ? {} : { assignedStaffId: change.assignedStaffId }),
          ...(change.status === undefined ? {} : { status: change.status }),
        })
        .where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, conversationId)));
    },

    /** Read up to `at`; never moves back (two tabs, a late request). */
    async markRead(tenantId: string, conversationId: string, identityId: string, at: Date): Promise<void> {
      await db
        .insert(conversationReads)
        .values({ tenantId, conversationId, identityId, readAt: at })
        .onConflictDoUpdate({
          target: [conversationReads.conversationId, conversationReads.identityId],
          set: { readAt: sql`greatest(${conversationReads.readAt}, excluded.read_at)` },
        });
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

    /** Candidates for a person's list: the conversations of the customers given; the policy decides each. */
    async listOfCustomers(tenantId: string, customerIds: readonly string[], readerId: string) {
      if (customerIds.length === 0) return [];
      return listFrom(readerId)
        .where(and(eq(conversations.tenantId, tenantId), inArray(conversations.customerId, [...customerIds])))
        .orderBy(desc(conversations.lastMessageAt), desc(conversations.id))
        .limit(LIST_LIMIT);
    },

    /** The workspace's inbox, newest activity first. */
    async listForStaff(
      tenantId: string,
      readerId: string,
      filter: { assignedTo: 'mine' | 'unassigned' | 'all'; isUnreadOnly: boolean; kind: string | null },
    ) {
      const conditions: (SQL | undefined)[] = [eq(conversations.tenantId, tenantId)];
      if (filter.kind !== null) conditions.push(eq(conversations.kind, filter.kind));
      if (filter.assignedTo === 'mine') conditions.push(eq(conversations.assignedStaffId, readerId));
      if (filter.assignedTo === 'unassigned') conditions.push(isNull(conversations.assignedStaffId));
      if (filter.isUnreadOnly) {
        conditions.push(
          sql`not exists (select 1 from ${conversationReads}
            where ${conversationReads.conversationId} = ${conversations.id}
            and ${conversationReads.identityId} = ${readerId}
            and ${conversationReads.readAt} >= ${conversations.lastActivityAt})`,
        );
      }
      return listFrom(readerId)
        .where(and(...conditions))
        .orderBy(desc(conversations.lastActivityAt), desc(conversations.id))
        .limit(LIST_LIMIT);
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

    async customerNumberOf(tenantId: string, customerId: string): Promise<string> {
      const [row] = await db
        .select({ number: customers.customerNumber })
        .from(customers)
        .where(and(eq(customers.tenantId, tenantId), eq(customers.id, customerId)));
      return row?.number ?? '';
    },

    /** The tenant's active staff members, by name. */
    async activeStaff(tenantId: string, among: readonly string[] | null) {
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
          ),
        )
        .orderBy(asc(identities.name), asc(identities.id));
    },
  };
}
