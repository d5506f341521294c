import { and, asc, desc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { webhookAttempts, webhookDeliveries, webhooks } from '../../db/schema.js';
import { required } from '../../shared/required.js';

export type WebhookRow = typeof webhooks.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;

export function createWebhookQueries(db: Database) {
  return {
    async insert(values: {
      tenantId: string;
      url: string;
      secret: string;
      events: string[];
      createdAt: Date;
    }): Promise<WebhookRow> {
      const [row] = await db.insert(webhooks).values(values).returning();
      return required(row);
    },
    async listActive(tenantId: string): Promise<WebhookRow[]> {
      return db
        .select()
        .from(webhooks)
        .where(and(eq(webhooks.tenantId, tenantId), isNull(webhooks.deletedAt)))
        .orderBy(asc(webhooks.createdAt), asc(webhooks.id));
    },
    async find(tenantId: string, id: string): Promise<WebhookRow | null> {
      const [row] = await db
        .select()
        .from(webhooks)
        .where(and(eq(webhooks.tenantId, tenantId), eq(webhooks.id, id), isNull(webhooks.deletedAt)));
      return row ?? null;
    },
    async markDeleted(tenantId: string, id: string, at: Date): Promise<boolean> {
      const rows = await db
        .update(webhooks)
        .set({ deletedAt: at })
        .where(and(eq(webhooks.tenantId, tenantId), eq(webhooks.id, id), isNull(webhooks.deletedAt)))
        .returning({ id: webhooks.id });
      return rows.length === 1;
    },
    async listSubscribed(tenantIds: string[], event: string): Promise<WebhookRow[]> {
      if (tenantIds.length === 0) {
        return [];
      }
      return db
        .select()
        .from(webhooks)
        .where(
          and(
            inArray(webhooks.tenantId, tenantIds),
            isNull(webhooks.deletedAt),
            sql`${event} = any(${webhooks.events})`,
          ),
        );
    },
    async insertDeliveries(values: (typeof webhookDeliveries.$inferInsert)[]): Promise<void> {
      if (values.length > 0) {
        await db.insert(webhookDeliveries).values(values);
      }
    },
    /**
     * Same pattern as the outbox: SKIP LOCKED keeps processes apart, the lease recovers a dead process's deliveries.
     */
    async claimDue(
      now: Date,
      leaseUntil: Date,
      limit: number,
    ): Promise<(DeliveryRow & { url: string; secret: string; isDeleted: boolean })[]> {
      const due = db
        .select({ id: webhookDeliveries.id })
        .from(webhookDeliveries)
        .where(
          or(
            and(eq(webhookDeliveries.status, 'queued'), lte(webhookDeliveries.nextAttemptAt, now)),
            and(eq(webhookDeliveries.status, 'sending'), lte(webhookDeliveries.leaseUntil, now)),
          ),
        )
        .orderBy(asc(webhookDeliveries.nextAttemptAt))
        .limit(limit)
        .for('update', { skipLocked: true });
      const claimed = await db
        .update(webhookDeliveries)
        .set({ status: 'sending', leaseUntil, attempts: sql`${webhookDeliveries.attempts} + 1` })
        .where(inArray(webhookDeliveries.id, due))
        .returning();
      if (claimed.length === 0) {
        return [];
      }
      const hooks = await db
        .select()
        .from(webhooks)
        .where(inArray(webhooks.id, [...new Set(claimed.map((row) => row.webhookId))]));
      const byId = new Map(hooks.map((hook) => [hook.id, hook]));
      return claimed.map((row) => {
        const hook = required(byId.get(row.webhookId));
        return { ...row, url: hook.url, secret: hook.secret, isDeleted: hook.deletedAt !== null };
      });
    },
    async recordAttempt(values: typeof webhookAttempts.$inferInsert): Promise<void> {
      await db.insert(webhookAttempts).values(values);
    },
    async markDelivered(id: string, at: Date): Promise<void> {
      await db
        .update(webhookDeliveries)
        .set({ status: 'delivered', deliveredAt: at, leaseUntil: null })
        .where(eq(webhookDeliveries.id, id));
    },
    async markRetry(id: string, nextAttemptAt: Date): Promise<void> {
      await db
        .update(webhookDeliveries)
        .set({ status: 'queued', nextAttemptAt, leaseUntil: null })
        .where(eq(webhookDeliveries.id, id));
    },
    async markAbandoned(id: string): Promise<void> {
      await db
        .update(webhookDeliveries)
        .set({ status: 'abandoned', leaseUntil: null })
        .where(eq(webhookDeliveries.id, id));
    },
    async listDeliveries(tenantId: string, webhookId: string, limit: number): Promise<DeliveryRow[]> {
      return db
        .select()
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.tenantId, tenantId), eq(webhookDeliveries.webhookId, webhookId)))
        .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
        .limit(limit);
    },
    async listAttemptsOf(deliveryIds: string[]) {
      if (deliveryIds.length === 0) {
        return [];
      }
      return db
        .select()
        .from(webhookAttempts)
        .where(inArray(webhookAttempts.deliveryId, deliveryIds))
        .orderBy(asc(webhookAttempts.attempt));
    },
  };
}
