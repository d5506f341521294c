import { Hono } from 'hono';
import type { StaffContext, StaffEnv } from '../context.js';
import { generatedPdfResponse } from '../download-response.js';
import { readForm } from '../forms.js';
import { translatorOf } from '../language.js';
import { pageErrorOf, type ShownError } from '../page-errors.js';
import { renderErrorPage } from '../pages/error-page.js';
import { renderPage } from '../pages/page.js';
import { LogoutButton } from '../pages/portal-home-page.js';
import { StaffClaimDetailPage, StaffClaimListPage } from '../pages/staff-claim-pages.js';
import { CLAIM_STATUSES, type ClaimStatus } from '../../modules/claims/claim.js';
import { CLAIM_REPORT_FILE_NAME } from '../../modules/claims/claim-pdf.js';
import { customerDisplayName } from '../../modules/portfolio/portfolio.js';
import type { Services } from '../../services.js';
import { claimReportAttachmentsOf } from './claim-report-attachments.js';

function statusOf(value: unknown): ClaimStatus | null {
  return typeof value === 'string' && (CLAIM_STATUSES as readonly string[]).includes(value)
    ? (value as ClaimStatus)
    : null;
}

/** Workspace → Schäden, under /admin: the tenant's reported claims and their status. */
export function staffClaimRoutes({
  claims,
  claimReports,
  portfolio,
}: Pick<Services, 'claims' | 'claimReports' | 'portfolio'>) {
  const app = new Hono<StaffEnv>();

  async function renderDetail(c: StaffContext, status: 200 | 404 | 409, error: ShownError | null) {
    let claim;
    try {
      claim = await claims.findForStaff(c.var.tenant.id, c.req.param('id') ?? '');
    } catch (failure) {
      if (pageErrorOf(failure)?.code === 'CLAIM_NOT_FOUND') return renderErrorPage(c, 404, 'not_found');
      throw failure;
    }
    const details = await portfolio.getCustomerDetails(c.var.tenant.id, claim.customerId);
    const contract = details.contracts.find((item) => item.id === claim.contractId);
    return renderPage(
      c,
      {
        title: translatorOf(c)('Schaden'),
        status,
        headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
      },
      <StaffClaimDetailPage
        role={c.var.staffRole}
        entry={{
          claim,
          contractName:
            contract === undefined ? '' : `${contract.productName ?? contract.sparteName} · ${contract.policyNumber}`,
          customerName: `${customerDisplayName(details.customer)} (${details.customer.customerNumber})`,
        }}
        csrfToken={c.get('csrfToken')}
        error={error}
      />,
    );
  }

  app.get('/schaeden', async (c) => {
    const status = statusOf(c.req.query('status'));
    return renderPage(
      c,
      { title: translatorOf(c)('Schäden'), headerActions: <LogoutButton csrfToken={c.get('csrfToken')} /> },
      <StaffClaimListPage
        role={c.var.staffRole}
        status={status}
        claims={await claims.listForStaff(c.var.tenant.id, status)}
      />,
    );
  });

  app.get('/schaeden/:id', (c) => renderDetail(c, 200, null));

  app.get('/schaeden/:id/schadenmeldung.pdf', async (c) => {
    const claimId = c.req.param('id');
    try {
      const pdf = await claimReports.reportForStaff(c.var.tenant, claimId, claimReportAttachmentsOf);
      return generatedPdfResponse(c, pdf, CLAIM_REPORT_FILE_NAME);
    } catch (error) {
      if (pageErrorOf(error)?.code === 'CLAIM_NOT_FOUND') return renderErrorPage(c, 404, 'not_found');
      throw error;
    }
  });

  app.post('/schaeden/:id/status', async (c) => {
    const form = await readForm(c);
    try {
      const claim = await claims.changeStatus(c.var.tenant.id, c.req.param('id'), statusOf(form['status']) ?? 'draft');
      return c.redirect(`/admin/schaeden/${claim.id}`, 303);
    } catch (error) {
      const refused = pageErrorOf(error);
      if (refused?.code === 'CLAIM_NOT_FOUND') return renderErrorPage(c, 404, 'not_found');
      if (refused?.code === 'CLAIM_STATUS_CHANGE_INVALID') return renderDetail(c, 409, refused);
      throw error;
    }
  });

  return app;
}
