import type { ContentVersions } from '../../db/content-versions.js';
import type { Readable } from 'node:stream';
import type { ConversationKind, ServiceRequest } from './service-request.js';
import type { MessageAttachmentView } from './conversation-attachment.js';

/** Conversations (Vorgänge) between portal users and the broker, and their messages. */
export const CONVERSATION_STATUSES = ['open', 'closed'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

export type AuthorKind = 'person' | 'staff' | 'crm';

export const SUBJECT_MAX_LENGTH = 200;
export const BODY_MAX_LENGTH = 10_000;

/** The workspace inbox's views: assigned to me, to nobody, or all of the tenant. */
export const INBOX_VIEWS = ['mine', 'unassigned', 'all'] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];

/** Conversations on one page of the inbox and of the person's list. */
export const INBOX_PAGE_SIZE = 50;

export interface ConversationSummary {
  id: string;
  subject: string;
  /** A plain message, or the kind of service request it is. */
  kind: ConversationKind;
  /** The service request's fields as filed; null for a plain message. */
  request: ServiceRequest | null;
  status: ConversationStatus;
  /** Null for a request about a customer the broker does not have yet ("Kunden anlegen"); so are number and name. */
  customerId: string | null;
  customerNumber: string | null;
  customerName: string | null;
  contractId: string | null;
  /** The contract's policy number, when the conversation is about one. */
  contractLabel: string | null;
  assignedStaffId: string | null;
  assignedStaffName: string | null;
  isUnread: boolean;
  lastMessageAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

/** One page of a list; `nextCursor` is the last row's id while more follow, null on the last page. */
export interface ConversationPage {
  items: ConversationSummary[];
  nextCursor: string | null;
}

/**
 * A page of the person's own list, with how many of all the conversations they see are unread (the navigation's
 * count), when the page's statement counted them.
 */
export interface PersonConversationPage extends ConversationPage {
  unreadConversations?: number;
  /** The tenant's content versions, read with the page's rows (absent for a page that read none). */
  contentVersions?: ContentVersions;
}

export interface MessageView {
  id: string;
  authorKind: AuthorKind;
  authorIdentityId: string | null;
  authorName: string | null;
  body: string;
  isInternal: boolean;
  createdAt: Date;
  /** The files sent with it, in the order sent. */
  attachments: MessageAttachmentView[];
}

export interface ConversationDetail {
  conversation: ConversationSummary;
  messages: MessageView[];
  /** Whether the reader may answer; false for a person the CRM wrote to before their grant shares conversations. */
  isReplyAllowed: boolean;
}

/**
 * A conversation in the person's data export: what the portal shows them, so without the workspace's assignment (who at
 * the broker handles it is the broker's routing, never shown in the portal).
 */
export interface ExportedConversation extends Omit<ConversationDetail, 'conversation'> {
  conversation: Omit<ConversationSummary, 'assignedStaffId' | 'assignedStaffName'>;
  /** How to open each file of its messages (those in `messages`, by attachment id), read when the ZIP reaches it. */
  files: ReadonlyMap<string, () => Promise<Readable>>;
}

/** A staff member of the tenant, as the assignment's choice shows them. */
export interface StaffChoice {
  identityId: string;
  name: string;
}

/**
 * The subject as stored: trimmed; the codes of what is wrong with it otherwise. Counted in code points, as people
 * count characters.
 */
export function checkSubject(
  input: string,
):
  | { ok: true; subject: string }
  | { ok: false; code: 'CONVERSATION_SUBJECT_REQUIRED' | 'CONVERSATION_SUBJECT_TOO_LONG' } {
  const subject = input
    .normalize('NFC')
    .replace(/\p{Cc}/gu, ' ')
    .trim();
  if (subject === '') return { ok: false, code: 'CONVERSATION_SUBJECT_REQUIRED' };
  if (Array.from(subject).length > SUBJECT_MAX_LENGTH) return { ok: false, code: 'CONVERSATION_SUBJECT_TOO_LONG' };
  return { ok: true, subject };
}

/** The message as stored: line breaks kept, other control characters dropped, surrounding blank space trimmed. */
export function checkBody(
  input: string,
): { ok: true; body: string } | { ok: false; code: 'MESSAGE_BODY_REQUIRED' | 'MESSAGE_BODY_TOO_LONG' } {
  const body = input
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[^\P{Cc}\n\t]/gu, '')
    .trim();
  if (body === '') return { ok: false, code: 'MESSAGE_BODY_REQUIRED' };
  if (Array.from(body).length > BODY_MAX_LENGTH) return { ok: false, code: 'MESSAGE_BODY_TOO_LONG' };
  return { ok: true, body };
}
