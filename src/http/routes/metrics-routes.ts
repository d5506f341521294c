import { Hono } from 'hono';
import type { Metrics } from '../../observability/metrics.js';
import { constantTimeEqual, hashToken } from '../../shared/tokens.js';
import { isDirectLoopbackRequest } from '../client-address.js';
import type { AppEnv } from '../context.js';

export interface MetricsRouteOptions {
  metrics: Metrics;
  /**
   * When set, every scrape must send `Authorization: Bearer <token>`; when absent, only loopback peers are answered.
   */
  token?: string | undefined;
}

/** Short tokens could be guessed over the network; refused at setup rather than accepted silently. */
const MIN_TOKEN_LENGTH = 16;

/** Headers a reverse proxy adds: a loopback peer that sends them is passing on somebody else's request. */

/**
 * GET /metrics in the Prometheus text format.
 *
 * Access: with a token, a request without the right bearer token gets 401 (with WWW-Authenticate,
 * so a misconfigured scraper shows a clear error). Without a token, the endpoint exists only for
 * loopback peers (a sidecar or node-local scraper); everybody else gets 404, as for any unknown
 * path. The peer address is the socket's, never a forwarded header; a reverse proxy on the same
 * machine makes every visitor a loopback peer, so such a request is refused when it carries
 * forwarding headers — and a deployment behind a local proxy should set a token anyway. Requests
 * without a socket (in-process `app.request()`) are not loopback: tests pass a token.
 */
export function metricsRoutes(options: MetricsRouteOptions) {
  const { metrics, token } = options;
  if (token !== undefined && token.length < MIN_TOKEN_LENGTH) {
    throw new Error(`The metrics token must have at least ${MIN_TOKEN_LENGTH} characters`);
  }
  // Compared as hashes, so the comparison takes the same time whatever the length of the guess.
  const expectedHash = token === undefined ? null : hashToken(token);
  const app = new Hono<AppEnv>();

  app.get('/metrics', async (c) => {
    if (expectedHash !== null) {
      const presented = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
      if (presented === undefined || !constantTimeEqual(hashToken(presented), expectedHash)) {
        c.header('WWW-Authenticate', 'Bearer realm="metrics"');
        return c.text('Unauthorized', 401);
      }
    } else if (!isDirectLoopbackRequest(c)) {
      return c.text('Not Found', 404);
    }
    const { body, contentType } = await metrics.render();
    c.header('Cache-Control', 'no-store');
    return c.body(body, 200, { 'Content-Type': contentType });
  });
  return app;
}
