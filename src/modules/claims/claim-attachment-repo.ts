import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { KEEP_PLAN } from '../../db/kept-plans.js';
import { sqlTemplate } from '../../db/sql-template.js';
import { claimAttachments, claims } from '../../db/schema.js';
import { rowShapeOf } from './claim-repo.js';

export type ClaimAttachmentRow = typeof claimAttachments.$inferSelect;
export type NewClaimAttachmentRow = typeof claimAttachments.$inferInsert;

const ATTACHMENT = rowShapeOf(claimAttachments);

/** A claim's attachments: rendered once and its plan kept, as the last step's page and the claim's page read them. */
const listForClaimStatement = sqlTemplate<'tenantId' | 'claimId'>(
  (slot) => sql`${KEEP_PLAN}
    select ${ATTACHMENT.columns} from ${claimAttachments}
     where ${claimAttachments.tenantId} = ${slot('tenantId')} and ${claimAttachments.claimId} = ${slot('claimId')}
     order by ${claimAttachments.position}, ${claimAttachments.id}`,
);

export function createClaimAttachmentQueries(db: Database) {
  return {
    async insert(rows: NewClaimAttachmentRow[]): Promise<ClaimAttachmentRow[]> {
      return rows.length === 0 ? [] : db.insert(claimAttachments).values(rows).returning();
    },

    /** A claim's attachments in the order they were added. */
    async listForClaim(tenantId: string, claimId: string): Promise<ClaimAttachmentRow[]> {
      const result = await db.execute(listForClaimStatement({ tenantId, claimId }));
      return (result as { rows: Record<string, unknown>[] }).rows.map(ATTACHMENT.rowOf);
    },

    /** The attachments of these claims, claim by claim in the order they were added. */
    async listForClaims(tenantId: string, claimIds: readonly string[]): Promise<ClaimAttachmentRow[]> {
      if (claimIds.length === 0) return [];
      return db
        .select()
        .from(claimAttachments)
        .where(and(eq(claimAttachments.tenantId, tenantId), inArray(claimAttachments.claimId, [...claimIds])))
        .orderBy(asc(claimAttachments.claimId), asc(claimAttachments.position), asc(claimAttachments.id));
    },

    async find(tenantId: string, attachmentId: string): Promise<ClaimAttachmentRow | null> {
      const [row] = await db
        .select()
        .from(claimAttachments)
        .where(and(eq(claimAttachments.tenantId, tenantId), eq(claimAttachments.id, attachmentId)));
      return row ?? null;
    },

    /** How many files and bytes a claim has attached, and the position after the last. */
    async totalsOf(tenantId: string, claimId: string): Promise<{ count: number; bytes: number; nextPosition: number }> {
      const [row] = await db
        .select({
          count: sql<number>`count(*)::int`,
          nextPosition: sql<number>`coalesce(max(${claimAttachments.position}) + 1, 0)::int`,
          bytes: sql<string>`coalesce(sum(${claimAttachments.size}), 0)::text`,
        })
        .from(claimAttachments)
        .where(and(eq(claimAttachments.tenantId, tenantId), eq(claimAttachments.claimId, claimId)));
      return { count: row?.count ?? 0, bytes: Number(row?.bytes ?? 0), nextPosition: row?.nextPosition ?? 0 };
    },

    /**
     * Locks the claim while it is still a draft of this reporter, so that two uploads or an upload and the submit
     * take turns; false when it is no longer such a draft.
     */
    async lockDraft(tenantId: string, claimId: string, reporterIdentityId: string): Promise<boolean> {
      const rows = await db
        .select({ id: claims.id })
        .from(claims)
        .where(
          and(
            eq(claims.tenantId, tenantId),
            eq(claims.id, claimId),
            eq(claims.reporterIdentityId, reporterIdentityId),
            eq(claims.status, 'draft'),
          ),
        )
        .for('update');
      return rows.length > 0;
    },

    async delete(tenantId: string, claimId: string, attachmentId: string): Promise<ClaimAttachmentRow | null> {
      const [row] = await db
        .delete(claimAttachments)
        .where(
          and(
            eq(claimAttachments.tenantId, tenantId),
            eq(claimAttachments.claimId, claimId),
            eq(claimAttachments.id, attachmentId),
          ),
        )
        .returning();
      return row ?? null;
    },

    /** Of the tenant's keys given, those an attachment names. */
    async referencedKeys(tenantId: string, keys: string[]): Promise<string[]> {
      if (keys.length === 0) return [];
      const rows = await db
        .selectDistinct({ fileKey: claimAttachments.fileKey })
        .from(claimAttachments)
        .where(and(eq(claimAttachments.tenantId, tenantId), inArray(claimAttachments.fileKey, keys)));
      return rows.map((row) => row.fileKey);
    },
  };
}
