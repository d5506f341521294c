import type { Logger } from 'pino';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { AppError, fieldProblem, type FieldProblem } from '../../shared/errors.js';
import { isUuid } from '../../shared/ids.js';
import type { AuditService, RequestOrigin } from '../audit/audit-service.js';
import type { DocumentService } from '../documents/document-service.js';
import type { FileStore } from '../documents/file-store.js';
import type { GrantService } from '../grants/grant-service.js';
import type { NotificationService } from '../notifications/notification-service.js';
import type { PortfolioService } from '../portfolio/portfolio-service.js';
import type { ContractKey } from '../portfolio/portfolio.js';
import type { Tenant } from '../tenants/tenant.js';
import type { VisibilityService } from '../visibility/visibility-service.js';
import {
  conversationGrantFor,
  conversationScopesAt,
  customerAddGrantsOf,
  isConversationVisible,
  mayReplyToConversation,
} from '../visibility/visibility-policy.js';
import type { InvitationService } from '../invitations/invitation-service.js';
import type { WebhookService } from '../webhooks/webhook-service.js';
import {
  checkBody,
  checkSubject,
  type AuthorKind,
  INBOX_PAGE_SIZE,
  type ConversationDetail,
  type ConversationPage,
  type PersonConversationPage,
  type ConversationStatus,
  type ConversationSummary,
  type ExportedConversation,
  type InboxView,
  type StaffChoice,
} from './conversation.js';
import type { AttachedFile, OpenedAttachment } from '../documents/attached-file.js';
import {
  createConversationAttachmentService,
  type AttachmentCountLimit,
  type AttachToMessage,
  type LinkedMessageAttachment,
} from './conversation-attachment-service.js';
import type { MessageAttachmentView } from './conversation-attachment.js';
import { createConversationNotices, type ConversationNotices } from './conversation-notices.js';
import { createConversationQueries, type ConversationRow } from './conversation-repo.js';
import { createConversationInboxQueries } from '../read-models/conversation-inbox.js';
import { summaryOf, messageViewOf, staffSummaryOf } from './conversation-views.js';
import { assigneeOf, routingCandidatesOf } from './conversation-routing-policy.js';
import type { TenantService } from '../tenants/tenant-service.js';
import {
  firstMessageOfRequest,
  isIntermediaryKind,
  isKindWithoutCustomer,
  isRequestKind,
  MAX_REQUEST_FILES,
  parseServiceRequest,
  REQUEST_KINDS,
  subjectOfRequest,
  type ConversationKind,
  type RequestKind,
  type ServiceRequest,
} from './service-request.js';

export interface StartInput {
  subject: string;
  body: string;
  /** The contract it is about, from those the person sees; empty for none. */
  contractId: string;
  /** Whom it is for, when the person sees several customers and names no contract. */
  customerId: string;
}

type PortfolioOfPerson = Awaited<ReturnType<VisibilityService['portfolioOf']>>;
type PortfolioCustomer = PortfolioOfPerson['customers'][number];
type PortfolioContract = PortfolioOfPerson['contracts'][number];

/** The customer named, or the only one the person sees when none is named. */
function customerChosen(customers: readonly PortfolioCustomer[], customerId: string): PortfolioCustomer | undefined {
  if (customerId === '') return customers.length === 1 ? customers[0] : undefined;
  return customers.find((item) => item.id === customerId);
}

/** Today in the broker's time zone, "YYYY-MM-DD" (a date of birth must lie before it). */
function todayOf(clock: Clock): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(clock.now());
}

function validSubject(input: string): string {
  const checked = checkSubject(input);
  if (!checked.ok) throw new AppError(checked.code, { field: 'subject', params: { max: 200 } });
  return checked.subject;
}

function validBody(input: string): string {
  const checked = checkBody(input);
  if (!checked.ok) throw new AppError(checked.code, { field: 'body', params: { max: 10_000 } });
  return checked.body;
}

/**
 * Conversations (Vorgänge) between portal users and the broker: customers start and answer them in the portal, staff
 * in the workspace (with internal notes and assignment), the CRM through API v1. Every read of a person goes through
 * the visibility module's conversation rule; a new customer conversation is routed by `assigneeOf`.
 */
