import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import type { AppEnv } from '../context.js';

/**
 * One line per request with a request id. The path is logged without its query string, because
 * one-time tokens travel there.
 */
export function requestLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const startedAt = performance.now();
    const requestId = randomUUID();
    c.header('X-Request-Id', requestId);
    await next();
    logger.info(
      {
        requestId,
        method: c.req.method,
        host: c.req.header('host')?.slice(0, 255),
        path: c.req.path.slice(0, 200),
        status: c.res.status,
        milliseconds: Math.round((performance.now() - startedAt) * 10) / 10,
      },
      'request',
    );
  };
}
