import { randomUUID } from 'node:crypto';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv, PageContext, Site } from '../context.js';
import { isWellFormedToken } from '../../shared/tokens.js';
import { languageOf, sameSitePath } from '../language.js';
import { brandingOfTenant, renderDocument } from './layout.js';
import type { PortalNavState } from './portal-nav.js';

export interface PageOptions {
  title: string;
  status?: ContentfulStatusCode;
  scripts?: string[];
  headerActions?: Child;
  refreshSeconds?: number;
  /** Where the language switch returns to, when not this request's own address (a form that was posted). */
  returnTo?: string;
  /** False on pages that show something only once (recovery codes, a new API key): reloading would lose it. */
  isLanguageSwitchShown?: boolean;
  /** The customer portal's sections, on pages of a signed-in person inside the portal. */
  portalNav?: PortalNavState;
}

/** The page as HTML, with the given CSRF token and nonce. */
function documentOf<E extends AppEnv>(
  c: PageContext<E>,
  options: PageOptions,
  children: Child,
  secrets: { csrfToken: string; nonce: string },
): string {
  const site = c.get('site') as Site;
  return renderDocument({
    title: options.title,
    language: languageOf(c),
    languageSwitch:
      options.isLanguageSwitchShown === false
        ? undefined
        : { csrfToken: secrets.csrfToken, returnTo: sameSitePath(options.returnTo ?? currentPath(c)) },
    branding: site.kind === 'tenant' ? brandingOfTenant(site.tenant) : null,
    nonce: secrets.nonce,
    scripts: options.scripts ?? [],
    headerActions: options.headerActions,
    portalNav: options.portalNav,
    refreshSeconds: options.refreshSeconds,
    children,
  });
}

/** Renders a page in the look of the site it is served on: the broker's on a tenant host, Portico's on the platform. */
export function renderPage<E extends AppEnv>(c: PageContext<E>, options: PageOptions, children: Child) {
  c.status(options.status ?? 200);
  return c.html(documentOf(c, options, children, { csrfToken: c.get('csrfToken'), nonce: c.get('nonce') }));
}

/** Stand for the CSRF token and the nonce in a kept page: random per process, so no content can contain them. */
const CSRF_MARKER = `csrf${randomUUID().replaceAll('-', '')}`;
const NONCE_MARKER = `nonce${randomUUID().replaceAll('-', '')}`;
/** Sites × languages × variants; a platform with more is cleared and rendered anew. */
const MAX_KEPT_PAGES = 1000;
const keptPages = new Map<string, string>();

/**
 * For the busiest page, the login form, whose HTML differs between visitors only in the CSRF token
 * and the CSP nonce: it is rendered once per site, language, address and variant, and each response
 * fills in its own token and nonce. `variant` must name everything else the content depends on.
 * The site's branding is part of the key, so a changed name, colour or logo renders anew.
 */
export function renderKeptPage<E extends AppEnv>(
  c: PageContext<E>,
  variant: string,
  options: PageOptions,
  content: (csrfToken: string) => Child,
) {
  const site = c.get('site') as Site;
  const key = JSON.stringify([
    site.host,
    site.kind === 'tenant' ? brandingOfTenant(site.tenant) : null,
    languageOf(c),
    currentPath(c),
    options.title,
    variant,
  ]);
  let page = keptPages.get(key);
  if (page === undefined) {
    page = documentOf(c, options, content(CSRF_MARKER), { csrfToken: CSRF_MARKER, nonce: NONCE_MARKER });
    if (keptPages.size >= MAX_KEPT_PAGES) {
      keptPages.clear();
    }
    keptPages.set(key, page);
  }
  c.status(options.status ?? 200);
  return c.html(page.replaceAll(CSRF_MARKER, c.get('csrfToken')).replaceAll(NONCE_MARKER, c.get('nonce')));
}

/**
 * The address of this request, for the language switch to come back to; after a POST, its GET
 * twin. Of the query only a well-formed one-time token is kept (the link's own page needs it, and
 * the page shows it already): nothing else from the address bar is reflected into a page.
 */
export function currentPath<E extends AppEnv>(c: PageContext<E>): string {
  const token = c.req.method === 'GET' ? c.req.query('token') : undefined;
  return isWellFormedToken(token) ? `${c.req.path}?token=${token}` : c.req.path;
}
