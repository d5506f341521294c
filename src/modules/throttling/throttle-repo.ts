import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { loginThrottles } from '../../db/schema.js';

export function createThrottleQueries(db: Database) {
  return {
    /** Counts one failure atomically; a count older than `forgetBefore` starts again at one. */
    async addFailure(key: string, now: Date, forgetBefore: Date): Promise<number> {
      const [row] = await db
        .insert(loginThrottles)
        .values({ key, failures: 1, lastFailureAt: now })
        .onConflictDoUpdate({
          target: loginThrottles.key,
          set: {
            failures: sql`case when ${loginThrottles.lastFailureAt} < ${forgetBefore.toISOString()} then 1 else ${loginThrottles.failures} + 1 end`,
            lastFailureAt: now,
          },
        })
        .returning({ failures: loginThrottles.failures });
      return row!.failures;
    },
    async lockUntil(key: string, until: Date): Promise<void> {
      await db.update(loginThrottles).set({ lockedUntil: until }).where(eq(loginThrottles.key, key));
    },
    async latestLock(keys: string[], now: Date): Promise<Date | null> {
      const rows = await db
        .select({ lockedUntil: loginThrottles.lockedUntil })
        .from(loginThrottles)
        .where(and(inArray(loginThrottles.key, keys), gt(loginThrottles.lockedUntil, now)));
      const times = rows.map((row) => row.lockedUntil!.getTime());
      return times.length === 0 ? null : new Date(Math.max(...times));
    },
    /** Of these keys, the ones locked now. */
    async lockedKeys(keys: string[], now: Date): Promise<string[]> {
      if (keys.length === 0) {
        return [];
      }
      const rows = await db.select({ key: loginThrottles.key }).from(loginThrottles).where(and(inArray(loginThrottles.key, keys), gt(loginThrottles.lockedUntil, now)));
      return rows.map((row) => row.key);
    },
    async clear(key: string): Promise<void> {
      await db.delete(loginThrottles).where(eq(loginThrottles.key, key));
    },
  };
}
