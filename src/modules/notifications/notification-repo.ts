import { and, asc, eq, gt, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { documentNotifications, staffMessageNotifications } from '../../db/schema.js';

export type DocumentNotificationRow = typeof documentNotifications.$inferSelect;
export type StaffMessageNotificationRow = typeof staffMessageNotifications.$inferSelect;

/** What arrived for a person: the broker's documents or the broker's messages, counted apart for the mail's words. */
export type PendingKind = 'documents' | 'messages';

/** 'contact' is the tenant's contact address, else the staff member's identity id. */
export const CONTACT_RECIPIENT = 'contact';

export function createNotificationQueries(db: Database) {
  return {
    /**
     * One more document or message for each of these people: counted for those whose switch is on (no row yet means
     * on), the first arrival since their last mail kept.
     */
    async addPending(tenantId: string, identityIds: readonly string[], at: Date, kind: PendingKind): Promise<void> {
      if (identityIds.length === 0) {
        return;
      }
      const isDocument = kind === 'documents';
      await db
        .insert(documentNotifications)
        .values(
          identityIds.map((identityId) => ({
            tenantId,
            identityId,
            pendingCount: isDocument ? 1 : 0,
            pendingMessageCount: isDocument ? 0 : 1,
            pendingSince: at,
          })),
        )
        .onConflictDoUpdate({
          target: [documentNotifications.tenantId, documentNotifications.identityId],
          set: {
            ...(isDocument
              ? { pendingCount: sql`${documentNotifications.pendingCount} + 1` }
              : { pendingMessageCount: sql`${documentNotifications.pendingMessageCount} + 1` }),
            pendingSince: sql`coalesce(${documentNotifications.pendingSince}, excluded.pending_since)`,
          },
          setWhere: eq(documentNotifications.isEnabled, true),
        });
    },

    /**
     * Digests due now, locked for this transaction: something arrived and no mail went out after `sentBefore`.
     * Rows another process holds are skipped.
     */
    async lockDue(sentBefore: Date, limit: number): Promise<DocumentNotificationRow[]> {
      return db
        .select()
        .from(documentNotifications)
        .where(
          and(
            gt(sql`${documentNotifications.pendingCount} + ${documentNotifications.pendingMessageCount}`, 0),
            or(isNull(documentNotifications.lastSentAt), lte(documentNotifications.lastSentAt, sentBefore)),
          ),
        )
        .orderBy(asc(documentNotifications.pendingSince))
        .limit(limit)
        .for('update', { skipLocked: true });
    },

    /**
     * Settles a batch of a tenant's digests in one statement: what was waiting is cleared for all of them, and those
     * mailed (`sent`) start their hour now; the others (people who cannot log in here) simply forget it.
     */
    async settle(tenantId: string, settled: { sent: readonly string[]; dropped: readonly string[] }, at: Date) {
      const identityIds = [...settled.sent, ...settled.dropped];
      if (identityIds.length === 0) {
        return;
      }
      const isSent =
        settled.sent.length === 0 ? sql`false` : inArray(documentNotifications.identityId, [...settled.sent]);
      const sentAt = sql`${at.toISOString()}::timestamptz`;
      await db
        .update(documentNotifications)
        .set({
          pendingCount: 0,
          pendingMessageCount: 0,
          pendingSince: null,
          lastSentAt: sql`case when ${isSent} then ${sentAt} else ${documentNotifications.lastSentAt} end`,
        })
        .where(
          and(eq(documentNotifications.tenantId, tenantId), inArray(documentNotifications.identityId, identityIds)),
        );
    },

    /** Those among the people who switched the mail off in this tenant. */
    async disabledAmong(tenantId: string, identityIds: readonly string[]): Promise<Set<string>> {
      if (identityIds.length === 0) {
        return new Set();
      }
      const rows = await db
        .select({ identityId: documentNotifications.identityId })
        .from(documentNotifications)
        .where(
          and(
            eq(documentNotifications.tenantId, tenantId),
            inArray(documentNotifications.identityId, [...identityIds]),
            eq(documentNotifications.isEnabled, false),
          ),
        );
      return new Set(rows.map((row) => row.identityId));
    },

    async isEnabled(tenantId: string, identityId: string): Promise<boolean> {
      const [row] = await db
        .select({ isEnabled: documentNotifications.isEnabled })
        .from(documentNotifications)
        .where(and(eq(documentNotifications.tenantId, tenantId), eq(documentNotifications.identityId, identityId)));
      return row?.isEnabled ?? true;
    },

    /** Sets the switch; switching off also forgets what was waiting for the next mail. */
    async setEnabled(tenantId: string, identityId: string, isEnabled: boolean): Promise<void> {
      const set = isEnabled
        ? { isEnabled }
        : { isEnabled, pendingCount: 0, pendingMessageCount: 0, pendingSince: null };
      await db
        .insert(documentNotifications)
        .values({ tenantId, identityId, ...set })
        .onConflictDoUpdate({ target: [documentNotifications.tenantId, documentNotifications.identityId], set });
    },

    /**
     * One more customer message for a staff member or the contact address; the conversation is kept while every
     * pending message belongs to it, else cleared (the mail then links the inbox).
     */
    async addStaffPending(
      tenantId: string,
      recipient: { key: string; identityId: string | null },
      conversationId: string,
      at: Date,
    ): Promise<void> {
      const table = staffMessageNotifications;
      await db
        .insert(table)
        .values({
          tenantId,
          recipient: recipient.key,
          identityId: recipient.identityId,
          pendingCount: 1,
          conversationId,
          pendingSince: at,
        })
        .onConflictDoUpdate({
          target: [table.tenantId, table.recipient],
          set: {
            pendingCount: sql`${table.pendingCount} + 1`,
            conversationId: sql`case when ${table.pendingCount} = 0
              or ${table.conversationId} = excluded.conversation_id then excluded.conversation_id end`,
            pendingSince: sql`coalesce(${table.pendingSince}, excluded.pending_since)`,
          },
        });
    },

    /** The staff's digests due now, locked for this transaction like `lockDue`. */
    async lockDueStaff(sentBefore: Date, limit: number): Promise<StaffMessageNotificationRow[]> {
      const table = staffMessageNotifications;
      return db
        .select()
        .from(table)
        .where(and(gt(table.pendingCount, 0), or(isNull(table.lastSentAt), lte(table.lastSentAt, sentBefore))))
        .orderBy(asc(table.pendingSince))
        .limit(limit)
        .for('update', { skipLocked: true });
    },

    /** Marks the staff's digests as sent (`at`) or, with null, forgets them without a mail. */
    async clearStaffPending(tenantId: string, recipients: readonly string[], at: Date | null): Promise<void> {
      const table = staffMessageNotifications;
      if (recipients.length > 0) {
        await db
          .update(table)
          .set({
            pendingCount: 0,
            conversationId: null,
            pendingSince: null,
            ...(at === null ? {} : { lastSentAt: at }),
          })
          .where(and(eq(table.tenantId, tenantId), inArray(table.recipient, [...recipients])));
      }
    },
  };
}
