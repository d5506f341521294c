import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { conversationAttachments, conversationMessages } from '../../db/schema.js';

export type ConversationAttachmentRow = typeof conversationAttachments.$inferSelect;
export type NewConversationAttachmentRow = typeof conversationAttachments.$inferInsert;

/** An attachment with what decides who sees it: its message's conversation and whether that is an internal note. */
export type ConversationAttachmentWithMessage = ConversationAttachmentRow & { isInternal: boolean };

const withMessage = { attachment: conversationAttachments, isInternal: conversationMessages.isInternal };

export function createConversationAttachmentQueries(db: Database) {
  const fromAttachments = () =>
    db
      .select(withMessage)
      .from(conversationAttachments)
      .innerJoin(
        conversationMessages,
        and(
          eq(conversationMessages.tenantId, conversationAttachments.tenantId),
          eq(conversationMessages.id, conversationAttachments.messageId),
        ),
      );
  const flat = (row: { attachment: ConversationAttachmentRow; isInternal: boolean }) => ({
    ...row.attachment,
    isInternal: row.isInternal,
  });

  return {
    async insert(rows: NewConversationAttachmentRow[]): Promise<ConversationAttachmentRow[]> {
      return rows.length === 0 ? [] : db.insert(conversationAttachments).values(rows).returning();
    },

    /** A conversation's attachments in message order; internal notes' only when asked for. */
    async listForConversation(
      tenantId: string,
      conversationId: string,
      options: { isInternalIncluded: boolean },
    ): Promise<ConversationAttachmentWithMessage[]> {
      const rows = await fromAttachments()
        .where(
          and(
            eq(conversationAttachments.tenantId, tenantId),
            eq(conversationAttachments.conversationId, conversationId),
            options.isInternalIncluded ? undefined : eq(conversationMessages.isInternal, false),
          ),
        )
        .orderBy(asc(conversationMessages.position), asc(conversationAttachments.position));
      return rows.map(flat);
    },

    /** One message's attachments in the order they were sent. */
    async listForMessage(tenantId: string, messageId: string): Promise<ConversationAttachmentWithMessage[]> {
      const rows = await fromAttachments()
        .where(and(eq(conversationAttachments.tenantId, tenantId), eq(conversationAttachments.messageId, messageId)))
        .orderBy(asc(conversationAttachments.position));
      return rows.map(flat);
    },

    async find(tenantId: string, attachmentId: string): Promise<ConversationAttachmentWithMessage | null> {
      const [row] = await fromAttachments().where(
        and(eq(conversationAttachments.tenantId, tenantId), eq(conversationAttachments.id, attachmentId)),
      );
      return row === undefined ? null : flat(row);
    },

    /** The message of the tenant's conversation, if it is one. */
    async findMessage(
      tenantId: string,
      conversationId: string,
      messageId: string,
    ): Promise<{ id: string; isInternal: boolean } | null> {
      const [row] = await db
        .select({ id: conversationMessages.id, isInternal: conversationMessages.isInternal })
        .from(conversationMessages)
        .where(
          and(
            eq(conversationMessages.tenantId, tenantId),
            eq(conversationMessages.conversationId, conversationId),
            eq(conversationMessages.id, messageId),
          ),
        );
      return row ?? null;
    },

    /** Of the tenant's keys given, those an attachment names. */
    async referencedKeys(tenantId: string, keys: string[]): Promise<string[]> {
      if (keys.length === 0) return [];
      const rows = await db
        .selectDistinct({ fileKey: conversationAttachments.fileKey })
        .from(conversationAttachments)
        .where(and(eq(conversationAttachments.tenantId, tenantId), inArray(conversationAttachments.fileKey, keys)));
      return rows.map((row) => row.fileKey);
    },
  };
}
