import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { apiKeys, documents } from '../../db/schema.js';
import { afterCursor } from '../documents/document-repo.js';
import { shownDetail } from './person-shown.js';

export type CustomerDocumentRow = typeof documents.$inferSelect & {
  uploaderName: string | null;
  uploaderEmail: string | null;
  apiKeyName: string | null;
};

/**
 * Read model: a customer's documents for the tenant's staff, newest first, each with who uploaded it — the person as
 * the tenant's staff see them (`shownDetail`), or the API key's name. One statement for the customer's page instead
 * of asking the people and API key modules per document; paged by the documents' own keyset (`afterCursor`).
 */
export function createCustomerDocumentQueries(db: Database) {
  return {
    async listWithUploader(
      tenantId: string,
      customerId: string,
      cursor: string | null,
      limit: number,
    ): Promise<CustomerDocumentRow[]> {
      const person = (column: 'name' | 'email_display') => sql<string | null>`(
        select ${shownDetail(column)} from memberships m join identities i on i.id = m.identity_id
         where m.tenant_id = ${tenantId} and m.identity_id = ${documents.uploadedByIdentityId} group by i.id)`;
      const rows = await db
        .select({
          document: documents,
          uploaderName: person('name'),
          uploaderEmail: person('email_display'),
          apiKeyName: apiKeys.name,
        })
        .from(documents)
        .leftJoin(apiKeys, and(eq(apiKeys.id, documents.uploadedByApiKeyId), eq(apiKeys.tenantId, tenantId)))
        .where(
          and(eq(documents.tenantId, tenantId), eq(documents.customerId, customerId), afterCursor(tenantId, cursor)),
        )
        .orderBy(desc(documents.createdAt), desc(documents.id))
        .limit(limit);
      return rows.map((row) => ({
        ...row.document,
        uploaderName: row.uploaderName,
        uploaderEmail: row.uploaderEmail,
        apiKeyName: row.apiKeyName,
      }));
    },
  };
}
