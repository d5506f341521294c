import { randomBytes } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.js';

const NONCE_BYTES = 16;
let randomPool = Buffer.alloc(0);
let poolOffset = 0;

/**
 * 128 bits from the CSPRNG, never used twice; taken from a pool filled 4 KiB at a time, as a call per response costs
 * more than the bytes.
 */
function nextNonce(): string {
  if (poolOffset + NONCE_BYTES > randomPool.length) {
    randomPool = randomBytes(4096);
    poolOffset = 0;
  }
  const nonce = randomPool.toString('base64', poolOffset, poolOffset + NONCE_BYTES);
  poolOffset += NONCE_BYTES;
  return nonce;
}

/** The form-action directive of a list of form targets; the tenants' lists are kept, so each is joined once. */
const formActions = new WeakMap<readonly string[], string>();

function formActionOf(formTargets: readonly string[]): string {
  let directive = formActions.get(formTargets);
  if (directive === undefined) {
    directive = ['form-action', "'self'", ...formTargets].join(' ');
    formActions.set(formTargets, directive);
  }
  return directive;
}

/**
 * A fresh nonce per response for the page's own style block and module scripts; nothing inline
 * runs without it. Referrer and caching are shut for every page, because pages carry one-time
 * tokens in their URL and personal data in their body.
 */
export function securityHeaders(options: {
  isHttps: boolean;
  formTargets: (c: Context<AppEnv>) => Promise<readonly string[]>;
}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const nonce = nextNonce();
    c.set('nonce', nonce);
    await next();
    const headers = c.res.headers;
    if (!headers.has('Content-Security-Policy')) {
      const formAction = formActionOf(await options.formTargets(c));
      headers.set(
        'Content-Security-Policy',
        `default-src 'none'; script-src 'self' 'nonce-${nonce}'; style-src 'self' 'nonce-${nonce}'; ` +
          `img-src 'self' data:; connect-src 'self'; ${formAction}; ` +
          "frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
      );
    }
    headers.set('X-Content-Type-Options', 'nosniff');
    headers.set('Referrer-Policy', 'no-referrer');
    headers.set('Cross-Origin-Opener-Policy', 'same-origin');
    if (!headers.has('X-Frame-Options')) {
      headers.set('X-Frame-Options', 'DENY');
    }
    if (!headers.has('Cache-Control')) {
      headers.set('Cache-Control', 'no-store');
    }
    if (options.isHttps) {
      headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    }
  };
}
