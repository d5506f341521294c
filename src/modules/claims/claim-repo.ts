import { and, desc, eq, gte, inArray, ne, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { claims } from '../../db/schema.js';
import type { ClaimStatus } from './claim.js';

export type ClaimRow = typeof claims.$inferSelect;
export type NewClaimRow = typeof claims.$inferInsert;

/** At most this many claims on one list page; the first slice has no paging. */
const LIST_LIMIT = 200;

export function createClaimQueries(db: Database) {
  return {
    async insert(row: NewClaimRow): Promise<ClaimRow> {
      const [inserted] = await db.insert(claims).values(row).returning();
      if (inserted === undefined) throw new Error('claim insert returned nothing');
      return inserted;
    },

    async find(tenantId: string, claimId: string): Promise<ClaimRow | null> {
      const [row] = await db
        .select()
        .from(claims)
        .where(and(eq(claims.tenantId, tenantId), eq(claims.id, claimId)));
      return row ?? null;
    },

    /** Saves a draft's answers; only while it is still a draft of this reporter. */
    async saveDraft(
      tenantId: string,
      claimId: string,
      reporterIdentityId: string,
      change: { answers: Record<string, unknown>; step: number; now: Date },
    ): Promise<ClaimRow | null> {
      const [row] = await db
        .update(claims)
        .set({
          answers: change.answers,
          step: sql`greatest(${claims.step}, ${change.step})`,
          updatedAt: change.now,
        })
        .where(
          and(
            eq(claims.tenantId, tenantId),
            eq(claims.id, claimId),
            eq(claims.reporterIdentityId, reporterIdentityId),
            eq(claims.status, 'draft'),
          ),
        )
        .returning();
      return row ?? null;
    },

    /**
     * Draft → submitted, in one conditional statement: of two submits of the same draft (a double click, two devices)
     * exactly one changes the row; the other finds no draft and gets null.
     */
    async submit(
      tenantId: string,
      claimId: string,
      reporterIdentityId: string,
      minimumStep: number,
      now: Date,
    ): Promise<ClaimRow | null> {
      const [row] = await db
        .update(claims)
        .set({ status: 'submitted', submittedAt: now, statusChangedAt: now, updatedAt: now })
        .where(
          and(
            eq(claims.tenantId, tenantId),
            eq(claims.id, claimId),
            eq(claims.reporterIdentityId, reporterIdentityId),
            eq(claims.status, 'draft'),
            gte(claims.step, minimumStep),
          ),
        )
        .returning();
      return row ?? null;
    },

    /** The person's own drafts and the submitted claims of the contracts given, newest first. */
    async listForPerson(tenantId: string, identityId: string, contractIds: readonly string[]): Promise<ClaimRow[]> {
      const own = and(eq(claims.reporterIdentityId, identityId), eq(claims.status, 'draft'));
      const ofContracts =
        contractIds.length === 0
          ? undefined
          : and(inArray(claims.contractId, [...contractIds]), ne(claims.status, 'draft'));
      return db
        .select()
        .from(claims)
        .where(and(eq(claims.tenantId, tenantId), ofContracts === undefined ? own : or(own, ofContracts)))
        .orderBy(desc(claims.updatedAt), desc(claims.id))
        .limit(LIST_LIMIT);
    },

    /** The tenant's reported claims (never drafts) for the workspace, newest report first. */
    async listForTenant(tenantId: string, status: ClaimStatus | null): Promise<ClaimRow[]> {
      return db
        .select()
        .from(claims)
        .where(
          and(eq(claims.tenantId, tenantId), status === null ? ne(claims.status, 'draft') : eq(claims.status, status)),
        )
        .orderBy(desc(claims.submittedAt), desc(claims.id))
        .limit(LIST_LIMIT);
    },

    /** Sets a status only if the claim still has the one the change was decided from. */
    async changeStatus(
      tenantId: string,
      claimId: string,
      change: { from: ClaimStatus; to: ClaimStatus; now: Date },
    ): Promise<ClaimRow | null> {
      const [row] = await db
        .update(claims)
        .set({ status: change.to, statusChangedAt: change.now, updatedAt: change.now })
        .where(and(eq(claims.tenantId, tenantId), eq(claims.id, claimId), eq(claims.status, change.from)))
        .returning();
      return row ?? null;
    },
  };
}
