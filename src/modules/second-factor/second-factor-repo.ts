import { and, count, eq, gte, isNotNull, isNull, lt } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { recoveryCodes, secondFactors } from '../../db/schema.js';

export function createSecondFactorQueries(db: Database) {
  return {
    async find(identityId: string) {
      const [row] = await db.select().from(secondFactors).where(eq(secondFactors.identityId, identityId));
      return row ?? null;
    },
    /** Starts (or restarts) a set-up; a confirmed factor is never overwritten this way. */
    async upsertPending(identityId: string, secretCiphertext: string, at: Date): Promise<boolean> {
      const rows = await db
        .insert(secondFactors)
        .values({ identityId, secretCiphertext, createdAt: at })
        .onConflictDoUpdate({
          target: secondFactors.identityId,
          set: { secretCiphertext, createdAt: at },
          setWhere: isNull(secondFactors.confirmedAt),
        })
        .returning({ identityId: secondFactors.identityId });
      return rows.length === 1;
    },
    async listSealedSecrets(): Promise<{ identityId: string; secretCiphertext: string }[]> {
      return db
        .select({ identityId: secondFactors.identityId, secretCiphertext: secondFactors.secretCiphertext })
        .from(secondFactors);
    },
    /** Guarded by the old text, so a set-up restarted meanwhile is not overwritten with an older secret. */
    async replaceSealedSecret(
      identityId: string,
      previousCiphertext: string,
      secretCiphertext: string,
    ): Promise<boolean> {
      const rows = await db
        .update(secondFactors)
        .set({ secretCiphertext })
        .where(and(eq(secondFactors.identityId, identityId), eq(secondFactors.secretCiphertext, previousCiphertext)))
        .returning({ identityId: secondFactors.identityId });
      return rows.length === 1;
    },
    async confirm(identityId: string, step: number, at: Date): Promise<boolean> {
      const rows = await db
        .update(secondFactors)
        .set({ confirmedAt: at, lastUsedStep: step })
        .where(and(eq(secondFactors.identityId, identityId), isNull(secondFactors.confirmedAt)))
        .returning({ identityId: secondFactors.identityId });
      return rows.length === 1;
    },
    /**
     * Accepts a time step only if it is later than every step accepted before: one guarded UPDATE, so a code works
     * once.
     */
    async useStep(identityId: string, step: number): Promise<boolean> {
      const rows = await db
        .update(secondFactors)
        .set({ lastUsedStep: step })
        .where(
          and(
            eq(secondFactors.identityId, identityId),
            isNotNull(secondFactors.confirmedAt),
            lt(secondFactors.lastUsedStep, step),
          ),
        )
        .returning({ identityId: secondFactors.identityId });
      return rows.length === 1;
    },
    async remove(identityId: string): Promise<boolean> {
      await db.delete(recoveryCodes).where(eq(recoveryCodes.identityId, identityId));
      const rows = await db
        .delete(secondFactors)
        .where(eq(secondFactors.identityId, identityId))
        .returning({ identityId: secondFactors.identityId });
      return rows.length === 1;
    },
    async replaceRecoveryCodes(identityId: string, codeHashes: string[], at: Date): Promise<void> {
      await db.delete(recoveryCodes).where(eq(recoveryCodes.identityId, identityId));
      await db.insert(recoveryCodes).values(codeHashes.map((codeHash) => ({ identityId, codeHash, createdAt: at })));
    },
    /** Uses up one recovery code of this person: of concurrent attempts with one code, exactly one succeeds. */
    async useRecoveryCode(identityId: string, codeHash: string, at: Date): Promise<boolean> {
      const rows = await db
        .update(recoveryCodes)
        .set({ usedAt: at })
        .where(
          and(
            eq(recoveryCodes.identityId, identityId),
            eq(recoveryCodes.codeHash, codeHash),
            isNull(recoveryCodes.usedAt),
          ),
        )
        .returning({ id: recoveryCodes.id });
      return rows.length === 1;
    },
    /** Hashes of this person's unused recovery codes issued at or after a moment. */
    async listUnusedCodeHashesSince(identityId: string, since: Date): Promise<string[]> {
      const rows = await db
        .select({ codeHash: recoveryCodes.codeHash })
        .from(recoveryCodes)
        .where(
          and(
            eq(recoveryCodes.identityId, identityId),
            isNull(recoveryCodes.usedAt),
            gte(recoveryCodes.createdAt, since),
          ),
        );
      return rows.map((row) => row.codeHash);
    },
    async countUnusedRecoveryCodes(identityId: string): Promise<number> {
      const [row] = await db
        .select({ value: count() })
        .from(recoveryCodes)
        .where(and(eq(recoveryCodes.identityId, identityId), isNull(recoveryCodes.usedAt)));
      return row?.value ?? 0;
    },
  };
}
