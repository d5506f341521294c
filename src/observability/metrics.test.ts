import { describe, expect, it } from 'vitest';
import type { OutboxSnapshot } from '../modules/outbox/outbox-metrics-repo.js';
import { createMetrics } from './metrics.js';

const SNAPSHOT: OutboxSnapshot = {
  messagesByStatus: { queued: 3, sending: 1, sent: 40, failed: 2, abandoned: 0 },
  oldestUndeliveredAgeSeconds: 95.5,
};

describe('metrics', () => {
  it('counts requests by method, route and status and times them in web-sized buckets', async () => {
    const metrics = createMetrics();
    metrics.recordHttpRequest({ method: 'GET', route: '/set-password', status: 200, seconds: 0.012 });
    metrics.recordHttpRequest({ method: 'GET', route: '/set-password', status: 200, seconds: 0.3 });
    metrics.recordHttpRequest({ method: 'POST', route: '/login', status: 401, seconds: 0.2 });
    const { body, contentType } = await metrics.render();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(body).toContain('portico_http_requests_total{method="GET",route="/set-password",status="200"} 2');
    expect(body).toContain('portico_http_requests_total{method="POST",route="/login",status="401"} 1');
    expect(body).toContain(
      'portico_http_request_duration_seconds_bucket{le="0.005",method="GET",route="/set-password"} 0',
    );
    expect(body).toContain(
      'portico_http_request_duration_seconds_bucket{le="0.025",method="GET",route="/set-password"} 1',
    );
    expect(body).toContain(
      'portico_http_request_duration_seconds_bucket{le="2.5",method="GET",route="/set-password"} 2',
    );
    expect(body).toContain('portico_http_request_duration_seconds_count{method="GET",route="/set-password"} 2');
  });

  it('folds methods outside the usual set into one label', async () => {
    const metrics = createMetrics();
    metrics.recordHttpRequest({ method: 'PROPFIND', route: 'unmatched', status: 404, seconds: 0.001 });
    const { body } = await metrics.render();
    expect(body).toContain('portico_http_requests_total{method="OTHER",route="unmatched",status="404"} 1');
    expect(body).not.toContain('PROPFIND');
  });

  it('counts logins by outcome and mail deliveries by kind and result', async () => {
    const metrics = createMetrics();
    metrics.recordLogin('failed');
    metrics.recordLogin('failed');
    metrics.recordLogin('authenticated');
    const { recordMailResult } = metrics;
    recordMailResult('invitation', 'sent');
    recordMailResult('password_reset', 'retry');
    const { body } = await metrics.render();
    expect(body).toContain('portico_logins_total{outcome="failed"} 2');
    expect(body).toContain('portico_logins_total{outcome="authenticated"} 1');
    expect(body).toContain('portico_mail_deliveries_total{kind="invitation",result="sent"} 1');
    expect(body).toContain('portico_mail_deliveries_total{kind="password_reset",result="retry"} 1');
  });

  it('exports prefixed process metrics, in a registry of its own per instance', async () => {
    const first = createMetrics();
    const second = createMetrics();
    first.recordLogin('failed');
    const [firstBody, secondBody] = await Promise.all([first.render(), second.render()]);
    expect(firstBody.body).toContain('portico_process_cpu_user_seconds_total');
    expect(firstBody.body).toContain('portico_nodejs_eventloop_lag_seconds');
    expect(firstBody.body).toContain('portico_logins_total{outcome="failed"} 1');
    expect(secondBody.body).not.toContain('portico_logins_total{outcome="failed"}');
  });

  it('reads the outbox once per scrape for both gauges', async () => {
    let reads = 0;
    const metrics = createMetrics({
      readOutboxSnapshot: () => {
        reads += 1;
        return Promise.resolve(SNAPSHOT);
      },
    });
    const { body } = await metrics.render();
    expect(reads).toBe(1);
    expect(body).toContain('portico_outbox_messages{status="queued"} 3');
    expect(body).toContain('portico_outbox_messages{status="sent"} 40');
    expect(body).toContain('portico_outbox_messages{status="abandoned"} 0');
    expect(body).toContain('portico_outbox_oldest_queued_age_seconds 95.5');
    await metrics.render();
    expect(reads).toBe(2);
  });

  it('still answers when the outbox cannot be read, without stale outbox values', async () => {
    let isFailing = false;
    const metrics = createMetrics({
      readOutboxSnapshot: () =>
        isFailing ? Promise.reject(new Error('database unavailable')) : Promise.resolve(SNAPSHOT),
    });
    await metrics.render();
    isFailing = true;
    const { body } = await metrics.render();
    expect(body).toContain('portico_process_cpu_user_seconds_total');
    expect(body).not.toMatch(/^portico_outbox_messages\{/m);
    // prom-client writes "Nan"; Prometheus parses NaN in any case.
    expect(body).toMatch(/^portico_outbox_oldest_queued_age_seconds nan$/im);
  });

  it('leaves the outbox gauges out without a reader', async () => {
    const { body } = await createMetrics().render();
    expect(body).not.toContain('portico_outbox_');
  });
});
