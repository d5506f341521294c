import { Hono } from 'hono';
import { staffOrigin } from '../client-address.js';
import { downloadResponse, zipDownloadResponse } from '../download-response.js';
import type { StaffContext, StaffEnv } from '../context.js';
import { generatedPdfResponse } from '../download-response.js';
import { readForm } from '../forms.js';
import { translatorOf } from '../language.js';
import { pageErrorOf, type ShownError } from '../page-errors.js';
import { renderErrorPage } from '../pages/error-page.js';
import { renderPage } from '../pages/page.js';
import { LogoutButton } from '../pages/portal-home-page.js';
import {
  StaffClaimDetailPage,
  StaffClaimListPage,
  staffClaimListHref,
  type StaffClaimFormValues,
  type StaffClaimListParameters,
  type StaffMember,
} from '../pages/staff-claim-pages.js';
import { CLAIM_ROUTES, CLAIM_STATUSES, type ClaimRoute, type ClaimStatus } from '../../modules/claims/claim.js';
import type { Services } from '../../services.js';
import { AppError } from '../../shared/errors.js';
import { CLAIM_REPORT_FILE_NAME } from '../../modules/claims/claim-pdf.js';

function statusOf(value: unknown): ClaimStatus | null {
  return typeof value === 'string' && (CLAIM_STATUSES as readonly string[]).includes(value)
    ? (value as ClaimStatus)
    : null;
}

function routeOf(value: unknown): ClaimRoute | null {
  return typeof value === 'string' && (CLAIM_ROUTES as readonly string[]).includes(value)
    ? (value as ClaimRoute)
    : null;
}

const textOf = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The errors a claim's forms show on the page, with the status the page answers. */
const FORM_ERRORS = {
  CLAIM_STATUS_TRANSITION_INVALID: 409,
  CLAIM_CHANGE_EMPTY: 422,
  CLAIM_TEXT_TOO_LONG: 422,
  CLAIM_ASSIGNEE_INVALID: 422,
} as const;

