import { Hono, type MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { StringBuffer } from 'hono/utils/html';
import { isLanguage, translatorFor, type Language, type Translator } from '../shared/i18n/translator.js';
import type { AppEnv, PageContext } from './context.js';
import { readForm } from './forms.js';

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/**
 * A page's language: the person's own choice (the switch's cookie), else the broker's default
 * language, else German.
 */
export function pageLanguage(options: { cookieName: string }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const chosen = getCookie(c, options.cookieName);
    const site = c.get('site');
    c.set('language', isLanguage(chosen) ? chosen : site.kind === 'tenant' ? site.tenant.defaultLanguage : 'de');
    return next();
  };
}

/** Error pages may be rendered before the language is known (an unknown host): those are German. */
export function languageOf<E extends AppEnv>(c: PageContext<E>): Language {
  return c.get('language') ?? 'de';
}

/** For texts a route puts together itself, e.g. page titles and notices. */
export function translatorOf<E extends AppEnv>(c: PageContext<E>): Translator {
  return translatorFor(languageOf(c));
}

/**
 * The translator of the page being rendered; outside a rendering (a unit test) German. Pages
 * render synchronously, so a variable set around the rendering reaches every component; a JSX
 * context would need AsyncLocalStorage, whose promise hooks slow down every promise of the process.
 */
let renderingTranslator: Translator = translatorFor('de');

export function useTranslator(): Translator {
  return renderingTranslator;
}

/** Hono's rendering buffer: strings (and promises, from asynchronous components), and callbacks once any is met. */
type RenderBuffer = StringBuffer & { callbacks?: unknown[] };

/** Renders a page's JSX to HTML with the given translator for all its components. */
export function renderInLanguage(translator: Translator, page: unknown): string {
  const previous = renderingTranslator;
  renderingTranslator = translator;
  try {
    return renderSynchronously(page);
  } finally {
    renderingTranslator = previous;
  }
}

/**
 * Writes the JSX tree into one buffer. Hono's own toString() runs every rendering inside an AsyncLocalStorage, which
 * on Node 20 switches on promise hooks that then slow down every promise of the process.
 */
export function renderSynchronously(page: unknown): string {
  let html: unknown;
  if (isBufferRenderable(page)) {
    const buffer: RenderBuffer = [''];
    page.toStringToBuffer(buffer);
    html = buffer.length === 1 && buffer.callbacks === undefined ? buffer[0] : null;
  } else {
    html = typeof page === 'string' ? page : (page as { toString(): unknown }).toString();
  }
  if (typeof html !== 'string') {
    throw new Error('A page component is asynchronous: pages must render synchronously to keep their language');
  }
  return html;
}

function isBufferRenderable(value: unknown): value is { toStringToBuffer(buffer: RenderBuffer): void } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { toStringToBuffer?: unknown }).toStringToBuffer === 'function'
  );
}

/**
 * Only a path of this site: anything that could leave it (`//host`, `/\host`, a scheme) becomes
 * the start page, so the switch can never redirect elsewhere.
 */
export function sameSitePath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.length > 2048) {
    return '/';
  }
  const base = 'http://portico.invalid';
  try {
    const url = new URL(value, base);
    const path = `${url.pathname}${url.search}`;
    // "/.//host" resolves to the path "//host", which a browser would read as another site.
    return url.origin === base && !/^\/[/\\]/.test(path) ? path : '/';
  } catch {
    return '/';
  }
}

/** POST /language: remembers the choice in a cookie and returns to the page the switch was on. */
export function languageRoutes(options: { cookieName: string; isHttps: boolean }) {
  const app = new Hono<AppEnv>();
  app.post('/language', async (c) => {
    const form = await readForm(c);
    const returnTo = sameSitePath(form['returnTo']);
    if (isLanguage(form['language'])) {
      setCookie(c, options.cookieName, form['language'], {
        path: '/',
        httpOnly: true,
        secure: options.isHttps,
        sameSite: 'Lax',
        maxAge: ONE_YEAR_SECONDS,
      });
    }
    return c.redirect(returnTo, 303);
  });
  return app;
}
