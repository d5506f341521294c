import type { Database } from '../../db/database.js';
import type { GrantService } from '../grants/grant-service.js';
import { identitiesIn } from '../identities/identity-service.js';
import { membershipsIn } from '../memberships/membership-service.js';
import { customerDisplayName, type ContactPerson } from '../portfolio/portfolio.js';
import { responsibleContactsOf } from '../portfolio/responsible-person.js';
import type { ContractView, CustomerView } from '../portfolio/portfolio-view.js';
import { mailBrandingOf } from '../mail/mail-layout.js';
import type { OutboxService } from '../outbox/outbox-service.js';
import type { Tenant } from '../tenants/tenant.js';
import { AppError } from '../../shared/errors.js';
import type { TenantService } from '../tenants/tenant-service.js';
import type { WebhookService } from '../webhooks/webhook-service.js';
import { renderClaimSubmittedMail } from './claim-mail.js';
import type { ClaimRow } from './claim-repo.js';
import type { ClaimAttachmentView } from './claim-attachment.js';

export interface ClaimRecipient {
  name: string | null;
  email: string;
}

/**
 * Who at the broker hears of a new claim: the contract's case handler, else its adviser, else the customer's case
 * handler, else the Betreuer of the grant the claim was reported through, else the broker's contact address. Only
 * people with an address count. The Betreuer is read only when no contact has one (`betreuer` is called at most once).
 */
export async function responsibleFor(
  contract: Pick<ContractView, 'caseHandler' | 'adviser'> | null,
  customer: Pick<CustomerView, 'caseHandler'>,
  tenant: Pick<Tenant, 'contact'>,
  betreuer: () => Promise<ClaimRecipient | null> = () => Promise.resolve(null),
): Promise<ClaimRecipient | null> {
  const person = responsibleContactsOf(contract, customer).find(
    (candidate): candidate is ContactPerson & { email: string } =>
      candidate.email !== null && candidate.email.trim() !== '',
  );
  if (person !== undefined) return { name: person.name, email: person.email };
  const staff = await betreuer();
  if (staff !== null) return staff;
  return tenant.contact.email === null ? null : { name: null, email: tenant.contact.email };
}

/**
 * The Betreuer of the claim's grant as a recipient, read in the caller's transaction: only while they are still active
 * staff of the tenant and have an address (the grant keeps the id after the person's access ended).
 */
export async function betreuerOf(
  grants: Pick<GrantService, 'getGrantWithin'>,
  tx: Database,
  tenantId: string,
  grantId: string | null,
): Promise<ClaimRecipient | null> {
  if (grantId === null) return null;
  const grant = await grants.getGrantWithin(tx, tenantId, grantId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'GRANT_NOT_FOUND') return null;
    throw error;
  });
  const staffId = grant?.responsibleStaffId ?? null;
  if (staffId === null) return null;
  const roles = await membershipsIn(tx).listActiveRoles(tenantId, staffId);
  if (!roles.some((role) => role === 'staff_admin' || role === 'staff_user')) return null;
  const identity = await identitiesIn(tx).findById(staffId);
  if (identity === null || identity.emailDisplay.trim() === '') return null;
  return { name: identity.name.trim() === '' ? null : identity.name, email: identity.emailDisplay };
}

/** What the submit of a claimable draft does besides its status: the responsible person's mail and the webhook. */
export async function deliverSubmission(
  deps: {
    outbox: OutboxService;
    webhooks: WebhookService;
    tenants: Pick<TenantService, 'tenantBaseUrl'>;
    grants: Pick<GrantService, 'getGrantWithin'>;
    attachmentsOf: (tenantId: string, claimId: string, tx: Database) => Promise<ClaimAttachmentView[]>;
  },
  tx: Database,
  tenant: Tenant,
  submitted: ClaimRow,
  claimable: { contract: ContractView | null; customer: CustomerView },
  now: Date,
): Promise<void> {
  const { outbox, webhooks, tenants } = deps;
  const { contract, customer } = claimable;
  const recipient = await responsibleFor(contract, customer, tenant, () =>
    betreuerOf(deps.grants, tx, tenant.id, submitted.grantId),
  );
  if (recipient !== null) {
    const baseUrl = await tenants.tenantBaseUrl(tenant.id, tx);
    const mail = renderClaimSubmittedMail({
      branding: mailBrandingOf(tenant),
      recipientName: recipient.name,
      subjectLine:
        contract === null
          ? `${customerDisplayName(customer)} (${customer.customerNumber})`
          : `${contract.productName ?? contract.sparteName} · ${contract.policyNumber}`,
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
    // A claim reported without a contract carries none.
    contract:
      contract === null
        ? null
        : { insurerNumber: contract.insurerNumber, sparte: contract.sparte, policyNumber: contract.policyNumber },
    reporterId: submitted.reporterIdentityId,
    answers: submitted.answers,
    // Each delivery replaces this list with the same attachments carrying fresh download links.
    attachments: await deps.attachmentsOf(tenant.id, submitted.id, tx),
  });
}
