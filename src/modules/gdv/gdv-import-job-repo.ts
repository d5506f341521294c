import { and, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { gdvImportJobs } from '../../db/schema.js';
import { required } from '../../shared/required.js';

export type GdvImportJobRow = typeof gdvImportJobs.$inferSelect;
type GdvImportJobChange = Partial<Omit<typeof gdvImportJobs.$inferInsert, 'id' | 'tenantId'>>;

/** The GDV files uploaded by a tenant with their progress; every query but the lease's filters by tenant. */
export function createGdvImportJobQueries(db: Database) {
  return {
    /** Takes the lease of a running job whose lease is free or ran out; null when another worker holds it. */
    async claim(jobId: string, now: Date, leaseUntil: Date): Promise<GdvImportJobRow | null> {
      const [row] = await db
        .update(gdvImportJobs)
        .set({ leaseUntil })
        .where(
          and(
            eq(gdvImportJobs.id, jobId),
            eq(gdvImportJobs.status, 'running'),
            or(isNull(gdvImportJobs.leaseUntil), lt(gdvImportJobs.leaseUntil, now)),
          ),
        )
        .returning();
      return row ?? null;
    },
    async update(tenantId: string, jobId: string, change: GdvImportJobChange): Promise<void> {
      await db
        .update(gdvImportJobs)
        .set(change)
        .where(and(eq(gdvImportJobs.tenantId, tenantId), eq(gdvImportJobs.id, jobId)));
    },
    async deletePreviewsBefore(tenantId: string, before: Date): Promise<void> {
      await db
        .delete(gdvImportJobs)
        .where(
          and(
            eq(gdvImportJobs.tenantId, tenantId),
            eq(gdvImportJobs.status, 'previewed'),
            lt(gdvImportJobs.createdAt, before),
          ),
        );
    },
    async insert(values: typeof gdvImportJobs.$inferInsert): Promise<GdvImportJobRow> {
      const [row] = await db.insert(gdvImportJobs).values(values).returning();
      return required(row, 'the inserted import job');
    },
    async find(tenantId: string, jobId: string): Promise<GdvImportJobRow | null> {
      const [row] = await db
        .select()
        .from(gdvImportJobs)
        .where(and(eq(gdvImportJobs.tenantId, tenantId), eq(gdvImportJobs.id, jobId)));
      return row ?? null;
    },
    async listStarted(tenantId: string, limit: number): Promise<GdvImportJobRow[]> {
      return db
        .select()
        .from(gdvImportJobs)
        .where(and(eq(gdvImportJobs.tenantId, tenantId), sql`${gdvImportJobs.status} <> 'previewed'`))
        .orderBy(desc(gdvImportJobs.createdAt))
        .limit(limit);
    },
    /** Marks a preview as running once; false when it was started already (or is not this tenant's). */
    async startPreview(tenantId: string, jobId: string, createdBy: string | null): Promise<boolean> {
      const started = await db
        .update(gdvImportJobs)
        .set({ status: 'running', ...(createdBy === null ? {} : { createdBy }) })
        .where(
          and(eq(gdvImportJobs.tenantId, tenantId), eq(gdvImportJobs.id, jobId), eq(gdvImportJobs.status, 'previewed')),
        )
        .returning({ id: gdvImportJobs.id });
      return started.length > 0;
    },
    /** The job's lease, or null when there is no such job (a job without a lease gives `{ leaseUntil: null }`). */
    async leaseOf(jobId: string): Promise<{ leaseUntil: Date | null } | null> {
      const [row] = await db
        .select({ leaseUntil: gdvImportJobs.leaseUntil })
        .from(gdvImportJobs)
        .where(eq(gdvImportJobs.id, jobId));
      return row ?? null;
    },
  };
}
