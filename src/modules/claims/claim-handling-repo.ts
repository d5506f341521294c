import { and, asc, eq, ne } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { claimHistory, claims } from '../../db/schema.js';
import type { ClaimHistorySource, ClaimStatus } from './claim.js';
import type { ClaimRow, NewClaimRow } from './claim-repo.js';

export type ClaimHistoryRow = typeof claimHistory.$inferSelect;

/**
 * The workspace's and the CRM's handling of reported claims on the claims' own tables; the lists and a claim with its
 * customer and contract are read by the claim workspace's read model (read-models/claim-workspace.ts).
 */
export function createClaimHandlingQueries(db: Database) {
  return {
    async findByExternalId(tenantId: string, externalId: string): Promise<ClaimRow | null> {
      const [row] = await db
        .select()
        .from(claims)
        .where(and(eq(claims.tenantId, tenantId), eq(claims.externalId, externalId)));
      return row ?? null;
    },

    /** Inserts a pushed claim unless the tenant has one of this external id already (then null). */
    async insertPushed(row: NewClaimRow): Promise<ClaimRow | null> {
      const [inserted] = await db
        .insert(claims)
        .values(row)
        .onConflictDoNothing({ target: [claims.tenantId, claims.externalId] })
        .returning();
      return inserted ?? null;
    },

    /**
     * Changes a reported claim, only if it still has the status the change was decided from: of two changes decided
     * from the same status, the second finds none and gets null.
     */
    async updateReported(
      tenantId: string,
      claimId: string,
      from: ClaimStatus,
      change: Partial<Pick<ClaimRow, 'status' | 'statusChangedAt' | 'insurerClaimNumber' | 'brokerClaimNumber'>> &
        Partial<Pick<NewClaimRow, 'answers' | 'contractId' | 'customerId' | 'route'>> & { updatedAt: Date },
    ): Promise<ClaimRow | null> {
      const [row] = await db
        .update(claims)
        .set(change)
        .where(and(eq(claims.tenantId, tenantId), eq(claims.id, claimId), eq(claims.status, from)))
        .returning();
      return row ?? null;
    },

    async assign(tenantId: string, claimId: string, identityId: string | null, now: Date): Promise<ClaimRow | null> {
      const [row] = await db
        .update(claims)
        .set({ assignedIdentityId: identityId, updatedAt: now })
        .where(and(eq(claims.tenantId, tenantId), eq(claims.id, claimId), ne(claims.status, 'draft')))
        .returning();
      return row ?? null;
    },

    async insertHistory(entry: {
      tenantId: string;
      claimId: string;
      status: ClaimStatus;
      previousStatus: ClaimStatus | null;
      note: string | null;
      source: ClaimHistorySource;
      actorIdentityId: string | null;
      createdAt: Date;
    }): Promise<void> {
      await db.insert(claimHistory).values(entry);
    },

    async historyOf(tenantId: string, claimId: string): Promise<ClaimHistoryRow[]> {
      return db
        .select()
        .from(claimHistory)
        .where(and(eq(claimHistory.tenantId, tenantId), eq(claimHistory.claimId, claimId)))
        .orderBy(asc(claimHistory.createdAt), asc(claimHistory.position));
    },
  };
}
