import { ALLOWED_FILE_KINDS, type FileKind } from '../documents/file-type.js';

/** At most this many files on one message. */
export const MAX_MESSAGE_ATTACHMENTS = 20;
/** At most this many bytes together on one message. */
export const MAX_MESSAGE_ATTACHMENT_BYTES = 35 * 1024 * 1024;
/** What customers may send as documents (PDF, JPEG, PNG, HEIC, TIFF), told by the bytes. */
export const MESSAGE_ATTACHMENT_KINDS: readonly FileKind[] = ALLOWED_FILE_KINDS;

/** A file attached to a message, as pages and the API list it. */
export interface MessageAttachmentView {
  id: string;
  messageId: string;
  name: string;
  size: number;
  contentType: string;
}
