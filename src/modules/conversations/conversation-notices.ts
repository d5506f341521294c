import type { Database } from '../../db/database.js';
import { identitiesIn } from '../identities/identity-service.js';
import { mailBrandingOf } from '../mail/mail-layout.js';
import type { NotificationService } from '../notifications/notification-service.js';
import type { OutboxService } from '../outbox/outbox-service.js';
import type { PortfolioService } from '../portfolio/portfolio-service.js';
import type { Tenant } from '../tenants/tenant.js';
import type { TenantService } from '../tenants/tenant-service.js';
import type { VisibilityService } from '../visibility/visibility-service.js';
import type { WebhookService } from '../webhooks/webhook-service.js';
import { renderCustomerMessageMail, renderNewMessageMail } from './conversation-mail.js';
import type { ConversationRow } from './conversation-repo.js';
import { createConversationInboxQueries } from '../read-models/conversation-inbox.js';

/**
 * What a new message sets off, in the message's transaction: a mail per message through the outbox (link only), to
 * the customers who see the conversation when the broker writes (those with Mein Zugang's switch on) and to the
 * assigned staff member when a customer writes; and `case.message.created` for the CRM.
 */
export function createConversationNotices(deps: {
  visibility: VisibilityService;
  notifications: NotificationService;
  outbox: OutboxService;
  webhooks: WebhookService;
  tenants: TenantService;
  portfolio: PortfolioService;
}) {
  return {
    async brokerWrote(tx: Database, tenant: Tenant, conversation: ConversationRow): Promise<void> {
      const seeing = await deps.visibility.whoSeeConversation(tx, tenant.id, conversation);
      const mailable = await deps.notifications.mailableAmongIn(tx, tenant.id, seeing);
      if (mailable.length === 0) return;
      const baseUrl = await deps.tenants.tenantBaseUrl(tenant.id, tx);
      const branding = mailBrandingOf(tenant);
      const identities = identitiesIn(tx);
      for (const identityId of mailable) {
        const identity = await identities.findById(identityId);
        if (identity === null || identity.passwordHash === null) continue;
        const mail = renderNewMessageMail({
          language: identity.language,
          branding,
          recipientName: identity.name,
          link: `${baseUrl}/nachrichten/${conversation.id}`,
        });
        await deps.outbox.enqueueMail(tx, {
          tenantId: tenant.id,
          kind: 'conversation_message',
          fromName: tenant.senderName ?? tenant.name,
          to: identity.emailDisplay,
          ...mail,
        });
      }
    },

    async customerWrote(
      tx: Database,
      tenant: Tenant,
      conversation: ConversationRow,
      message: { messageId: string; authorIdentityId: string | null; body: string; now: Date },
    ): Promise<void> {
      const customer = await createConversationInboxQueries(tx).customerNumberOf(tenant.id, conversation.customerId);
      if (conversation.assignedStaffId !== null) {
        const staff = await identitiesIn(tx).findById(conversation.assignedStaffId);
        if (staff !== null) {
          const baseUrl = await deps.tenants.tenantBaseUrl(tenant.id, tx);
          const mail = renderCustomerMessageMail({
            branding: mailBrandingOf(tenant),
            recipientName: staff.name === '' ? null : staff.name,
            customerNumber: customer,
            link: `${baseUrl}/admin/nachrichten/${conversation.id}`,
          });
          await deps.outbox.enqueueMail(tx, {
            tenantId: tenant.id,
            kind: 'conversation_message',
            fromName: tenant.senderName ?? tenant.name,
            to: staff.emailDisplay,
            ...mail,
          });
        }
      }
      await deps.webhooks.emit(tx, tenant.id, 'case.message.created', {
        conversationId: conversation.id,
        messageId: message.messageId,
        customerNumber: customer,
        contractId: conversation.contractId,
        subject: conversation.subject,
        // A service request's kind and fields ride on each of its messages, so the CRM can apply the change.
        kind: conversation.kind,
        fields: conversation.fields ?? null,
        authorId: message.authorIdentityId,
        body: message.body,
        createdAt: message.now.toISOString(),
      });
    },
  };
}

export type ConversationNotices = ReturnType<typeof createConversationNotices>;
