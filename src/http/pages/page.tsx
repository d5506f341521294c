import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppContext } from '../context.js';
import { Layout, brandingOfTenant } from './layout.js';

/** Renders a page in the look of the site it is served on: the broker's on a tenant host, Portico's on the platform. */
export function renderPage(
  c: AppContext,
  options: { title: string; status?: ContentfulStatusCode; scripts?: string[]; headerActions?: Child; refreshSeconds?: number },
  children: Child,
) {
  const site = c.get('site');
  const branding = site.kind === 'tenant' ? brandingOfTenant(site.tenant) : null;
  c.status(options.status ?? 200);
  return c.html(
    <Layout
      title={options.title}
      language="de"
      branding={branding}
      nonce={c.get('nonce')}
      scripts={options.scripts ?? []}
      headerActions={options.headerActions}
      refreshSeconds={options.refreshSeconds}
    >
      {children}
    </Layout>,
  );
}
