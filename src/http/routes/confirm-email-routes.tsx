import { Hono } from 'hono';
import type { Services } from '../../services.js';
import { requestOrigin } from '../client-address.js';
import { tenantOf, type AppEnv } from '../context.js';
import { readFields } from '../forms.js';
import { ConfirmEmailForm, EmailConfirmed } from '../pages/confirm-email-pages.js';
import { renderPage } from '../pages/page.js';
import { translatorOf } from '../language.js';
import { LinkUnusable } from '../pages/password-pages.js';
import { safeToken } from './password-routes.js';

export function confirmEmailRoutes({ emailConfirmation }: Pick<Services, 'emailConfirmation'>) {
  const app = new Hono<AppEnv>();

  app.get('/confirm-email', async (c) => {
    const token = c.req.query('token');
    const view = await emailConfirmation.describeConfirmationLink(
      token,
      tenantOf(c.get('site')),
      requestOrigin(c).client,
    );
    if (view.state !== 'valid') {
      return renderPage(
        c,
        { title: translatorOf(c)('Link ungültig'), status: 410 },
        <LinkUnusable csrfToken={c.get('csrfToken')} token={safeToken(token)} state={view.state} />,
      );
    }
    return renderPage(
      c,
      { title: translatorOf(c)('E-Mail-Adresse bestätigen') },
      <ConfirmEmailForm csrfToken={c.get('csrfToken')} token={safeToken(token)} email={view.email} />,
    );
  });

  app.post('/confirm-email', async (c) => {
    const { token } = await readFields(c, ['token'] as const);
    const outcome = await emailConfirmation.confirmEmail(token, tenantOf(c.get('site')), requestOrigin(c));
    if (outcome.state !== 'valid') {
      return renderPage(
        c,
        { title: translatorOf(c)('Link ungültig'), status: 410, returnTo: `/confirm-email?token=${safeToken(token)}` },
        <LinkUnusable csrfToken={c.get('csrfToken')} token={safeToken(token)} state={outcome.state} />,
      );
    }
    return renderPage(
      c,
      { title: translatorOf(c)('E-Mail-Adresse bestätigt'), returnTo: '/login' },
      <EmailConfirmed email={outcome.email} />,
    );
  });

  return app;
}
