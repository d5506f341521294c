import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { SECOND } from '../../src/shared/clock.js';
import { createClient } from '../support/browserless-client.js';
import { linkFrom } from '../support/smtp-receiver.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, METRICS_TOKEN, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

const PASSWORD = 'Vier Jahreszeiten 4!';

/** The value of one series in the exposition text; 0 when the series is absent (a counter never incremented). */
function valueOf(body: string, series: string): number {
  const line = body.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

describe(`metrics (${databaseKind})`, () => {
  let portal: TestPortal;
  let tenant: { id: string; host: string; origin: string };

  /** As Prometheus scrapes: by address, a Host no tenant has, with the bearer token. */
  async function scrape(): Promise<string> {
    const response = await portal.app.request('http://127.0.0.1:3000/metrics', {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(response.status).toBe(200);
    return response.text();
  }

  beforeAll(async () => {
    portal = await createTestPortal();
    tenant = await createTestTenant(portal);
  });
  afterAll(() => portal.close());

  it('shows a queued invitation in the outbox gauges until it is delivered', async () => {
    const before = await scrape();
    expect(valueOf(before, 'portico_outbox_messages{status="queued"}')).toBe(0);
    expect(valueOf(before, 'portico_outbox_oldest_queued_age_seconds')).toBe(0);

    await portal.services.invitations.invite({
      tenantId: tenant.id,
      email: 'queued@example.com',
      name: 'Quinn Queue',
      role: 'policyholder',
    });
    portal.clock.advance(90 * SECOND);
    const queued = await scrape();
    expect(valueOf(queued, 'portico_outbox_messages{status="queued"}')).toBe(1);
    expect(valueOf(queued, 'portico_outbox_oldest_queued_age_seconds')).toBe(90);

    expect(await portal.deliverMail()).toBe(1);
    const delivered = await scrape();
    expect(valueOf(delivered, 'portico_outbox_messages{status="queued"}')).toBe(0);
    // Other tests may have sent mail before: this one counts what its invitation added.
    const sent = 'portico_outbox_messages{status="sent"}';
    const deliveries = 'portico_mail_deliveries_total{kind="invitation",result="sent"}';
    expect(valueOf(delivered, sent)).toBe(valueOf(before, sent) + 1);
    expect(valueOf(delivered, deliveries)).toBe(valueOf(before, deliveries) + 1);
    expect(valueOf(delivered, 'portico_outbox_oldest_queued_age_seconds')).toBe(0);
  });

  it('counts logins by outcome and labels requests by route, never by their tokens', async () => {
    await portal.services.invitations.invite({
      tenantId: tenant.id,
      email: 'metered@example.com',
      name: 'Mia Meter',
      role: 'policyholder',
    });
    await portal.deliverMail();
    const token = required(
      new URL(linkFrom(await portal.smtp.waitForMail('metered@example.com'), '/set-password')).searchParams.get(
        'token',
      ),
    );
    const browser = createClient(portal.app, tenant.origin);
    expect((await browser.get(`/set-password?token=${token}`)).status).toBe(200);
    await browser.post('/set-password', { token, password: PASSWORD, passwordConfirm: PASSWORD });
    const before = await scrape();

    const visitor = createClient(portal.app, tenant.origin);
    await visitor.get('/login');
    expect(
      (await visitor.post('/login', { email: 'metered@example.com', password: 'Falsch und falsch 1!' })).status,
    ).toBe(401);
    expect((await visitor.post('/login', { email: 'metered@example.com', password: PASSWORD })).location).toBe('/');
    const after = await scrape();

    const failed = 'portico_logins_total{outcome="failed"}';
    const authenticated = 'portico_logins_total{outcome="authenticated"}';
    expect(valueOf(after, failed) - valueOf(before, failed)).toBe(1);
    expect(valueOf(after, authenticated) - valueOf(before, authenticated)).toBe(1);
    expect(valueOf(after, 'portico_http_requests_total{method="POST",route="/login",status="401"}')).toBe(1);
    expect(
      valueOf(after, 'portico_http_requests_total{method="GET",route="/set-password",status="200"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(
      valueOf(after, 'portico_http_request_duration_seconds_count{method="GET",route="/set-password"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(after).not.toContain(token);
    expect(after).not.toContain('metered@example.com');
    expect(after).not.toContain(tenant.host);
  });

  it('collapses paths no route knows into one label', async () => {
    const browser = createClient(portal.app, tenant.origin);
    expect((await browser.get('/no-such-page/8f14e45fceea167a5a36dedd4bea2543')).status).toBe(404);
    const body = await scrape();
    expect(
      valueOf(body, 'portico_http_requests_total{method="GET",route="unmatched",status="404"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(body).not.toContain('8f14e45fceea167a5a36dedd4bea2543');
  });

  it('answers 401 without the right token, on every host', async () => {
    for (const origin of ['http://127.0.0.1:3000', tenant.origin, 'http://portico.test']) {
      for (const headers of [{}, { authorization: 'Bearer not-the-token' }] as Record<string, string>[]) {
        const response = await portal.app.request(`${origin}/metrics`, { headers });
        expect(response.status).toBe(401);
        expect(await response.text()).not.toContain('portico_');
      }
    }
  });

  describe('without a token', () => {
    let server: ServerType;
    let port: number;
    const app = () =>
      createApp({
        services: portal.services,
        csrfSecret: portal.runtime.csrfSecret,
        isDevMailboxShown: false,
        readiness: portal.runtime.readiness,
      });

    beforeAll(async () => {
      server = serve({ fetch: app().fetch, port: 0, hostname: '127.0.0.1' });
      await new Promise<void>((resolve) => server.once('listening', () => resolve()));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('answers a scrape over a loopback connection', async () => {
      const response = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('portico_outbox_messages{status="sent"}');
    });

    it('is not found through a proxy or without a connection of its own', async () => {
      expect(
        (await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.5' } })).status,
      ).toBe(404);
      expect((await app().request('http://127.0.0.1:3000/metrics')).status).toBe(404);
    });
  });
});
