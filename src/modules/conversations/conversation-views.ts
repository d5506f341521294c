import { customerDisplayName } from '../portfolio/portfolio.js';
import type { MessageAttachmentView } from './conversation-attachment.js';
import type { AuthorKind, ConversationStatus, ConversationSummary, MessageView } from './conversation.js';
import type { ConversationListRow, ListedNames, StaffInboxRow } from '../read-models/conversation-inbox.js';
import { requestOf } from './service-request.js';

/** What a list row shows of its customer, contract and assignee (an assignee without a name by their address). */
function namesOf(
  row: ListedNames,
): Pick<ConversationSummary, 'customerNumber' | 'customerName' | 'contractLabel' | 'assignedStaffName'> {
  return {
    customerNumber: row.customerNumber,
    customerName:
      row.customerKind === null
        ? null
        : customerDisplayName({
            kind: row.customerKind,
            firstName: row.firstName,
            lastName: row.lastName,
            companyName: row.companyName,
          }),
    contractLabel: row.policyNumber,
    assignedStaffName: row.assigneeName === null || row.assigneeName === '' ? row.assigneeEmail : row.assigneeName,
  };
}

/**
 * A list row as people see it. Unread is measured against what the reader sees: customers' marks move only with
 * messages they see, staff's with internal notes too.
 */
export function summaryOf(row: ConversationListRow, reader: { isStaff: boolean }): ConversationSummary {
  const { conversation } = row;
  const request = requestOf(conversation.kind, conversation.fields);
  const latest = reader.isStaff ? conversation.lastActivityAt : conversation.lastMessageAt;
  return {
    id: conversation.id,
    subject: conversation.subject,
    kind: request?.kind ?? 'message',
    request,
    status: conversation.status as ConversationStatus,
    customerId: conversation.customerId,
    ...namesOf(row),
    contractId: conversation.contractId,
    assignedStaffId: conversation.assignedStaffId,
    isUnread: row.readAt === null || row.readAt.getTime() < latest.getTime(),
    lastMessageAt: latest,
    createdAt: conversation.createdAt,
    updatedAt: conversation.updatedAt,
  };
}

/** A row of the workspace's inbox as staff see it, as `summaryOf` makes it of a list row for staff. */
export function staffSummaryOf(row: StaffInboxRow): ConversationSummary {
  const request = requestOf(row.kind, row.fields);
  return {
    id: row.id,
    subject: row.subject,
    kind: request?.kind ?? 'message',
    request,
    status: row.status as ConversationStatus,
    customerId: row.customerId,
    ...namesOf(row),
    contractId: row.contractId,
    assignedStaffId: row.assignedStaffId,
    isUnread: !row.isRead,
    lastMessageAt: new Date(row.lastActivityAtMs),
    createdAt: new Date(row.createdAtMs),
    updatedAt: new Date(row.updatedAtMs),
  };
}

export function messageViewOf(
  row: {
    id: string;
    authorKind: string;
    authorIdentityId: string | null;
    authorName: string | null;
    authorEmail: string | null;
    body: string;
    isInternal: boolean;
    createdAt: Date;
  },
  tenantName: string,
  attachments: MessageAttachmentView[],
): MessageView {
  const name = row.authorName === null || row.authorName === '' ? row.authorEmail : row.authorName;
  return {
    id: row.id,
    authorKind: row.authorKind as AuthorKind,
    authorIdentityId: row.authorIdentityId,
    // The CRM writes in the broker's name.
    authorName: row.authorKind === 'crm' ? tenantName : name,
    body: row.body,
    isInternal: row.isInternal,
    createdAt: row.createdAt,
    attachments,
  };
}
