import {
  and,
  asc,
  desc,
  eq,
  getTableColumns,
  gte,
  inArray,
  isNotNull,
  isNull,
  lte,
  ne,
  or,
  sql,
  type SQL,
  type Table,
} from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { besidesTheKey, KEEP_PLAN } from '../../db/kept-plans.js';
import { sqlTemplate } from '../../db/sql-template.js';
import { claims } from '../../db/schema.js';

export type ClaimRow = typeof claims.$inferSelect;
export type NewClaimRow = typeof claims.$inferInsert;

/** The reporter's own draft with its steps saved up to `minimumStep`: what a submit or a send for release changes. */
function ownFinishedDraft(tenantId: string, claimId: string, reporterIdentityId: string, minimumStep: number) {
  return and(
    eq(claims.tenantId, tenantId),
    eq(claims.id, claimId),
    eq(claims.reporterIdentityId, reporterIdentityId),
    eq(claims.status, 'draft'),
    gte(claims.step, minimumStep),
  );
}

/**
 * A table's columns for a statement written as SQL that selects (or returns) them by their own names, and a row of such
 * a statement as the query builder maps it.
 */
export function rowShapeOf<T extends Table>(table: T) {
  const fields = Object.entries(getTableColumns(table));
  return {
    columns: sql.join(
      fields.map(([, column]) => column),
      sql`, `,
    ),
    rowOf: (raw: Record<string, unknown>): T['$inferSelect'] => {
      const row: Record<string, unknown> = {};
      for (const [key, column] of fields) {
        const value = raw[column.name];
        row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
      }
      return row;
    },
  };
}

const { columns: CLAIM_COLUMNS, rowOf: claimRowOf } = rowShapeOf(claims);

/**
 * The claim with one more column read in the same statement (the visibility module's decision of it), built from where
 * the claim is: its contract and customer as columns of this statement; read with `findWith`. Its plan is kept: every
 * step page and step saved reads it, and planning the decision's grants and Sparten rules cost several times more than
 * running them (the column's text comes in a few shapes, its parameters are ids and a time).
 */
export function claimWithStatement(
  tenantId: string,
  claimId: string,
  columnOf: (place: { contractId: SQL; customerId: SQL }) => SQL,
): SQL {
  const column = columnOf({ contractId: sql`${claims.contractId}`, customerId: sql`${claims.customerId}` });
  return sql`${KEEP_PLAN}
        select ${CLAIM_COLUMNS}, ${column} as "extra"
          from ${claims}
         where ${claims.id} = ${claimId} and ${besidesTheKey(sql`${claims.tenantId} = ${tenantId}`)}`;
}

type SaveDraftSlot = 'answers' | 'step' | 'now' | 'tenantId' | 'claimId' | 'reporterIdentityId';

/**
 * Saving a step: rendered once and its plan kept (sql-template.ts, kept-plans.ts), as every step saved runs it; built
 * by the query builder and planned anew each time it cost about as much as the claim's read with its decision.
 */
