import { Hono } from 'hono';
import { pathAfterLogin } from './profile-routes.js';
import type { Metrics } from '../../observability/metrics.js';
import type { Services } from '../../services.js';
import { requestOrigin } from '../client-address.js';
import { tenantOf, type AppContext, type AppEnv } from '../context.js';
import { readFields } from '../forms.js';
import {
  EmailUnconfirmedNotice,
  RESEND_SCRIPTS,
  HandoffConfirmation,
  LoginForm,
  SecondFactorForm,
  TenantChooser,
} from '../pages/login-pages.js';
import type { Identity } from '../../modules/identities/identity.js';
import type { MembershipTenant } from '../../modules/memberships/membership.js';
import { renderKeptPage, renderPage } from '../pages/page.js';
import { translatorOf } from '../language.js';
import type { SessionCookies } from '../session-cookie.js';
import { required } from '../../shared/required.js';

function tenantName(c: AppContext): string | null {
  return tenantOf(c.get('site'))?.name ?? null;
}

export function loginRoutes(
  { login, memberships, sessions, tenants }: Pick<Services, 'login' | 'memberships' | 'sessions' | 'tenants'>,
  cookies: SessionCookies,
  metrics: Metrics,
) {
  const app = new Hono<AppEnv>();

  app.get('/login', (c) => {
    if (c.get('session') !== null) {
      return c.redirect('/', 303);
    }
    // A fixed text chosen by a flag, so nothing from the address bar is reflected into the page.
    const t = translatorOf(c);
    const notice =
      c.req.query('abgemeldet') !== undefined
        ? t('Sie wurden abgemeldet.')
        : c.req.query('erneut') !== undefined
          ? t('Bitte melden Sie sich erneut an.')
          : undefined;
    return renderKeptPage(c, notice ?? '', { title: t('Anmelden') }, (csrfToken) => (
      <LoginForm csrfToken={csrfToken} tenantName={tenantName(c)} notice={notice} />
    ));
  });

  app.post('/login', async (c) => {
    const { email, password } = await readFields(c, ['email', 'password'] as const);
    const site = c.get('site');
    // On a broker's host a correct login starts its session there, written with the login's own statement.
    const session =
      site.kind === 'tenant' && c.get('session') === null
        ? { host: site.host, userAgent: c.req.header('user-agent') ?? null }
        : undefined;
    const outcome = await login.logIn({ email, password, tenant: tenantOf(site), origin: requestOrigin(c), session });
    metrics.recordLogin(outcome.kind);
    const t = translatorOf(c);
    if (outcome.kind === 'failed') {
      return renderPage(
        c,
        { title: t('Anmelden'), status: 401 },
        <LoginForm csrfToken={c.get('csrfToken')} tenantName={tenantName(c)} email={email.slice(0, 254)} hasFailed />,
      );
    }
    if (outcome.kind === 'email_unconfirmed') {
      return renderPage(
        c,
        { title: t('E-Mail-Adresse bestätigen'), status: 403, scripts: RESEND_SCRIPTS },
        <EmailUnconfirmedNotice
          csrfToken={c.get('csrfToken')}
          email={outcome.email}
          ticket={outcome.ticket}
          retryAfterSeconds={outcome.retryAfterSeconds}
          wasSent={null}
        />,
      );
    }
    if (outcome.kind === 'second_factor_required') {
      return renderPage(
        c,
        { title: t('Anmelden: Bestätigungscode') },
        <SecondFactorForm csrfToken={c.get('csrfToken')} ticket={outcome.ticket} hasFailed={false} />,
      );
    }
    if (outcome.sessionToken !== null) {
      cookies.write(c, outcome.sessionToken);
      return c.redirect(pathAfterLogin(c), 303);
    }
    return startSession(c, outcome.identity, outcome.memberships);
  });

  app.post('/login/second-factor', async (c) => {
    const { ticket, code } = await readFields(c, ['ticket', 'code'] as const);
    const outcome = await login.completeSecondFactor({
      ticket,
      code,
      tenant: tenantOf(c.get('site')),
      origin: requestOrigin(c),
    });
    if (outcome.kind === 'ticket_invalid') {
      return c.redirect('/login?erneut', 303);
    }
    if (outcome.kind === 'code_wrong') {
      return renderPage(
        c,
        { title: translatorOf(c)('Anmelden: Bestätigungscode'), status: 401, returnTo: '/login' },
        <SecondFactorForm csrfToken={c.get('csrfToken')} ticket={ticket} hasFailed />,
      );
    }
    metrics.recordLogin('authenticated');
    return startSession(c, outcome.identity, outcome.memberships);
  });

  /** After every check of a login: a fresh session id here, or a handoff to the one broker's own host. */
  async function startSession(c: AppContext, identity: Identity, memberships: MembershipTenant[]) {
    const site = c.get('site');
    const previous = c.get('session');
    if (previous !== null) {
      await sessions.endSession(previous.sessionId);
    }
    const [only] = memberships;
    if (site.kind === 'platform' && memberships.length === 1 && only !== undefined) {
      const code = await sessions.issueHandoff(identity.id, only.tenantId, identity.email, requestOrigin(c));
      return c.redirect(`${await tenants.tenantBaseUrl(only.tenantId)}/session/handoff?code=${code}`, 303);
    }
    cookies.write(
      c,
      await sessions.createSession({
        identityId: identity.id,
        tenantId: tenantOf(site)?.id ?? null,
        host: site.host,
        userAgent: c.req.header('user-agent') ?? null,
      }),
    );
    return c.redirect(pathAfterLogin(c), 303);
  }

  app.post('/login/resend-confirmation', async (c) => {
    const { ticket } = await readFields(c, ['ticket'] as const);
    const outcome = await login.resendConfirmation(ticket, tenantOf(c.get('site')));
    if (outcome === null) {
      return c.redirect('/login', 303);
    }
    if (!outcome.wasSent) {
      c.header('Retry-After', String(Math.max(1, outcome.retryAfterSeconds)));
    }
    return renderPage(
      c,
      {
        title: translatorOf(c)('E-Mail-Adresse bestätigen'),
        status: outcome.wasSent ? 200 : 429,
        returnTo: '/login',
        scripts: RESEND_SCRIPTS,
      },
      <EmailUnconfirmedNotice
        csrfToken={c.get('csrfToken')}
        email={outcome.email}
        ticket={ticket}
        retryAfterSeconds={outcome.retryAfterSeconds}
        wasSent={outcome.wasSent}
      />,
    );
  });

  app.post('/logout', async (c) => {
    const session = c.get('session');
    if (session !== null) {
      await sessions.endSession(session.sessionId);
    }
    cookies.clear(c);
    return c.redirect('/login?abgemeldet', 303);
  });

  // The one GET that logs in: a one-minute code from the platform host's login, never mailed.
  app.get('/session/handoff', (c) => redeem(c, c.req.query('code'), false));
  app.post('/session/handoff', async (c) => redeem(c, (await readFields(c, ['code'] as const)).code, true));

  async function redeem(c: AppContext, code: string | undefined, isConfirmed: boolean) {
    const site = c.get('site');
    if (site.kind !== 'tenant') {
      return c.redirect('/login', 303);
    }
    const outcome = await sessions.redeemHandoff(code, site.tenant.id, site.host, requestOrigin(c), { isConfirmed });
    if (outcome.kind === 'needs_confirmation') {
      return renderPage(
        c,
        { title: translatorOf(c)('Anmelden') },
        <HandoffConfirmation
          csrfToken={c.get('csrfToken')}
          code={code ?? ''}
          email={outcome.email}
          portalName={site.tenant.name}
        />,
      );
    }
    if (outcome.kind === 'invalid') {
      return c.redirect('/login', 303);
    }
    cookies.write(c, outcome.token);
    return c.redirect('/', 303);
  }

  app.post('/choose', async (c) => {
    const session = c.get('session');
    const { tenant: slug } = await readFields(c, ['tenant'] as const);
    if (session === null || c.get('site').kind !== 'platform') {
      return c.redirect('/login', 303);
    }
    const chosen = (await memberships.listTenantsOf(session.identityId)).find(
      (membership) => membership.tenantSlug === slug,
    );
    if (chosen === undefined) {
      return c.redirect('/', 303);
    }
    const code = await sessions.issueHandoff(session.identityId, chosen.tenantId, session.email, requestOrigin(c));
    return c.redirect(`${await tenants.tenantBaseUrl(chosen.tenantId)}/session/handoff?code=${code}`, 303);
  });

  return app;
}

export async function renderChooser({ memberships }: Pick<Services, 'memberships'>, c: AppContext) {
  const session = required(c.get('session'));
  const tenants = await memberships.listTenantsOf(session.identityId);
  return renderPage(
    c,
    { title: translatorOf(c)('Portal wählen') },
    <TenantChooser csrfToken={c.get('csrfToken')} name={session.name} memberships={tenants} />,
  );
}
