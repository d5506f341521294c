import { expect } from 'vitest';
import type { Hono } from 'hono';
import type { AppEnv } from '../../src/http/context.js';
import { required } from '../../src/shared/required.js';

export interface PageResponse {
  status: number;
  headers: Headers;
  body: string;
  location: string | null;
}

/** What the client needs of an app: Hono's `request`, or the same sent over HTTP to a running process. */
export interface RequestTarget {
  request(input: string, init: RequestInit): Response | Promise<Response>;
}

/**
 * Talks to the app in-process as a browser would: keeps cookies per host, sends the Host header
 * and Origin, and fills the CSRF field from the last page it saw.
 */
export function createClient(app: RequestTarget, origin: string, defaultHeaders: Record<string, string> = {}) {
  const cookies = new Map<string, string>();
  let lastCsrf = '';
  const host = new URL(origin).host;

  function remember(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...rest] = (pair ?? '').split('=');
      const value = rest.join('=');
      if (name === undefined) continue;
      if (/max-age=0/i.test(line) || value === '') {
        cookies.delete(name);
      } else {
        cookies.set(name, value);
      }
    }
  }

  async function send(
    path: string,
    init: Omit<RequestInit, 'headers'> & { headers?: Record<string, string> } = {},
  ): Promise<PageResponse> {
    const headers: Record<string, string> = { host, ...defaultHeaders, ...(init.headers ?? {}) };
    if (cookies.size > 0) {
      headers['cookie'] = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    }
    const response = await app.request(`${origin}${path}`, { ...init, headers });
    remember(response);
    const body = await response.text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(body);
    if (csrf?.[1] !== undefined) {
      lastCsrf = csrf[1];
    }
    return { status: response.status, headers: response.headers, body, location: response.headers.get('location') };
  }

  return {
    cookies,
    get: (path: string, headers: Record<string, string> = {}) => send(path, { method: 'GET', headers }),
    head: (path: string) => send(path, { method: 'HEAD' }),
    /** Posts a form with the page's CSRF token unless the fields say otherwise. */
    post(path: string, fields: Record<string, string | string[]>, headers: Record<string, string> = {}) {
      const body = new URLSearchParams();
      const all = { _csrf: lastCsrf, ...fields };
      for (const [name, value] of Object.entries(all)) {
        for (const item of Array.isArray(value) ? value : [value]) {
          body.append(name, item);
        }
      }
      return send(path, {
        method: 'POST',
        body: body.toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin, ...headers },
      });
    },
    /** Posts a multipart form with one file, as a browser's file input does. */
    upload(
      path: string,
      fields: Record<string, string>,
      file: { field: string; filename: string; type: string; data: Uint8Array | string },
    ) {
      const form = new FormData();
      for (const [name, value] of Object.entries({ _csrf: lastCsrf, ...fields })) {
        form.append(name, value);
      }
      form.append(
        file.field,
        new Blob([typeof file.data === 'string' ? file.data : new Uint8Array(file.data)], { type: file.type }),
        file.filename,
      );
      return send(path, { method: 'POST', body: form, headers: { origin } });
    },
    raw: send,
    get csrfToken(): string {
      return lastCsrf;
    },
  };
}

export type Client = ReturnType<typeof createClient>;

/** The visible text of a page, for assertions on what a person reads. */
/** The codes of the refusals a page shows, next to fields or as notices (their data-error-code), in page order. */
export function errorCodesOf(html: string): string[] {
  return [...html.matchAll(/data-error-code="([A-Z0-9_]+)"/g)].map((match) => match[1] ?? '');
}

export function textOf(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The text of one person's entry in the workspace's people list (empty when the person is not listed). */
export function personEntryOf(page: string, email: string): string {
  const match = new RegExp(`<tr data-person="${email.replace(/\./g, '\\.')}">([\\s\\S]*?)</tr>`).exec(page);
  return match === null ? '' : textOf(required(match[1]));
}

/** A staff member's browser, logged in, having opened the people list once. */
export async function staffClientOn(
  app: Hono<AppEnv>,
  origin: string,
  email: string,
  password: string,
): Promise<Client> {
  const client = createClient(app, origin);
  await client.get('/login');
  expect((await client.post('/login', { email, password })).status).toBe(303);
  await client.get('/admin/people');
  return client;
}
