import { request } from 'node:http';
import type { RequestTarget } from './browserless-client.js';

/**
 * Something that answers `request(url, init)` like an in-process Hono app but sends it over HTTP to
 * a Portico process on loopback, with the URL's host as `Host` header (fetch() will not send a
 * chosen Host), so `createClient` can drive a real process as it drives the in-process app.
 */
export function processApp(port: number): RequestTarget {
  return {
    request(input: string, init: RequestInit): Promise<Response> {
      const url = new URL(input);
      const body = textOf(init.body);
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
              ...Object.fromEntries(new Headers(init.headers)),
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
}

/** The bodies the client sends to a process: none, form fields or text. */
function textOf(body: RequestInit['body']): string | undefined {
  if (body === undefined || body === null) {
    return undefined;
  }
  if (typeof body === 'string' || body instanceof URLSearchParams) {
    return body.toString();
  }
  throw new Error('A request to a process can carry only form fields or text');
}
