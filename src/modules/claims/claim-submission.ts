import type { Database } from '../../db/database.js';
import type { ContactPerson } from '../portfolio/portfolio.js';
import { responsibleContactsOf } from '../portfolio/responsible-person.js';
import type { ContractView, CustomerView } from '../portfolio/portfolio-view.js';
import { mailBrandingOf } from '../mail/mail-layout.js';
import type { OutboxService } from '../outbox/outbox-service.js';
import type { Tenant } from '../tenants/tenant.js';
import type { TenantService } from '../tenants/tenant-service.js';
import type { WebhookService } from '../webhooks/webhook-service.js';
import { renderClaimSubmittedMail } from './claim-mail.js';
import type { ClaimRow } from './claim-repo.js';
import type { ClaimAttachmentView } from './claim-attachment.js';

/**
 * Who at the broker hears of a new claim: the contract's case handler, else its adviser, else the customer's case
 * handler, else the broker's contact address. Only people with an address count.
 */
export function responsibleFor(
  contract: Pick<ContractView, 'caseHandler' | 'adviser'>,
  customer: Pick<CustomerView, 'caseHandler'>,
  tenant: Pick<Tenant, 'contact'>,
): { name: string | null; email: string } | null {
  const person = responsibleContactsOf(contract, customer).find(
    (candidate): candidate is ContactPerson & { email: string } =>
      candidate.email !== null && candidate.email.trim() !== '',
  );
  if (person !== undefined) return { name: person.name, email: person.email };
  return tenant.contact.email === null ? null : { name: null, email: tenant.contact.email };
}

/** What the submit of a claimable draft does besides its status: the responsible person's mail and the webhook. */
export async function deliverSubmission(
  deps: {
    outbox: OutboxService;
    webhooks: WebhookService;
    tenants: Pick<TenantService, 'tenantBaseUrl'>;
    attachmentsOf: (tenantId: string, claimId: string, tx: Database) => Promise<ClaimAttachmentView[]>;
  },
  tx: Database,
  tenant: Tenant,
  submitted: ClaimRow,
  claimable: { contract: ContractView; customer: CustomerView },
  now: Date,
): Promise<void> {
  const { outbox, webhooks, tenants } = deps;
  const { contract, customer } = claimable;
  const recipient = responsibleFor(contract, customer, tenant);
  if (recipient !== null) {
    const baseUrl = await tenants.tenantBaseUrl(tenant.id, tx);
    const mail = renderClaimSubmittedMail({
      branding: mailBrandingOf(tenant),
      recipientName: recipient.name,
      subjectLine: `${contract.productName ?? contract.sparteName} · ${contract.policyNumber}`,
      link: `${baseUrl}/admin/schaeden/${submitted.id}`,
    });
    await outbox.enqueueMail(tx, {
      tenantId: tenant.id,
      kind: 'claim_submitted',
      fromName: tenant.senderName ?? tenant.name,
      to: recipient.email,
      ...mail,
    });
  }
  await webhooks.emit(tx, tenant.id, 'claim.submitted', {
    claimId: submitted.id,
    route: submitted.route,
    submittedAt: now.toISOString(),
    customerNumber: customer.customerNumber,
    contract: {
      insurerNumber: contract.insurerNumber,
      sparte: contract.sparte,
      policyNumber: contract.policyNumber,
    },
    reporterId: submitted.reporterIdentityId,
    answers: submitted.answers,
    // Each delivery replaces this list with the same attachments carrying fresh download links.
    attachments: await deps.attachmentsOf(tenant.id, submitted.id, tx),
  });
}
