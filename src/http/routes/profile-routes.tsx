import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { requestOrigin } from '../client-address.js';
import {
  tenantOf,
  type AppEnv,
  type AreaGuard,
  type PageContext,
  type SignedInContext,
  type SignedInEnv,
} from '../context.js';
import { FormError, readFields, readFormField } from '../forms.js';
import { renderPage } from '../pages/page.js';
import { translatorOf } from '../language.js';
import { PASSWORD_SCRIPTS } from '../pages/password-pages.js';
import { LogoutButton } from '../pages/portal-home-page.js';
import { portalNavOf, type PortalNavServices } from './portal-nav-state.js';
import type { Services } from '../../services.js';
import { Profile, type ProfileNotice } from '../pages/profile-page.js';
import type { SetPasswordProblem } from '../../modules/credentials/password-setup-service.js';
import type { SessionCookies } from '../session-cookie.js';
import { isWellFormedToken } from '../../shared/tokens.js';
import { AppError, isAppError } from '../../shared/errors.js';
import { DataExportDownloadPage, DataExportLinkGonePage } from '../pages/data-export-pages.js';

/** What Mein Zugang uses: the navigation's services and the person's own account. */
type ProfileServices = PortalNavServices &
  Pick<
    Services,
    'audit' | 'dataExports' | 'emailChange' | 'notifications' | 'passwordChange' | 'secondFactor' | 'sessions'
  >;

/**
 * Carries the link of a staff member's address request through the login, so the person lands on
 * Mein Zugang with the address filled in. It fills in a form and nothing more.
 */
export const ADDRESS_REQUEST_COOKIE = 'portico_address_request';

/**
 * Carries the mailed link to a data export through the login, so the person lands on its download page. The link
 * still works only for the person whose export it is.
 */
export const DATA_EXPORT_LINK_COOKIE = 'portico_data_export';

const DATA_EXPORT_LINK_PATH = /^\/profile\/daten\/([^/]+)$/;

/** Where a login goes next: a data export's link or a staff member's address request carried through it, else home. */
export function pathAfterLogin<E extends AppEnv>(c: PageContext<E>): string {
  const exportLink = getCookie(c, DATA_EXPORT_LINK_COOKIE);
  if (exportLink !== undefined && isWellFormedToken(exportLink)) {
    return `/profile/daten/${exportLink}`;
  }
  return getCookie(c, ADDRESS_REQUEST_COOKIE) !== undefined ? '/profile' : '/';
}

async function requestedEmailOf(emailChange: Services['emailChange'], c: SignedInContext): Promise<string | null> {
  const fromCookie = getCookie(c, ADDRESS_REQUEST_COOKIE);
  if (fromCookie !== undefined) {
    deleteCookie(c, ADDRESS_REQUEST_COOKIE, { path: '/' });
  }
  const token = c.req.query('anfrage') ?? fromCookie;
  return token === undefined
    ? null
    : emailChange.findRequestedEmail(token, tenantOf(c.get('site')), c.var.session.identityId);
}

const NOTICE_FLAGS: Record<string, ProfileNotice> = {
  'password-changed': 'password_changed',
  'sessions-ended': 'sessions_ended',
  'second-factor-removed': 'second_factor_removed',
  'email-change-requested': 'email_change_requested',
  'notifications-saved': 'notifications_saved',
  'daten-angefordert': 'data_export_requested',
};

