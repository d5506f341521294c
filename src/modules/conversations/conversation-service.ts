import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import { isUuid } from '../../shared/ids.js';
import type { AuditService, RequestOrigin } from '../audit/audit-service.js';
import type { GrantService } from '../grants/grant-service.js';
import type { NotificationService } from '../notifications/notification-service.js';
import type { PortfolioService } from '../portfolio/portfolio-service.js';
import type { ContractKey } from '../portfolio/portfolio.js';
import type { Tenant } from '../tenants/tenant.js';
import type { VisibilityService } from '../visibility/visibility-service.js';
import {
  conversationGrantFor,
  isConversationVisible,
  mayReplyToConversation,
} from '../visibility/visibility-policy.js';
import type { InvitationService } from '../invitations/invitation-service.js';
import type { WebhookService } from '../webhooks/webhook-service.js';
import {
  checkBody,
  checkSubject,
  type AuthorKind,
  type ConversationDetail,
  type ConversationStatus,
  type ConversationSummary,
  type InboxView,
  type StaffChoice,
} from './conversation.js';
import { createConversationNotices, type ConversationNotices } from './conversation-notices.js';
import { createConversationQueries, type ConversationListRow, type ConversationRow } from './conversation-repo.js';
import { summaryOf, messageViewOf } from './conversation-views.js';
import { assigneeOf, routingCandidatesOf } from './conversation-routing-policy.js';
import type { TenantService } from '../tenants/tenant-service.js';

