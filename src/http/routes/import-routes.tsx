import { Hono } from 'hono';
import type { Services } from '../../services.js';
import { parseInvitationCsv } from '../../modules/imports/invitation-csv.js';
import { staffOrigin } from '../client-address.js';
import type { StaffContext, StaffEnv } from '../context.js';
import { readFormFile } from '../forms.js';
import { renderErrorPage } from '../pages/error-page.js';
import { ImportPage, ImportPreviewPage, ImportProgressPage } from '../pages/import-pages.js';
import { renderPage } from '../pages/page.js';
import { LogoutButton } from '../pages/portal-home-page.js';
import { textOfError } from '../../shared/error-registry.js';
import type { ErrorDetail } from '../../shared/errors.js';
import { translatorOf } from '../language.js';

async function renderImportStart(imports: Services['imports'], c: StaffContext, error: ErrorDetail | null) {
  const tenant = c.var.tenant;
  return renderPage(
    c,
    {
      title: translatorOf(c)('Import'),
      status: error === null ? 200 : 422,
      returnTo: '/admin/import',
      headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
    },
    <ImportPage
      role={c.var.staffRole}
      csrfToken={c.get('csrfToken')}
      error={error === null ? null : { code: error.code, text: textOfError(error) }}
      recent={await imports.listRecent(tenant.id)}
    />,
  );
}

/** Invitations from a CSV: check everything first, send nothing until the staff confirm, then show progress. */
export function importRoutes({ imports }: Pick<Services, 'imports'>) {
  const app = new Hono<StaffEnv>();

  app.get('/import', (c) => renderImportStart(imports, c, null));

  app.post('/import', async (c) => {
    const tenant = c.var.tenant;
    const file = await readFormFile(c, 'csv');
    if (file === null) {
      return renderImportStart(imports, c, { code: 'CSV_FILE_MISSING' });
    }
    const parsed = parseInvitationCsv(new Uint8Array(await file.arrayBuffer()));
    if (parsed.fileProblem !== null) {
      return renderImportStart(imports, c, parsed.fileProblem);
    }
    const fileName = file.name.trim() === '' ? 'Import' : file.name;
    const jobId =
      parsed.rows.length === 0
        ? null
        : await imports.createPreview(tenant.id, c.var.session.identityId, fileName, parsed.rows);
    return renderPage(
      c,
      {
        title: translatorOf(c)('Vorschau des Imports'),
        returnTo: '/admin/import',
        headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
      },
      <ImportPreviewPage
        role={c.var.staffRole}
        csrfToken={c.get('csrfToken')}
        jobId={jobId}
        fileName={fileName}
        rows={parsed.rows}
        problems={parsed.problems}
      />,
    );
  });

  app.post('/import/:jobId/start', async (c) => {
    const tenant = c.var.tenant;
    const jobId = c.req.param('jobId');
    if (!(await imports.start(tenant.id, jobId, staffOrigin(c)))) {
      return renderErrorPage(c, 404, 'not_found');
    }
    return c.redirect(`/admin/import/${jobId}`, 303);
  });

  app.get('/import/:jobId', async (c) => {
    const tenant = c.var.tenant;
    const job = await imports.find(tenant.id, c.req.param('jobId'));
    if (job === null || job.status === 'previewed') {
      return renderErrorPage(c, 404, 'not_found');
    }
    // A process that was working on it may have stopped; whoever looks picks the work up again.
    if (imports.isLeaseExpired(job, await imports.leaseOf(job.id))) {
      imports.resume(job.id, staffOrigin(c));
    }
    return renderPage(
      c,
      {
        title: translatorOf(c)('Import'),
        headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
        ...(job.status === 'running' ? { refreshSeconds: 2 } : {}),
      },
      <ImportProgressPage role={c.var.staffRole} job={job} />,
    );
  });

  return app;
}
