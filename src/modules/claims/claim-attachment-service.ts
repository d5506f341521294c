import { attachmentNameOf } from '../documents/file-name.js';
import { Readable } from 'node:stream';
import type { Logger } from 'pino';
import type { Database } from '../../db/database.js';
import { afterCommit } from '../../db/after-commit.js';
import type { Clock } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import { isUuid } from '../../shared/ids.js';
import type { AuditService, RequestOrigin } from '../audit/audit-service.js';
import {
  attachmentLinkInvalid,
  openAttachedFile,
  openAttachedFileByLink,
  type AttachedFile,
  type OpenedAttachment,
} from '../documents/attached-file.js';
import type { DocumentService } from '../documents/document-service.js';
import { storeFileBatch } from '../documents/file-batch.js';
import {
  FILE_LINK_ORIGIN,
  fileLinkExpiryFrom,
  fileLinkOf,
  linkKeyLoader,
  verifyFileLink,
} from '../documents/file-link.js';
import type { FileStore } from '../documents/file-store.js';
import type { ClaimView } from './claim.js';
import {
  CLAIM_ATTACHMENT_KINDS,
  MAX_CLAIM_ATTACHMENT_BYTES,
  MAX_CLAIM_ATTACHMENTS,
  uniqueEntryNamesOf,
  type ClaimAttachmentView,
} from './claim-attachment.js';
import { createClaimAttachmentQueries, type ClaimAttachmentRow } from './claim-attachment-repo.js';
import { zipOf, type ClaimZipEntry } from './claim-zip.js';
import { CLAIM_REPORT_FILE_NAME } from './claim-pdf.js';

/** A claim's ZIP opened for a download: its file name and its streamed bytes. */
export interface OpenedZip {
  fileName: string;
  body: Readable;
}

/** An attachment of a claim the person sees, for their data export: opened only when the ZIP reaches it. */
export interface ExportedClaimFile {
  claimId: string;
  attachment: ClaimAttachmentView;
  open: () => Promise<Readable>;
}

const toView = (row: ClaimAttachmentRow): ClaimAttachmentView => ({
  id: row.id,
  name: row.fileName,
  size: row.size,
  contentType: row.contentType,
});

const notFound = (): AppError => new AppError('CLAIM_ATTACHMENT_NOT_FOUND', 'No such attachment');

const MEGABYTE = 1024 * 1024;

/**
 * Files attached to a claim: added and removed by the reporter while it is a draft, read by whoever sees the claim,
 * handed to the CRM through short-lived links and to the staff as one ZIP. The claim's own checks (who sees it, whose
 * draft it is) come from the claim service.
 */