export function createConversationService(deps: {
  db: Database;
  clock: Clock;
  visibility: VisibilityService;
  portfolio: PortfolioService;
  grants: GrantService;
  notifications: NotificationService;
  webhooks: WebhookService;
  tenants: TenantService;
  audit: AuditService;
  store: FileStore;
  files: Pick<DocumentService, 'removeFileIfUnused'>;
  /** The platform's address, under which the download links for the CRM are built. */
  platformUrl: URL;
  logger: Logger;
  /** The one invitation path, for a person the CRM writes to by address (`inviteOnceWithin`). */
  invitePersonWithin: InvitationService['inviteOnceWithin'];
}) {
  const { db, clock, visibility, audit } = deps;
  const notices: ConversationNotices = createConversationNotices(deps);
  const attachments = createConversationAttachmentService(deps);

  /**
   * The conversation if the person sees it, and whether they may answer it; CONVERSATION_NOT_FOUND for unknown ids,
   * other tenants' and grants'.
   */
  async function visibleRow(
    tenantId: string,
    identityId: string,
    conversationId: string,
  ): Promise<{ row: ConversationRow; isReplyAllowed: boolean }> {
    const found =
      isUuid(conversationId) && isUuid(identityId)
        ? await createConversationInboxQueries(db).findWithReach(tenantId, conversationId, identityId, clock.now())
        : null;
    if (found === null) throw new AppError('CONVERSATION_NOT_FOUND');
    const row = found.conversation;
    // The grants are decided for this conversation's customer and contract only, in the statement that reads it.
    const scopes = conversationScopesAt(found.reach, row);
    if (!isConversationVisible(scopes, row, identityId)) throw new AppError('CONVERSATION_NOT_FOUND');
    const isAddressedByBroker = row.createdByKind !== 'person';
    return { row, isReplyAllowed: mayReplyToConversation(scopes, { ...row, isAddressedByBroker }, identityId) };
  }

  async function staffRow(tenantId: string, conversationId: string): Promise<ConversationRow> {
    const row = isUuid(conversationId) ? await createConversationQueries(db).find(tenantId, conversationId) : null;
    if (row === null) throw new AppError('CONVERSATION_NOT_FOUND');
    return row;
  }

  async function detailOf(
    tenantId: string,
    conversationId: string,
    reader: { identityId: string | null; isInternalIncluded: boolean; tenantName: string; isReplyAllowed: boolean },
    /** The conversation's files when the caller has read them already (the export). */
    known?: readonly MessageAttachmentView[],
  ): Promise<ConversationDetail> {
    const queries = createConversationInboxQueries(db);
    const row = await queries.findForList(tenantId, conversationId, reader.identityId);
    if (row === null) throw new AppError('CONVERSATION_NOT_FOUND');
    const options = { isInternalIncluded: reader.isInternalIncluded };
    const [messages, files] = await Promise.all([
      queries.messagesOf(tenantId, conversationId, options),
      known ?? attachments.attachmentsOfConversation(tenantId, conversationId, options),
    ]);
    const filesOf = new Map<string, MessageAttachmentView[]>();
    for (const file of files) filesOf.set(file.messageId, [...(filesOf.get(file.messageId) ?? []), file]);
    return {
      conversation: summaryOf(row, { isStaff: reader.isInternalIncluded }),
      messages: messages.map((message) => messageViewOf(message, reader.tenantName, filesOf.get(message.id) ?? [])),
      isReplyAllowed: reader.isReplyAllowed,
    };
  }

  /**
   * Writes a message with its attachments (stored first, all or nothing) and what follows from it in one
   * transaction: the conversation's marks (a customer's message reopens a closed conversation), the author's read
   * mark, the mails and the webhook.
   */
  async function post(
    tenant: Tenant,
    conversationId: string,
    message: { authorKind: AuthorKind; authorIdentityId: string | null; body: string; isInternal: boolean },
    files: AsyncIterable<AttachedFile> | null,
  ): Promise<string> {
    return attachments.withAttachments(tenant.id, message.authorIdentityId, files, (attach) =>
      writeMessage(tenant, conversationId, message, attach),
    );
  }

  async function writeMessage(
    tenant: Tenant,
    conversationId: string,
    message: { authorKind: AuthorKind; authorIdentityId: string | null; body: string; isInternal: boolean },
    attach: AttachToMessage,
  ): Promise<string> {
    return db.transaction(async (tx) => {
      const queries = createConversationQueries(tx);
      const locked = await createConversationInboxQueries(tx).lockForMessage(tenant.id, conversationId);
      if (locked === null) throw new AppError('CONVERSATION_NOT_FOUND');
      const now = clock.now();
      const messageId = await queries.appendMessage(
        { tenantId: tenant.id, conversationId, ...message },
        {
          isPublic: !message.isInternal,
          now,
          ...(message.authorKind === 'person' ? { status: 'open' as const } : {}),
        },
      );
      await attach(tx, { conversationId, messageId });
      if (message.authorKind === 'person') {
        await notices.customerWrote(
          tx,
          tenant,
          locked.row,
          { messageId, authorIdentityId: message.authorIdentityId, body: message.body, now },
          locked,
        );
      } else if (!message.isInternal) {
        await notices.brokerWrote(tx, tenant, locked.row);
      }
      return messageId;
    });
  }

  async function inviteAddressee(
    tx: Database,
    tenant: Tenant,
    customerNumber: string,
    addressee: { email: string; name: string; grantId: string | null },
    origin: RequestOrigin,
  ): Promise<{ identityId: string; grantId: string | null }> {
    if (addressee.grantId !== null) {
      // A customer grant that does not show the customer would invite a person who never sees the conversation.
      const grant = await deps.grants.getGrantWithin(tx, tenant.id, addressee.grantId);
      if (grant.kind === 'customer' && !grant.customerNumbers.includes(customerNumber)) {
        throw new AppError('CONVERSATION_GRANT_WITHOUT_CUSTOMER', {
          field: 'grantId',
          detail: 'The grant does not include the conversation’s customer',
        });
      }
    }
    const outcome = await deps.invitePersonWithin(
      tx,
      tenant,
      {
        email: addressee.email,
        name: addressee.name,
        role: 'policyholder',
        grant:
          addressee.grantId === null
            ? { name: customerNumber, customerNumbers: [customerNumber] }
            : { id: addressee.grantId },
      },
      { origin },
    );
    return { identityId: outcome.identityId, grantId: outcome.grantId };
  }

  /**
   * A conversation a person starts (a message or a request) with its first message, read by its author, assigned as
   * routing decides among the staff who can log in; in the caller's transaction, which then sends the notices.
   */
  async function insertPersonConversation(
    tx: Database,
    tenant: Tenant,
    identityId: string,
    routing: Parameters<typeof routingCandidatesOf>[0],
    start: {
      customerId: string | null;
      contractId: string | null;
      grantId: string;
      subject: string;
      kind: ConversationKind;
      fields: ConversationRow['fields'];
      body: string;
    },
  ) {
    const queries = createConversationQueries(tx);
    const now = clock.now();
    const staff = await createConversationInboxQueries(tx).activeStaff(tenant.id, routingCandidatesOf(routing), now);
    const created = await queries.insertConversation({
      tenantId: tenant.id,
      customerId: start.customerId,
      contractId: start.contractId,
      grantId: start.grantId,
      ownerIdentityId: identityId,
      assignedStaffId: assigneeOf({ ...routing, activeStaffIds: new Set(staff.map((item) => item.identityId)) }),
      subject: start.subject,
      kind: start.kind,
      fields: start.fields,
      status: 'open',
      createdByKind: 'person',
      createdByIdentityId: identityId,
      lastMessageAt: now,
      lastActivityAt: now,
      createdAt: now,
      updatedAt: now,
    });
    const messageId = await queries.insertMessage({
      tenantId: tenant.id,
      conversationId: created.id,
      authorKind: 'person',
      authorIdentityId: identityId,
      body: start.body,
      isInternal: false,
      createdAt: now,
    });
    await queries.markRead(tenant.id, created.id, identityId, now);
    return { created, messageId, now };
  }

  /**
   * Writes a conversation the person starts about a customer (and contract) they see, through the grant that shows it,
   * routed to whoever is in charge, with its first message, the mail and the webhook, in one transaction.
   */
  async function startAsPerson(
    tenant: Tenant,
    identityId: string,
    start: {
      customer: PortfolioCustomer;
      contract: PortfolioContract | null;
      subject: string;
      body: string;
      request: ServiceRequest | null;
    },
    files: AsyncIterable<AttachedFile> | null = null,
    fileLimit: AttachmentCountLimit = {},
  ): Promise<string> {
    const { customer, contract, subject, body } = start;
    const scopes = await visibility.conversationScopesOf(tenant.id, identityId);
    const grantId = conversationGrantFor(scopes, { customerId: customer.id, contractId: contract?.id ?? null });
    if (grantId === null) throw new AppError('CONVERSATION_CUSTOMER_REQUIRED', { field: 'customerId' });
    const grant = await deps.grants.getGrant(tenant.id, grantId);
    const routing = { contract, customer, grantResponsibleStaffId: grant.responsibleStaffId };
    const write = (attach: AttachToMessage) =>
      db.transaction(async (tx) => {
        const { created, messageId, now } = await insertPersonConversation(tx, tenant, identityId, routing, {
          customerId: customer.id,
          contractId: contract?.id ?? null,
          grantId,
          subject,
          kind: start.request?.kind ?? 'message',
          fields: start.request?.fields ?? null,
          body,
        });
        await attach(tx, { conversationId: created.id, messageId });
        await notices.customerWrote(
          tx,
          tenant,
          created,
          { messageId, authorIdentityId: identityId, body, now },
          { customerNumber: customer.customerNumber },
        );
        return created.id;
      });
    return attachments.withAttachments(tenant.id, identityId, files, write, fileLimit);
  }

  /**
   * "Kunden anlegen": a request without a customer, filed through one of the person's intermediary grants (the one
   * chosen, or the only one), whose option decides whether the privacy statement must be confirmed. Routed to that
   * grant's Betreuer (the CRM has no contact for a customer it does not know), else to the whole team.
   */
  async function fileCustomerAdd(
    tenant: Tenant,
    identityId: string,
    form: Readonly<Record<string, string>>,
  ): Promise<{ ok: true; conversationId: string } | { ok: false; problems: FieldProblem[] }> {
    const scopes = await visibility.conversationScopesOf(tenant.id, identityId);
    const grantIds = customerAddGrantsOf(scopes);
    if (grantIds.length === 0) throw new AppError('REQUEST_KIND_NOT_FOUND');
    const chosen = form['grantId'] ?? '';
    const grantId =
      chosen === '' ? (grantIds.length === 1 ? grantIds[0] : undefined) : grantIds.find((id) => id === chosen);
    const grant = grantId === undefined ? null : await deps.grants.getGrant(tenant.id, grantId);
    const parsed = parseServiceRequest('customer_add', form, {
      today: todayOf(clock),
      isPrivacyNoticeRequired: grant?.customerAddNeedsPrivacyNotice ?? false,
    });
    if (!parsed.ok || grant === null) {
      return {
        ok: false,
        problems: [
          ...(grant === null ? [fieldProblem('grantId', 'REQUEST_GRANT_REQUIRED')] : []),
          ...(parsed.ok ? [] : parsed.problems),
        ],
      };
    }
    const routing = {
      contract: null,
      customer: { caseHandler: null },
      grantResponsibleStaffId: grant.responsibleStaffId,
    };
    const body = firstMessageOfRequest(parsed.request);
    const conversationId = await db.transaction(async (tx) => {
      const { created, messageId, now } = await insertPersonConversation(tx, tenant, identityId, routing, {
        customerId: null,
        contractId: null,
        grantId: grant.id,
        subject: subjectOfRequest(parsed.request),
        kind: parsed.request.kind,
        fields: parsed.request.fields,
        body,
      });
      await notices.customerWrote(
        tx,
        tenant,
        created,
        { messageId, authorIdentityId: identityId, body, now },
        { customerNumber: null },
      );
      return created.id;
    });
    return { ok: true, conversationId };
  }

  return {
    /**
     * A conversation the person starts ("Nachricht an Ihren Makler"), about a contract they see or one of the
     * customers they see, routed to whoever is in charge. Nothing is written when anything is wrong.
     */
    async startForPerson(
      tenant: Tenant,
      identityId: string,
      input: StartInput,
      files: AsyncIterable<AttachedFile> | null = null,
    ): Promise<string> {
      const subject = validSubject(input.subject);
      const body = validBody(input.body);
      const portfolio = await visibility.portfolioOf(tenant.id, identityId);
      const contract =
        input.contractId === '' ? null : (portfolio.contracts.find((item) => item.id === input.contractId) ?? null);
      if (input.contractId !== '' && contract === null)
        throw new AppError('CONTRACT_NOT_FOUND', { field: 'contractId' });
      const customer =
        contract === null
          ? customerChosen(portfolio.customers, input.customerId)
          : portfolio.customers.find((item) => item.customerNumber === contract.customerNumber);
      if (customer === undefined) throw new AppError('CONVERSATION_CUSTOMER_REQUIRED', { field: 'customerId' });
      return startAsPerson(tenant, identityId, { customer, contract, subject, body, request: null }, files);
    },

    /**
     * A service request (Anliegen) the person files: a conversation of its kind with the fields checked, routed like a
     * message. A kind the person may not file does not exist for them (REQUEST_KIND_NOT_FOUND, a 404); a refused form
     * comes back with every problem at its field, and nothing is written. It takes MAX_REQUEST_FILES files at most
     * (REQUEST_FILES_TOO_MANY), within a message's limits of size and type.
     */
    async fileRequestForPerson(
      tenant: Tenant,
      identityId: string,
      kindValue: string,
      form: Readonly<Record<string, string>>,
      files: AsyncIterable<AttachedFile> | null = null,
    ): Promise<{ ok: true; conversationId: string } | { ok: false; problems: FieldProblem[] }> {
      if (!isRequestKind(kindValue)) throw new AppError('REQUEST_KIND_NOT_FOUND');
      if (isKindWithoutCustomer(kindValue)) return fileCustomerAdd(tenant, identityId, form);
      const portfolio = await visibility.portfolioOf(tenant.id, identityId);
      if (isIntermediaryKind(kindValue) && !portfolio.isIntermediary) throw new AppError('REQUEST_KIND_NOT_FOUND');
      const parsed = parseServiceRequest(kindValue, form, { today: todayOf(clock), isPrivacyNoticeRequired: false });
      const customer = customerChosen(portfolio.customers, form['customerId'] ?? '');
      const problems = [
        ...(customer === undefined ? [fieldProblem('customerId', 'REQUEST_CUSTOMER_REQUIRED')] : []),
        ...(parsed.ok ? [] : parsed.problems),
      ];
      if (!parsed.ok || customer === undefined) return { ok: false, problems };
      const conversationId = await startAsPerson(
        tenant,
        identityId,
        {
          customer,
          contract: null,
          subject: subjectOfRequest(parsed.request),
          body: firstMessageOfRequest(parsed.request),
          request: parsed.request,
        },
        files,
        {
          maxFiles: MAX_REQUEST_FILES,
          tooMany: () =>
            new AppError('REQUEST_FILES_TOO_MANY', { detail: `more than ${String(MAX_REQUEST_FILES)} file` }),
        },
      );
      return { ok: true, conversationId };
    },

    /**
     * What the "Kunden anlegen" form asks of this person: the intermediary grants they may file it through (a choice
     * when several) and whether one of them wants the privacy statement confirmed. REQUEST_KIND_NOT_FOUND without one.
     */
    async customerAddChoicesFor(
      tenantId: string,
      identityId: string,
    ): Promise<{ grants: { id: string; name: string; isPrivacyNoticeRequired: boolean }[] }> {
      const grantIds = customerAddGrantsOf(await visibility.conversationScopesOf(tenantId, identityId));
      if (grantIds.length === 0) throw new AppError('REQUEST_KIND_NOT_FOUND');
      const grants = await Promise.all(grantIds.map((id) => deps.grants.getGrant(tenantId, id)));
      return {
        grants: grants.map((grant) => ({
          id: grant.id,
          name: grant.name,
          isPrivacyNoticeRequired: grant.customerAddNeedsPrivacyNotice,
        })),
      };
    },

    /**
     * The kinds of request the person may file: intermediaries' kinds only for holders of an intermediary grant, and
     * "Kunden anlegen" only through one that shows the portfolio (not "Nur Schadenmeldung").
     */
    async requestKindsFor(tenantId: string, identityId: string): Promise<RequestKind[]> {
      const [{ isIntermediary }, scopes] = await Promise.all([
        visibility.portfolioOf(tenantId, identityId),
        visibility.conversationScopesOf(tenantId, identityId),
      ]);
      const mayAddCustomers = customerAddGrantsOf(scopes).length > 0;
      return REQUEST_KINDS.filter((kind) =>
        isKindWithoutCustomer(kind) ? mayAddCustomers : isIntermediary || !isIntermediaryKind(kind),
      );
    },

    /**
     * One page of the person's conversations: unread first, then by newest message. Decided in the page's one
     * statement from the grants the person holds (the visibility policy's conversation rule in SQL, checked against
     * the policy in `conversation-visibility-sql.test.ts`); a cursor that is no id of the tenant's gives an empty page.
     */
    async listForPerson(
      tenantId: string,
      identityId: string,
      paging: { cursor: string; limit?: number } = { cursor: '' },
    ): Promise<PersonConversationPage> {
      if (!isUuid(identityId)) return { items: [], nextCursor: null, unreadConversations: 0 };
      // A cursor that is no id: an empty page, the count left to the navigation.
      if (paging.cursor !== '' && !isUuid(paging.cursor)) return { items: [], nextCursor: null };
      const limit = paging.limit ?? INBOX_PAGE_SIZE;
      const { rows, unreadConversations, contentVersions } = await createConversationInboxQueries(
        db,
      ).visiblePageForPerson(tenantId, identityId, clock.now(), paging.cursor === '' ? null : paging.cursor, limit + 1);
      const page = rows.slice(0, limit);
      return {
        items: page.map((row) => summaryOf(row, { isStaff: false })),
        nextCursor: rows.length > limit ? (page.at(-1)?.conversation.id ?? null) : null,
        unreadConversations,
        contentVersions,
      };
    },

    /**
     * Every conversation the person sees with its messages, without internal notes, for their data export: read as
     * the portal shows them, and nothing is marked read.
     */
    async exportForPerson(tenant: Tenant, identityId: string): Promise<ExportedConversation[]> {
      const scopes = await visibility.conversationScopesOf(tenant.id, identityId);
      const inbox = createConversationInboxQueries(db);
      const details: ExportedConversation[] = [];
      let cursor: string | null = null;
      do {
        const { rows } = await inbox.visiblePageForPerson(tenant.id, identityId, clock.now(), cursor, INBOX_PAGE_SIZE);
        for (const row of rows.filter((item) => isConversationVisible(scopes, item.conversation, identityId))) {
          // Internal notes' files never: the same files the portal's page lists and serves.
          const files = await attachments.exportFilesOfConversation(tenant.id, row.conversation.id);
          const detail = await detailOf(
            tenant.id,
            row.conversation.id,
            {
              identityId,
              isInternalIncluded: false,
              tenantName: tenant.name,
              isReplyAllowed: mayReplyToConversation(
                scopes,
                { ...row.conversation, isAddressedByBroker: row.conversation.createdByKind !== 'person' },
                identityId,
              ),
            },
            files.map((file) => file.attachment),
          );
          // The assignment is the workspace's routing: the portal never shows it, so neither does the export.
          const { assignedStaffId, assignedStaffName, ...conversation } = detail.conversation;
          details.push({
            ...detail,
            conversation,
            files: new Map(files.map((file) => [file.attachment.id, file.open])),
          });
        }
        cursor = rows.length === INBOX_PAGE_SIZE ? (rows.at(-1)?.conversation.id ?? null) : null;
      } while (cursor !== null);
      return details;
    },

    /** A conversation the person sees, without internal notes; reading it marks it read. */
    async openForPerson(tenant: Tenant, identityId: string, conversationId: string): Promise<ConversationDetail> {
      const { isReplyAllowed } = await visibleRow(tenant.id, identityId, conversationId);
      const detail = await detailOf(tenant.id, conversationId, {
        identityId,
        isInternalIncluded: false,
        tenantName: tenant.name,
        isReplyAllowed,
      });
      await createConversationQueries(db).markRead(tenant.id, conversationId, identityId, clock.now());
      return detail;
    },

    /** A person's reply; a closed conversation opens again with it (the broker sees that something is asked). */
    async replyAsPerson(
      tenant: Tenant,
      identityId: string,
      conversationId: string,
      input: string,
      files: AsyncIterable<AttachedFile> | null = null,
    ): Promise<string> {
      const body = validBody(input);
      const { isReplyAllowed } = await visibleRow(tenant.id, identityId, conversationId);
      if (!isReplyAllowed) throw new AppError('CONVERSATION_REPLY_NOT_ALLOWED', { field: 'body' });
      return post(
        tenant,
        conversationId,
        { authorKind: 'person', authorIdentityId: identityId, body, isInternal: false },
        files,
      );
    },

    /** One page of the workspace's inbox, newest activity first; a cursor that is no id gives an empty page. */
    async listForStaff(
      tenantId: string,
      staffId: string,
      filter: { view: InboxView; isUnreadOnly: boolean; kind?: ConversationKind | null },
      paging: { cursor: string; limit?: number } = { cursor: '' },
    ): Promise<ConversationPage> {
      if (paging.cursor !== '' && !isUuid(paging.cursor)) return { items: [], nextCursor: null };
      const limit = paging.limit ?? INBOX_PAGE_SIZE;
      const rows = await createConversationInboxQueries(db).pageForStaff(
        tenantId,
        staffId,
        { assignedTo: filter.view, isUnreadOnly: filter.isUnreadOnly, kind: filter.kind ?? null },
        paging.cursor === '' ? null : paging.cursor,
        limit + 1,
      );
      const page = rows.slice(0, limit);
      return {
        items: page.map(staffSummaryOf),
        nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
      };
    },

    /** A conversation of the tenant with internal notes, for staff; reading it marks it read for them. */
    async openForStaff(tenant: Tenant, staffId: string, conversationId: string): Promise<ConversationDetail> {
      await staffRow(tenant.id, conversationId);
      const detail = await detailOf(tenant.id, conversationId, {
        identityId: staffId,
        isInternalIncluded: true,
        tenantName: tenant.name,
        isReplyAllowed: true,
      });
      await createConversationQueries(db).markRead(tenant.id, conversationId, staffId, clock.now());
      return detail;
    },

    /** A staff reply, or an internal note customers never see; recorded in the Protokoll. */
    async replyAsStaff(
      tenant: Tenant,
      staffId: string,
      conversationId: string,
      input: { body: string; isInternal: boolean },
      origin: RequestOrigin,
      files: AsyncIterable<AttachedFile> | null = null,
    ): Promise<string> {
      const body = validBody(input.body);
      await staffRow(tenant.id, conversationId);
      const messageId = await post(
        tenant,
        conversationId,
        { authorKind: 'staff', authorIdentityId: staffId, body, isInternal: input.isInternal },
        files,
      );
      await audit.record({
        kind: 'conversation.message_sent',
        tenantId: tenant.id,
        identityId: null,
        actorIdentityId: staffId,
        origin,
        detail: `${input.isInternal ? 'Interne Notiz' : 'Nachricht'} im Vorgang ${conversationId}`,
      });
      return messageId;
    },

    /** Assigns the conversation to a staff member of the tenant, or to nobody. */
    async assign(
      tenantId: string,
      conversationId: string,
      assigneeId: string | null,
      origin: RequestOrigin,
    ): Promise<void> {
      await staffRow(tenantId, conversationId);
      await db.transaction(async (tx) => {
        const queries = createConversationQueries(tx);
        if (assigneeId !== null) {
          const staff = isUuid(assigneeId)
            ? await createConversationInboxQueries(tx).activeStaff(tenantId, [assigneeId])
            : [];
          if (staff.length === 0) throw new AppError('CONVERSATION_ASSIGNEE_INVALID', { field: 'assignee' });
        }
        await queries.update(tenantId, conversationId, { assignedStaffId: assigneeId, now: clock.now() });
        await audit.record(
          {
            kind: 'conversation.changed',
            tenantId,
            identityId: assigneeId,
            origin,
            detail: `Vorgang ${conversationId} ${assigneeId === null ? 'niemandem' : 'neu'} zugewiesen`,
          },
          tx,
        );
      });
    },

    /** Closes or reopens a conversation. */
    async setStatus(
      tenantId: string,
      conversationId: string,
      status: ConversationStatus,
      origin: RequestOrigin,
    ): Promise<void> {
      await staffRow(tenantId, conversationId);
      await db.transaction(async (tx) => {
        await createConversationQueries(tx).update(tenantId, conversationId, { status, now: clock.now() });
        await audit.record(
          {
            kind: 'conversation.changed',
            tenantId,
            identityId: null,
            origin,
            detail: `Vorgang ${conversationId} ${status === 'closed' ? 'geschlossen' : 'wieder geöffnet'}`,
          },
          tx,
        );
      });
    },

    /** The tenant's active staff, for the assignment's choice. */
    async staffChoices(tenantId: string): Promise<StaffChoice[]> {
      const rows = await createConversationInboxQueries(db).activeStaff(tenantId, null);
      return rows.map((row) => ({ identityId: row.identityId, name: row.name === '' ? row.email : row.name }));
    },

    /**
     * The CRM starts a conversation with a customer (addressed to everybody who sees the customer), optionally about
     * one of the customer's contracts; unassigned unless the CRM's contacts route it. With an addressee it is written
     * to that person only: invited through the one invitation path (on the grant named, else the grant named by the
     * customer number, created with that customer when missing) in the same transaction, so an unknown address gets
     * its identity and one invitation mail; an identity of another broker is reused as it is.
     */
    async startForCrm(
      tenant: Tenant,
      input: {
        customerNumber: string;
        contract: ContractKey | null;
        subject: string;
        body: string;
        addressee?: { email: string; name: string; grantId: string | null };
      },
      origin: RequestOrigin,
      files: AsyncIterable<AttachedFile> | null = null,
    ): Promise<string> {
      const subject = validSubject(input.subject);
      const body = validBody(input.body);
      const customer = await deps.portfolio.getCustomer(tenant.id, input.customerNumber);
      const contract = input.contract === null ? null : await deps.portfolio.getContract(tenant.id, input.contract);
      if (contract !== null && contract.customerNumber !== customer.customerNumber) {
        throw new AppError('CONTRACT_NOT_FOUND', 'The contract belongs to another customer');
      }
      const routing = { contract, customer, grantResponsibleStaffId: null };
      const write = (attach: AttachToMessage) =>
        db.transaction(async (tx) => {
          const queries = createConversationQueries(tx);
          const addressee =
            input.addressee === undefined
              ? null
              : await inviteAddressee(tx, tenant, customer.customerNumber, input.addressee, origin);
          const staff = await createConversationInboxQueries(tx).activeStaff(
            tenant.id,
            routingCandidatesOf(routing),
            clock.now(),
          );
          const now = clock.now();
          const created = await queries.insertConversation({
            tenantId: tenant.id,
            customerId: customer.id,
            contractId: contract?.id ?? null,
            grantId: addressee?.grantId ?? null,
            ownerIdentityId: addressee?.identityId ?? null,
            assignedStaffId: assigneeOf({ ...routing, activeStaffIds: new Set(staff.map((item) => item.identityId)) }),
            subject,
            status: 'open',
            createdByKind: 'crm',
            createdByIdentityId: null,
            lastMessageAt: now,
            lastActivityAt: now,
            createdAt: now,
            updatedAt: now,
          });
          const messageId = await queries.insertMessage({
            tenantId: tenant.id,
            conversationId: created.id,
            authorKind: 'crm',
            authorIdentityId: null,
            body,
            isInternal: false,
            createdAt: now,
          });
          await attach(tx, { conversationId: created.id, messageId });
          await notices.brokerWrote(tx, tenant, created);
          await audit.record(
            {
              kind: 'conversation.started',
              tenantId: tenant.id,
              identityId: null,
              origin,
              detail: `Vorgang ${created.id}`,
            },
            tx,
          );
          return created.id;
        });
      return attachments.withAttachments(tenant.id, null, files, write);
    },

    /** A message of the CRM (the broker's answer, written in the CRM). */
    async replyAsCrm(
      tenant: Tenant,
      conversationId: string,
      input: string,
      origin: RequestOrigin,
      files: AsyncIterable<AttachedFile> | null = null,
    ): Promise<string> {
      const body = validBody(input);
      await staffRow(tenant.id, conversationId);
      const messageId = await post(
        tenant,
        conversationId,
        { authorKind: 'crm', authorIdentityId: null, body, isInternal: false },
        files,
      );
      await audit.record({
        kind: 'conversation.message_sent',
        tenantId: tenant.id,
        identityId: null,
        origin,
        detail: `Nachricht im Vorgang ${conversationId}`,
      });
      return messageId;
    },

    /** For the CRM: one conversation with every message, internal notes included (they are the broker's). */
    async findForCrm(tenant: Tenant, conversationId: string): Promise<ConversationDetail> {
      await staffRow(tenant.id, conversationId);
      return detailOf(tenant.id, conversationId, {
        identityId: null,
        isInternalIncluded: true,
        tenantName: tenant.name,
        isReplyAllowed: true,
      });
    },

    /** For the CRM: the conversations changed since an instant, oldest change first, a page at a time. */
    async listForCrm(
      tenantId: string,
      options: { updatedSince: Date | null; after: { updatedAt: Date; id: string } | null; limit: number },
    ): Promise<ConversationSummary[]> {
      const rows = await createConversationInboxQueries(db).listChanged(tenantId, options);
      return rows.map((row) => summaryOf(row, { isStaff: true }));
    },

    /**
     * An attachment of a conversation the person sees (checked again on every download), never an internal note's;
     * recorded as their download. Anything else is CONVERSATION_NOT_FOUND or MESSAGE_ATTACHMENT_NOT_FOUND.
     */
    async openAttachmentForPerson(
      tenantId: string,
      identityId: string,
      conversationId: string,
      attachmentId: string,
      origin: RequestOrigin,
    ): Promise<OpenedAttachment> {
      const { row } = await visibleRow(tenantId, identityId, conversationId);
      return attachments.openAttachment(
        tenantId,
        row.id,
        attachmentId,
        { identityId, isInternalIncluded: false },
        origin,
      );
    },

    /** An attachment of a conversation of the tenant for its staff, internal notes' included; recorded. */
    async openAttachmentForStaff(
      tenantId: string,
      staffId: string,
      conversationId: string,
      attachmentId: string,
      origin: RequestOrigin,
    ): Promise<OpenedAttachment> {
      const row = await staffRow(tenantId, conversationId);
      return attachments.openAttachment(
        tenantId,
        row.id,
        attachmentId,
        { identityId: staffId, isInternalIncluded: true },
        origin,
      );
    },

    /** For the CRM: a message's attachments with short-lived download links; another conversation's message is 404. */
    async attachmentsOfMessageForCrm(
      tenantId: string,
      conversationId: string,
      messageId: string,
    ): Promise<LinkedMessageAttachment[]> {
      const row = await staffRow(tenantId, conversationId);
      return attachments.linkedAttachmentsOfMessage(tenantId, row.id, messageId);
    },

    /** The links of `case.message.created`: the files of a customer's message, fresh at each delivery. */
    attachmentLinksFor: (tenantId: string, messageId: string): Promise<LinkedMessageAttachment[]> =>
      attachments.attachmentLinksFor(tenantId, messageId),
    /** The attachment a file link names (DOCUMENT_LINK_INVALID for any other token), recorded as its download. */
    openAttachmentByLink: (token: string, userAgent: string | null): Promise<OpenedAttachment> =>
      attachments.openAttachmentByLink(token, userAgent),
    referencedFileKeys: attachments.referencedFileKeys,
  };
}

export type ConversationService = ReturnType<typeof createConversationService>;
