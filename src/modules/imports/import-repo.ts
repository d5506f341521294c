import { and, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { importJobs } from '../../db/schema.js';

export type ImportJobRow = typeof importJobs.$inferSelect;
type ImportJobChange = Partial<Omit<typeof importJobs.$inferInsert, 'id' | 'tenantId'>>;

/** The CSV imports of a tenant with their rows and progress; every query but the lease's filters by tenant. */
export function createImportQueries(db: Database) {
  return {
    /** Takes the lease of a running job whose lease is free or ran out; null when another worker holds it. */
    async claim(jobId: string, now: Date, leaseUntil: Date): Promise<ImportJobRow | null> {
      const [row] = await db
        .update(importJobs)
        .set({ leaseUntil })
        .where(
          and(
            eq(importJobs.id, jobId),
            eq(importJobs.status, 'running'),
            or(isNull(importJobs.leaseUntil), lt(importJobs.leaseUntil, now)),
          ),
        )
        .returning();
      return row ?? null;
    },
    async update(tenantId: string, jobId: string, change: ImportJobChange): Promise<void> {
      await db
        .update(importJobs)
        .set(change)
        .where(and(eq(importJobs.tenantId, tenantId), eq(importJobs.id, jobId)));
    },
    async deletePreviewsBefore(tenantId: string, before: Date): Promise<void> {
      await db
        .delete(importJobs)
        .where(
          and(eq(importJobs.tenantId, tenantId), eq(importJobs.status, 'previewed'), lt(importJobs.createdAt, before)),
        );
    },
    async insert(values: typeof importJobs.$inferInsert): Promise<string> {
      const [job] = await db.insert(importJobs).values(values).returning({ id: importJobs.id });
      return job!.id;
    },
    async find(tenantId: string, jobId: string): Promise<ImportJobRow | null> {
      const [row] = await db
        .select()
        .from(importJobs)
        .where(and(eq(importJobs.tenantId, tenantId), eq(importJobs.id, jobId)));
      return row ?? null;
    },
    async listStarted(tenantId: string, limit: number): Promise<ImportJobRow[]> {
      return db
        .select()
        .from(importJobs)
        .where(and(eq(importJobs.tenantId, tenantId), sql`${importJobs.status} <> 'previewed'`))
        .orderBy(desc(importJobs.createdAt))
        .limit(limit);
    },
    /** Marks a preview as running once; false when it was started already (or is not this tenant's). */
    async startPreview(tenantId: string, jobId: string, createdBy: string | null): Promise<boolean> {
      const started = await db
        .update(importJobs)
        .set({ status: 'running', ...(createdBy === null ? {} : { createdBy }) })
        .where(and(eq(importJobs.tenantId, tenantId), eq(importJobs.id, jobId), eq(importJobs.status, 'previewed')))
        .returning({ id: importJobs.id });
      return started.length > 0;
    },
    async leaseOf(jobId: string): Promise<Date | null> {
      const [row] = await db
        .select({ leaseUntil: importJobs.leaseUntil })
        .from(importJobs)
        .where(eq(importJobs.id, jobId));
      return row?.leaseUntil ?? null;
    },
  };
}
