import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { staffOrigin } from '../client-address.js';
import { downloadResponse } from '../download-response.js';
import { contentDispositionOf } from '../../modules/documents/file-name.js';
import type { StaffContext, StaffEnv } from '../context.js';
import { readForm } from '../forms.js';
import { translatorOf } from '../language.js';
import { pageErrorOf, type ShownError } from '../page-errors.js';
import { renderErrorPage } from '../pages/error-page.js';
import { renderPage } from '../pages/page.js';
import { LogoutButton } from '../pages/portal-home-page.js';
import { StaffClaimDetailPage, StaffClaimListPage } from '../pages/staff-claim-pages.js';
import { CLAIM_STATUSES, type ClaimStatus } from '../../modules/claims/claim.js';
import { customerDisplayName } from '../../modules/portfolio/portfolio.js';
import type { Services } from '../../services.js';

function statusOf(value: unknown): ClaimStatus | null {
  return typeof value === 'string' && (CLAIM_STATUSES as readonly string[]).includes(value)
    ? (value as ClaimStatus)
    : null;
}

/** Workspace → Schäden, under /admin: the tenant's reported claims and their status. */
export function staffClaimRoutes({ claims, portfolio }: Pick<Services, 'claims' | 'portfolio'>) {
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
        attachments={await claims.attachmentsOf(c.var.tenant.id, claim.id)}
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

  /** A download of the workspace: a claim or attachment of another tenant, a draft, or an unknown id is the 404. */
  async function downloadOrNotFound(c: StaffContext, download: () => Promise<Response>) {
    try {
      return await download();
    } catch (error) {
      const refused = pageErrorOf(error);
      if (refused?.code === 'CLAIM_NOT_FOUND' || refused?.code === 'CLAIM_ATTACHMENT_NOT_FOUND') {
        return renderErrorPage(c, 404, 'not_found');
      }
      throw error;
    }
  }

  app.get('/schaeden/:id/anhaenge/:attachmentId', (c) =>
    downloadOrNotFound(c, async () =>
      downloadResponse(
        c,
        await claims.openAttachmentForStaff(
          c.var.tenant.id,
          c.req.param('id'),
          c.req.param('attachmentId'),
          c.var.session.identityId,
          staffOrigin(c),
        ),
      ),
    ),
  );

  app.get('/schaeden/:id/zip', (c) =>
    downloadOrNotFound(c, async () => {
      const zip = await claims.openZipForStaff(
        c.var.tenant.id,
        c.req.param('id'),
        c.var.session.identityId,
        staffOrigin(c),
      );
      return c.body(Readable.toWeb(zip.body) as ReadableStream<Uint8Array>, 200, {
        'Content-Type': 'application/zip',
        'Content-Disposition': contentDispositionOf(zip.fileName, 'attachment'),
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'private, no-store',
      });
    }),
  );

  return app;
}
