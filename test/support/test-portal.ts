import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Hono } from 'hono';
import { loadConfig } from '../../src/config/config.js';
import { createApp } from '../../src/http/app.js';
import type { AppEnv } from '../../src/http/context.js';
import { createSmtpTransport, type SmtpTimeouts } from '../../src/modules/outbox/mail-transport.js';
import { createLogger } from '../../src/logger.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import type { Services } from '../../src/services.js';
import { createFixedClock } from '../../src/shared/clock.js';
import { startSmtpReceiver, type SmtpReceiver } from './smtp-receiver.js';
import { createTestDatabase, TEST_SECOND_FACTOR_KEY, type TestDatabase } from './test-database.js';
import { required } from '../../src/shared/required.js';

/** Deliberately cheap argon2id, so tests exercise the real hashing code without its cost. */
export const FAST_ARGON2 = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

export const PLATFORM_ORIGIN = 'http://portico.test';

/** The bearer token the test portal's GET /metrics expects: in-process requests have no loopback socket. */
export const METRICS_TOKEN = 'test-metrics-token';

export interface TestPortal {
  readonly app: Hono<AppEnv>;
  readonly services: Services;
  readonly runtime: Runtime;
  readonly smtp: SmtpReceiver;
  readonly clock: ReturnType<typeof createFixedClock>;
  readonly database: TestDatabase;
  /** Delivers the outbox to the loopback SMTP server now (the worker's job in a running portal). */
  deliverMail(): Promise<number>;
  close(): Promise<void>;
}

/** The real app, services, database and SMTP delivery, in-process; only the clock is fixed. */
export async function createTestPortal(
  options: { smtpTimeouts?: SmtpTimeouts; logLines?: string[]; environment?: Record<string, string> } = {},
): Promise<TestPortal> {
  const database = await createTestDatabase();
  const smtp = await startSmtpReceiver();
  const clock = createFixedClock(new Date('2026-11-24T10:00:00Z'));
  // Files the portal stores (documents) go to a folder of this portal's own, removed on close.
  const dataDir = await mkdtemp(join(tmpdir(), 'portico-test-data-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    PLATFORM_URL: PLATFORM_ORIGIN,
    SMTP_URL: smtp.url,
    MAIL_FROM: 'portal@portico.test',
    NODE_ENV: 'test',
    SECOND_FACTOR_KEY: TEST_SECOND_FACTOR_KEY,
    ...options.environment,
  });
  const transport =
    options.smtpTimeouts === undefined ? undefined : createSmtpTransport(smtp.url, options.smtpTimeouts);
  const runtime = await openRuntime({
    config,
    logger:
      options.logLines === undefined
        ? pino({ level: 'silent' })
        : createLogger({
            level: 'trace',
            destination: { write: (line: string) => void required(options.logLines).push(line) },
          }),
    clock,
    argon2: FAST_ARGON2,
    database: database.handle,
    ...(transport ? { transport } : {}),
  });
  const app = createApp({
    services: runtime.services,
    csrfSecret: runtime.csrfSecret,
    isDevMailboxShown: false,
    readiness: runtime.readiness,
    metricsToken: METRICS_TOKEN,
  });
  return {
    app,
    services: runtime.services,
    runtime,
    smtp,
    clock,
    database,
    deliverMail: () => runtime.services.outbox.deliverDueMails(),
    async close() {
      await runtime.close();
      await smtp.close();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function createTestTenant(
  portal: TestPortal,
  slug = 'acme',
  name = 'Acme Versicherungsmakler GmbH',
): Promise<{ id: string; host: string; origin: string }> {
  const host = `${slug}.portal.test`;
  const { tenant } = await portal.services.tenants.createTenant({ slug, name, hosts: [host] });
  return { id: tenant.id, host, origin: `http://${host}` };
}
