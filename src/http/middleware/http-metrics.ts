import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { Metrics } from '../../observability/metrics.js';
import type { AppEnv } from '../context.js';

/** The label for requests no route matched: raw paths would make series unbounded and carry tokens. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The route pattern a request was for. `app.use` middleware is registered for method `ALL` with a
 * wildcard, so it is skipped: the first route with a method is the one that answered, or would
 * have, had a middleware (CSRF, body limit, unknown host) not stopped the request first.
 */
export function routeLabelOf(c: Context): string {
  const route = matchedRoutes(c).find((candidate) => candidate.method !== 'ALL');
  return route?.path ?? UNMATCHED_ROUTE;
}

/** Counts and times every request by method, route pattern and status. */
export function httpMetrics(metrics: Metrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const startedAt = performance.now();
    await next();
    metrics.recordHttpRequest({
      method: c.req.method,
      route: routeLabelOf(c),
      status: c.res.status,
      seconds: (performance.now() - startedAt) / 1000,
    });
  };
}
