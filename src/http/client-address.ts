import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv, PageContext } from './context.js';
import type { CurrentSession } from '../modules/sessions/session-service.js';
import { required } from '../shared/required.js';

function withoutIpv4Mapping(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/**
 * The client's address, for throttling. X-Forwarded-For is believed only when the connection comes
 * from a proxy named in TRUST_PROXY, and then read from the right: the first address that is not one
 * of our proxies is the client (anything left of it could have been written by the client itself).
 */
export function clientAddress<E extends AppEnv>(c: PageContext<E>): string {
  return c.get('clientAddress');
}

/** Finds each page request's client address once, behind the proxies named in TRUST_PROXY (see clientAddress). */
export function clientAddressOfRequest(trustedProxies: readonly string[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set(
      'clientAddress',
      clientAddressBehind(c, () => trustedProxies),
    );
    await next();
  };
}

/** The same with the trusted proxies (TRUST_PROXY) given, read only for a request that came over a socket. */
export function clientAddressBehind(c: Context, trustedProxies: () => readonly string[]): string {
  let peer: string;
  try {
    peer = withoutIpv4Mapping(getConnInfo(c).remote.address ?? 'unknown');
  } catch {
    // In-process requests (tests) have no socket.
    return 'unknown';
  }
  const trusted = trustedProxies();
  if (!trusted.includes(peer)) {
    return peer;
  }
  const forwarded = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => withoutIpv4Mapping(entry.trim()))
    .filter((entry) => entry !== '');
  for (let index = forwarded.length - 1; index >= 0; index -= 1) {
    const candidate = required(forwarded[index]);
    if (!trusted.includes(candidate)) {
      return candidate.slice(0, 64);
    }
  }
  return peer;
}

/** The client address and browser of a request, for audit records. */
export function requestOrigin<E extends AppEnv>(c: PageContext<E>): { client: string; userAgent: string | null } {
  return { client: clientAddress(c), userAgent: c.req.header('user-agent') ?? null };
}

/** Headers a reverse proxy on this machine may add: their presence means the real client is elsewhere. */
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'];

/** A connection straight from this machine, not relayed by a proxy. */
export function isDirectLoopbackRequest<E extends AppEnv>(c: PageContext<E>): boolean {
  if (FORWARDING_HEADERS.some((name) => c.req.header(name) !== undefined)) {
    return false;
  }
  let address: string | undefined;
  try {
    address = getConnInfo(c).remote.address;
  } catch {
    return false;
  }
  return address !== undefined && isLoopbackAddress(address);
}

export function isLoopbackAddress(address: string): boolean {
  const ipv4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ipv4);
}

/** The request's origin together with the logged-in staff member, for actions in the workspace. */
export function staffOrigin<E extends AppEnv>(
  c: PageContext<E>,
): {
  client: string;
  userAgent: string | null;
  actorIdentityId: string | null;
} {
  const session: CurrentSession | null = c.get('session');
  return { ...requestOrigin(c), actorIdentityId: session?.identityId ?? null };
}
