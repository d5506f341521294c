import { Hono } from 'hono';
import type { Services } from '../../services.js';
import { isDirectLoopbackRequest } from '../client-address.js';
import type { AppContext, AppEnv } from '../context.js';
import { DevMailDetail, DevMailList } from '../pages/dev-mail-pages.js';
import { renderErrorPage } from '../pages/error-page.js';
import { renderPage } from '../pages/page.js';
import { isUuid } from '../../shared/ids.js';

/**
 * The development mailbox, on the platform host only, only where mail is not sent for real, and
 * only to a browser on this machine: it shows live set-password links.
 */
export function devMailRoutes({ outbox }: Pick<Services, 'outbox'>) {
  const app = new Hono<AppEnv>();

  app.use('*', async (c: AppContext, next) =>
    c.get('site').kind === 'platform' && isDirectLoopbackRequest(c) ? next() : renderErrorPage(c, 404, 'not_found'),
  );

  app.get('/', async (c) => {
    const mails = await outbox.listDevMails(200);
    return renderPage(c, { title: 'Entwicklungs-Postfach' }, <DevMailList mails={mails} />);
  });

  app.get('/:id', async (c) => {
    const id = c.req.param('id');
    const mail = isUuid(id) ? await outbox.findDevMail(id) : null;
    return mail === null
      ? renderErrorPage(c, 404, 'not_found')
      : renderPage(c, { title: mail.subject }, <DevMailDetail mail={mail} />);
  });

  app.get('/:id/html', async (c) => {
    const id = c.req.param('id');
    const mail = isUuid(id) ? await outbox.findDevMail(id) : null;
    if (mail === null) {
      return renderErrorPage(c, 404, 'not_found');
    }
    // The mail's own HTML, shown as a mail client would: its inline styles allowed, nothing else.
    c.header(
      'Content-Security-Policy',
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; sandbox " +
        'allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation',
    );
    return c.html(mail.htmlBody);
  });

  return app;
}
