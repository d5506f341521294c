import { and, asc, eq, gte, inArray, lte, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { devMails, outbox } from '../../db/schema.js';
import { insertByColumns } from '../../db/bulk-insert.js';

export type OutboxRow = typeof outbox.$inferSelect;
export type DevMailRow = typeof devMails.$inferSelect;

/** A mail for the outbox, ready to send at `nextAttemptAt`. */
export interface NewOutboxMail {
  tenantId: string | null;
  kind: string;
  fromName: string;
  replyTo: string | null;
  toAddress: string;
  subject: string;
  textBody: string;
  htmlBody: string;
  messageId: string;
  createdAt: Date;
  nextAttemptAt: Date;
}

export function createOutboxQueries(db: Database) {
  return {
    async insert(values: NewOutboxMail): Promise<void> {
      await db.insert(outbox).values(values);
    },
    async insertMany(values: NewOutboxMail[]): Promise<void> {
      await insertByColumns(
        db,
        'outbox',
        [
          { name: 'tenant_id', type: 'uuid', value: (row) => row.tenantId },
          { name: 'kind', type: 'text', value: (row) => row.kind },
          { name: 'from_name', type: 'text', value: (row) => row.fromName },
          { name: 'reply_to', type: 'text', value: (row) => row.replyTo },
          { name: 'to_address', type: 'text', value: (row) => row.toAddress },
          { name: 'subject', type: 'text', value: (row) => row.subject },
          { name: 'text_body', type: 'text', value: (row) => row.textBody },
          { name: 'html_body', type: 'text', value: (row) => row.htmlBody },
          { name: 'message_id', type: 'text', value: (row) => row.messageId },
          { name: 'created_at', type: 'timestamptz', value: (row) => row.createdAt },
          { name: 'next_attempt_at', type: 'timestamptz', value: (row) => row.nextAttemptAt },
        ],
        values,
      );
    },
    /**
     * Claims due mails for one worker: SKIP LOCKED keeps two processes off the same rows, the lease
     * lets another process take over the mails of one that died while sending.
     */
    async claimDue(now: Date, leaseUntil: Date, limit: number): Promise<OutboxRow[]> {
      const due = db
        .select({ id: outbox.id })
        .from(outbox)
        .where(
          or(
            and(eq(outbox.status, 'queued'), lte(outbox.nextAttemptAt, now)),
            and(eq(outbox.status, 'sending'), lte(outbox.leaseUntil, now)),
          ),
        )
        .orderBy(asc(outbox.nextAttemptAt))
        .limit(limit)
        .for('update', { skipLocked: true });
      return db
        .update(outbox)
        .set({ status: 'sending', leaseUntil, attempts: sql`${outbox.attempts} + 1` })
        .where(inArray(outbox.id, due))
        .returning();
    },
    async markSent(id: string, at: Date): Promise<void> {
      await db
        .update(outbox)
        .set({ status: 'sent', sentAt: at, leaseUntil: null, lastError: null, textBody: null, htmlBody: null })
        .where(eq(outbox.id, id));
    },
    async markRetry(id: string, nextAttemptAt: Date, error: string): Promise<void> {
      await db
        .update(outbox)
        .set({ status: 'queued', nextAttemptAt, leaseUntil: null, lastError: error })
        .where(eq(outbox.id, id));
    },
    async markFinal(id: string, status: 'failed' | 'abandoned', error: string): Promise<void> {
      await db.update(outbox).set({ status, leaseUntil: null, lastError: error }).where(eq(outbox.id, id));
    },
    /** Back to the queue without counting the attempt, e.g. when the recipient's hourly cap is reached. */
    async postpone(id: string, nextAttemptAt: Date, reason: string): Promise<void> {
      await db
        .update(outbox)
        .set({
          status: 'queued',
          nextAttemptAt,
          leaseUntil: null,
          lastError: reason,
          attempts: sql`${outbox.attempts} - 1`,
        })
        .where(eq(outbox.id, id));
    },
    /**
     * Hands a claimed mail back without counting the attempt, e.g. when this process shuts down
     * before it could send it: due at once, so another process takes it without waiting out the lease.
     */
    async release(id: string): Promise<void> {
      await db
        .update(outbox)
        .set({ status: 'queued', leaseUntil: null, attempts: sql`greatest(${outbox.attempts} - 1, 0)` })
        .where(and(eq(outbox.id, id), eq(outbox.status, 'sending')));
    },
    /**
     * Only for the embedded database, whose single process holds the data folder's lock: nobody else can be sending.
     */
    async releaseAllClaims(): Promise<number> {
      const rows = await db
        .update(outbox)
        .set({ status: 'queued', leaseUntil: null })
        .where(eq(outbox.status, 'sending'))
        .returning({ id: outbox.id });
      return rows.length;
    },
    /** The newest mail of a kind per address in a tenant, with its state; for the staff's list of people. */
    async latestByAddress(
      tenantId: string,
      kinds: string[],
      addresses: string[],
    ): Promise<Pick<OutboxRow, 'toAddress' | 'status' | 'lastError' | 'sentAt' | 'createdAt'>[]> {
      if (addresses.length === 0) {
        return [];
      }
      return db
        .selectDistinctOn([outbox.toAddress], {
          toAddress: outbox.toAddress,
          status: outbox.status,
          lastError: outbox.lastError,
          sentAt: outbox.sentAt,
          createdAt: outbox.createdAt,
        })
        .from(outbox)
        .where(and(eq(outbox.tenantId, tenantId), inArray(outbox.kind, kinds), inArray(outbox.toAddress, addresses)))
        .orderBy(outbox.toAddress, sql`${outbox.createdAt} desc`);
    },
    /** Mails sent to each of these addresses since then, in one statement for a whole batch. */
    async countSentToEach(toAddresses: string[], since: Date): Promise<Map<string, number>> {
      const rows = await db
        .select({ toAddress: outbox.toAddress, value: sql<number>`count(*)::int` })
        .from(outbox)
        .where(and(inArray(outbox.toAddress, toAddresses), eq(outbox.status, 'sent'), gte(outbox.sentAt, since)))
        .groupBy(outbox.toAddress);
      return new Map(rows.map((row) => [row.toAddress, row.value]));
    },
    /** Puts a failed or abandoned mail back in the queue; false if there is no such mail in that state. */
    async requeue(id: string, now: Date): Promise<boolean> {
      const rows = await db
        .update(outbox)
        .set({ status: 'queued', nextAttemptAt: now, attempts: 0, leaseUntil: null })
        .where(and(eq(outbox.id, id), inArray(outbox.status, ['failed', 'abandoned'])))
        .returning({ id: outbox.id });
      return rows.length === 1;
    },
    async oldestQueuedAt(): Promise<Date | null> {
      const [row] = await db
        .select({ createdAt: outbox.createdAt })
        .from(outbox)
        .where(inArray(outbox.status, ['queued', 'sending']))
        .orderBy(asc(outbox.createdAt))
        .limit(1);
      return row?.createdAt ?? null;
    },
    async listUndeliverable(
      limit: number,
    ): Promise<Pick<OutboxRow, 'id' | 'kind' | 'toAddress' | 'status' | 'attempts' | 'lastError' | 'createdAt'>[]> {
      return db
        .select({
          id: outbox.id,
          kind: outbox.kind,
          toAddress: outbox.toAddress,
          status: outbox.status,
          attempts: outbox.attempts,
          lastError: outbox.lastError,
          createdAt: outbox.createdAt,
        })
        .from(outbox)
        .where(inArray(outbox.status, ['failed', 'abandoned']))
        .orderBy(sql`${outbox.createdAt} desc`)
        .limit(limit);
    },
    async insertDevMail(values: Omit<typeof devMails.$inferInsert, 'id'>): Promise<void> {
      await db.insert(devMails).values(values).onConflictDoNothing();
    },
    async listDevMails(limit: number): Promise<DevMailRow[]> {
      return db
        .select()
        .from(devMails)
        .orderBy(sql`${devMails.createdAt} desc`)
        .limit(limit);
    },
    async findDevMail(id: string): Promise<DevMailRow | null> {
      const [row] = await db.select().from(devMails).where(eq(devMails.id, id));
      return row ?? null;
    },
    async countByStatus(): Promise<Record<string, number>> {
      const rows = await db
        .select({ status: outbox.status, value: sql<number>`count(*)::int` })
        .from(outbox)
        .groupBy(outbox.status);
      return Object.fromEntries(rows.map((row) => [row.status, row.value]));
    },
  };
}
