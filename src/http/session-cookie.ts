import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv, PageContext } from './context.js';
import { SESSION_COOKIE_LIFETIME } from '../modules/sessions/session-service.js';

export interface CookieNames {
  session: string;
  csrf: string;
  language: string;
}

/** `__Host-` pins a cookie to one host without a Domain attribute; browsers allow it only over HTTPS. */
export function cookieNamesFor(isHttps: boolean): CookieNames {
  return isHttps
    ? { session: '__Host-portico_session', csrf: '__Host-portico_csrf', language: '__Host-portico_language' }
    : { session: 'portico_session', csrf: 'portico_csrf', language: 'portico_language' };
}

export function createSessionCookies(names: CookieNames, isHttps: boolean) {
  return {
    read: <E extends AppEnv>(c: PageContext<E>): string | undefined => getCookie(c, names.session),
    write<E extends AppEnv>(c: PageContext<E>, token: string): void {
      setCookie(c, names.session, token, {
        path: '/',
        httpOnly: true,
        secure: isHttps,
        sameSite: 'Lax',
        maxAge: SESSION_COOKIE_LIFETIME / 1000,
      });
    },
    clear<E extends AppEnv>(c: PageContext<E>): void {
      deleteCookie(c, names.session, { path: '/', secure: isHttps });
    },
  };
}

export type SessionCookies = ReturnType<typeof createSessionCookies>;
