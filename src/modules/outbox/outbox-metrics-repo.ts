import { sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { outbox } from '../../db/schema.js';

export const OUTBOX_STATUSES = ['queued', 'sending', 'sent', 'failed', 'abandoned'] as const;
export type OutboxMessageStatus = (typeof OUTBOX_STATUSES)[number];

export interface OutboxSnapshot {
  messagesByStatus: Record<OutboxMessageStatus, number>;
  /** Age of the oldest mail not yet delivered (queued or being sent); 0 when there is none. */
  oldestUndeliveredAgeSeconds: number;
}

function isOutboxMessageStatus(value: string): value is OutboxMessageStatus {
  return (OUTBOX_STATUSES as readonly string[]).includes(value);
}

/** The outbox as a scrape sees it: one grouped query, so a scrape costs one round trip. */
export function createOutboxMetricsQueries(db: Database) {
  return {
    async readSnapshot(now: Date): Promise<OutboxSnapshot> {
      // Epoch seconds as float8 rather than a timestamp: both drivers return it as a plain number.
      const rows = await db
        .select({
          status: outbox.status,
          count: sql<number>`count(*)::int`,
          oldestEpochSeconds: sql<number | null>`extract(epoch from min(${outbox.createdAt}))::float8`,
        })
        .from(outbox)
        .groupBy(outbox.status);
      const messagesByStatus: Record<OutboxMessageStatus, number> = {
        queued: 0,
        sending: 0,
        sent: 0,
        failed: 0,
        abandoned: 0,
      };
      let oldestUndelivered: number | null = null;
      for (const row of rows) {
        if (!isOutboxMessageStatus(row.status)) {
          continue;
        }
        messagesByStatus[row.status] = row.count;
        if ((row.status === 'queued' || row.status === 'sending') && row.oldestEpochSeconds !== null) {
          oldestUndelivered = Math.min(oldestUndelivered ?? Infinity, row.oldestEpochSeconds);
        }
      }
      const oldestUndeliveredAgeSeconds =
        oldestUndelivered === null ? 0 : Math.max(0, now.getTime() / 1000 - oldestUndelivered);
      return { messagesByStatus, oldestUndeliveredAgeSeconds };
    },
  };
}
