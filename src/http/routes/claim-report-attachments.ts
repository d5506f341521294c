import type { ClaimView } from '../../modules/claims/claim.js';
import type { ClaimReportAttachment } from '../../modules/claims/claim-pdf.js';

/**
 * The attachments "Schadenmeldung.pdf" lists, for the customer's and the workspace's routes alike. It is asked only
 * for a claim already found in the tenant and visible to the reader. Claims carry no attachments yet, so the list is
 * empty; once they do, this is the one place that asks for a claim's files (name and size in bytes, the report itself
 * not among them).
 */
export function claimReportAttachmentsOf(_claim: Pick<ClaimView, 'id'>): Promise<ClaimReportAttachment[]> {
  return Promise.resolve([]);
}
