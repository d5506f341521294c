import type { Clock } from '../../shared/clock.js';
import type { PeopleService } from '../people/people-service.js';
import { customerDisplayName } from '../portfolio/portfolio.js';
import type { PortfolioService } from '../portfolio/portfolio-service.js';
import type { Tenant } from '../tenants/tenant.js';
import type { TenantService } from '../tenants/tenant-service.js';
import type { TenantSettingsService } from '../tenants/tenant-settings-service.js';
import { AppError } from '../../shared/errors.js';
import type { VisibilityService } from '../visibility/visibility-service.js';
import type { ClaimView } from './claim.js';
import { renderClaimReport, type ClaimReportAttachment, type ClaimReportInput } from './claim-pdf.js';
import type { OpenedZip } from './claim-attachment-service.js';
import type { ClaimService } from './claim-service.js';

/**
 * "Schadenmeldung.pdf" of a claim, made on request and never stored: for the reporter (their draft, as a preview
 * before submitting) and people who see the claim, and for the broker's staff.
 */
export function createClaimReportService(deps: {
  clock: Clock;
  claims: Pick<ClaimService, 'findForPerson' | 'findForStaff' | 'attachmentsOf' | 'openZipByLink'>;
  tenants: Pick<TenantService, 'findTenantById'>;
  visibility: Pick<VisibilityService, 'findVisibleContract'>;
  portfolio: Pick<PortfolioService, 'getCustomerDetails'>;
  tenantSettings: Pick<TenantSettingsService, 'readLogo'>;
  people: Pick<PeopleService, 'listPeople'>;
}) {
  const { clock, claims, visibility, portfolio, tenantSettings, people, tenants } = deps;

  async function render(
    tenant: Tenant,
    claim: ClaimView,
    contract: ClaimReportInput['contract'],
    customerName: string | null,
  ): Promise<Buffer<ArrayBuffer>> {
    const [logo, reporter, attachments] = await Promise.all([
      tenant.logoVersion === null ? null : tenantSettings.readLogo(tenant.id),
      claim.reporterIdentityId === null ? [] : people.listPeople(tenant.id, { identityId: claim.reporterIdentityId }),
      // Asked only here, once the claim is known to be the reader's to see; the report itself is not among them.
      claims.attachmentsOf(tenant.id, claim.id),
    ]);
    return renderClaimReport({
      broker: { name: tenant.name, color: tenant.primaryColor, logo },
      claim,
      contract,
      customerName,
      reporterName: reporter[0]?.name ?? null,
      attachments: attachments.map((item): ClaimReportAttachment => ({ name: item.name, size: item.size })),
      generatedAt: clock.now(),
    });
  }

  /** The report of a reported claim of the tenant for the workspace; drafts stay the reporter's (CLAIM_NOT_FOUND). */
  async function reportForStaff(tenant: Tenant, claimId: string): Promise<Buffer<ArrayBuffer>> {
    const claim = await claims.findForStaff(tenant.id, claimId);
    const details = await portfolio.getCustomerDetails(tenant.id, claim.customerId);
    const contract = details.contracts.find((item) => item.id === claim.contractId) ?? null;
    const customerName = `${customerDisplayName(details.customer)} (${details.customer.customerNumber})`;
    return render(tenant, claim, contract, customerName);
  }

  return {
    /** The report of a claim the person sees (their own draft included); CLAIM_NOT_FOUND for any other. */
    async reportForPerson(tenant: Tenant, identityId: string, claimId: string): Promise<Buffer<ArrayBuffer>> {
      const claim = await claims.findForPerson(tenant.id, identityId, claimId);
      const contract =
        claim.contractId === null
          ? null
          : await visibility.findVisibleContract(tenant.id, identityId, claim.contractId);
      return render(tenant, claim, contract, contract?.customerName ?? null);
    },

    reportForStaff,

    /**
     * The ZIP a `claim.submitted` link names (the claim's JSON, this report and the attachments), for whoever holds
     * the link while it works; DOCUMENT_LINK_INVALID for any link that opens nothing.
     */
    openZipByLink: (token: string, userAgent: string | null): Promise<OpenedZip> =>
      claims.openZipByLink(token, userAgent, async (tenantId, claimId) => {
        const tenant = await tenants.findTenantById(tenantId);
        if (tenant === null) throw new AppError('CLAIM_NOT_FOUND');
        return reportForStaff(tenant, claimId);
      }),
  };
}

export type ClaimReportService = ReturnType<typeof createClaimReportService>;
