import type { MiddlewareHandler } from 'hono';
import type { Services } from '../../services.js';
import type { AppEnv } from '../context.js';
import { renderErrorPage } from '../pages/error-page.js';

/** Resolves the tenant from the Host header; an unknown host never falls back to some default tenant. */
export function siteByHost({ tenants }: Pick<Services, 'tenants'>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const host = tenants.normalizeHost(c.req.header('host') ?? '');
    if (host !== null && tenants.isPlatformHost(host)) {
      c.set('site', { kind: 'platform', host });
      return next();
    }
    const tenant = host === null ? null : await tenants.findTenantByHost(host);
    if (host === null || tenant === null) {
      c.set('site', { kind: 'platform', host: host ?? '' });
      return renderErrorPage(c, 404, 'unknown_host');
    }
    c.set('site', { kind: 'tenant', host, tenant });
    return next();
  };
}
