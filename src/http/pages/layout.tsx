import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { escapedHtml } from '../html-text.js';
import { contrastWithWhite, MIN_CONTRAST_WITH_WHITE } from '../../modules/tenants/brand-colour.js';
import { translatorFor, type Language } from '../../shared/i18n/translator.js';
import { renderInLanguage } from '../language.js';
import type { TenantContact } from '../../modules/tenants/tenant.js';
import { CsrfField } from './components.js';
import { PortalNav, type PortalNavState } from './portal-nav.js';
import { SiteFooter } from './site-footer.js';

export interface PageBranding {
  name: string;
  primaryColor: string;
  /** Set when the broker has a logo: its version, part of the logo's address. */
  logoVersion?: number | null;
  /** The broker's contact details and legal pages for the footer. */
  contact?: TenantContact;
}

/** The branding a tenant's pages carry. */
export function brandingOfTenant(tenant: {
  name: string;
  primaryColor: string;
  logoVersion: number | null;
  contact: TenantContact;
}): PageBranding {
  return {
    name: tenant.name,
    primaryColor: tenant.primaryColor,
    logoVersion: tenant.logoVersion,
    contact: tenant.contact,
  };
}

export interface LayoutProps {
  title: string;
  language: Language;
  /** The "English" / "Deutsch" switch; left out where there is no CSRF token yet (an unknown host). */
  languageSwitch?: { csrfToken: string; returnTo: string } | undefined;
  /** null on the platform host, which belongs to no broker. */
  branding: PageBranding | null;
  nonce: string;
  /** Module script URLs; each gets the CSP nonce. */
  scripts?: string[];
  /** Reloads the page after this many seconds, for progress that should update without script. */
  refreshSeconds?: number;
  /** Optional controls at the right of the header band, e.g. a logout form. */
  headerActions?: Child;
  /** The customer portal's sections, on the pages of a signed-in person. */
  portalNav?: PortalNavState | undefined;
  children?: Child;
}

export const PLATFORM_NAME = 'Portico';
export const DEFAULT_BRAND_COLOR = '#2f4a6d';
const WHITE = '#ffffff';
const DARK_TEXT = '#111111';

/**
 * The brand colour and the text colour to put on it. White is preferred, but a light brand
 * colour (yellow, light green) would fail WCAG AA, so such brands get dark text instead.
 */
export function brandColors(primaryColor: string | undefined): { brand: string; onBrand: string } {
  const brand =
    primaryColor && /^#[0-9a-fA-F]{6}$/.test(primaryColor) ? primaryColor.toLowerCase() : DEFAULT_BRAND_COLOR;
  const onBrand = contrastWithWhite(brand) >= MIN_CONTRAST_WITH_WHITE ? WHITE : DARK_TEXT;
  return { brand, onBrand };
}

/**
 * The document's head, written as one escaped string. Hono's JSX renders the head's elements (head, title, meta,
 * link, style, script) through a JSX context (to hoist them into the head), which runs inside an AsyncLocalStorage; on
 * Node 20 that switches on promise hooks that then slow down every promise of the process.
 */
function documentHead(props: {
  title: string;
  brand: string;
  onBrand: string;
  nonce: string;
  scripts: readonly string[];
  refreshSeconds: number | undefined;
}): HtmlEscapedString {
  const nonce = escapedHtml(props.nonce);
  const refresh = props.refreshSeconds
    ? `<meta http-equiv="refresh" content="${escapedHtml(String(props.refreshSeconds))}"/>`
    : '';
  const scripts = props.scripts
    .map((src) => `<script type="module" nonce="${nonce}" src="${escapedHtml(src)}"></script>`)
    .join('');
  // Colours are validated by brandColors; a custom property keeps inline style attributes (blocked by CSP) out of the
  // markup.
  const style = escapedHtml(`:root{--brand:${props.brand};--on-brand:${props.onBrand}}`);
  return raw(
    '<head><meta charset="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/>' +
      '<meta name="robots" content="noindex"/><meta name="color-scheme" content="light"/>' +
      `${refresh}<title>${escapedHtml(props.title)}</title><link rel="stylesheet" href="/assets/portico.css"/>` +
      `<style nonce="${nonce}">${style}</style>${scripts}</head>`,
  );
}

/** A POST form, so it works without script; each button names its language in that language. */
function LanguageSwitch(props: { language: Language; csrfToken: string; returnTo: string }) {
  const other: Language = props.language === 'de' ? 'en' : 'de';
  return (
    <form method="post" action="/language" class="inline-form language-switch">
      <CsrfField token={props.csrfToken} />
      <input type="hidden" name="language" value={other} />
      <input type="hidden" name="returnTo" value={props.returnTo} />
      <button class="button button-secondary" type="submit" lang={other}>
        {other === 'en' ? 'English' : 'Deutsch'}
      </button>
    </form>
  );
}

export function Layout(props: LayoutProps) {
  const { title, language, branding, nonce, scripts = [] } = props;
  const name = branding?.name ?? PLATFORM_NAME;
  const { brand, onBrand } = brandColors(branding?.primaryColor);
  const t = translatorFor(language);
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang={language}>
        {documentHead({
          title: `${title} – ${name}`,
          brand,
          onBrand,
          nonce,
          scripts,
          refreshSeconds: props.refreshSeconds,
        })}
        <body>
          <a class="skip-link" href="#main">
            {t('Zum Inhalt springen')}
          </a>
          <header class="site-header">
            <div class="site-header-inner">
              <span class="site-brand">
                {/* The name stays as text beside the logo, so the logo itself is decorative. */}
                {branding?.logoVersion ? (
                  <img class="site-logo" src={`/branding/logo?v=${branding.logoVersion}`} alt="" />
                ) : null}
                <span class="site-name">{name}</span>
              </span>
              {props.headerActions || props.languageSwitch ? (
                <div class="site-header-actions">
                  {props.languageSwitch ? <LanguageSwitch language={language} {...props.languageSwitch} /> : null}
                  {props.headerActions}
                </div>
              ) : null}
              {props.portalNav ? <PortalNav state={props.portalNav} t={t} /> : null}
            </div>
          </header>
          <main id="main" tabindex={-1}>
            {props.children}
          </main>
          <SiteFooter
            brokerName={branding?.name ?? null}
            platformName={PLATFORM_NAME}
            contact={branding?.contact ?? null}
            t={t}
          />
        </body>
      </html>
    </>
  );
}

/** A whole page as HTML, every component of it in the page's language. */
export function renderDocument(props: LayoutProps): string {
  return renderInLanguage(translatorFor(props.language), <Layout {...props} />);
}
