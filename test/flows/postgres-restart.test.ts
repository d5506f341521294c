import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createApp } from '../../src/http/app.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import { createClient, textOf } from '../support/browserless-client.js';
import { findFreePort } from '../support/portico-process.js';
import { isPrivatePostgresAvailable, startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres.js';
import { TEST_SECOND_FACTOR_KEY } from '../support/test-database.js';
import { FAST_ARGON2 } from '../support/test-portal.js';

const isAvailable = isPrivatePostgresAvailable();
if (!isAvailable) {
  console.warn(
    'PostgreSQL restart test skipped: no PostgreSQL server binaries (initdb, pg_ctl) found under /usr/lib/postgresql.',
  );
}

/** Its own cluster, stopped and started mid-test; the shared server is left alone. */
describe.skipIf(!isAvailable)('a PostgreSQL restart', () => {
  let cluster: PrivatePostgres;
  let runtime: Runtime;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    cluster = startPrivatePostgres(await findFreePort());
    const config = loadConfig({
      DATABASE_URL: cluster.url,
      SECOND_FACTOR_KEY: TEST_SECOND_FACTOR_KEY,
      STORAGE_FOLDER_SHARED: 'true',
      PLATFORM_URL: 'http://portico.test',
      NODE_ENV: 'test',
    });
    runtime = await openRuntime({ config, logger: pino({ level: 'silent' }), argon2: FAST_ARGON2 });
    await runtime.services.tenants.createTenant({
      slug: 'acme',
      name: 'Acme Makler GmbH',
      hosts: ['acme.portal.test'],
    });
    app = createApp({
      services: runtime.services,
      csrfSecret: runtime.csrfSecret,
      isDevMailboxShown: false,
      readiness: runtime.readiness,
    });
  }, 120_000);
  afterAll(async () => {
    await runtime?.close();
    cluster?.destroy();
  });

  it('answers 503 at once while the database is down and recovers by itself', async () => {
    const browser = createClient(app, 'http://acme.portal.test');
    await browser.get('/login');
    expect((await browser.post('/login', { email: 'nobody@example.com', password: 'Egal 123!' })).status).toBe(401);

    cluster.stop();
    const startedAt = performance.now();
    const during = await browser.post('/login', { email: 'nobody@example.com', password: 'Egal 123!' });
    expect(during.status).toBe(503);
    expect(during.headers.get('retry-after')).toBe('5');
    expect(textOf(during.body)).toContain('Vorübergehend nicht erreichbar');
    expect(performance.now() - startedAt).toBeLessThan(5_000);
    expect((await app.request('http://portico.test/readyz')).status).toBe(503);

    cluster.start();
    expect((await app.request('http://portico.test/readyz')).status).toBe(200);
    expect((await browser.post('/login', { email: 'nobody@example.com', password: 'Egal 123!' })).status).toBe(401);
    expect(await runtime.services.outbox.deliverDueMails()).toBe(0);
  });
});
