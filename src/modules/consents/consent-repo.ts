import { and, asc, desc, eq, gt, inArray, isNotNull, notExists, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { consentDocuments, consentDocumentVersions, consents } from '../../db/schema.js';
import type { ConsentDocumentKind, ConsentKind, ConsentRecord, PendingConsent } from './consent.js';

export type ConsentDocumentRow = typeof consentDocuments.$inferSelect;
export type ConsentVersionRow = typeof consentDocumentVersions.$inferSelect;

const recordColumns = {
  id: consents.id,
  identityId: consents.identityId,
  documentId: consents.documentId,
  documentKind: consentDocuments.kind,
  title: consentDocuments.title,
  versionId: consents.versionId,
  version: consents.version,
  kind: consents.kind,
  givenAt: consents.givenAt,
  clientAddress: consents.clientAddress,
};

const toRecord = (row: { documentKind: string; kind: string } & Omit<ConsentRecord, 'documentKind' | 'kind'>) => ({
  ...row,
  documentKind: row.documentKind as ConsentDocumentKind,
  kind: row.kind as ConsentKind,
});

export function createConsentQueries(db: Database) {
  return {
    async listDocuments(tenantId: string): Promise<ConsentDocumentRow[]> {
      return db
        .select()
        .from(consentDocuments)
        .where(eq(consentDocuments.tenantId, tenantId))
        .orderBy(desc(sql`${consentDocuments.kind} = 'information'`), asc(consentDocuments.createdAt));
    },

    async listVersions(tenantId: string): Promise<ConsentVersionRow[]> {
      return db
        .select()
        .from(consentDocumentVersions)
        .where(eq(consentDocumentVersions.tenantId, tenantId))
        .orderBy(desc(consentDocumentVersions.version));
    },

    async findDocument(tenantId: string, documentId: string): Promise<ConsentDocumentRow | null> {
      const [row] = await db
        .select()
        .from(consentDocuments)
        .where(and(eq(consentDocuments.tenantId, tenantId), eq(consentDocuments.id, documentId)));
      return row ?? null;
    },

    async findInformation(tenantId: string): Promise<ConsentDocumentRow | null> {
      const [row] = await db
        .select()
        .from(consentDocuments)
        .where(and(eq(consentDocuments.tenantId, tenantId), eq(consentDocuments.kind, 'information')));
      return row ?? null;
    },

    async countDocuments(tenantId: string, kind: ConsentDocumentKind): Promise<number> {
      const [row] = await db
        .select({ count: sql<number>`count(*)::int` })
        .from(consentDocuments)
        .where(and(eq(consentDocuments.tenantId, tenantId), eq(consentDocuments.kind, kind)));
      return row?.count ?? 0;
    },

    /** Creates the document unless the tenant has one of that title (or, for the Erstinformation, one at all). */
    async insertDocument(
      tenantId: string,
      values: { kind: ConsentDocumentKind; title: string; isConsentRequired: boolean },
    ): Promise<ConsentDocumentRow | null> {
      const [row] = await db
        .insert(consentDocuments)
        .values({ tenantId, ...values })
        .onConflictDoNothing()
        .returning();
      return row ?? null;
    },

    /** The document locked for a new version, so two uploads at once number theirs one after the other. */
    async lockDocument(tenantId: string, documentId: string): Promise<ConsentDocumentRow | null> {
      const [row] = await db
        .select()
        .from(consentDocuments)
        .where(and(eq(consentDocuments.tenantId, tenantId), eq(consentDocuments.id, documentId)))
        .for('update');
      return row ?? null;
    },

    async lastVersionNumber(tenantId: string, documentId: string): Promise<number> {
      const [row] = await db
        .select({ last: sql<number>`coalesce(max(${consentDocumentVersions.version}), 0)::int` })
        .from(consentDocumentVersions)
        .where(and(eq(consentDocumentVersions.tenantId, tenantId), eq(consentDocumentVersions.documentId, documentId)));
      return row?.last ?? 0;
    },

    async insertVersion(values: typeof consentDocumentVersions.$inferInsert): Promise<ConsentVersionRow> {
      const [row] = await db.insert(consentDocumentVersions).values(values).returning();
      if (row === undefined) throw new Error('consent version not inserted');
      return row;
    },

    async setCurrentVersion(tenantId: string, documentId: string, versionId: string): Promise<void> {
      await db
        .update(consentDocuments)
        .set({ currentVersionId: versionId })
        .where(and(eq(consentDocuments.tenantId, tenantId), eq(consentDocuments.id, documentId)));
    },

    async setConsentRequired(tenantId: string, documentId: string, isConsentRequired: boolean): Promise<boolean> {
      const rows = await db
        .update(consentDocuments)
        .set({ isConsentRequired })
        .where(
          and(
            eq(consentDocuments.tenantId, tenantId),
            eq(consentDocuments.id, documentId),
            eq(consentDocuments.kind, 'consent'),
          ),
        )
        .returning({ id: consentDocuments.id });
      return rows.length > 0;
    },

    /** The current versions the person has not yet answered, of the documents people are asked about. */
    async listPending(tenantId: string, identityId: string): Promise<PendingConsent[]> {
      const rows = await db
        .select({
          documentId: consentDocuments.id,
          kind: consentDocuments.kind,
          title: consentDocuments.title,
          versionId: consentDocumentVersions.id,
          version: consentDocumentVersions.version,
        })
        .from(consentDocuments)
        .innerJoin(consentDocumentVersions, eq(consentDocumentVersions.id, consentDocuments.currentVersionId))
        .where(
          and(
            eq(consentDocuments.tenantId, tenantId),
            isNotNull(consentDocuments.currentVersionId),
            or(eq(consentDocuments.kind, 'information'), eq(consentDocuments.isConsentRequired, true)),
            notExists(
              db
                .select({ one: sql`1` })
                .from(consents)
                .where(
                  and(
                    eq(consents.tenantId, tenantId),
                    eq(consents.identityId, identityId),
                    eq(consents.versionId, consentDocumentVersions.id),
                  ),
                ),
            ),
          ),
        )
        .orderBy(desc(sql`${consentDocuments.kind} = 'information'`), asc(consentDocuments.createdAt));
      return rows.map((row) => ({ ...row, kind: row.kind as ConsentDocumentKind }));
    },

    /** Records the answers; one a form sent twice already recorded is left alone. Answers the rows written. */
    async insertConsents(values: Array<typeof consents.$inferInsert>): Promise<Array<{ versionId: string }>> {
      if (values.length === 0) return [];
      return db.insert(consents).values(values).onConflictDoNothing().returning({ versionId: consents.versionId });
    },

    async findVersion(
      tenantId: string,
      versionId: string,
    ): Promise<(ConsentVersionRow & { title: string; currentVersionId: string | null }) | null> {
      const [row] = await db
        .select({
          version: consentDocumentVersions,
          title: consentDocuments.title,
          currentVersionId: consentDocuments.currentVersionId,
        })
        .from(consentDocumentVersions)
        .innerJoin(consentDocuments, eq(consentDocuments.id, consentDocumentVersions.documentId))
        .where(and(eq(consentDocumentVersions.tenantId, tenantId), eq(consentDocumentVersions.id, versionId)));
      return row === undefined ? null : { ...row.version, title: row.title, currentVersionId: row.currentVersionId };
    },

    async hasConsent(tenantId: string, identityId: string, versionId: string): Promise<boolean> {
      const [row] = await db
        .select({ id: consents.id })
        .from(consents)
        .where(
          and(eq(consents.tenantId, tenantId), eq(consents.identityId, identityId), eq(consents.versionId, versionId)),
        );
      return row !== undefined;
    },

    /** A person's records, newest first. */
    async listOfPerson(tenantId: string, identityId: string): Promise<ConsentRecord[]> {
      const rows = await db
        .select(recordColumns)
        .from(consents)
        .innerJoin(consentDocuments, eq(consentDocuments.id, consents.documentId))
        .where(and(eq(consents.tenantId, tenantId), eq(consents.identityId, identityId)))
        .orderBy(
          desc(consents.givenAt),
          desc(sql`${consentDocuments.kind} = 'information'`),
          asc(consentDocuments.title),
          desc(consents.version),
        );
      return rows.map(toRecord);
    },

    /** The tenant's records in the order given, after the cursor, for the API. */
    async listPage(
      tenantId: string,
      options: { identityId: string | null; after: { givenAt: Date; id: string } | null; limit: number },
    ): Promise<ConsentRecord[]> {
      const { after } = options;
      const rows = await db
        .select(recordColumns)
        .from(consents)
        .innerJoin(consentDocuments, eq(consentDocuments.id, consents.documentId))
        .where(
          and(
            eq(consents.tenantId, tenantId),
            options.identityId === null ? undefined : eq(consents.identityId, options.identityId),
            after === null
              ? undefined
              : or(
                  gt(consents.givenAt, after.givenAt),
                  and(eq(consents.givenAt, after.givenAt), gt(consents.id, after.id)),
                ),
          ),
        )
        .orderBy(asc(consents.givenAt), asc(consents.id))
        .limit(options.limit);
      return rows.map(toRecord);
    },

    async referencedKeys(tenantId: string, keys: string[]): Promise<string[]> {
      if (keys.length === 0) return [];
      const rows = await db
        .selectDistinct({ key: consentDocumentVersions.fileKey })
        .from(consentDocumentVersions)
        .where(and(eq(consentDocumentVersions.tenantId, tenantId), inArray(consentDocumentVersions.fileKey, keys)));
      return rows.map((row) => row.key);
    },
  };
}
