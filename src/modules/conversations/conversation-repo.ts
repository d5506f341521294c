import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { KEEP_PLAN } from '../../db/kept-plans.js';
import { conversationMessages, conversationReads, conversations } from '../../db/schema.js';

export type ConversationRow = typeof conversations.$inferSelect;
export type NewConversationRow = typeof conversations.$inferInsert;
export type NewMessageRow = typeof conversationMessages.$inferInsert;

/**
 * The conversations' own statements: writing conversations, messages and read marks. The lists and pages with the
 * customer's, contract's and people's names, and the tenant's staff, are read by the conversation inbox's read model
 * (read-models/conversation-inbox.ts).
 */
export function createConversationQueries(db: Database) {
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

    /**
     * Appends a message after the conversation's last and moves its marks (customers' view only with a message they
     * see; a customer's message reopens) and the author's read mark, in one statement. The caller holds the
     * conversation's lock from an earlier statement (the conversation inbox's `lockForMessage`): this statement's
     * snapshot then sees every message committed before it, so the position cannot collide. Its plan is kept (every
     * reply runs it, in one of eight texts; its parameters are ids, the body and a time).
     */
    async appendMessage(
      row: Omit<NewMessageRow, 'position' | 'createdAt'>,
      marks: { isPublic: boolean; now: Date; status?: 'open' },
    ): Promise<string> {
      const now = marks.now.toISOString();
      const messages = conversationMessages;
      const touched = sql.join(
        [
          sql`last_activity_at = ${now}::timestamptz`,
          sql`updated_at = ${now}::timestamptz`,
          ...(marks.isPublic ? [sql`last_message_at = ${now}::timestamptz`] : []),
          ...(marks.status === undefined ? [] : [sql`status = ${marks.status}`]),
        ],
        sql`, `,
      );
      const readMark =
        row.authorIdentityId === null || row.authorIdentityId === undefined
          ? sql``
          : sql`, read_mark as (
              insert into ${conversationReads} (conversation_id, tenant_id, identity_id, read_at)
              values (${row.conversationId}, ${row.tenantId}, ${row.authorIdentityId}, ${now}::timestamptz)
              on conflict (conversation_id, identity_id)
              do update set read_at = greatest(${conversationReads}.read_at, excluded.read_at))`;
      const result = await db.execute(sql`${KEEP_PLAN}
        with message as (
          insert into ${messages} (tenant_id, conversation_id, author_kind, author_identity_id, body, is_internal,
                                   position, created_at)
          select ${row.tenantId}, ${row.conversationId}, ${row.authorKind}, ${row.authorIdentityId ?? null},
                 ${row.body}, ${row.isInternal ?? false}, coalesce(max(m.position), 0) + 1, ${now}::timestamptz
            from ${messages} m
           where m.tenant_id = ${row.tenantId} and m.conversation_id = ${row.conversationId}
          returning id),
        touched as (
          update ${conversations} set ${touched}
           where tenant_id = ${row.tenantId} and id = ${row.conversationId})
        ${readMark}
        select id from message`);
      const [inserted] = (result as { rows: { id: string }[] }).rows;
      if (inserted === undefined) throw new Error('message insert returned nothing');
      return inserted.id;
    },

    async find(tenantId: string, conversationId: string): Promise<ConversationRow | null> {
      const [row] = await db
        .select()
        .from(conversations)
        .where(and(eq(conversations.tenantId, tenantId), eq(conversations.id, conversationId)));
      return row ?? null;
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
  };
}
