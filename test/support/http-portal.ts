import { serve } from '@hono/node-server';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { createTestPortal, type TestPortal } from './test-portal.js';

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  setCookies: string[];
  body: string;
  location: string | null;
}

export interface HttpPortal {
  readonly portal: TestPortal;
  readonly port: number;
  /** One request over a real TCP connection to the portal, with whatever Host and headers the attacker likes. */
  send(options: HttpRequestOptions): Promise<HttpAnswer>;
  /** Bytes straight onto a socket, for requests a well-behaved HTTP client refuses to send. */
  sendRaw(bytes: string | Buffer): Promise<string>;
  close(): Promise<void>;
}

export interface HttpRequestOptions {
  host: string;
  method?: string;
  path: string;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
}

/** One request over a real TCP connection to 127.0.0.1:port, with any Host header. */
export function sendHttp(
  port: number,
  { host, method = 'GET', path, headers = {}, body }: HttpRequestOptions,
): Promise<HttpAnswer> {
  return new Promise<HttpAnswer>((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method, path, headers: { host, connection: 'close', ...headers }, setHost: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            setCookies: res.headers['set-cookie'] ?? [],
            body: Buffer.concat(chunks).toString('utf8'),
            location: typeof res.headers.location === 'string' ? res.headers.location : null,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * The real app and services on a loopback port: requests travel through @hono/node-server and the
 * kernel's TCP stack like an attacker's would, while the test keeps the fixed clock and the database.
 */
export async function startHttpPortal(options: { environment?: Record<string, string> } = {}): Promise<HttpPortal> {
  const portal = await createTestPortal(options.environment === undefined ? {} : { environment: options.environment });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: portal.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  const port = (server.address() as AddressInfo).port;
  return {
    portal,
    port,
    send: (request) => sendHttp(port, request),
    sendRaw(bytes) {
      return new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1');
        const chunks: Buffer[] = [];
        socket.on('data', (chunk: Buffer) => chunks.push(chunk));
        socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
        socket.on('error', reject);
        socket.setTimeout(10_000, () => socket.destroy());
        socket.end(bytes);
      });
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await portal.close();
    },
  };
}

/**
 * A browser over real HTTP: a cookie jar for one host, Origin on posts, and the CSRF field from the
 * last page. `scheme` is what the browser's address bar shows (the portal sits behind TLS when https).
 */
export function createHttpBrowser(
  target: Pick<HttpPortal, 'send'>,
  host: string,
  options: { scheme?: 'http' | 'https'; headers?: Record<string, string> } = {},
) {
  const cookies = new Map<string, string>();
  const origin = `${options.scheme ?? 'http'}://${host}`;
  let csrf = '';

  function remember(answer: HttpAnswer): HttpAnswer {
    for (const line of answer.setCookies) {
      const [pair] = line.split(';');
      const [name, ...rest] = (pair ?? '').split('=');
      const value = rest.join('=');
      if (name === undefined) continue;
      if (/max-age=0/i.test(line) || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
    const field = /name="_csrf" value="([^"]+)"/.exec(answer.body);
    if (field?.[1] !== undefined) csrf = field[1];
    return answer;
  }

  function cookieHeader(): Record<string, string> {
    return cookies.size === 0 ? {} : { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') };
  }

  return {
    cookies,
    origin,
    get csrfToken(): string {
      return csrf;
    },
    async get(path: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
      return remember(
        await target.send({ host, path, headers: { ...options.headers, ...cookieHeader(), ...headers } }),
      );
    },
    async post(
      path: string,
      fields: Record<string, string>,
      headers: Record<string, string> = {},
    ): Promise<HttpAnswer> {
      const body = new URLSearchParams({ _csrf: csrf, ...fields }).toString();
      // An empty value leaves the header out, for requests without Origin.
      const all = Object.entries({
        'content-type': 'application/x-www-form-urlencoded',
        origin,
        ...options.headers,
        ...cookieHeader(),
        ...headers,
      }).filter(([, value]) => value !== '');
      return remember(await target.send({ host, method: 'POST', path, body, headers: Object.fromEntries(all) }));
    },
  };
}

export type HttpBrowser = ReturnType<typeof createHttpBrowser>;

/** The page without what differs on every response by design (nonce, CSRF field), for comparing answers. */
export function stableBody(body: string): string {
  return body.replace(/nonce="[^"]+"/g, 'nonce=""').replace(/name="_csrf" value="[^"]+"/g, 'name="_csrf" value=""');
}
