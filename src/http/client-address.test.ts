import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { clientAddressBehind } from './client-address.js';
import { required } from '../shared/required.js';

/** A tiny app on a real loopback socket, answering with the address it attributes to the client. */
function echoApp(trustProxy: string | undefined) {
  const app = new Hono();
  const config = loadConfig(trustProxy === undefined ? {} : { TRUST_PROXY: trustProxy });
  app.get('/', (c) => c.text(clientAddressBehind(c, () => config.trustedProxies)));
  return app;
}

describe('clientAddress', () => {
  const servers: ReturnType<typeof serve>[] = [];
  const urls: Record<string, string> = {};

  beforeAll(async () => {
    for (const [name, trust] of [
      ['direct', undefined],
      ['proxied', '127.0.0.1,10.0.0.2'],
    ] as const) {
      const server = serve({ fetch: echoApp(trust).fetch, port: 0, hostname: '127.0.0.1' });
      await new Promise<void>((resolve) => server.once('listening', () => resolve()));
      servers.push(server);
      urls[name] = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    }
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  });

  const ask = async (name: string, forwardedFor?: string): Promise<string> =>
    (
      await fetch(
        required(urls[name]),
        forwardedFor === undefined ? {} : { headers: { 'x-forwarded-for': forwardedFor } },
      )
    ).text();

  it('uses the socket peer and ignores X-Forwarded-For when no proxy is trusted', async () => {
    expect(await ask('direct')).toBe('127.0.0.1');
    expect(await ask('direct', '203.0.113.9')).toBe('127.0.0.1');
  });

  it('takes the right-most address that is not a trusted proxy', async () => {
    expect(await ask('proxied', '198.51.100.7, 203.0.113.9')).toBe('203.0.113.9');
    expect(await ask('proxied', '198.51.100.7, 203.0.113.9, 10.0.0.2')).toBe('203.0.113.9');
    expect(await ask('proxied')).toBe('127.0.0.1');
  });
});
