import { Readable } from 'node:stream';
import type { Database } from '../../db/database.js';
import type { AuditService } from '../audit/audit-service.js';
import type { ClaimService } from '../claims/claim-service.js';
import type { ClaimZipEntry } from '../claims/claim-zip.js';
import type { ConversationService } from '../conversations/conversation-service.js';
import type { DocumentService } from '../documents/document-service.js';
import type { GrantService } from '../grants/grant-service.js';
import { identitiesIn } from '../identities/identity-service.js';
import type { MembershipService } from '../memberships/membership-service.js';
import type { Tenant } from '../tenants/tenant.js';
import type { VisibilityService } from '../visibility/visibility-service.js';
import { DATA_EXPORT_MAX_LOGINS, documentEntryNamesOf, type DataExportSection } from './data-export.js';

/** The other modules' services the export reads, each asked what the person sees there, as the portal asks. */
export interface DataExportSources {
  db: Database;
  visibility: Pick<VisibilityService, 'portfolioOf'>;
  documents: Pick<DocumentService, 'exportFilesFor'>;
  claims: Pick<ClaimService, 'listForPerson'>;
  conversations: Pick<ConversationService, 'exportForPerson'>;
  grants: Pick<GrantService, 'listGrantsOf'>;
  memberships: Pick<MembershipService, 'listRoles'>;
  audit: Pick<AuditService, 'listLoginsOf'>;
}

export const DATA_FILE_NAME = 'daten.json';

/**
 * What the person's export holds at this broker, as ZIP entries: `daten.json` first, then every document they see
 * under `dokumente/`, each opened only when the ZIP reaches it. Everything is read through the services that decide
 * what the person sees, so the export shows exactly what the portal shows, at this broker only.
 */
export async function exportEntriesOf(
  sources: DataExportSources,
  sections: readonly DataExportSection[],
  tenant: Tenant,
  identityId: string,
  at: Date,
): Promise<ClaimZipEntry[]> {
  const identity = await identitiesIn(sources.db).findById(identityId);
  const createdAt = await identitiesIn(sources.db).createdAtOf(identityId);
  if (identity === null || createdAt === null) throw new Error(`identity ${identityId} of a data export is gone`);
  const [roles, grants, portfolio, claims, conversations, logins, documents] = await Promise.all([
    sources.memberships.listRoles(tenant.id, identityId),
    sources.grants.listGrantsOf(tenant.id, identityId),
    sources.visibility.portfolioOf(tenant.id, identityId),
    sources.claims.listForPerson(tenant.id, identityId),
    sources.conversations.exportForPerson(tenant, identityId),
    sources.audit.listLoginsOf(tenant.id, identityId, DATA_EXPORT_MAX_LOGINS),
    sources.documents.exportFilesFor(tenant.id, identityId),
  ]);
  const names = documentEntryNamesOf(documents.map((item) => item.document));
  const extra: Record<string, unknown> = {};
  for (const section of sections) {
    extra[section.key] = await section.collect(tenant.id, identityId);
  }
  const data = {
    format: 'portico-data-export/1',
    createdAt: at.toISOString(),
    broker: { name: tenant.name },
    person: {
      name: identity.name,
      email: identity.emailDisplay,
      language: identity.language,
      createdAt: createdAt.toISOString(),
      emailConfirmedAt: identity.emailConfirmedAt?.toISOString() ?? null,
    },
    memberships: roles.map((role) => ({ role })),
    grants,
    customers: portfolio.customers,
    contracts: portfolio.contracts,
    documents: documents.map((item, index) => ({ ...item.document, file: names[index] ?? null })),
    claims: [...claims.drafts, ...claims.toRelease, ...claims.claims],
    conversations,
    // Other modules' parts (the consents) join here under their own key.
    ...extra,
    logins: logins.map((login) => ({
      at: login.createdAt.toISOString(),
      address: login.origin,
      browser: login.userAgent,
    })),
  };
  const json = Buffer.from(`${JSON.stringify(data, null, 2)}\n`, 'utf8');
  return [
    { name: DATA_FILE_NAME, open: () => Promise.resolve(Readable.from([json])) },
    // Documents are mostly PDFs and photos, compressed already: stored as they are, the ZIP costs no CPU for them.
    ...documents.map((item, index) => ({
      name: names[index] ?? `dokumente/${item.document.id}`,
      open: item.open,
      isCompressed: false,
    })),
  ];
}
