import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { constantTimeEqual, generateToken, isWellFormedToken, signValue } from '../../shared/tokens.js';
import type { AppEnv } from '../context.js';
import { renderErrorPage } from '../pages/error-page.js';
import { readFormField } from '../forms.js';
import { isStreamedUpload } from '../streamed-form.js';

const MAX_RECENT_TOKENS = 4096;

/**
 * Signed double-submit: the cookie holds a random value, each form carries HMAC(secret, value|host).
 * A sibling tenant host that plants a cookie cannot forge the matching field without the secret.
 * The Origin (or Sec-Fetch-Site) check is a second, independent line.
 */
export function csrfProtection(options: {
  secret: string;
  cookieName: string;
  isHttps: boolean;
  scheme: string;
}): MiddlewareHandler<AppEnv> {
  // Every page carries the token, and a visitor keeps one cookie for many pages: the token of a recent cookie and host
  // is kept instead of computing the HMAC again. It is a pure function of secret, value and host, so a kept one is the
  // same token; a burst of new cookies only empties the table.
  const recentTokens = new Map<string, string>();
  const sign = (value: string, host: string): string => {
    const key = `${value}|${host}`;
    let token = recentTokens.get(key);
    if (token === undefined) {
      token = signValue(options.secret, `csrf|${key}`);
      if (recentTokens.size >= MAX_RECENT_TOKENS) {
        recentTokens.clear();
      }
      recentTokens.set(key, token);
    }
    return token;
  };
  return async (c, next) => {
    const host = c.get('site').host;
    let cookieValue = getCookie(c, options.cookieName);
    if (!isWellFormedToken(cookieValue)) {
      cookieValue = generateToken();
      setCookie(c, options.cookieName, cookieValue, {
        path: '/',
        httpOnly: true,
        sameSite: 'Lax',
        secure: options.isHttps,
      });
    }
    const token = sign(cookieValue, host);
    c.set('csrfToken', token);
    if (c.req.method === 'GET' || c.req.method === 'HEAD') {
      return next();
    }
    const origin = c.req.header('origin');
    const fetchSite = c.req.header('sec-fetch-site');
    // Under Referrer-Policy no-referrer browsers send "Origin: null" even for same-origin forms;
    // then Sec-Fetch-Site decides, and the signed token remains the main defence either way.
    const isSameOrigin =
      origin !== undefined && origin !== 'null'
        ? origin === `${options.scheme}//${host}`
        : fetchSite === undefined || fetchSite === 'same-origin' || fetchSite === 'none';
    if (!isSameOrigin) {
      return renderErrorPage(c, 403, 'csrf');
    }
    // A streamed upload's body is read by its handler, which checks the field as the body's first part
    // (readStreamedForm); reading it here would hold the whole file in memory.
    if (isStreamedUpload(c.req.method, c.req.path, c.req.header('content-type'))) {
      return next();
    }
    const field = await readFormField(c, '_csrf');
    if (typeof field !== 'string' || !constantTimeEqual(field, token)) {
      return renderErrorPage(c, 403, 'csrf');
    }
    return next();
  };
}
