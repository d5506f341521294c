import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { dataExports } from '../../db/schema.js';

export type DataExportRow = typeof dataExports.$inferSelect;

export function createDataExportQueries(db: Database) {
  return {
    /**
     * A new pending export, unless the person has an open one at this broker already: the partial unique index
     * decides, so two requests at once (a double click, two tabs) make one export. Null when one was open.
     */
    async insertPending(tenantId: string, identityId: string, at: Date): Promise<DataExportRow | null> {
      const [row] = await db
        .insert(dataExports)
        .values({ tenantId, identityId, status: 'pending', createdAt: at })
        .onConflictDoNothing()
        .returning();
      return row ?? null;
    },

    /** The person's open export at this broker if there is one, else the newest, whatever its state. */
    async findLatest(tenantId: string, identityId: string): Promise<DataExportRow | null> {
      const [row] = await db
        .select()
        .from(dataExports)
        .where(and(eq(dataExports.tenantId, tenantId), eq(dataExports.identityId, identityId)))
        .orderBy(desc(sql`${dataExports.status} in ('pending', 'ready')`), desc(dataExports.createdAt))
        .limit(1);
      return row ?? null;
    },

    /** Ready exports whose link has run out are expired (their file goes with the next sweep). */
    async expireLinks(now: Date, filter: { tenantId: string; identityId: string } | null = null): Promise<number> {
      const rows = await db
        .update(dataExports)
        .set({ status: 'expired' })
        .where(
          and(
            eq(dataExports.status, 'ready'),
            lte(dataExports.expiresAt, now),
            ...(filter === null
              ? []
              : [eq(dataExports.tenantId, filter.tenantId), eq(dataExports.identityId, filter.identityId)]),
          ),
        )
        .returning({ id: dataExports.id });
      return rows.length;
    },

    /**
     * The oldest pending export no worker holds, leased to this one until `leaseUntil`; rows another process is
     * locking are skipped. Counts the attempt.
     */
    async claimPending(now: Date, leaseUntil: Date): Promise<DataExportRow | null> {
      const [candidate] = await db
        .select({ id: dataExports.id, attempts: dataExports.attempts })
        .from(dataExports)
        .where(
          and(eq(dataExports.status, 'pending'), or(isNull(dataExports.leaseUntil), lt(dataExports.leaseUntil, now))),
        )
        .orderBy(asc(dataExports.createdAt))
        .limit(1)
        .for('update', { skipLocked: true });
      if (candidate === undefined) return null;
      const [row] = await db
        .update(dataExports)
        .set({ leaseUntil, attempts: candidate.attempts + 1 })
        .where(eq(dataExports.id, candidate.id))
        .returning();
      return row ?? null;
    },

    /** The prepared export is ready, if this worker still holds it pending; false when it does not. */
    async markReady(
      id: string,
      values: { fileKey: string; fileSize: number; tokenHash: string; readyAt: Date; expiresAt: Date },
    ): Promise<boolean> {
      const rows = await db
        .update(dataExports)
        .set({ ...values, status: 'ready', leaseUntil: null })
        .where(and(eq(dataExports.id, id), eq(dataExports.status, 'pending')))
        .returning({ id: dataExports.id });
      return rows.length > 0;
    },

    /** Gives the export back to the queue (lease ended now), or fails it for good. */
    async releaseOrFail(id: string, isFailed: boolean): Promise<void> {
      await db
        .update(dataExports)
        .set(isFailed ? { status: 'failed', leaseUntil: null } : { leaseUntil: null })
        .where(and(eq(dataExports.id, id), eq(dataExports.status, 'pending')));
    },

    /**
     * The link's single use, atomically: only a ready, unexpired export of this person at this broker, and only once;
     * a second use, another person's session, another broker or an expired link change nothing and answer null.
     */
    async consumeLink(
      tokenHash: string,
      tenantId: string,
      identityId: string,
      now: Date,
    ): Promise<DataExportRow | null> {
      const [row] = await db
        .update(dataExports)
        .set({ status: 'downloaded', downloadedAt: now })
        .where(
          and(
            eq(dataExports.tokenHash, tokenHash),
            eq(dataExports.tenantId, tenantId),
            eq(dataExports.identityId, identityId),
            eq(dataExports.status, 'ready'),
            gt(dataExports.expiresAt, now),
            isNotNull(dataExports.fileKey),
          ),
        )
        .returning();
      return row ?? null;
    },

    /** The ready, unexpired export this link names for this person at this broker, without using it. */
    async findUsableLink(tokenHash: string, tenantId: string, identityId: string, now: Date) {
      const [row] = await db
        .select()
        .from(dataExports)
        .where(
          and(
            eq(dataExports.tokenHash, tokenHash),
            eq(dataExports.tenantId, tenantId),
            eq(dataExports.identityId, identityId),
            eq(dataExports.status, 'ready'),
            gt(dataExports.expiresAt, now),
          ),
        );
      return row ?? null;
    },

    /**
     * Exports whose file is to go: expired ones, and downloaded ones once `downloadedBefore` (a download still
     * streaming keeps its file). Locked for this transaction; rows another process holds are skipped.
     */
    async lockSpentFiles(
      downloadedBefore: Date,
      limit: number,
    ): Promise<{ id: string; tenantId: string; fileKey: string }[]> {
      const rows = await db
        .select({ id: dataExports.id, tenantId: dataExports.tenantId, fileKey: dataExports.fileKey })
        .from(dataExports)
        .where(
          and(
            isNotNull(dataExports.fileKey),
            or(
              eq(dataExports.status, 'expired'),
              and(eq(dataExports.status, 'downloaded'), lte(dataExports.downloadedAt, downloadedBefore)),
            ),
          ),
        )
        .limit(limit)
        .for('update', { skipLocked: true });
      return rows.flatMap((row) => (row.fileKey === null ? [] : [{ ...row, fileKey: row.fileKey }]));
    },

    async forgetFiles(ids: string[]): Promise<void> {
      if (ids.length > 0) {
        await db.update(dataExports).set({ fileKey: null }).where(inArray(dataExports.id, ids));
      }
    },

    /** Of these keys of a tenant, those an export still names. */
    async referencedKeys(tenantId: string, keys: string[]): Promise<string[]> {
      if (keys.length === 0) return [];
      const rows = await db
        .selectDistinct({ fileKey: dataExports.fileKey })
        .from(dataExports)
        .where(and(eq(dataExports.tenantId, tenantId), inArray(dataExports.fileKey, keys)));
      return rows.flatMap((row) => (row.fileKey === null ? [] : [row.fileKey]));
    },
  };
}
