import { Hono } from 'hono';
import type { AppEnv } from '../context.js';
import { renderPage } from '../pages/page.js';
import { translatorOf } from '../language.js';
import { LogoutButton, PortalHome } from '../pages/portal-home-page.js';
import { renderChooser } from './login-routes.js';
import { portalNavFor } from './portal-nav-state.js';

export function portalRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/', async (c) => {
    const session = c.get('session');
    const site = c.get('site');
    if (session === null) {
      return c.redirect('/login', 303);
    }
    if (site.kind === 'platform') {
      return renderChooser(c);
    }
    const { grants, memberships, delegations } = c.get('services');
    const [roles, held, delegation] = await Promise.all([
      memberships.listRoles(site.tenant.id, session.identityId),
      grants.listGrantsOf(site.tenant.id, session.identityId),
      delegations.getOverview(site.tenant.id, session.identityId),
    ]);
    return renderPage(
      c,
      {
        title: translatorOf(c)('Übersicht'),
        headerActions: <LogoutButton csrfToken={c.get('csrfToken')} />,
        portalNav: portalNavFor({ roles, isDelegating: delegation.isDelegating }, 'overview'),
      },
      <PortalHome
        name={session.name}
        email={session.email}
        tenantName={site.tenant.name}
        contact={site.tenant.contact}
        roles={roles}
        grants={held}
        isDelegating={delegation.isDelegating}
      />,
    );
  });

  return app;
}
