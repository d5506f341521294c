import { request } from 'node:http';
import type { Hono } from 'hono';
import type { AppEnv } from '../../src/http/context.js';

/**
 * Something that answers `request(url, init)` like an in-process Hono app but sends it over HTTP to
 * a Portico process on loopback, with the URL's host as `Host` header (fetch() will not send a
 * chosen Host), so `createClient` can drive a real process as it drives the in-process app.
 */
export function processApp(port: number): Hono<AppEnv> {
  const app = {
    request(
      input: string,
      init: { method?: string; headers?: Record<string, string>; body?: string | URLSearchParams } = {},
    ): Promise<Response> {
      const url = new URL(input);
      const body = init.body === undefined ? undefined : String(init.body);
      return new Promise((resolve, reject) => {
        const outgoing = request(
          {
            host: '127.0.0.1',
            port,
            method: init.method ?? 'GET',
            path: url.pathname + url.search,
            agent: false,
            headers: {
              host: url.host,
              ...init.headers,
              ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }),
            },
          },
          (incoming) => {
            const chunks: Buffer[] = [];
            incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
            incoming.on('end', () => {
              const headers = new Headers();
              for (const [name, value] of Object.entries(incoming.headers)) {
                for (const item of ([] as string[]).concat(value ?? [])) {
                  headers.append(name, item);
                }
              }
              const status = incoming.statusCode ?? 0;
              resolve(
                new Response(status === 204 || status === 304 ? null : Buffer.concat(chunks), { status, headers }),
              );
            });
          },
        );
        outgoing.on('error', reject);
        outgoing.end(body);
      });
    },
  };
  return app as unknown as Hono<AppEnv>;
}
