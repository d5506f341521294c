import { Hono } from 'hono';
import type { Services } from '../../services.js';
import { GDV_UPLOAD_MAX_BYTES } from '../../modules/gdv/gdv-upload-service.js';
import { textOfError } from '../../shared/error-registry.js';
import { isAppError } from '../../shared/errors.js';
import { staffOrigin } from '../client-address.js';
import type { StaffContext, StaffEnv } from '../context.js';
import { readFormFile } from '../forms.js';
import { translatorOf } from '../language.js';
import { renderErrorPage } from '../pages/error-page.js';
import { GdvImportPage, GdvPreviewPage, GdvProgressPage, type GdvImportPageProps } from '../pages/gdv-import-pages.js';
import { renderPage } from '../pages/page.js';
import { LogoutButton } from '../pages/portal-home-page.js';

const MAX_MEGABYTES = GDV_UPLOAD_MAX_BYTES / 1024 / 1024;

async function renderStart(gdvUploads: Services['gdvUploads'], c: StaffContext, error: GdvImportPageProps['error']) {
  return renderPage(
    c,
    {
      title: translatorOf(c)('GDV-Import'),
      status: error === null ? 200 : 422,
      returnTo: '/admin/import/gdv',
      headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
    },
    <GdvImportPage
      role={c.var.staffRole}
      csrfToken={c.get('csrfToken')}
      error={error}
      maxMegabytes={MAX_MEGABYTES}
      recent={await gdvUploads.listRecent(c.var.tenant.id)}
    />,
  );
}

/** The portfolio from a GDV file, for administrators: upload, preview, confirm, then progress and the report. */
export function gdvImportRoutes({ gdvUploads }: Pick<Services, 'gdvUploads'>) {
  const app = new Hono<StaffEnv>();
  const adminsOnly = async (c: StaffContext, next: () => Promise<void>) => {
    if (c.var.staffRole !== 'staff_admin') {
      return renderErrorPage(c, 404, 'not_found');
    }
    await next();
  };
  app.use('/import/gdv', adminsOnly);
  app.use('/import/gdv/*', adminsOnly);

  app.get('/import/gdv', (c) =>
    renderStart(
      gdvUploads,
      c,
      c.req.query('zu-gross') === undefined
        ? null
        : {
            code: 'GDV_FILE_TOO_LARGE',
            text: textOfError({ code: 'GDV_FILE_TOO_LARGE', params: { max: MAX_MEGABYTES } }),
          },
    ),
  );

  app.post('/import/gdv', async (c) => {
    const file = await readFormFile(c, 'gdv');
    if (file === null || file.size === 0) {
      return renderStart(gdvUploads, c, { code: 'GDV_FILE_MISSING', text: textOfError({ code: 'GDV_FILE_MISSING' }) });
    }
    try {
      const job = await gdvUploads.createPreview(
        c.var.tenant.id,
        c.var.session.identityId,
        file.name.trim() === '' ? 'GDV' : file.name,
        new Uint8Array(await file.arrayBuffer()),
      );
      return renderPage(
        c,
        {
          title: translatorOf(c)('Vorschau des Imports'),
          returnTo: '/admin/import/gdv',
          headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
        },
        <GdvPreviewPage role={c.var.staffRole} csrfToken={c.get('csrfToken')} job={job} />,
      );
    } catch (error) {
      if (isAppError(error) && (error.code === 'GDV_FILE_NOT_GDV' || error.code === 'GDV_FILE_TOO_LARGE')) {
        return renderStart(gdvUploads, c, { code: error.code, text: textOfError(error) });
      }
      throw error;
    }
  });

  app.post('/import/gdv/:jobId/start', async (c) => {
    const jobId = c.req.param('jobId');
    if (!(await gdvUploads.start(c.var.tenant.id, jobId, staffOrigin(c)))) {
      return renderErrorPage(c, 404, 'not_found');
    }
    return c.redirect(`/admin/import/gdv/${jobId}`, 303);
  });

  app.get('/import/gdv/:jobId', async (c) => {
    const job = await gdvUploads.find(c.var.tenant.id, c.req.param('jobId'));
    if (job === null || job.status === 'previewed') {
      return renderErrorPage(c, 404, 'not_found');
    }
    // A process that was working on it may have stopped; whoever looks picks the work up again.
    if (await gdvUploads.isAbandoned(job)) {
      gdvUploads.resume(job.id, staffOrigin(c));
    }
    return renderPage(
      c,
      {
        title: translatorOf(c)('GDV-Import'),
        headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
        ...(job.status === 'running' ? { refreshSeconds: 2 } : {}),
      },
      <GdvProgressPage role={c.var.staffRole} job={job} />,
    );
  });

  return app;
}
