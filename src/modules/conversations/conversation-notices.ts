import type { Database } from '../../db/database.js';
import type { GrantService } from '../grants/grant-service.js';
import type { NotificationService } from '../notifications/notification-service.js';
import type { PortfolioService } from '../portfolio/portfolio-service.js';
import type { Tenant } from '../tenants/tenant.js';
import type { VisibilityService } from '../visibility/visibility-service.js';
import type { WebhookService } from '../webhooks/webhook-service.js';
import type { ConversationRow } from './conversation-repo.js';
import { createConversationInboxQueries } from '../read-models/conversation-inbox.js';
import { assigneeOf, routingCandidatesOf, type RoutingInput } from './conversation-routing-policy.js';

/**
 * What a new message sets off, in the message's transaction: the broker's message is counted for the hourly digest
 * of the customers who see the conversation (those with Mein Zugang's switch on), a customer's for the hourly digest
 * of the staff member in charge (or the tenant's contact address); and `case.message.created` for the CRM.
 */
export function createConversationNotices(deps: {
  visibility: VisibilityService;
  notifications: NotificationService;
  webhooks: WebhookService;
  portfolio: PortfolioService;
  grants: GrantService;
}) {
  /**
   * Who is told of a customer's message: the assignee while still active staff here who can log in, else whom the
   * routing policy names now among those who can, else the tenant's contact address. A staff member invited without
   * a password yet is passed over like a deactivated one: they would never read the mail.
   */
  async function staffToTell(
    tx: Database,
    tenantId: string,
    conversation: ConversationRow,
    now: Date,
    known: Omit<RoutingInput, 'activeStaffIds'> | undefined,
  ): Promise<{ staffIdentityId: string } | 'contact'> {
    const queries = createConversationInboxQueries(tx);
    if (conversation.assignedStaffId !== null) {
      const [assignee] = await queries.activeStaff(tenantId, [conversation.assignedStaffId], now);
      if (assignee !== undefined) return { staffIdentityId: assignee.identityId };
    }
    const routing = known ?? (await routingOf(tx, tenantId, conversation));
    const candidates = routingCandidatesOf(routing);
    const staff = candidates.length === 0 ? [] : await queries.activeStaff(tenantId, candidates, now);
    const routed = assigneeOf({ ...routing, activeStaffIds: new Set(staff.map((item) => item.identityId)) });
    return routed === null ? 'contact' : { staffIdentityId: routed };
  }

  async function routingOf(
    tx: Database,
    tenantId: string,
    conversation: ConversationRow,
  ): Promise<Omit<RoutingInput, 'activeStaffIds'>> {
    const { customerId, contractId } = conversation;
    // Without a customer ("Kunden anlegen") there is no contact of the CRM: the grant's Betreuer is the only candidate.
    const contacts =
      customerId === null
        ? { customer: { caseHandler: null }, contract: null }
        : await deps.portfolio.routingContactsOf(tx, tenantId, { customerId, contractId });
    const grant =
      conversation.grantId === null ? null : await deps.grants.getGrantWithin(tx, tenantId, conversation.grantId);
    return { ...contacts, grantResponsibleStaffId: grant?.responsibleStaffId ?? null };
  }

  return {
    async brokerWrote(tx: Database, tenant: Tenant, conversation: ConversationRow): Promise<void> {
      const seeing = await deps.visibility.whoSeeConversation(tx, tenant.id, conversation);
      const mailable = await deps.notifications.mailableAmongIn(tx, tenant.id, seeing);
      await deps.notifications.messageArrivedIn(tx, tenant.id, mailable);
    },

    /**
     * `known`: what the caller read already (the customer's number; the routing's contacts, which are read here
     * otherwise). The staff notice is written last: its row is the tenant's one per recipient, which every customer's
     * message of the tenant updates, so it stays locked only until the commit that follows.
     */
    async customerWrote(
      tx: Database,
      tenant: Tenant,
      conversation: ConversationRow,
      message: { messageId: string; authorIdentityId: string | null; body: string; now: Date },
      known: { customerNumber: string | null; routing?: Omit<RoutingInput, 'activeStaffIds'> },
    ): Promise<void> {
      const recipient = await staffToTell(tx, tenant.id, conversation, message.now, known.routing);
      await deps.webhooks.emit(tx, tenant.id, 'case.message.created', {
        conversationId: conversation.id,
        messageId: message.messageId,
        customerNumber: known.customerNumber,
        contractId: conversation.contractId,
        subject: conversation.subject,
        // A service request's kind and fields ride on each of its messages, so the CRM can apply the change.
        kind: conversation.kind,
        fields: conversation.fields ?? null,
        authorId: message.authorIdentityId,
        body: message.body,
        createdAt: message.now.toISOString(),
      });
      await deps.notifications.customerMessageArrivedIn(tx, tenant.id, recipient, conversation.id);
    },
  };
}

export type ConversationNotices = ReturnType<typeof createConversationNotices>;
