import { and, asc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { apiIdempotencyKeys, apiKeys, apiRateCounters } from '../../db/schema.js';
import { required } from '../../shared/required.js';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export function createApiKeyQueries(db: Database) {
  return {
    async insert(values: {
      tenantId: string;
      name: string;
      keyPrefix: string;
      keyHash: string;
      createdAt: Date;
    }): Promise<ApiKeyRow> {
      const [row] = await db.insert(apiKeys).values(values).returning();
      return required(row);
    },
    async findActiveByHash(keyHash: string): Promise<ApiKeyRow | null> {
      const [row] = await db
        .select()
        .from(apiKeys)
        .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)));
      return row ?? null;
    },
    async listForTenant(tenantId: string): Promise<ApiKeyRow[]> {
      return db.select().from(apiKeys).where(eq(apiKeys.tenantId, tenantId)).orderBy(asc(apiKeys.createdAt));
    },
    async revoke(tenantId: string, id: string, at: Date): Promise<boolean> {
      const rows = await db
        .update(apiKeys)
        .set({ revokedAt: at })
        .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
        .returning({ id: apiKeys.id });
      return rows.length === 1;
    },
    async touch(id: string, at: Date): Promise<void> {
      await db.update(apiKeys).set({ lastUsedAt: at }).where(eq(apiKeys.id, id));
    },
    /** One statement, so every process counts into the same row; returns the count including this request. */
    async countRequest(apiKeyId: string, windowStart: Date): Promise<number> {
      const [row] = await db
        .insert(apiRateCounters)
        .values({ apiKeyId, windowStart, requests: 1 })
        .onConflictDoUpdate({
          target: [apiRateCounters.apiKeyId, apiRateCounters.windowStart],
          set: { requests: sql`${apiRateCounters.requests} + 1` },
        })
        .returning({ requests: apiRateCounters.requests });
      return required(row).requests;
    },
    async deleteOldCounters(before: Date): Promise<void> {
      await db.delete(apiRateCounters).where(lt(apiRateCounters.windowStart, before));
    },
    /** Insert-first: exactly one of several concurrent requests with one key gets true. */
    async claimIdempotencyKey(values: {
      apiKeyId: string;
      key: string;
      requestHash: string;
      createdAt: Date;
      expiresAt: Date;
    }): Promise<boolean> {
      const rows = await db
        .insert(apiIdempotencyKeys)
        .values(values)
        .onConflictDoNothing()
        .returning({ key: apiIdempotencyKeys.key });
      return rows.length === 1;
    },
    async findIdempotencyKey(apiKeyId: string, key: string) {
      const [row] = await db
        .select()
        .from(apiIdempotencyKeys)
        .where(and(eq(apiIdempotencyKeys.apiKeyId, apiKeyId), eq(apiIdempotencyKeys.key, key)));
      return row ?? null;
    },
    async completeIdempotencyKey(
      apiKeyId: string,
      key: string,
      responseStatus: number,
      responseBody: string,
    ): Promise<void> {
      await db
        .update(apiIdempotencyKeys)
        .set({ responseStatus, responseBody })
        .where(and(eq(apiIdempotencyKeys.apiKeyId, apiKeyId), eq(apiIdempotencyKeys.key, key)));
    },
    async releaseIdempotencyKey(apiKeyId: string, key: string): Promise<void> {
      await db
        .delete(apiIdempotencyKeys)
        .where(
          and(
            eq(apiIdempotencyKeys.apiKeyId, apiKeyId),
            eq(apiIdempotencyKeys.key, key),
            isNull(apiIdempotencyKeys.responseStatus),
          ),
        );
    },
    async deleteExpiredIdempotencyKeys(now: Date): Promise<void> {
      await db.delete(apiIdempotencyKeys).where(lt(apiIdempotencyKeys.expiresAt, now));
    },
  };
}
