import { Hono } from 'hono';
import type { Readiness } from '../../db/readiness.js';
import type { AppEnv } from '../context.js';

export function healthRoutes(deps: { readiness: Readiness }) {
  const app = new Hono<AppEnv>();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const status = await deps.readiness.check();
    return c.json({ status }, status === 'ready' ? 200 : 503);
  });
  return app;
}