export function createClaimAttachmentService(deps: {
  db: Database;
  clock: Clock;
  store: FileStore;
  files: Pick<DocumentService, 'removeFileIfUnused'>;
  audit: AuditService;
  platformUrl: URL;
  /** How long a file link works (FILE_LINK_LIFETIME unless configured). */
  fileLinkLifetime?: number;
  logger: Logger;
  /** The claim if the person sees it, else CLAIM_NOT_FOUND. */
  visibleClaim: (tenantId: string, identityId: string, claimId: string) => Promise<ClaimView>;
  /** The person's own draft; CLAIM_NOT_FOUND, or CLAIM_ALREADY_SUBMITTED once it is reported. */
  ownDraft: (tenantId: string, identityId: string, claimId: string) => Promise<ClaimView>;
  /** A reported claim of the tenant for the workspace, else CLAIM_NOT_FOUND. */
  findForStaff: (tenantId: string, claimId: string) => Promise<ClaimView>;
}) {
  const { db, clock, store, files, audit, platformUrl, logger } = deps;
  const linkKeyOf = linkKeyLoader(db);

  async function attachmentOf(tenantId: string, claimId: string, attachmentId: string): Promise<ClaimAttachmentRow> {
    const row = isUuid(attachmentId) ? await createClaimAttachmentQueries(db).find(tenantId, attachmentId) : null;
    if (row === null || row.claimId !== claimId) throw notFound();
    return row;
  }

  const openRow = (row: ClaimAttachmentRow): Promise<OpenedAttachment> =>
    openAttachedFile(row, { store, logger, label: 'claim attachment', notFound });

  async function recordDownload(
    tenantId: string,
    row: ClaimAttachmentRow,
    identityId: string | null,
    origin: RequestOrigin,
  ): Promise<void> {
    await audit.record({
      kind: 'claim.attachment_downloaded',
      tenantId,
      identityId,
      origin,
      detail: `Schaden ${row.claimId}, Anhang ${row.id}`,
    });
  }

  /** The claim's data as the CRM's event names it, for the ZIP's `schadenmeldung.json`. */
  function claimJsonOf(claim: ClaimView, attachments: ClaimAttachmentView[], names: string[]): Buffer {
    const data = {
      claimId: claim.id,
      route: claim.route,
      status: claim.status,
      submittedAt: claim.submittedAt?.toISOString() ?? null,
      insurerClaimNumber: claim.insurerClaimNumber,
      brokerClaimNumber: claim.brokerClaimNumber,
      answers: claim.answers,
      attachments: attachments.map((attachment, index) => ({ ...attachment, file: `anhaenge/${names[index] ?? ''}` })),
    };
    return Buffer.from(`${JSON.stringify(data, null, 2)}\n`, 'utf8');
  }

  async function attachmentsOf(
    tenantId: string,
    claimId: string,
    executor: Database = db,
  ): Promise<ClaimAttachmentView[]> {
    if (!isUuid(claimId)) return [];
    return (await createClaimAttachmentQueries(executor).listForClaim(tenantId, claimId)).map(toView);
  }

  /**
   * The files of a reported claim's ZIP, in order: `schadenmeldung.json`, then each attachment under `anhaenge/` with
   * a safe name unique in the ZIP. Another file (the claim's PDF) joins with one more entry here.
   */
  async function zipEntriesOf(tenantId: string, claimId: string): Promise<ClaimZipEntry[]> {
    const claim = await deps.findForStaff(tenantId, claimId);
    const rows = await createClaimAttachmentQueries(db).listForClaim(tenantId, claim.id);
    const names = uniqueEntryNamesOf(rows.map((row) => row.fileName));
    const json = claimJsonOf(claim, rows.map(toView), names);
    return [
      { name: 'schadenmeldung.json', open: () => Promise.resolve(Readable.from([json])) },
      // Photos and PDFs are compressed already: stored as they are, deflate would cost a second of CPU per 30 MB and
      // save a few per cent.
      ...rows.map((row, index) => ({
        name: `anhaenge/${names[index] ?? row.id}`,
        open: async () => (await openRow(row)).body,
        isCompressed: false,
      })),
    ];
  }

  /** A reported claim's ZIP: its JSON, the report right after it, then the attachments; the download is audited. */
  async function openZip(
    tenantId: string,
    claimId: string,
    identityId: string | null,
    origin: RequestOrigin,
    report: () => Promise<Buffer>,
  ): Promise<OpenedZip> {
    const [json, ...files] = await zipEntriesOf(tenantId, claimId);
    const pdf = {
      name: CLAIM_REPORT_FILE_NAME,
      open: async () => Readable.from([await report()]),
      isCompressed: false,
    };
    const entries = json === undefined ? [pdf, ...files] : [json, pdf, ...files];
    await audit.record({
      kind: 'claim.downloaded',
      tenantId,
      identityId,
      origin,
      detail: `Schaden ${claimId} (ZIP, ${String(entries.length)} Dateien)`,
    });
    return { fileName: `schaden-${claimId.slice(0, 8)}.zip`, body: zipOf(entries, clock.now()) };
  }

  return {
    /**
     * Adds files to the person's own draft, all or nothing: photos (JPEG, PNG, HEIC) and PDFs by their bytes
     * (CLAIM_ATTACHMENT_TYPE_NOT_ALLOWED), at most MAX_CLAIM_ATTACHMENTS files (CLAIM_ATTACHMENTS_TOO_MANY) and
     * MAX_CLAIM_ATTACHMENT_BYTES (CLAIM_ATTACHMENTS_TOO_LARGE) per claim, those already attached counted. The rows
     * are written with the draft locked and the totals counted again, so two uploads at once cannot pass the limits
     * together.
     */
    async addAttachments(
      tenantId: string,
      identityId: string,
      claimId: string,
      submitted: AsyncIterable<AttachedFile>,
    ): Promise<ClaimAttachmentView[]> {
      const claim = await deps.ownDraft(tenantId, identityId, claimId);
      const before = await createClaimAttachmentQueries(db).totalsOf(tenantId, claim.id);
      const tooMany = () =>
        new AppError('CLAIM_ATTACHMENTS_TOO_MANY', {
          params: { max: MAX_CLAIM_ATTACHMENTS },
          detail: `more than ${String(MAX_CLAIM_ATTACHMENTS)} attachments`,
        });
      const tooLarge = () =>
        new AppError('CLAIM_ATTACHMENTS_TOO_LARGE', {
          params: { max: MAX_CLAIM_ATTACHMENT_BYTES / MEGABYTE },
          detail: `attachments over ${String(MAX_CLAIM_ATTACHMENT_BYTES)} bytes together`,
        });
      return storeFileBatch(
        store,
        tenantId,
        submitted,
        {
          maxFiles: Math.max(0, MAX_CLAIM_ATTACHMENTS - before.count),
          maxBytes: Math.max(0, MAX_CLAIM_ATTACHMENT_BYTES - before.bytes),
          kinds: CLAIM_ATTACHMENT_KINDS,
          tooMany,
          tooLarge,
          typeNotAllowed: () => new AppError('CLAIM_ATTACHMENT_TYPE_NOT_ALLOWED', 'Not a photo or PDF'),
        },
        (key) => files.removeFileIfUnused(tenantId, key),
        async (stored) => {
          const rows = await db.transaction(async (tx) => {
            const queries = createClaimAttachmentQueries(tx);
            if (!(await queries.lockDraft(tenantId, claim.id, identityId))) {
              throw new AppError('CLAIM_ALREADY_SUBMITTED');
            }
            const now = await queries.totalsOf(tenantId, claim.id);
            const bytes = stored.reduce((sum, item) => sum + item.file.size, 0);
            if (now.count + stored.length > MAX_CLAIM_ATTACHMENTS) throw tooMany();
            if (now.bytes + bytes > MAX_CLAIM_ATTACHMENT_BYTES) throw tooLarge();
            const createdAt = clock.now();
            return queries.insert(
              stored.map((item, index) => ({
                tenantId,
                position: now.nextPosition + index,
                claimId: claim.id,
                fileKey: item.file.key,
                fileName: attachmentNameOf(item.submitted.name, item.contentType),
                size: item.file.size,
                contentType: item.contentType,
                uploadedByIdentityId: identityId,
                createdAt,
              })),
            );
          });
          return rows.map(toView);
        },
      );
    },

    /**
     * Removes an attachment of the person's own draft (CLAIM_ATTACHMENT_NOT_FOUND for any other id); its file goes
     * after the commit unless another row names the same bytes.
     */
    async removeAttachment(tenantId: string, identityId: string, claimId: string, attachmentId: string): Promise<void> {
      const claim = await deps.ownDraft(tenantId, identityId, claimId);
      if (!isUuid(attachmentId)) throw notFound();
      await db.transaction(async (tx) => {
        const queries = createClaimAttachmentQueries(tx);
        if (!(await queries.lockDraft(tenantId, claim.id, identityId))) throw new AppError('CLAIM_ALREADY_SUBMITTED');
        const row = await queries.delete(tenantId, claim.id, attachmentId);
        if (row === null) throw notFound();
        afterCommit(tx, () => {
          void files.removeFileIfUnused(tenantId, row.fileKey);
        });
      });
    },

    /**
     * A claim's attachments, in the order they were added. No visibility check: for callers that have checked the
     * claim already (the claim's PDF, the pages after `findForPerson` / `findForStaff`). Inside a transaction, pass it.
     */
    attachmentsOf,

    /**
     * The files of these claims for a person's data export, claim by claim. No visibility check: for the claim service,
     * which passes only the claims the person sees. Nothing is recorded as a download here (the export's download is).
     */
    async exportFilesOfClaims(tenantId: string, claimIds: readonly string[]): Promise<ExportedClaimFile[]> {
      const rows = await createClaimAttachmentQueries(db).listForClaims(tenantId, claimIds.filter(isUuid));
      return rows.map((row) => ({
        claimId: row.claimId,
        attachment: toView(row),
        open: async () => (await openRow(row)).body,
      }));
    },

    /** The attachments of a claim the person sees (CLAIM_NOT_FOUND otherwise). */
    async attachmentsForPerson(tenantId: string, identityId: string, claimId: string): Promise<ClaimAttachmentView[]> {
      const claim = await deps.visibleClaim(tenantId, identityId, claimId);
      return attachmentsOf(tenantId, claim.id);
    },

    /** An attachment of a claim the person sees, recorded as their download; anything else is a 404's code. */
    async openAttachmentForPerson(
      tenantId: string,
      identityId: string,
      claimId: string,
      attachmentId: string,
      origin: RequestOrigin,
    ): Promise<OpenedAttachment> {
      const claim = await deps.visibleClaim(tenantId, identityId, claimId);
      const row = await attachmentOf(tenantId, claim.id, attachmentId);
      const opened = await openRow(row);
      await recordDownload(tenantId, row, identityId, origin);
      return opened;
    },

    /** An attachment of a reported claim of the tenant for its staff, recorded as their download. */
    async openAttachmentForStaff(
      tenantId: string,
      claimId: string,
      attachmentId: string,
      identityId: string,
      origin: RequestOrigin,
    ): Promise<OpenedAttachment> {
      const claim = await deps.findForStaff(tenantId, claimId);
      const row = await attachmentOf(tenantId, claim.id, attachmentId);
      const opened = await openRow(row);
      await recordDownload(tenantId, row, identityId, origin);
      return opened;
    },

    zipEntriesOf,

    /**
     * "Alles herunterladen": a reported claim's ZIP for its staff, streamed, recorded in the Protokoll. `report` is
     * the claim's "Schadenmeldung.pdf", made by the caller (the report service builds on this one).
     */
    openZipForStaff: (
      tenantId: string,
      claimId: string,
      identityId: string,
      origin: RequestOrigin,
      report: () => Promise<Buffer>,
    ): Promise<OpenedZip> => openZip(tenantId, claimId, identityId, origin, report),

    /**
     * A link to a reported claim's ZIP that works without an API key for the link lifetime from now: made afresh for
     * each delivery of `claim.submitted`. The ZIP is made when the link is opened, so it holds what the claim has then.
     */
    async zipLinkFor(tenantId: string, claimId: string): Promise<{ url: string; expiresAt: string }> {
      const expiresAt = fileLinkExpiryFrom(clock.now(), deps.fileLinkLifetime);
      return fileLinkOf(await linkKeyOf(), platformUrl, {
        tenantId,
        subject: { kind: 'claim_zip', claimId },
        expiresAt,
      });
    },

    /**
     * The ZIP a link names, as for the staff, recorded as a download through the link. An unknown, altered or expired
     * token and one whose claim is no longer a reported claim of its tenant are the same DOCUMENT_LINK_INVALID.
     * `report` makes the claim's PDF for its tenant.
     */
    async openZipByLink(
      token: string,
      userAgent: string | null,
      report: (tenantId: string, claimId: string) => Promise<Buffer>,
    ): Promise<OpenedZip> {
      const claim = verifyFileLink(await linkKeyOf(), token, clock.now());
      if (claim === null || claim.subject.kind !== 'claim_zip') throw attachmentLinkInvalid();
      const { tenantId } = claim;
      const { claimId } = claim.subject;
      return openZip(tenantId, claimId, null, { client: FILE_LINK_ORIGIN, userAgent }, () =>
        report(tenantId, claimId),
      ).catch((error: unknown) => {
        throw error instanceof AppError && error.code === 'CLAIM_NOT_FOUND' ? attachmentLinkInvalid() : error;
      });
    },

    /**
     * Links to each attachment of a claim that work without an API key for the link lifetime from now: made afresh for
     * each delivery of `claim.submitted`. Nothing is stored; the token is checked by its HMAC.
     */
    async attachmentLinksFor(
      tenantId: string,
      claimId: string,
    ): Promise<Array<ClaimAttachmentView & { download: { url: string; expiresAt: string } }>> {
      const key = await linkKeyOf();
      const expiresAt = fileLinkExpiryFrom(clock.now(), deps.fileLinkLifetime);
      return (await attachmentsOf(tenantId, claimId)).map((attachment) => ({
        ...attachment,
        download: fileLinkOf(key, platformUrl, {
          tenantId,
          subject: { kind: 'claim_attachment', attachmentId: attachment.id },
          expiresAt,
        }),
      }));
    },

    /**
     * The attachment a download link names, recorded as a download through the link. An unknown, altered or expired
     * token and one whose attachment is gone are the same DOCUMENT_LINK_INVALID (the links' one refusal).
     */
    async openAttachmentByLink(token: string, userAgent: string | null): Promise<OpenedAttachment> {
      return openAttachedFileByLink(
        { key: await linkKeyOf(), token, now: clock.now(), kind: 'claim_attachment' },
        {
          find: (tenantId, attachmentId) => createClaimAttachmentQueries(db).find(tenantId, attachmentId),
          open: openRow,
          recordDownload: (row, origin) => recordDownload(row.tenantId, row, null, origin),
          userAgent,
        },
      );
    },

    /** Of a tenant's file keys, those an attachment names (the file cleanup and a document's delete keep them). */
    referencedFileKeys: (tenantId: string, keys: string[]): Promise<string[]> =>
      createClaimAttachmentQueries(db).referencedKeys(tenantId, keys),
  };
}

export type ClaimAttachmentService = ReturnType<typeof createClaimAttachmentService>;
