import { Hono } from 'hono';
import type { Services } from '../../services.js';
import { withMinimumDuration } from '../../shared/timing.js';
import { isWellFormedToken } from '../../shared/tokens.js';
import { requestOrigin } from '../client-address.js';
import { tenantOf, type AppEnv } from '../context.js';
import { readFields } from '../forms.js';
import { renderPage } from '../pages/page.js';
import { translatorOf } from '../language.js';
import {
  ForgotPasswordForm,
  ForgotPasswordRequested,
  FreshLinkRequested,
  LinkUnusable,
  PASSWORD_SCRIPTS,
  PasswordSaved,
  SetPasswordForm,
} from '../pages/password-pages.js';

/** Requests that must not reveal whether an address or link exists all take at least this long. */
const NEUTRAL_ANSWER_MILLISECONDS = 250;

/** The token is echoed into the page only when it is well-formed, so no arbitrary input is reflected. */
function safeToken(value: unknown): string {
  return isWellFormedToken(value) ? value : '';
}

/** The broker's name for the checklist's personal-data line; the platform host has none. */
function tenantNameOf(tenant: { name: string } | null): { tenantName?: string } {
  return tenant === null ? {} : { tenantName: tenant.name };
}

export function passwordRoutes({ passwordReset, passwordSetup }: Pick<Services, 'passwordReset' | 'passwordSetup'>) {
  const app = new Hono<AppEnv>();

  // GET (and HEAD) never use a link up: mail scanners open links before people do. A GET only
  // notes the first opening of a valid invitation for the staff; a HEAD does not even that.
  app.get('/set-password', async (c) => {
    const tenant = tenantOf(c.get('site'));
    const token = c.req.query('token');
    const { client } = requestOrigin(c);
    const view = await (c.req.method === 'HEAD'
      ? passwordSetup.describeLink(token, tenant, client)
      : passwordSetup.openLink(token, tenant, client));
    if (view.state !== 'valid') {
      return renderPage(
        c,
        { title: translatorOf(c)('Link ungültig'), status: 410 },
        <LinkUnusable csrfToken={c.get('csrfToken')} token={safeToken(token)} state={view.state} />,
      );
    }
    return renderPage(
      c,
      { title: translatorOf(c)('Passwort festlegen'), scripts: PASSWORD_SCRIPTS },
      <SetPasswordForm
        csrfToken={c.get('csrfToken')}
        token={safeToken(token)}
        email={view.email}
        name={view.name}
        problems={[]}
        isReset={view.purpose === 'password_reset'}
        {...tenantNameOf(tenant)}
      />,
    );
  });

  app.post('/set-password', async (c) => {
    const tenant = tenantOf(c.get('site'));
    const { token, password, passwordConfirm } = await readFields(c, ['token', 'password', 'passwordConfirm'] as const);
    const outcome = await passwordSetup.setPassword({
      token,
      tenant,
      password,
      passwordConfirm,
      origin: requestOrigin(c),
    });
    switch (outcome.kind) {
      case 'password_set':
        return renderPage(c, { title: translatorOf(c)('Passwort gespeichert'), returnTo: '/login' }, <PasswordSaved />);
      case 'password_refused':
        return renderPage(
          c,
          {
            title: translatorOf(c)('Passwort festlegen'),
            status: 422,
            scripts: PASSWORD_SCRIPTS,
            returnTo: `/set-password?token=${safeToken(token)}`,
          },
          <SetPasswordForm
            csrfToken={c.get('csrfToken')}
            token={safeToken(token)}
            email={outcome.email}
            name={outcome.name}
            problems={outcome.problems}
            {...tenantNameOf(tenant)}
          />,
        );
      case 'link_unusable':
        return renderPage(
          c,
          { title: translatorOf(c)('Link ungültig'), status: 410, returnTo: `/set-password?token=${safeToken(token)}` },
          <LinkUnusable csrfToken={c.get('csrfToken')} token={safeToken(token)} state={outcome.state} />,
        );
    }
  });

  app.get('/forgot-password', (c) =>
    renderPage(
      c,
      { title: translatorOf(c)('Passwort vergessen') },
      <ForgotPasswordForm csrfToken={c.get('csrfToken')} />,
    ),
  );

  app.post('/forgot-password', async (c) => {
    const { email } = await readFields(c, ['email'] as const);
    await withMinimumDuration(NEUTRAL_ANSWER_MILLISECONDS, () =>
      passwordReset.requestPasswordReset({ email, tenant: tenantOf(c.get('site')) }),
    );
    return renderPage(c, { title: translatorOf(c)('Passwort vergessen') }, <ForgotPasswordRequested />);
  });

  app.post('/link/renew', async (c) => {
    const { token } = await readFields(c, ['token'] as const);
    const tenant = tenantOf(c.get('site'));
    await withMinimumDuration(NEUTRAL_ANSWER_MILLISECONDS, () =>
      passwordSetup.requestFreshLink(token, tenant, requestOrigin(c).client),
    );
    return renderPage(c, { title: translatorOf(c)('Anfrage erhalten'), returnTo: '/login' }, <FreshLinkRequested />);
  });

  return app;
}

export { safeToken };