async function renderProfile(
  services: ProfileServices,
  c: SignedInContext,
  notice: ProfileNotice,
  problems: SetPasswordProblem[],
  status: 200 | 401 | 422 | 429 = 200,
  requestedEmail: string | null = null,
) {
  const session = c.var.session;
  const sessions = await services.sessions.listOpenSessions(session.identityId);
  const hasSecondFactor = await services.secondFactor.hasFactor(session.identityId);
  const tenant = tenantOf(c.get('site'));
  // The switch belongs to this broker only: on the platform's host there is none to show.
  const isDocumentMailEnabled =
    tenant === null ? null : await services.notifications.isMailEnabled(tenant.id, session.identityId);
  const dataExport = tenant === null ? null : await services.dataExports.stateOf(tenant.id, session.identityId);
  return renderPage(
    c,
    {
      title: translatorOf(c)('Mein Zugang'),
      status,
      returnTo: '/profile',
      scripts: PASSWORD_SCRIPTS,
      headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
      portalNav: await portalNavOf(services, c, 'account'),
    },
    <Profile
      csrfToken={c.get('csrfToken')}
      email={session.email}
      sessions={sessions}
      currentSessionId={session.sessionId}
      notice={notice}
      problems={problems}
      hasSecondFactor={hasSecondFactor}
      requestedEmail={requestedEmail}
      isDocumentMailEnabled={isDocumentMailEnabled}
      dataExport={dataExport}
    />,
  );
}

/**
 * The guard of the account area (/profile and below): without a session the person is sent to log in.
 * A staff member's address request link is kept in a cookie across that login.
 */
export function accountArea(): AreaGuard<SignedInEnv> {
  return async (c, next) => {
    const session = c.get('session');
    if (session !== null) {
      c.set('session', session);
      return next();
    }
    const secure = new URL(c.req.url).protocol === 'https:';
    const cookieOptions = { path: '/', httpOnly: true, secure, sameSite: 'Lax', maxAge: 3600 } as const;
    const request = c.req.path === '/profile' ? c.req.query('anfrage') : undefined;
    if (request !== undefined && isWellFormedToken(request)) {
      setCookie(c, ADDRESS_REQUEST_COOKIE, request, cookieOptions);
    }
    const exportLink = DATA_EXPORT_LINK_PATH.exec(c.req.path)?.[1];
    if (c.req.method === 'GET' && exportLink !== undefined && isWellFormedToken(exportLink)) {
      setCookie(c, DATA_EXPORT_LINK_COOKIE, exportLink, cookieOptions);
    }
    return c.redirect('/login', 303);
  };
}

