import { Hono } from 'hono';
import { isAppError } from '../../shared/errors.js';
import { requestOrigin } from '../client-address.js';
import type { AreaGuard, TenantMemberContext, TenantMemberEnv } from '../context.js';
import { readFields } from '../forms.js';
import { ColleagueRemovePage, ColleaguesPage, type ColleagueForm } from '../pages/colleague-pages.js';
import { renderErrorPage } from '../pages/error-page.js';
import { renderPage } from '../pages/page.js';
import { LogoutButton } from '../pages/portal-home-page.js';
import { portalNavOf, type PortalNavServices } from './portal-nav-state.js';
import { message, type Message } from '../../shared/i18n/translator.js';
import { translatorOf } from '../language.js';
import { pageErrorOf, type PageError } from '../page-errors.js';

const NOTICES: Record<string, Message> = {
  eingeladen: message('Die Einladung ist unterwegs.'),
  freigeschaltet: message(
    'Diese Person hat hier bereits Zugang: Die Freischaltung gilt sofort. Eine E-Mail wird dazu nicht verschickt.',
  ),
  entfernt: message('Der Zugang ist entfernt und endet sofort.'),
};

const EMPTY_FORM: ColleagueForm = { offer: '', email: '', name: '' };

/** The person acting in their own portal; audit events name them as the actor. */
function actorOf(c: TenantMemberContext) {
  const identityId = c.var.session.identityId;
  return { identityId, origin: { ...requestOrigin(c), actorIdentityId: identityId } };
}

async function renderColleagues(
  services: PortalNavServices,
  c: TenantMemberContext,
  form: ColleagueForm = EMPTY_FORM,
  error: PageError | null = null,
) {
  const overview = await services.delegations.getOverview(c.var.tenant.id, c.var.session.identityId);
  if (!overview.isDelegating) {
    return renderErrorPage(c, 404, 'not_found');
  }
  const text = error === null ? NOTICES[Object.keys(c.req.queries())[0] ?? ''] : undefined;
  return renderPage(
    c,
    {
      title: translatorOf(c)('Kolleginnen und Kollegen'),
      status: error === null ? 200 : 422,
      headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
      portalNav: await portalNavOf(services, c, 'colleagues'),
    },
    <ColleaguesPage
      csrfToken={c.get('csrfToken')}
      offers={overview.offers}
      colleagues={overview.colleagues}
      form={form}
      error={error}
      notice={text === undefined ? null : { kind: 'success', text }}
    />,
  );
}

/** Somebody else's delegation, another tenant's and an id that is none are all simply not found. */
function orNotFound(handler: (c: TenantMemberContext) => Promise<Response>) {
  return async (c: TenantMemberContext) => {
    try {
      return await handler(c);
    } catch (error) {
      if (isAppError(error) && error.code === 'DELEGATION_NOT_FOUND') {
        return renderErrorPage(c, 404, 'not_found');
      }
      throw error;
    }
  };
}

/** Holders of a grant whose profile delegates invite colleagues in their own portal and manage only those. */
/** The guard of /colleagues: a logged-in person on their broker's own host; the platform host has no colleagues. */
export function colleagueArea(): AreaGuard<TenantMemberEnv> {
  return async (c, next) => {
    const session = c.get('session');
    const site = c.get('site');
    if (session === null) {
      return c.redirect('/login', 303);
    }
    if (site.kind !== 'tenant') {
      return renderErrorPage(c, 404, 'not_found');
    }
    c.set('session', session);
    c.set('tenant', site.tenant);
    return next();
  };
}

/** Mounted under /colleagues, behind colleagueArea(). */
export function colleagueRoutes(services: PortalNavServices) {
  const { delegations } = services;
  const app = new Hono<TenantMemberEnv>();

  app.get('/', (c) => renderColleagues(services, c));

  app.post(
    '/',
    orNotFound(async (c) => {
      const form = await readFields(c, ['offer', 'email', 'name'] as const);
      const [grantId = '', profileId = ''] = form.offer.split(':');
      try {
        const invited = await delegations.inviteColleague(c.var.tenant, actorOf(c), {
          grantId,
          profileId,
          email: form.email,
          name: form.name,
        });
        return c.redirect(`/colleagues?${invited.state === 'active' ? 'freigeschaltet' : 'eingeladen'}`, 303);
      } catch (error) {
        const refused = pageErrorOf(error);
        if (refused !== null && refused.status !== 404) {
          return renderColleagues(
            services,
            c,
            { offer: form.offer.slice(0, 80), email: form.email.slice(0, 254), name: form.name.slice(0, 200) },
            refused,
          );
        }
        throw error;
      }
    }),
  );

  app.get(
    '/:grantId/:identityId/remove',
    orNotFound(async (c) => {
      const colleague = await delegations.getColleague(
        c.var.tenant.id,
        c.var.session.identityId,
        c.req.param('grantId') ?? '',
        c.req.param('identityId') ?? '',
      );
      return renderPage(
        c,
        { title: translatorOf(c)('Zugang entfernen'), headerActions: <LogoutButton csrfToken={c.get('csrfToken')} /> },
        <ColleagueRemovePage csrfToken={c.get('csrfToken')} colleague={colleague} />,
      );
    }),
  );

  app.post(
    '/:grantId/:identityId/remove',
    orNotFound(async (c) => {
      await delegations.removeColleague(
        c.var.tenant.id,
        actorOf(c),
        c.req.param('grantId') ?? '',
        c.req.param('identityId') ?? '',
      );
      return c.redirect('/colleagues?entfernt', 303);
    }),
  );

  return app;
}
