import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceApp } from '../../src/http/areas.js';
import type { AppEnv } from '../../src/http/context.js';
import { activatePerson, logIn } from '../support/accounts.js';
import { createClient, type Client } from '../support/browserless-client.js';
import { databaseKind } from '../support/test-database.js';
import { createTestPortal, createTestTenant, PLATFORM_ORIGIN, type TestPortal } from '../support/test-portal.js';
import { required } from '../../src/shared/required.js';

type Answer = { status: number; location: string | null };

/** Every page route the app has registered under the prefix, with its parameters filled in. */
function routesUnder(app: Hono<AppEnv>, prefix: string): { method: string; path: string }[] {
  const seen = new Set<string>();
  return app.routes
    .filter((route) => route.method !== 'ALL' && (route.path === prefix || route.path.startsWith(`${prefix}/`)))
    .map((route) => ({ method: route.method, path: route.path.replace(/:\w+/g, randomUUID()) }))
    .filter((route) => {
      const key = `${route.method} ${route.path.replace(/[0-9a-f-]{36}/g, ':id')}`;
      return seen.has(key) ? false : (seen.add(key), true);
    });
}

/** The routes whose answer to this client is not the expected one, as "METHOD /path → status". */
async function routesNotAnswering(
  app: Hono<AppEnv>,
  prefix: string,
  client: Client,
  isExpected: (answer: Answer) => boolean,
): Promise<string[]> {
  const wrong: string[] = [];
  for (const route of routesUnder(app, prefix)) {
    const answer = route.method === 'POST' ? await client.post(route.path, {}) : await client.get(route.path);
    if (!isExpected(answer)) {
      wrong.push(`${route.method} ${route.path} → ${answer.status}`);
    }
  }
  return wrong;
}

const toLogin = (answer: Answer) => answer.status === 303 && answer.location === '/login';
const notFound = (answer: Answer) => answer.status === 404;

describe(`every route of a guarded area runs behind its guard (${databaseKind})`, () => {
  let portal: TestPortal;
  let acme: { id: string; host: string; origin: string };

  beforeAll(async () => {
    portal = await createTestPortal();
    acme = await createTestTenant(portal);
    await activatePerson(portal, acme, 'kundin@example.com', 'policyholder');
  });
  afterAll(() => portal.close());

  async function anonymous(origin: string): Promise<Client> {
    const client = createClient(portal.app, origin);
    // A CSRF token, so a POST meets the guard and not the form check.
    await client.get('/login');
    return client;
  }

  it('finds the workspace, account and colleague routes', () => {
    expect(routesUnder(portal.app, '/admin').length).toBeGreaterThan(30);
    expect(routesUnder(portal.app, '/profile').length).toBeGreaterThan(5);
    expect(routesUnder(portal.app, '/colleagues').length).toBeGreaterThan(2);
  });

  it('sends a visitor without a session to the login from every workspace route', async () => {
    expect(await routesNotAnswering(portal.app, '/admin', await anonymous(acme.origin), toLogin)).toEqual([]);
  });

  it('shows a logged-in customer nothing on any workspace route', async () => {
    const customer = await logIn(portal, acme.origin, 'kundin@example.com');
    expect(await routesNotAnswering(portal.app, '/admin', customer, notFound)).toEqual([]);
  });

  it('sends a visitor of the platform host to the login from every workspace route', async () => {
    const platform = await anonymous(PLATFORM_ORIGIN);
    expect(await routesNotAnswering(portal.app, '/admin', platform, toLogin)).toEqual([]);
  });

  it('sends a visitor without a session to the login from every account and colleague route', async () => {
    const client = await anonymous(acme.origin);
    expect(await routesNotAnswering(portal.app, '/profile', client, toLogin)).toEqual([]);
    expect(await routesNotAnswering(portal.app, '/colleagues', client, toLogin)).toEqual([]);
  });

  it('reports a route mounted beside the workspace instead of in it', async () => {
    const leaky = new Hono<AppEnv>();
    leaky.use('*', async (c, next) => {
      c.set('clientAddress', 'unknown');
      c.set('site', {
        kind: 'tenant',
        host: acme.host,
        tenant: required(await portal.services.tenants.findTenantById(acme.id)),
      });
      c.set('session', null);
      c.set('nonce', 'n');
      c.set('csrfToken', '');
      c.set('language', 'de');
      return next();
    });
    leaky.get('/admin/open', (c) => c.text('unguarded'));
    leaky.route('/admin', workspaceApp(portal.services));
    const client = createClient(leaky, acme.origin);
    const wrong = await routesNotAnswering(leaky, '/admin', client, (answer) => answer.status === 303);
    expect(wrong).toEqual(['GET /admin/open → 200']);
  });
});
