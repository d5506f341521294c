import { safeFileName } from '../documents/file-name.js';
import { ALLOWED_FILE_KINDS, type FileKind } from '../documents/file-type.js';

/** At most this many files on one message. */
export const MAX_MESSAGE_ATTACHMENTS = 20;
/** At most this many bytes together on one message. */
export const MAX_MESSAGE_ATTACHMENT_BYTES = 35 * 1024 * 1024;
/** What customers may send as documents (PDF, JPEG, PNG, HEIC, TIFF), told by the bytes. */
export const MESSAGE_ATTACHMENT_KINDS: readonly FileKind[] = ALLOWED_FILE_KINDS;

/** The name of an attachment whose device gave it none worth keeping. */
export const DEFAULT_ATTACHMENT_NAME = 'Anhang';

/** A file attached to a message, as pages and the API list it. */
export interface MessageAttachmentView {
  id: string;
  messageId: string;
  name: string;
  size: number;
  contentType: string;
}

const EXTENSIONS: Readonly<Record<string, string>> = {
  'application/pdf': '.pdf',
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/heic': '.heic',
  'image/heic-sequence': '.heic',
  'image/heif': '.heif',
  'image/heif-sequence': '.heif',
  'image/tiff': '.tif',
};

const EXTENSION_PATTERN = /\.[A-Za-z0-9]{1,10}$/;

/**
 * The name kept for an uploaded file: the device's name made safe, with the extension its bytes show (a photo named
 * `.pdf` is kept as `.jpg`), so every download opens in the right program.
 */
export function attachmentNameOf(uploadedName: string, contentType: string): string {
  const stem = safeFileName(uploadedName).replace(EXTENSION_PATTERN, '').trim();
  return safeFileName(`${stem === '' ? DEFAULT_ATTACHMENT_NAME : stem}${EXTENSIONS[contentType] ?? ''}`);
}

/** The name without its extension (the download adds the one of its content type again). */
export function attachmentTitleOf(name: string): string {
  return name.replace(EXTENSION_PATTERN, '') || DEFAULT_ATTACHMENT_NAME;
}
