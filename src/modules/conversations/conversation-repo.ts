import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
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
  };
}