/** The person's own account: change the password, see and end sessions. Mounted in the account area under /profile. */
export function profileRoutes(services: ProfileServices, cookies: SessionCookies) {
  const { audit, emailChange, passwordChange, sessions } = services;
  const app = new Hono<SignedInEnv>();

  app.get('/', async (c) =>
    renderProfile(
      services,
      c,
      NOTICE_FLAGS[Object.keys(c.req.queries())[0] ?? ''] ?? null,
      [],
      200,
      await requestedEmailOf(emailChange, c),
    ),
  );

  app.post('/password', async (c) => {
    const session = c.var.session;
    const { currentPassword, password, passwordConfirm } = await readFields(c, [
      'currentPassword',
      'password',
      'passwordConfirm',
    ] as const);
    const outcome = await passwordChange.changePassword({
      identityId: session.identityId,
      sessionId: session.sessionId,
      tenant: tenantOf(c.get('site')),
      origin: requestOrigin(c),
      host: c.get('site').host,
      currentPassword,
      newPassword: password,
      newPasswordConfirm: passwordConfirm,
    });
    if (outcome.kind === 'changed') {
      cookies.write(c, outcome.sessionToken);
      return c.redirect('/profile?password-changed', 303);
    }
    return outcome.kind === 'current_password_wrong'
      ? renderProfile(services, c, 'current_password_wrong', [], 401)
      : renderProfile(services, c, null, outcome.problems, 422);
  });

  app.post('/email', async (c) => {
    const session = c.var.session;
    const { newEmail, currentPassword } = await readFields(c, ['newEmail', 'currentPassword'] as const);
    const outcome = await emailChange.requestEmailChange({
      identityId: session.identityId,
      currentPassword,
      newEmail,
      tenant: tenantOf(c.get('site')),
      origin: requestOrigin(c),
    });
    switch (outcome.kind) {
      case 'requested':
        return c.redirect('/profile?email-change-requested', 303);
      case 'current_password_wrong':
        return renderProfile(services, c, 'current_password_wrong', [], 401);
      case 'email_invalid':
        return renderProfile(services, c, 'email_invalid', [], 422);
      case 'same_address':
        return renderProfile(services, c, 'email_same', [], 422);
      case 'too_soon':
        c.header('Retry-After', String(Math.max(1, outcome.retryAfterSeconds)));
        return renderProfile(services, c, 'email_too_soon', [], 429);
    }
  });

  app.post('/notifications', async (c) => {
    const tenant = tenantOf(c.get('site'));
    if (tenant === null) {
      return c.notFound();
    }
    // A ticked checkbox sends "on", an unticked one nothing.
    const documentMail = await readFormField(c, 'documentMail');
    if (documentMail !== undefined && documentMail !== 'on') {
      throw new FormError('field documentMail is not a checkbox value');
    }
    await services.notifications.setMailEnabled(
      tenant.id,
      c.var.session.identityId,
      documentMail === 'on',
      requestOrigin(c),
    );
    return c.redirect('/profile?notifications-saved', 303);
  });

  app.post('/daten', async (c) => {
    const tenant = tenantOf(c.get('site'));
    if (tenant === null) {
      return c.notFound();
    }
    // A second request while one is open (a double click, another tab) changes nothing; the card tells its state.
    const outcome = await services.dataExports.requestExport(tenant, c.var.session.identityId, requestOrigin(c));
    return c.redirect(outcome.kind === 'requested' ? '/profile?daten-angefordert#daten' : '/profile#daten', 303);
  });

  app.get('/daten/:token', async (c) => {
    if (getCookie(c, DATA_EXPORT_LINK_COOKIE) !== undefined) {
      deleteCookie(c, DATA_EXPORT_LINK_COOKIE, { path: '/' });
    }
    const tenant = tenantOf(c.get('site'));
    const token = c.req.param('token');
    const isUsable =
      tenant !== null && (await services.dataExports.isLinkUsable(tenant.id, c.var.session.identityId, token));
    return renderPage(
      c,
      {
        title: translatorOf(c)('Ihre Daten herunterladen'),
        status: isUsable ? 200 : 404,
        returnTo: '/profile',
        headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
        portalNav: await portalNavOf(services, c, 'account'),
      },
      isUsable ? <DataExportDownloadPage csrfToken={c.get('csrfToken')} token={token} /> : <DataExportLinkGonePage />,
    );
  });

  app.post('/daten/:token', async (c) => {
    const tenant = tenantOf(c.get('site'));
    try {
      if (tenant === null) throw new AppError('DATA_EXPORT_NOT_FOUND');
      const download = await services.dataExports.download(
        tenant.id,
        c.var.session.identityId,
        c.req.param('token'),
        requestOrigin(c),
      );
      return c.body(Readable.toWeb(download.body) as ReadableStream<Uint8Array>, 200, {
        'Content-Type': 'application/zip',
        'Content-Length': String(download.size),
        'Content-Disposition': `attachment; filename="${download.fileName}"`,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'private, no-store',
      });
    } catch (error) {
      if (!isAppError(error) || error.code !== 'DATA_EXPORT_NOT_FOUND') throw error;
      return renderPage(
        c,
        {
          title: translatorOf(c)('Ihre Daten herunterladen'),
          status: 404,
          returnTo: '/profile',
          headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
          portalNav: await portalNavOf(services, c, 'account'),
        },
        <DataExportLinkGonePage />,
      );
    }
  });

  app.post('/sessions/end-others', async (c) => {
    const session = c.var.session;
    await sessions.endOtherSessions(session.identityId, session.sessionId);
    await audit.record({
      kind: 'sessions.ended_others',
      tenantId: session.tenantId,
      identityId: session.identityId,
      origin: requestOrigin(c),
    });
    return c.redirect('/profile?sessions-ended', 303);
  });

  return app;
}
