// What the floor servers (scripts/bench-login-floor.js, scripts/bench-reply-floor.js) share: the signed double-submit
// CSRF pair as Portico checks it (HMAC-SHA256 of the cookie's value and the host, Origin the request's own host), and
// the SHA-256 a session token is stored as.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { getCookie } from 'hono/cookie';

export const sha256 = (value) => createHash('sha256').update(value).digest('base64url');
export const isToken = (value) => typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);
const sameText = (a, b) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** `sign(cookieValue, host)` for the form's field, and `isValid(c, field)` for a POST. */
export function createCsrf() {
  const secret = randomBytes(32);
  const sign = (value, host) => createHmac('sha256', secret).update(`csrf|${value}|${host}`).digest('base64url');
  return {
    sign,
    isValid(c, field) {
      const host = c.req.header('host') ?? '';
      const cookie = getCookie(c, 'portico_csrf');
      return (
        c.req.header('origin') === `http://${host}` &&
        isToken(cookie) &&
        typeof field === 'string' &&
        sameText(field, sign(cookie, host))
      );
    },
  };
}