const saveDraftStatement = sqlTemplate<SaveDraftSlot>(
  (slot) => sql`${KEEP_PLAN}
    update ${claims}
       set answers = ${slot('answers')}, step = greatest(${claims.step}, ${slot('step')}),
           updated_at = ${slot('now')}, draft_reminded_at = null
     where ${claims.id} = ${slot('claimId')}
       and ${besidesTheKey(sql`${claims.tenantId} = ${slot('tenantId')}
                              and ${claims.reporterIdentityId} = ${slot('reporterIdentityId')}
                              and ${claims.status} = 'draft'`)}
    returning ${CLAIM_COLUMNS}`,
);

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

    /** The claim and the column of a `claimWithStatement`, or null when the tenant has no such claim. */
    async findWith(statement: SQL): Promise<{ row: ClaimRow; extra: unknown } | null> {
      const result = await db.execute(statement);
      const [found] = (result as { rows: Record<string, unknown>[] }).rows;
      return found === undefined ? null : { row: claimRowOf(found), extra: found['extra'] };
    },

    /** Saves a draft's answers; only while it is still a draft of this reporter. */
    async saveDraft(
      tenantId: string,
      claimId: string,
      reporterIdentityId: string,
      change: { answers: Record<string, unknown>; step: number; now: Date },
    ): Promise<ClaimRow | null> {
      const result = await db.execute(
        saveDraftStatement({
          answers: claims.answers.mapToDriverValue(change.answers),
          step: change.step,
          now: change.now.toISOString(),
          tenantId,
          claimId,
          reporterIdentityId,
        }),
      );
      const [row] = (result as { rows: Record<string, unknown>[] }).rows;
      return row === undefined ? null : claimRowOf(row);
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
        .where(ownFinishedDraft(tenantId, claimId, reporterIdentityId, minimumStep))
        .returning();
      return row ?? null;
    },

    /**
     * Draft → awaiting_release, as conditional as `submit`: of two sends exactly one changes the row. Records the
     * grant whose release it waits for and clears the comment of an earlier return.
     */
    async requestRelease(
      tenantId: string,
      claimId: string,
      change: { reporterIdentityId: string; grantId: string; minimumStep: number; now: Date },
    ): Promise<ClaimRow | null> {
      const [row] = await db
        .update(claims)
        .set({
          status: 'awaiting_release',
          grantId: change.grantId,
          releaseRequestedAt: change.now,
          returnComment: null,
          draftRemindedAt: null,
          statusChangedAt: change.now,
          updatedAt: change.now,
        })
        .where(ownFinishedDraft(tenantId, claimId, change.reporterIdentityId, change.minimumStep))
        .returning();
      return row ?? null;
    },

    /**
     * Awaiting_release → submitted by somebody other than the reporter, in one conditional statement: of two people
     * releasing at once exactly one changes the row (PostgreSQL re-checks the condition after the first commits).
     */
    async release(tenantId: string, claimId: string, releaserIdentityId: string, now: Date): Promise<ClaimRow | null> {
      const [row] = await db
        .update(claims)
        .set({
          status: 'submitted',
          submittedAt: now,
          releasedByIdentityId: releaserIdentityId,
          statusChangedAt: now,
          updatedAt: now,
        })
        .where(
          and(
            eq(claims.tenantId, tenantId),
            eq(claims.id, claimId),
            eq(claims.status, 'awaiting_release'),
            ne(claims.reporterIdentityId, releaserIdentityId),
          ),
        )
        .returning();
      return row ?? null;
    },

    /** Awaiting_release → draft with the comment, conditional like `release`; the draft's 30 days start again. */
    async returnToDraft(
      tenantId: string,
      claimId: string,
      change: { releaserIdentityId: string; comment: string; now: Date },
    ): Promise<ClaimRow | null> {
      const [row] = await db
        .update(claims)
        .set({
          status: 'draft',
          returnComment: change.comment,
          releaseRequestedAt: null,
          draftRemindedAt: null,
          statusChangedAt: change.now,
          updatedAt: change.now,
        })
        .where(
          and(
            eq(claims.tenantId, tenantId),
            eq(claims.id, claimId),
            eq(claims.status, 'awaiting_release'),
            ne(claims.reporterIdentityId, change.releaserIdentityId),
          ),
        )
        .returning();
      return row ?? null;
    },

    /**
     * Drafts of every tenant untouched since `untouchedSince` and not reminded yet, locked for this transaction;
     * SKIP LOCKED lets several workers share them without reminding twice.
     */
    async lockDraftsToRemind(untouchedSince: Date, limit: number): Promise<ClaimRow[]> {
      return db
        .select()
        .from(claims)
        .where(and(eq(claims.status, 'draft'), lte(claims.updatedAt, untouchedSince), isNull(claims.draftRemindedAt)))
        .orderBy(asc(claims.updatedAt))
        .limit(limit)
        .for('update', { skipLocked: true });
    },

    async markDraftsReminded(claimIds: readonly string[], now: Date): Promise<void> {
      if (claimIds.length === 0) return;
      await db
        .update(claims)
        .set({ draftRemindedAt: now })
        .where(and(inArray(claims.id, [...claimIds]), eq(claims.status, 'draft')));
    },

    /**
     * Deletes drafts reminded before `remindedBefore` and untouched since the reminder, with what hangs on them by
     * foreign key; returns how many.
     */
    async deleteRemindedDrafts(remindedBefore: Date): Promise<number> {
      const rows = await db
        .delete(claims)
        .where(
          and(
            eq(claims.status, 'draft'),
            isNotNull(claims.draftRemindedAt),
            lte(claims.draftRemindedAt, remindedBefore),
            lte(claims.updatedAt, claims.draftRemindedAt),
          ),
        )
        .returning({ id: claims.id });
      return rows.length;
    },

    /** The person's own drafts and the submitted claims of the contracts given, newest first. */
    /**
     * The candidates of a person's claim list: their own claims (drafts and those reported through a "Nur
     * Schadenmeldung" grant), the reported claims of the contracts given and those without a contract of the customers
     * given; the policy decides each.
     */
    async listForPerson(
      tenantId: string,
      identityId: string,
      reach: { contractIds: readonly string[]; customerIds: readonly string[] },
    ): Promise<ClaimRow[]> {
      const own = eq(claims.reporterIdentityId, identityId);
      const ofContracts =
        reach.contractIds.length === 0
          ? undefined
          : and(inArray(claims.contractId, [...reach.contractIds]), ne(claims.status, 'draft'));
      const ofCustomers =
        reach.customerIds.length === 0
          ? undefined
          : and(
              isNull(claims.contractId),
              inArray(claims.customerId, [...reach.customerIds]),
              ne(claims.status, 'draft'),
            );
      return db
        .select()
        .from(claims)
        .where(and(eq(claims.tenantId, tenantId), or(own, ofContracts, ofCustomers)))
        .orderBy(desc(claims.updatedAt), desc(claims.id))
        .limit(LIST_LIMIT);
    },
  };
}
