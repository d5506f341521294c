import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppContext } from '../context.js';
import { isWellFormedToken } from '../../shared/tokens.js';
import { languageOf, sameSitePath } from '../language.js';
import { Layout, brandingOfTenant } from './layout.js';

/** Renders a page in the look of the site it is served on: the broker's on a tenant host, Portico's on the platform. */
export function renderPage(
  c: AppContext,
  options: {
    title: string;
    status?: ContentfulStatusCode;
    scripts?: string[];
    headerActions?: Child;
    refreshSeconds?: number;
    /** Where the language switch returns to, when not this request's own address (a form that was posted). */
    returnTo?: string;
    /** False on pages that show something only once (recovery codes, a new API key): reloading would lose it. */
    isLanguageSwitchShown?: boolean;
  },
  children: Child,
) {
  const site = c.get('site');
  const branding = site.kind === 'tenant' ? brandingOfTenant(site.tenant) : null;
  c.status(options.status ?? 200);
  return c.html(
    <Layout
      title={options.title}
      language={languageOf(c)}
      languageSwitch={options.isLanguageSwitchShown === false ? undefined : { csrfToken: c.get('csrfToken'), returnTo: sameSitePath(options.returnTo ?? currentPath(c)) }}
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

/**
 * The address of this request, for the language switch to come back to; after a POST, its GET
 * twin. Of the query only a well-formed one-time token is kept (the link's own page needs it, and
 * the page shows it already): nothing else from the address bar is reflected into a page.
 */
export function currentPath(c: AppContext): string {
  const token = c.req.method === 'GET' ? c.req.query('token') : undefined;
  return isWellFormedToken(token) ? `${c.req.path}?token=${token}` : c.req.path;
}
