import { attachmentNameOf } from '../documents/file-name.js';
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import { isUuid } from '../../shared/ids.js';
import type { AuditService, RequestOrigin } from '../audit/audit-service.js';
import {
  openAttachedFile,
  openAttachedFileByLink,
  type AttachedFile,
  type OpenedAttachment,
} from '../documents/attached-file.js';
import type { DocumentService } from '../documents/document-service.js';
import { storeFileBatch } from '../documents/file-batch.js';
import { fileLinkExpiryFrom, fileLinkOf, linkKeyLoader } from '../documents/file-link.js';
import type { FileStore } from '../documents/file-store.js';
import {
  MAX_MESSAGE_ATTACHMENT_BYTES,
  MAX_MESSAGE_ATTACHMENTS,
  MESSAGE_ATTACHMENT_KINDS,
  type MessageAttachmentView,
} from './conversation-attachment.js';
import {
  createConversationAttachmentQueries,
  type ConversationAttachmentRow,
  type ConversationAttachmentWithMessage,
} from './conversation-attachment-repo.js';

/** A message's attachment with a link that downloads it without an API key until `expiresAt`. */
export type LinkedMessageAttachment = MessageAttachmentView & { download: { url: string; expiresAt: string } };

/** An attachment of a conversation the person sees, for their data export: opened only when the ZIP reaches it. */
export interface ExportedMessageFile {
  attachment: MessageAttachmentView;
  open: () => Promise<Readable>;
}

/** A form with fewer files than a message's MAX_MESSAGE_ATTACHMENTS, and its own refusal of one more. */
export interface AttachmentCountLimit {
  maxFiles?: number;
  tooMany?: () => AppError;
}

/** Writes the rows of a message's stored attachments in the message's transaction. */
export type AttachToMessage = (tx: Database, message: { conversationId: string; messageId: string }) => Promise<void>;

const MEGABYTE = 1024 * 1024;

const toView = (row: ConversationAttachmentRow): MessageAttachmentView => ({
  id: row.id,
  messageId: row.messageId,
  name: row.fileName,
  size: row.size,
  contentType: row.contentType,
});

const notFound = (): AppError => new AppError('MESSAGE_ATTACHMENT_NOT_FOUND', 'No such attachment');

const noAttachments: AttachToMessage = () => Promise.resolve();

/**
 * Files on conversations' messages, stored like documents: sent with their message all or nothing, read by whoever
 * sees the message (an internal note's only by staff), handed to the CRM through short-lived links. Whether the
 * conversation is seen comes from the conversation service, checked on every download.
 */