export interface StartInput {
  subject: string;
  body: string;
  /** The contract it is about, from those the person sees; empty for none. */
  contractId: string;
  /** Whom it is for, when the person sees several customers and names no contract. */
  customerId: string;
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
  /** The one invitation path, for a person the CRM writes to by address (`inviteOnceWithin`). */
  invitePersonWithin: InvitationService['inviteOnceWithin'];
}) {
  const { db, clock, visibility, audit } = deps;
  const notices: ConversationNotices = createConversationNotices(deps);

  /**
   * The conversation if the person sees it, and whether they may answer it; CONVERSATION_NOT_FOUND for unknown ids,
   * other tenants' and grants'.
   */
  async function visibleRow(
    tenantId: string,
    identityId: string,
    conversationId: string,
  ): Promise<{ row: ConversationRow; isReplyAllowed: boolean }> {
    const row = isUuid(conversationId) ? await createConversationQueries(db).find(tenantId, conversationId) : null;
    if (row === null) throw new AppError('CONVERSATION_NOT_FOUND');
    const scopes = await visibility.conversationScopesOf(tenantId, identityId);
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
  ): Promise<ConversationDetail> {
    const queries = createConversationQueries(db);
    const row = await queries.findForList(tenantId, conversationId, reader.identityId);
    if (row === null) throw new AppError('CONVERSATION_NOT_FOUND');
    const messages = await queries.messagesOf(tenantId, conversationId, {
      isInternalIncluded: reader.isInternalIncluded,
    });
    return {
      conversation: summaryOf(row, { isStaff: reader.isInternalIncluded }),
      messages: messages.map((message) => messageViewOf(message, reader.tenantName)),
      isReplyAllowed: reader.isReplyAllowed,
    };
  }

  /**
   * Writes a message and what follows from it in one transaction: the conversation's marks (a customer's message
   * reopens a closed conversation), the author's read mark, the mails and the webhook.
   */
  async function post(
    tenant: Tenant,
    conversationId: string,
    message: { authorKind: AuthorKind; authorIdentityId: string | null; body: string; isInternal: boolean },
  ): Promise<string> {
    return db.transaction(async (tx) => {
      const queries = createConversationQueries(tx);
      const row = await queries.lock(tenant.id, conversationId);
      if (row === null) throw new AppError('CONVERSATION_NOT_FOUND');
      const now = clock.now();
      const messageId = await queries.insertMessage({
        tenantId: tenant.id,
        conversationId,
        ...message,
        createdAt: now,
      });
      await queries.touch(tenant.id, conversationId, {
        isPublic: !message.isInternal,
        now,
        ...(message.authorKind === 'person' ? { status: 'open' as const } : {}),
      });
      if (message.authorIdentityId !== null) {
        await queries.markRead(tenant.id, conversationId, message.authorIdentityId, now);
      }
      if (message.authorKind === 'person') {
        await notices.customerWrote(tx, tenant, row, {
          messageId,
          authorIdentityId: message.authorIdentityId,
          body: message.body,
          now,
        });
      } else if (!message.isInternal) {
        await notices.brokerWrote(tx, tenant, row);
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

  return {
    /**
     * A conversation the person starts ("Nachricht an Ihren Makler"), about a contract they see or one of the
     * customers they see, routed to whoever is in charge. Nothing is written when anything is wrong.
     */
    async startForPerson(tenant: Tenant, identityId: string, input: StartInput): Promise<string> {
      const subject = validSubject(input.subject);
      const body = validBody(input.body);
      const portfolio = await visibility.portfolioOf(tenant.id, identityId);
      const contract =
        input.contractId === '' ? null : (portfolio.contracts.find((item) => item.id === input.contractId) ?? null);
      if (input.contractId !== '' && contract === null)
        throw new AppError('CONTRACT_NOT_FOUND', { field: 'contractId' });
      const customer =
        contract === null
          ? input.customerId === ''
            ? portfolio.customers.length === 1
              ? portfolio.customers[0]
              : undefined
            : portfolio.customers.find((item) => item.id === input.customerId)
          : portfolio.customers.find((item) => item.customerNumber === contract.customerNumber);
      if (customer === undefined) throw new AppError('CONVERSATION_CUSTOMER_REQUIRED', { field: 'customerId' });
      const scopes = await visibility.conversationScopesOf(tenant.id, identityId);
      const grantId = conversationGrantFor(scopes, { customerId: customer.id, contractId: contract?.id ?? null });
      if (grantId === null) throw new AppError('CONVERSATION_CUSTOMER_REQUIRED', { field: 'customerId' });
      const grant = await deps.grants.getGrant(tenant.id, grantId);
      const routing = { contract, customer, grantResponsibleStaffId: grant.responsibleStaffId };
      return db.transaction(async (tx) => {
        const staff = await createConversationQueries(tx).activeStaff(tenant.id, routingCandidatesOf(routing));
        const now = clock.now();
        const created = await createConversationQueries(tx).insertConversation({
          tenantId: tenant.id,
          customerId: customer.id,
          contractId: contract?.id ?? null,
          grantId,
          ownerIdentityId: identityId,
          assignedStaffId: assigneeOf({ ...routing, activeStaffIds: new Set(staff.map((item) => item.identityId)) }),
          subject,
          status: 'open',
          createdByKind: 'person',
          createdByIdentityId: identityId,
          lastMessageAt: now,
          lastActivityAt: now,
          createdAt: now,
          updatedAt: now,
        });
        const queries = createConversationQueries(tx);
        const messageId = await queries.insertMessage({
          tenantId: tenant.id,
          conversationId: created.id,
          authorKind: 'person',
          authorIdentityId: identityId,
          body,
          isInternal: false,
          createdAt: now,
        });
        await queries.markRead(tenant.id, created.id, identityId, now);
        await notices.customerWrote(tx, tenant, created, { messageId, authorIdentityId: identityId, body, now });
        return created.id;
      });
    },

    /** The person's conversations: unread first, then by newest message. */
    async listForPerson(tenantId: string, identityId: string): Promise<ConversationSummary[]> {
      const scopes = await visibility.conversationScopesOf(tenantId, identityId);
      const customerIds = [...new Set(scopes.flatMap((scope) => scope.customerIds))];
      const rows = await createConversationQueries(db).listOfCustomers(tenantId, customerIds, identityId);
      return rows
        .filter((row) => isConversationVisible(scopes, row.conversation, identityId))
        .map((row) => summaryOf(row, { isStaff: false }))
        .sort((a, b) => Number(b.isUnread) - Number(a.isUnread));
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
    async replyAsPerson(tenant: Tenant, identityId: string, conversationId: string, input: string): Promise<string> {
      const body = validBody(input);
      const { isReplyAllowed } = await visibleRow(tenant.id, identityId, conversationId);
      if (!isReplyAllowed) throw new AppError('CONVERSATION_REPLY_NOT_ALLOWED', { field: 'body' });
      return post(tenant, conversationId, {
        authorKind: 'person',
        authorIdentityId: identityId,
        body,
        isInternal: false,
      });
    },

    /** The workspace's inbox. */
    async listForStaff(
      tenantId: string,
      staffId: string,
      filter: { view: InboxView; isUnreadOnly: boolean },
    ): Promise<ConversationSummary[]> {
      const rows: ConversationListRow[] = await createConversationQueries(db).listForStaff(tenantId, staffId, {
        assignedTo: filter.view,
        isUnreadOnly: filter.isUnreadOnly,
      });
      return rows.map((row) => summaryOf(row, { isStaff: true }));
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
    ): Promise<string> {
      const body = validBody(input.body);
      await staffRow(tenant.id, conversationId);
      const messageId = await post(tenant, conversationId, {
        authorKind: 'staff',
        authorIdentityId: staffId,
        body,
        isInternal: input.isInternal,
      });
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
          const staff = isUuid(assigneeId) ? await queries.activeStaff(tenantId, [assigneeId]) : [];
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
      const rows = await createConversationQueries(db).activeStaff(tenantId, null);
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
    ): Promise<string> {
      const subject = validSubject(input.subject);
      const body = validBody(input.body);
      const customer = await deps.portfolio.getCustomer(tenant.id, input.customerNumber);
      const contract = input.contract === null ? null : await deps.portfolio.getContract(tenant.id, input.contract);
      if (contract !== null && contract.customerNumber !== customer.customerNumber) {
        throw new AppError('CONTRACT_NOT_FOUND', 'The contract belongs to another customer');
      }
      const routing = { contract, customer, grantResponsibleStaffId: null };
      const id = await db.transaction(async (tx) => {
        const queries = createConversationQueries(tx);
        const addressee =
          input.addressee === undefined
            ? null
            : await inviteAddressee(tx, tenant, customer.customerNumber, input.addressee, origin);
        const staff = await queries.activeStaff(tenant.id, routingCandidatesOf(routing));
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
        await queries.insertMessage({
          tenantId: tenant.id,
          conversationId: created.id,
          authorKind: 'crm',
          authorIdentityId: null,
          body,
          isInternal: false,
          createdAt: now,
        });
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
      return id;
    },

    /** A message of the CRM (the broker's answer, written in the CRM). */
    async replyAsCrm(tenant: Tenant, conversationId: string, input: string, origin: RequestOrigin): Promise<string> {
      const body = validBody(input);
      await staffRow(tenant.id, conversationId);
      const messageId = await post(tenant, conversationId, {
        authorKind: 'crm',
        authorIdentityId: null,
        body,
        isInternal: false,
      });
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
      const rows = await createConversationQueries(db).listChanged(tenantId, options);
      return rows.map((row) => summaryOf(row, { isStaff: true }));
    },
  };
}

export type ConversationService = ReturnType<typeof createConversationService>;
