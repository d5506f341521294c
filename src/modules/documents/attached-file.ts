import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import { AppError } from '../../shared/errors.js';
import type { RequestOrigin } from '../audit/audit-service.js';
import type { BatchFile } from './file-batch.js';
import { FILE_LINK_ORIGIN, verifyFileLink, type FileLinkKind } from './file-link.js';
import { attachmentTitleOf } from './file-name.js';
import type { FileStore, LocalFile } from './file-store.js';

/**
 * Files attached to a claim or to a conversation's message: stored like documents, named by the device that sent
 * them, downloaded by whoever sees what they are attached to and through the CRM's short-lived links.
 */

/** One file of a form's submission: the name the device gave it and its bytes, not yet read. */
export interface AttachedFile extends BatchFile {
  name: string;
}

/** An attachment opened for a download: what to call it and its bytes. */
export interface OpenedAttachment {
  /** In the shape the download answer takes: the name without extension, and the content type. */
  document: { title: string; contentType: string };
  body: Readable;
  size: number;
  /** The file open on this machine's disk, when the store is a folder (see OpenedFile). */
  local?: LocalFile | undefined;
}

/** What a download needs of an attachment's row. */
export interface AttachedFileRow {
  id: string;
  tenantId: string;
  fileKey: string;
  fileName: string;
  contentType: string;
}

/** The links' one refusal, whatever is wrong with the token or its file. */
export const attachmentLinkInvalid = (): AppError =>
  new AppError('DOCUMENT_LINK_INVALID', 'The link is unknown, altered or expired, or its file was deleted');

/**
 * An attachment's bytes for its download. A row whose file is gone from the store is logged as `label` ("claim
 * attachment") and refused with `notFound()`.
 */
export async function openAttachedFile(
  row: AttachedFileRow,
  options: { store: FileStore; logger: Logger; label: string; notFound: () => AppError },
): Promise<OpenedAttachment> {
  const file = await options.store.open(row.fileKey);
  if (file === null) {
    options.logger.error(
      { attachmentId: row.id, fileKey: row.fileKey },
      `${options.label} file missing from the store`,
    );
    throw options.notFound();
  }
  return {
    document: { title: attachmentTitleOf(row.fileName), contentType: row.contentType },
    body: file.body,
    size: file.size,
    local: file.local,
  };
}

/**
 * The attachment a download link names, recorded as a download through the link. An unknown, altered or expired
 * token, one of another kind and one whose attachment or file is gone are the same DOCUMENT_LINK_INVALID.
 */
export async function openAttachedFileByLink<Row extends AttachedFileRow>(
  link: { key: string; token: string; now: Date; kind: Extract<FileLinkKind, `${string}_attachment`> },
  attachment: {
    find: (tenantId: string, attachmentId: string) => Promise<Row | null>;
    open: (row: Row) => Promise<OpenedAttachment>;
    recordDownload: (row: Row, origin: RequestOrigin) => Promise<void>;
    userAgent: string | null;
  },
): Promise<OpenedAttachment> {
  const claim = verifyFileLink(link.key, link.token, link.now);
  if (claim === null || claim.subject.kind !== link.kind || !('attachmentId' in claim.subject)) {
    throw attachmentLinkInvalid();
  }
  const row = await attachment.find(claim.tenantId, claim.subject.attachmentId);
  if (row === null) throw attachmentLinkInvalid();
  let opened: OpenedAttachment;
  try {
    opened = await attachment.open(row);
  } catch {
    throw attachmentLinkInvalid();
  }
  await attachment.recordDownload(row, { client: FILE_LINK_ORIGIN, userAgent: attachment.userAgent });
  return opened;
}