export function createConversationAttachmentService(deps: {
  db: Database;
  clock: Clock;
  store: FileStore;
  files: Pick<DocumentService, 'removeFileIfUnused'>;
  audit: AuditService;
  platformUrl: URL;
  logger: Logger;
}) {
  const { db, clock, store, files, audit, platformUrl, logger } = deps;
  const linkKeyOf = linkKeyLoader(db);

  const openRow = (row: ConversationAttachmentRow): Promise<OpenedAttachment> =>
    openAttachedFile(row, { store, logger, label: 'message attachment', notFound });

  async function recordDownload(
    row: ConversationAttachmentRow,
    identityId: string | null,
    origin: RequestOrigin,
  ): Promise<void> {
    await audit.record({
      kind: 'conversation.attachment_downloaded',
      tenantId: row.tenantId,
      identityId,
      origin,
      detail: `Vorgang ${row.conversationId}, Anhang ${row.id}`,
    });
  }

  /** The attachment of this conversation, if the reader may see its message; anything else is not found. */
  async function attachmentOf(
    tenantId: string,
    conversationId: string,
    attachmentId: string,
    reader: { isInternalIncluded: boolean },
  ): Promise<ConversationAttachmentWithMessage> {
    const row = isUuid(attachmentId)
      ? await createConversationAttachmentQueries(db).find(tenantId, attachmentId)
      : null;
    if (row === null || row.conversationId !== conversationId || (row.isInternal && !reader.isInternalIncluded)) {
      throw notFound();
    }
    return row;
  }

  async function linkedViewsOf(
    tenantId: string,
    rows: readonly ConversationAttachmentRow[],
  ): Promise<LinkedMessageAttachment[]> {
    if (rows.length === 0) return [];
    const key = await linkKeyOf();
    const expiresAt = fileLinkExpiryFrom(clock.now());
    return rows.map((row) => ({
      ...toView(row),
      download: fileLinkOf(key, platformUrl, {
        tenantId,
        subject: { kind: 'conversation_attachment', attachmentId: row.id },
        expiresAt,
      }),
    }));
  }

  return {
    /**
     * Stores a message's files, then runs `write`, which writes the message and, through the function it is given,
     * the attachments' rows in the same transaction. All or nothing: the kinds documents take from customers, at most
     * MAX_MESSAGE_ATTACHMENTS files or `options.maxFiles` (MESSAGE_ATTACHMENTS_TOO_MANY or `options.tooMany`, refused
     * before the extra file is read) and MAX_MESSAGE_ATTACHMENT_BYTES together (MESSAGE_ATTACHMENTS_TOO_LARGE); any
     * refusal, also one of `write`, leaves no message and removes the files stored for it (unless another row names
     * the same bytes).
     */
    async withAttachments<R>(
      tenantId: string,
      uploaderIdentityId: string | null,
      submitted: AsyncIterable<AttachedFile> | null,
      write: (attach: AttachToMessage) => Promise<R>,
      options: AttachmentCountLimit = {},
    ): Promise<R> {
      if (submitted === null) return write(noAttachments);
      return storeFileBatch(
        store,
        tenantId,
        submitted,
        {
          maxFiles: options.maxFiles ?? MAX_MESSAGE_ATTACHMENTS,
          maxBytes: MAX_MESSAGE_ATTACHMENT_BYTES,
          kinds: MESSAGE_ATTACHMENT_KINDS,
          tooMany:
            options.tooMany ??
            (() =>
              new AppError('MESSAGE_ATTACHMENTS_TOO_MANY', {
                params: { max: MAX_MESSAGE_ATTACHMENTS },
                detail: `more than ${String(MAX_MESSAGE_ATTACHMENTS)} attachments`,
              })),
          tooLarge: () =>
            new AppError('MESSAGE_ATTACHMENTS_TOO_LARGE', {
              params: { max: MAX_MESSAGE_ATTACHMENT_BYTES / MEGABYTE },
              detail: `attachments over ${String(MAX_MESSAGE_ATTACHMENT_BYTES)} bytes together`,
            }),
          typeNotAllowed: () =>
            new AppError('MESSAGE_ATTACHMENT_TYPE_NOT_ALLOWED', 'Not a PDF, JPEG, PNG, HEIC or TIFF file'),
        },
        (key) => files.removeFileIfUnused(tenantId, key),
        (stored) =>
          write(async (tx, message) => {
            const createdAt = clock.now();
            await createConversationAttachmentQueries(tx).insert(
              stored.map((item, index) => ({
                tenantId,
                conversationId: message.conversationId,
                messageId: message.messageId,
                position: index,
                fileKey: item.file.key,
                fileName: attachmentNameOf(item.submitted.name, item.contentType),
                size: item.file.size,
                contentType: item.contentType,
                uploadedByIdentityId: uploaderIdentityId,
                createdAt,
              })),
            );
          }),
      );
    },

    /**
     * A conversation's attachments, internal notes' only when asked for. No visibility check: for the conversation
     * service, which has checked the conversation already.
     */
    async attachmentsOfConversation(
      tenantId: string,
      conversationId: string,
      options: { isInternalIncluded: boolean },
    ): Promise<MessageAttachmentView[]> {
      const rows = await createConversationAttachmentQueries(db).listForConversation(tenantId, conversationId, options);
      return rows.map(toView);
    },

    /**
     * The files of a conversation's messages for a person's data export, never an internal note's. No visibility
     * check: for the conversation service, which has checked the conversation already. Nothing is recorded as a
     * download here (the export's download is).
     */
    async exportFilesOfConversation(tenantId: string, conversationId: string): Promise<ExportedMessageFile[]> {
      const rows = await createConversationAttachmentQueries(db).listForConversation(tenantId, conversationId, {
        isInternalIncluded: false,
      });
      return rows
        .filter((row) => !row.isInternal)
        .map((row) => ({ attachment: toView(row), open: async () => (await openRow(row)).body }));
    },

    /**
     * An attachment of a conversation the caller has checked the reader sees; an internal note's only for staff.
     * Recorded as the reader's download; anything else is MESSAGE_ATTACHMENT_NOT_FOUND.
     */
    async openAttachment(
      tenantId: string,
      conversationId: string,
      attachmentId: string,
      reader: { identityId: string; isInternalIncluded: boolean },
      origin: RequestOrigin,
    ): Promise<OpenedAttachment> {
      const row = await attachmentOf(tenantId, conversationId, attachmentId, reader);
      const opened = await openRow(row);
      await recordDownload(row, reader.identityId, origin);
      return opened;
    },

    /**
     * For the CRM: a message's attachments with download links for the link lifetime from now (made afresh for each
     * delivery of `case.message.created` and each listing; nothing is stored, the token is checked by its HMAC).
     * A message that is not the conversation's is CONVERSATION_NOT_FOUND (the API's 404).
     */
    async linkedAttachmentsOfMessage(
      tenantId: string,
      conversationId: string,
      messageId: string,
    ): Promise<LinkedMessageAttachment[]> {
      const queries = createConversationAttachmentQueries(db);
      const message = isUuid(messageId) ? await queries.findMessage(tenantId, conversationId, messageId) : null;
      if (message === null) throw new AppError('CONVERSATION_NOT_FOUND', 'No such message in this conversation');
      return linkedViewsOf(tenantId, await queries.listForMessage(tenantId, message.id));
    },

    /** The links of `case.message.created`: the attachments of a customer's message (never an internal note's). */
    async attachmentLinksFor(tenantId: string, messageId: string): Promise<LinkedMessageAttachment[]> {
      if (!isUuid(messageId)) return [];
      const rows = await createConversationAttachmentQueries(db).listForMessage(tenantId, messageId);
      return linkedViewsOf(
        tenantId,
        rows.filter((row) => !row.isInternal),
      );
    },

    /**
     * The attachment a download link names, recorded as a download through the link. An unknown, altered or expired
     * token and one whose attachment is gone are the same DOCUMENT_LINK_INVALID (the links' one refusal).
     */
    async openAttachmentByLink(token: string, userAgent: string | null): Promise<OpenedAttachment> {
      return openAttachedFileByLink(
        { key: await linkKeyOf(), token, now: clock.now(), kind: 'conversation_attachment' },
        {
          find: (tenantId, attachmentId) => createConversationAttachmentQueries(db).find(tenantId, attachmentId),
          open: openRow,
          recordDownload: (row, origin) => recordDownload(row, null, origin),
          userAgent,
        },
      );
    },

    /** Of a tenant's file keys, those an attachment names (the file cleanup and a document's delete keep them). */
    referencedFileKeys: (tenantId: string, keys: string[]): Promise<string[]> =>
      createConversationAttachmentQueries(db).referencedKeys(tenantId, keys),
  };
}

export type ConversationAttachmentService = ReturnType<typeof createConversationAttachmentService>;
