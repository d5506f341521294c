import { Readable } from 'node:stream';
import type { Database } from '../../db/database.js';
import type { AuditService } from '../audit/audit-service.js';
import type { ClaimService } from '../claims/claim-service.js';
import type { ClaimZipEntry } from '../claims/claim-zip.js';
import type { ExportedClaimFile } from '../claims/claim-attachment-service.js';
import type { ExportedConversation } from '../conversations/conversation.js';
import type { ConversationService } from '../conversations/conversation-service.js';
import type { DocumentService } from '../documents/document-service.js';
import type { GrantService } from '../grants/grant-service.js';
import { identitiesIn } from '../identities/identity-service.js';
import type { MembershipService } from '../memberships/membership-service.js';
import type { Tenant } from '../tenants/tenant.js';
import type { VisibilityService } from '../visibility/visibility-service.js';
import {
  DATA_EXPORT_MAX_LOGINS,
  documentEntryNamesOf,
  folderEntryNamesOf,
  type DataExportSection,
} from './data-export.js';

/** The other modules' services the export reads, each asked what the person sees there, as the portal asks. */
export interface DataExportSources {
  db: Database;
  visibility: Pick<VisibilityService, 'portfolioOf'>;
  documents: Pick<DocumentService, 'exportFilesFor'>;
  claims: Pick<ClaimService, 'exportForPerson'>;
  conversations: Pick<ConversationService, 'exportForPerson'>;
  grants: Pick<GrantService, 'listGrantsOf'>;
  memberships: Pick<MembershipService, 'listRoles'>;
  audit: Pick<AuditService, 'listLoginsOf'>;
}

export const DATA_FILE_NAME = 'daten.json';

/**
 * The files of the person's conversations under `nachrichten/<subject>/`, and daten.json's conversations with each
 * attachment's path in the ZIP (`file`). Only conversations with files get a folder.
 */
function conversationFilesOf(conversations: readonly ExportedConversation[]) {
  const withFiles = conversations.filter((item) => item.files.size > 0);
  const attachmentsOf = (item: ExportedConversation) =>
    item.messages.flatMap((message) => message.attachments.filter((attachment) => item.files.has(attachment.id)));
  const names = folderEntryNamesOf(
    'nachrichten',
    withFiles.map((item) => ({
      name: item.conversation.subject,
      files: attachmentsOf(item).map((attachment) => attachment.name),
    })),
  );
  const pathOf = new Map<string, string>();
  const entries: ClaimZipEntry[] = [];
  withFiles.forEach((item, folder) => {
    attachmentsOf(item).forEach((attachment, index) => {
      const name = names[folder]?.[index] ?? `nachrichten/${item.conversation.id}/${attachment.id}`;
      const open = item.files.get(attachment.id);
      if (open === undefined) return;
      pathOf.set(attachment.id, name);
      entries.push({ name, open, isCompressed: false });
    });
  });
  const data = conversations.map(({ files, ...item }) => ({
    ...item,
    messages: item.messages.map((message) => ({
      ...message,
      attachments: message.attachments.map((attachment) => ({
        ...attachment,
        file: pathOf.get(attachment.id) ?? null,
      })),
    })),
  }));
  return { data, entries };
}

/**
 * The files attached to the person's claims under `schaeden/schaden-<id>/` (the name the staff's ZIP of a claim
 * has), and daten.json's claims with their attachments, each with its path in the ZIP (`file`).
 */
function claimFilesOf(exported: Awaited<ReturnType<ClaimService['exportForPerson']>>) {
  const filesOf = new Map<string, ExportedClaimFile[]>();
  for (const file of exported.files) filesOf.set(file.claimId, [...(filesOf.get(file.claimId) ?? []), file]);
  const withFiles = exported.claims.filter((claim) => filesOf.has(claim.id));
  const names = folderEntryNamesOf(
    'schaeden',
    withFiles.map((claim) => ({
      name: `schaden-${claim.id.slice(0, 8)}`,
      files: (filesOf.get(claim.id) ?? []).map((file) => file.attachment.name),
    })),
  );
  const pathOf = new Map<string, string>();
  const entries: ClaimZipEntry[] = [];
  withFiles.forEach((claim, folder) => {
    (filesOf.get(claim.id) ?? []).forEach((file, index) => {
      const name = names[folder]?.[index] ?? `schaeden/${claim.id}/${file.attachment.id}`;
      pathOf.set(file.attachment.id, name);
      entries.push({ name, open: file.open, isCompressed: false });
    });
  });
  const data = exported.claims.map((claim) => ({
    ...claim,
    attachments: (filesOf.get(claim.id) ?? []).map((file) => ({
      ...file.attachment,
      file: pathOf.get(file.attachment.id) ?? null,
    })),
  }));
  return { data, entries };
}

/**
 * What the person's export holds at this broker, as ZIP entries: `daten.json` first, then every document they see
 * under `dokumente/`, the files of their conversations under `nachrichten/` and of their claims under `schaeden/`,
 * each opened only when the ZIP reaches it. Everything is read through the services that decide
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
    sources.claims.exportForPerson(tenant.id, identityId),
    sources.conversations.exportForPerson(tenant, identityId),
    sources.audit.listLoginsOf(tenant.id, identityId, DATA_EXPORT_MAX_LOGINS),
    sources.documents.exportFilesFor(tenant.id, identityId),
  ]);
  const names = documentEntryNamesOf(documents.map((item) => item.document));
  const conversationFiles = conversationFilesOf(conversations);
  const claimFiles = claimFilesOf(claims);
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
    claims: claimFiles.data,
    conversations: conversationFiles.data,
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
    ...conversationFiles.entries,
    ...claimFiles.entries,
  ];
}
