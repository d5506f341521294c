import type { Services } from '../../services.js';
import type { AreaGuard, StaffEnv } from '../context.js';
import { renderErrorPage } from '../pages/error-page.js';

/**
 * The workspace under /admin belongs to the tenant's staff. Without a session the person is sent
 * to log in; anybody else — customers, staff of another tenant, the platform host — finds nothing.
 * Settings and other staff need the administrator role, checked where those routes are.
 */
export function staffArea({ people }: Pick<Services, 'people'>): AreaGuard<StaffEnv> {
  return async (c, next) => {
    const session = c.get('session');
    const site = c.get('site');
    if (session === null) {
      return c.redirect('/login', 303);
    }
    const role = site.kind === 'tenant' ? await people.staffRoleOf(site.tenant.id, session.identityId) : null;
    if (site.kind !== 'tenant' || role === null) {
      return renderErrorPage(c, 404, 'not_found');
    }
    c.set('session', session);
    c.set('tenant', site.tenant);
    c.set('staffRole', role);
    return next();
  };
}
