import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppContext } from './context.js';

/**
 * The peer address of the connection. Forwarded headers are not trusted: anybody can send them,
 * and a trusted-proxy setting does not exist yet.
 */
export function clientAddress(c: AppContext): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // In-process requests (tests) have no socket.
    return 'unknown';
  }
}
