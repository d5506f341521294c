import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { OutboxSnapshot } from '../modules/outbox/outbox-metrics-repo.js';

export type LoginOutcome = 'authenticated' | 'failed' | 'email_unconfirmed' | 'second_factor_required';
export type MailResult = 'sent' | 'retry' | 'failed' | 'abandoned';

export interface HttpRequestObservation {
  method: string;
  /** A route pattern such as `/set-password`, never the raw path: raw paths carry tokens and unbounded values. */
  route: string;
  status: number;
  seconds: number;
}

export interface Metrics {
  /** A registry of its own (not prom-client's global one), so one process can hold many apps, as tests do. */
  readonly registry: Registry;
  recordHttpRequest(observation: HttpRequestObservation): void;
  recordLogin(outcome: LoginOutcome): void;
  recordMailResult: (kind: string, result: MailResult) => void;
  /** The text exposition format, with the content type to send it under. */
  render(): Promise<{ body: string; contentType: string }>;
}

export interface MetricsOptions {
  /** Read at scrape time; without it the outbox gauges are not exported (e.g. a process without a database). */
  readOutboxSnapshot?: () => Promise<OutboxSnapshot>;
}

export const METRIC_PREFIX = 'portico_';

/** From a fast page (5 ms) to a slow password hash under load (2.5 s). */
export const HTTP_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** Clients may send any method token; anything outside this list shares one label so series stay bounded. */
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });

  const httpRequests = new Counter({
    name: `${METRIC_PREFIX}http_requests_total`,
    help: 'HTTP requests answered, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: `${METRIC_PREFIX}http_request_duration_seconds`,
    help: 'Time to answer an HTTP request, by method and route pattern.',
    labelNames: ['method', 'route'] as const,
    buckets: HTTP_DURATION_BUCKETS,
    registers: [registry],
  });
  const logins = new Counter({
    name: `${METRIC_PREFIX}logins_total`,
    help: 'Login attempts by outcome.',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const mailDeliveries = new Counter({
    name: `${METRIC_PREFIX}mail_deliveries_total`,
    help: 'Mail delivery attempts by mail kind and result.',
    labelNames: ['kind', 'result'] as const,
    registers: [registry],
  });
  if (options.readOutboxSnapshot !== undefined) {
    registerOutboxGauges(registry, options.readOutboxSnapshot);
  }

  return {
    registry,
    recordHttpRequest(observation) {
      const method = KNOWN_METHODS.has(observation.method) ? observation.method : 'OTHER';
      httpRequests.inc({ method, route: observation.route, status: String(observation.status) });
      httpDuration.observe({ method, route: observation.route }, observation.seconds);
    },
    recordLogin: (outcome) => logins.inc({ outcome }),
    // An arrow function, so the outbox service can be handed `metrics.recordMailResult` on its own.
    recordMailResult: (kind, result) => mailDeliveries.inc({ kind, result }),
    async render() {
      return { body: await registry.metrics(), contentType: registry.contentType };
    },
  };
}

/**
 * Both gauges come from one query per scrape: prom-client collects metrics concurrently, so the
 * first collector starts the read and the second joins it.
 */
function registerOutboxGauges(registry: Registry, readOutboxSnapshot: () => Promise<OutboxSnapshot>): void {
  let pending: Promise<OutboxSnapshot | null> | null = null;
  function readOnce(): Promise<OutboxSnapshot | null> {
    // A database outage must not cost the process metrics, which matter most then; the outbox
    // series are left out (or NaN) for that scrape instead of showing stale values, and /readyz reports it.
    pending ??= readOutboxSnapshot()
      .catch(() => null)
      .finally(() => {
        pending = null;
      });
    return pending;
  }

  new Gauge({
    name: `${METRIC_PREFIX}outbox_messages`,
    help: 'Mails in the outbox by status.',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const snapshot = await readOnce();
      this.reset();
      if (snapshot === null) {
        return;
      }
      for (const [status, count] of Object.entries(snapshot.messagesByStatus)) {
        this.set({ status }, count);
      }
    },
  });
  new Gauge({
    name: `${METRIC_PREFIX}outbox_oldest_queued_age_seconds`,
    help:
      'Age of the oldest mail not yet delivered (queued or being sent); 0 when there is none, NaN when the ' +
      'outbox could not be read.',
    registers: [registry],
    async collect() {
      const snapshot = await readOnce();
      // A label-less gauge cannot be left out; NaN says "unknown" where 0 would say "all delivered".
      this.set(snapshot === null ? Number.NaN : snapshot.oldestUndeliveredAgeSeconds);
    },
  });
}
