import { FILE_LINK_LIFETIME, FILE_LINK_ORIGIN, FILE_LINK_SECRET, signFileLink, verifyFileLink } from './file-link.js';

/** How long a download link handed to the CRM works. */
export const DOCUMENT_LINK_LIFETIME = FILE_LINK_LIFETIME;

/** The name of the link key among the app's secrets. */
export const DOCUMENT_LINK_SECRET = FILE_LINK_SECRET;

/** The path of a document's link under the platform address (a file link of any kind works there too). */
export const DOCUMENT_LINK_PATH = '/api/v1/document-links/';

/** The audit's origin of a download through such a link. */
export const DOCUMENT_LINK_ORIGIN = FILE_LINK_ORIGIN;

export interface DocumentLinkClaim {
  tenantId: string;
  documentId: string;
  /** Whole seconds: the link works before this moment, not at or after it. */
  expiresAt: Date;
}

/** A file link naming a document (see file-link.ts). */
export function signDocumentLink(key: string, claim: DocumentLinkClaim): string {
  return signFileLink(key, {
    tenantId: claim.tenantId,
    subject: { kind: 'document', documentId: claim.documentId },
    expiresAt: claim.expiresAt,
  });
}

/** The tenant and document a token names, or null (malformed, altered, expired, or naming another kind of file). */
export function verifyDocumentLink(key: string, token: string, now: Date): DocumentLinkClaim | null {
  const claim = verifyFileLink(key, token, now);
  if (claim === null || claim.subject.kind !== 'document') return null;
  return { tenantId: claim.tenantId, documentId: claim.subject.documentId, expiresAt: claim.expiresAt };
}
