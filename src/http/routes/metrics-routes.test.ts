import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../observability/metrics.js';
import type { AppEnv } from '../context.js';
import { httpMetrics, UNMATCHED_ROUTE } from '../middleware/http-metrics.js';
import { isLoopbackAddress } from '../client-address.js';
import { metricsRoutes } from './metrics-routes.js';

const TOKEN = 'a-long-enough-metrics-token';

/** What @hono/node-server passes as the env of a request that came in over a socket. */
function socketFrom(remoteAddress: string) {
  return {
    incoming: {
      socket: { remoteAddress, remotePort: 50_000, remoteFamily: remoteAddress.includes(':') ? 'IPv6' : 'IPv4' },
    },
  };
}

function createTinyApp(token?: string) {
  const metrics = createMetrics();
  const app = new Hono<AppEnv>();
  app.use('*', httpMetrics(metrics));
  app.route('/', metricsRoutes({ metrics, token }));
  app.get('/set-password', (c) => c.text('form'));
  app.post('/login', (c) => c.text('no', 401));
  app.use('/guarded/*', (c) => Promise.resolve(c.text('stopped by middleware', 403)));
  app.get('/guarded/:id', (c) => c.text('never'));
  return app;
}

describe('GET /metrics with a token', () => {
  const app = createTinyApp(TOKEN);

  it('answers the right bearer token from any address', async () => {
    const response = await app.request(
      'http://10.0.0.7/metrics',
      { headers: { authorization: `Bearer ${TOKEN}` } },
      socketFrom('10.0.0.9'),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await response.text()).toContain('portico_process_cpu_user_seconds_total');
  });

  it('refuses a missing or wrong token with 401, also from loopback', async () => {
    for (const authorization of [undefined, 'Bearer wrong', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`]) {
      const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
      const response = await app.request('http://127.0.0.1/metrics', { headers }, socketFrom('127.0.0.1'));
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      expect(await response.text()).not.toContain('portico_');
    }
  });

  it('refuses a short token at setup', () => {
    expect(() => metricsRoutes({ metrics: createMetrics(), token: 'short' })).toThrow(/at least 16/);
  });
});

describe('GET /metrics without a token', () => {
  const app = createTinyApp();

  it('answers loopback peers', async () => {
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      expect((await app.request('http://127.0.0.1/metrics', {}, socketFrom(address))).status).toBe(200);
    }
  });

  it('is not found for other peers, requests without a socket, and loopback requests a proxy forwarded', async () => {
    expect((await app.request('http://10.0.0.7/metrics', {}, socketFrom('10.0.0.9'))).status).toBe(404);
    expect((await app.request('http://10.0.0.7/metrics', {}, socketFrom('::ffff:10.0.0.9'))).status).toBe(404);
    expect((await app.request('http://127.0.0.1/metrics')).status).toBe(404);
    const forwarded = await app.request(
      'http://portal.example/metrics',
      { headers: { 'x-forwarded-for': '203.0.113.5' } },
      socketFrom('127.0.0.1'),
    );
    expect(forwarded.status).toBe(404);
  });

  it('recognizes loopback addresses only', () => {
    expect(isLoopbackAddress('127.4.5.6')).toBe(true);
    expect(isLoopbackAddress('1127.0.0.1')).toBe(false);
    expect(isLoopbackAddress('::2')).toBe(false);
    expect(isLoopbackAddress('::ffff:192.168.0.1')).toBe(false);
  });
});

describe('request metrics', () => {
  it('label requests with the route pattern, never the raw path', async () => {
    const app = createTinyApp(TOKEN);
    const secret = 'SECRETtokenSECRETtokenSECRETtokenSECRETtok';
    await app.request(`http://portal.test/set-password?token=${secret}`);
    await app.request('http://portal.test/login', { method: 'POST' });
    await app.request(`http://portal.test/no/such/page/${secret}`);
    await app.request(`http://portal.test/guarded/${secret}`);
    await app.request('http://portal.test/login', { method: 'PUT' });
    const body = await (
      await app.request('http://portal.test/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })
    ).text();
    expect(body).toContain('portico_http_requests_total{method="GET",route="/set-password",status="200"} 1');
    expect(body).toContain('portico_http_requests_total{method="POST",route="/login",status="401"} 1');
    expect(body).toContain(`portico_http_requests_total{method="GET",route="${UNMATCHED_ROUTE}",status="404"} 1`);
    expect(body).toContain('portico_http_requests_total{method="GET",route="/guarded/:id",status="403"} 1');
    expect(body).toContain(`portico_http_requests_total{method="PUT",route="${UNMATCHED_ROUTE}",status="404"} 1`);
    expect(body).not.toContain(secret);
  });
});