/** Workspace → Schäden, under /admin: the tenant's reported claims, their handling and notes to the customer. */
export function staffClaimRoutes({
  claims,
  claimHandling,
  claimReports,
  people,
}: Pick<Services, 'claims' | 'claimHandling' | 'claimReports' | 'people'>) {
  const app = new Hono<StaffEnv>();

  async function staffOf(tenantId: string): Promise<StaffMember[]> {
    return (await people.listPeople(tenantId, { kind: 'staff' })).map((person) => ({
      identityId: person.identityId,
      name: person.name,
      isActive: person.state === 'active',
    }));
  }

  async function renderDetail(
    c: StaffContext,
    status: 200 | 409 | 422,
    error: ShownError | null,
    values: StaffClaimFormValues | null,
  ) {
    const tenantId = c.var.tenant.id;
    let detail;
    try {
      detail = await claimHandling.detailForStaff(tenantId, c.req.param('id') ?? '');
    } catch (failure) {
      if (pageErrorOf(failure)?.code === 'CLAIM_NOT_FOUND') return renderErrorPage(c, 404, 'not_found');
      throw failure;
    }
    const reporterId = detail.claim.reporterIdentityId;
    const [staff, reporters] = await Promise.all([
      staffOf(tenantId),
      reporterId === null ? [] : people.listPeople(tenantId, { identityId: reporterId }),
    ]);
    const reporter = reporters[0];
    return renderPage(
      c,
      { title: translatorOf(c)('Schaden'), status, headerActions: <LogoutButton csrfToken={c.get('csrfToken')} /> },
      <StaffClaimDetailPage
        role={c.var.staffRole}
        detail={{ ...detail, staff, reporter: reporter === undefined ? null : `${reporter.name} (${reporter.email})` }}
        csrfToken={c.get('csrfToken')}
        error={error}
        values={values}
        isSaved={status === 200 && c.req.query('gespeichert') !== undefined}
        attachments={await claims.attachmentsOf(tenantId, detail.claim.id)}
      />,
    );
  }

  /** Runs a form's change; a refusal shows the page again with the message and what was typed. */
  async function submit(c: StaffContext, values: StaffClaimFormValues | null, run: () => Promise<unknown>) {
    try {
      await run();
      return c.redirect(`/admin/schaeden/${c.req.param('id') ?? ''}?gespeichert`, 303);
    } catch (error) {
      const refused = pageErrorOf(error);
      if (refused?.code === 'CLAIM_NOT_FOUND') return renderErrorPage(c, 404, 'not_found');
      if (refused !== null && refused.code in FORM_ERRORS) {
        return renderDetail(c, FORM_ERRORS[refused.code as keyof typeof FORM_ERRORS], refused, values);
      }
      throw error;
    }
  }

  app.get('/schaeden', async (c) => {
    const tenantId = c.var.tenant.id;
    const parameters: StaffClaimListParameters = {
      status: statusOf(c.req.query('status')) ?? '',
      route: routeOf(c.req.query('route')) ?? '',
      assigned: (c.req.query('zugewiesen') ?? '').slice(0, 64),
      search: (c.req.query('suche') ?? '').normalize('NFC').trim().slice(0, 100),
      cursor: (c.req.query('nach') ?? '').slice(0, 64),
    };
    const [page, staff] = await Promise.all([
      claimHandling.pageForStaff(tenantId, c.var.session.identityId, {
        status: statusOf(parameters.status),
        route: routeOf(parameters.route),
        assigned: parameters.assigned,
        search: parameters.search,
        cursor: parameters.cursor,
      }),
      staffOf(tenantId),
    ]);
    return renderPage(
      c,
      { title: translatorOf(c)('Schäden'), headerActions: <LogoutButton csrfToken={c.get('csrfToken')} /> },
      <StaffClaimListPage
        role={c.var.staffRole}
        parameters={parameters}
        claims={page.items}
        staff={staff}
        nextHref={page.nextCursor === null ? null : staffClaimListHref({ ...parameters, cursor: page.nextCursor })}
      />,
    );
  });

  app.get('/schaeden/:id', (c) => renderDetail(c, 200, null, null));

  app.get('/schaeden/:id/schadenmeldung.pdf', async (c) => {
    const claimId = c.req.param('id');
    try {
      const pdf = await claimReports.reportForStaff(c.var.tenant, claimId);
      return generatedPdfResponse(c, pdf, CLAIM_REPORT_FILE_NAME);
    } catch (error) {
      if (pageErrorOf(error)?.code === 'CLAIM_NOT_FOUND') return renderErrorPage(c, 404, 'not_found');
      throw error;
    }
  });

  /** A new status, a note to the customer, or both; "Status beibehalten" with a note sends the note alone. */
  app.post('/schaeden/:id/status', async (c) => {
    const form = await readForm(c);
    const values = {
      status: textOf(form['status']),
      note: textOf(form['note']),
      insurerClaimNumber: '',
      brokerClaimNumber: '',
    };
    const status = statusOf(values.status);
    return submit(c, values, async () => {
      if (values.status !== '' && status === null) throw new AppError('CLAIM_STATUS_TRANSITION_INVALID');
      if (status === null && values.note.trim() === '') throw new AppError('CLAIM_CHANGE_EMPTY');
      return claimHandling.changeByStaff(
        c.var.tenant,
        c.req.param('id'),
        c.var.session.identityId,
        { ...(status === null ? {} : { status }), note: values.note },
        staffOrigin(c),
      );
    });
  });

  app.post('/schaeden/:id/zuweisung', async (c) => {
    const assignee = textOf((await readForm(c))['assignee']);
    return submit(c, null, () =>
      claimHandling.assign(
        c.var.tenant.id,
        c.req.param('id'),
        assignee === '' ? null : assignee,
        c.var.session.identityId,
        staffOrigin(c),
      ),
    );
  });

  app.post('/schaeden/:id/nummern', async (c) => {
    const form = await readForm(c);
    const values = {
      status: '',
      note: '',
      insurerClaimNumber: textOf(form['insurerClaimNumber']),
      brokerClaimNumber: textOf(form['brokerClaimNumber']),
    };
    return submit(c, values, () =>
      claimHandling.changeByStaff(
        c.var.tenant,
        c.req.param('id'),
        c.var.session.identityId,
        { insurerClaimNumber: values.insurerClaimNumber, brokerClaimNumber: values.brokerClaimNumber },
        staffOrigin(c),
      ),
    );
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
        () => claimReports.reportForStaff(c.var.tenant, c.req.param('id')),
      );
      return zipDownloadResponse(c, zip);
    }),
  );

  return app;
}
