import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createWebhookService } from '../../src/modules/webhooks/webhook-service.js';
import { resolveWithSystem, type ResolveHost } from '../../src/modules/webhooks/webhook-request.js';
import { databaseKind } from '../support/test-database.js';
import { createApiWorld, type ApiWorld } from './api-setup.js';
import { required } from '../../src/shared/required.js';

interface Endpoint {
  port: number;
  url: string;
  hits: string[];
  close(): Promise<void>;
}

/** An endpoint on loopback that counts what reaches it; `answer` may send a redirect. */
async function startEndpoint(answer: { status: number; location?: string } = { status: 204 }): Promise<Endpoint> {
  const hits: string[] = [];
  const server = createServer((request, response) => {
    hits.push(`${request.method} ${request.headers.host} ${request.url}`);
    request.resume();
    request.on('end', () =>
      response.writeHead(answer.status, answer.location === undefined ? {} : { location: answer.location }).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}/hooks`,
    hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * A TLS endpoint on loopback with a certificate for crm.example.test that no system CA signed; it records the name the
 * client asked for.
 */
async function startTlsEndpoint(): Promise<{ port: number; serverNames: string[]; close(): Promise<void> }> {
  const request = [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    '-',
    '-out',
    '-',
    '-days',
    '1',
  ];
  const subject = ['-subj', '/CN=crm.example.test', '-addext', 'subjectAltName=DNS:crm.example.test'];
  const pem = execFileSync('openssl', [...request, ...subject], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const serverNames: string[] = [];
  const server = createTlsServer(
    {
      key: pem,
      cert: pem,
      SNICallback: (name, done) => {
        serverNames.push(name);
        done(null);
      },
    },
    (socket) => socket.end(),
  );
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    serverNames,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The delivery side as it runs in production (private targets refused), over the test portal's database. */
function productionDeliveries(
  world: ApiWorld,
  resolveHost: ResolveHost,
  options: { isPrivateTargetAllowed: boolean } = { isPrivateTargetAllowed: false },
) {
  return createWebhookService({
    db: world.portal.runtime.database.db,
    clock: world.portal.clock,
    logger: pino({ level: 'silent' }),
    resolveHost,
    ...options,
  });
}

/**
 * A name that exists only for this test, resolving to loopback — as a rebinding attacker's name would at delivery time.
 */
const resolveRebound: ResolveHost = async (hostname) =>
  hostname === 'crm.example.test' ? [{ address: '127.0.0.1', family: 4 }] : resolveWithSystem(hostname);

async function attemptsOf(
  world: ApiWorld,
  webhookId: string,
): Promise<{ status: string; attempts: { statusCode: number | null; error: string | null }[] }[]> {
  const answer = await world.api.call('GET', `/webhooks/${webhookId}/deliveries`);
  expect(answer.status).toBe(200);
  return answer.body.items;
}

async function registerAndQueue(world: ApiWorld, url: string): Promise<string> {
  const created = await world.api.call('POST', '/webhooks', { body: { url, events: ['grant.changed'] } });
  expect(created.status).toBe(201);
  return created.body.id;
}

describe(`webhook targets (${databaseKind})`, () => {
  it('in production refuses every spelling of a loopback, private or metadata address at registration, writing nothing', async () => {
    const world = await createApiWorld({ NODE_ENV: 'production' });
    try {
      const refused = [
        'http://[::ffff:127.0.0.1]/',
        'http://[0:0:0:0:0:ffff:127.0.0.1]/',
        'http://[::ffff:169.254.169.254]/latest/meta-data',
        'http://[::127.0.0.1]/',
        'http://[64:ff9b::127.0.0.1]/',
        'http://[64:ff9b:1::a00:1]/',
        'http://[2002:7f00:1::1]/',
        'http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/',
        'http://[fd00::1]/',
        'http://[fe80::1]/',
        'http://[::]/',
        'http://127.1/',
        'http://0x7f000001/',
        'http://2130706433/',
        'http://100.64.0.1/',
        'http://0.0.0.0:8080/',
        'http://localhost./',
        'http://portal.localhost/',
        'http://intranet/',
      ];
      for (const url of refused) {
        const answer = await world.api.call('POST', '/webhooks', { body: { url, events: ['grant.changed'] } });
        expect(answer.status, url).toBe(422);
        expect(answer.body.code, url).toBe('webhook_url_invalid');
      }
      expect((await world.api.call('GET', '/webhooks')).body.items).toEqual([]);

      for (const url of [
        'https://[2001:4860:4860::8888]/hooks',
        'https://[::ffff:8.8.8.8]/hooks',
        'https://crm.example.com/hooks',
      ]) {
        expect(
          (await world.api.call('POST', '/webhooks', { body: { url, events: ['grant.changed'] } })).status,
          url,
        ).toBe(201);
      }
    } finally {
      await world.portal.close();
    }
  });

  it('in production refuses at delivery a name that resolves to loopback, as a failed attempt, and the endpoint receives nothing', async () => {
    const world = await createApiWorld();
    const endpoint = await startEndpoint();
    try {
      const rebound = await registerAndQueue(world, `http://crm.example.test:${endpoint.port}/hooks`);
      const localhost = await registerAndQueue(world, `http://localhost:${endpoint.port}/hooks`);
      expect((await world.api.call('POST', '/grants', { body: { name: 'Umgeleitet', kind: 'customer' } })).status).toBe(
        201,
      );

      expect(await productionDeliveries(world, resolveRebound).deliverDueWebhooks()).toBe(2);

      expect(endpoint.hits).toEqual([]);
      const [reboundDelivery] = await attemptsOf(world, rebound);
      expect(required(reboundDelivery).status).toBe('queued');
      expect(required(reboundDelivery).attempts).toEqual([
        expect.objectContaining({
          statusCode: null,
          error: 'refused: crm.example.test resolves to 127.0.0.1, which is not a public address',
        }),
      ]);
      const [localhostDelivery] = await attemptsOf(world, localhost);
      expect(required(required(localhostDelivery).attempts[0]).error).toMatch(
        /^refused: localhost resolves to (127\.0\.0\.1|::1), which is not a public address$/,
      );
    } finally {
      await endpoint.close();
      await world.portal.close();
    }
  });

  it('refuses a name when any one of its addresses is private, even next to a public one', async () => {
    const world = await createApiWorld();
    try {
      const id = await registerAndQueue(world, 'https://split.example.test/hooks');
      await world.api.call('POST', '/grants', { body: { name: 'Geteilt', kind: 'customer' } });
      const resolveSplit: ResolveHost = () =>
        Promise.resolve([
          { address: '93.184.215.14', family: 4 },
          { address: '::ffff:10.0.0.5', family: 6 },
        ]);

      await productionDeliveries(world, resolveSplit).deliverDueWebhooks();

      const [delivery] = await attemptsOf(world, id);
      expect(required(required(delivery).attempts[0]).error).toBe(
        'refused: split.example.test resolves to ::ffff:10.0.0.5, which is not a public address',
      );
    } finally {
      await world.portal.close();
    }
  });

  it('connects to the address it resolved and checked, without resolving the name again', async () => {
    const world = await createApiWorld();
    const endpoint = await startEndpoint();
    try {
      const id = await registerAndQueue(world, `http://crm.example.test:${endpoint.port}/hooks?tenant=acme`);
      await world.api.call('POST', '/grants', { body: { name: 'Angeheftet', kind: 'customer' } });

      // .test names never resolve through the system: the request can only have used the pinned address.
      await productionDeliveries(world, resolveRebound, { isPrivateTargetAllowed: true }).deliverDueWebhooks();

      expect(endpoint.hits).toEqual([`POST crm.example.test:${endpoint.port} /hooks?tenant=acme`]);
      const [delivery] = await attemptsOf(world, id);
      expect(required(delivery).status).toBe('delivered');
      expect(required(required(delivery).attempts[0]).statusCode).toBe(204);
    } finally {
      await endpoint.close();
      await world.portal.close();
    }
  });

  it('does not follow a redirect, and says so in the delivery log', async () => {
    const world = await createApiWorld();
    const inside = await startEndpoint();
    const redirecting = await startEndpoint({ status: 307, location: inside.url });
    try {
      const id = await registerAndQueue(world, redirecting.url);
      await world.api.call('POST', '/grants', { body: { name: 'Weiter', kind: 'customer' } });

      await world.portal.services.webhooks.deliverDueWebhooks();

      expect(redirecting.hits).toHaveLength(1);
      expect(inside.hits).toEqual([]);
      const [delivery] = await attemptsOf(world, id);
      expect(required(delivery).status).toBe('queued');
      expect(required(delivery).attempts[0]).toMatchObject({
        statusCode: 307,
        error: 'HTTP 307 (redirects are not followed)',
      });
    } finally {
      await redirecting.close();
      await inside.close();
      await world.portal.close();
    }
  });

  it('verifies the TLS certificate for the host name while connecting to the pinned address', async () => {
    const world = await createApiWorld();
    const endpoint = await startTlsEndpoint();
    try {
      const id = await registerAndQueue(world, `https://crm.example.test:${endpoint.port}/hooks`);
      await world.api.call('POST', '/grants', { body: { name: 'Verschlüsselt', kind: 'customer' } });

      await productionDeliveries(world, resolveRebound, { isPrivateTargetAllowed: true }).deliverDueWebhooks();

      const [delivery] = await attemptsOf(world, id);
      expect(required(delivery).status).toBe('queued');
      expect(endpoint.serverNames).toEqual(['crm.example.test']);
      expect(required(delivery).attempts[0]).toMatchObject({
        statusCode: null,
        error: expect.stringMatching(/self-signed certificate/),
      });
    } finally {
      await endpoint.close();
      await world.portal.close();
    }
  });
});
