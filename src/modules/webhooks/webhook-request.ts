import { lookup, type LookupAddress } from 'node:dns';
import { request as requestHttp, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as requestHttps } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isWebhookAddressAllowed } from './webhook-address-policy.js';
import { required } from '../../shared/required.js';

/** Resolves a host name to every address it has; tests swap it for names that only exist there. */
export type ResolveHost = (hostname: string) => Promise<LookupAddress[]>;

export const resolveWithSystem: ResolveHost = (hostname) =>
  new Promise((resolve, reject) => {
    lookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses)));
  });

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMilliseconds: number;
  isPrivateTargetAllowed: boolean;
  resolveHost: ResolveHost;
}

/** `error` is what the deliveries list shows for the attempt; null means a 2xx answer. */
export interface WebhookOutcome {
  statusCode: number | null;
  error: string | null;
}

function withTimeout<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(new Error('timed out resolving the host name'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Answers every lookup of the connection with the addresses already checked, so no second resolution can differ. */
function pinnedLookup(addresses: LookupAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all === true) {
      callback(null, addresses);
    } else {
      callback(null, required(addresses[0]).address, required(addresses[0]).family);
    }
  };
}

function send(options: RequestOptions, isHttps: boolean, body: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = (isHttps ? requestHttps : requestHttp)(options, resolve);
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * Posts one delivery. The host name is resolved once; every address it yields must be public (unless private
 * targets are allowed in development), and the connection goes to exactly those addresses: checking one answer
 * and connecting after another would let a name flip to an internal address in between (DNS rebinding).
 * TLS still verifies the certificate for the host name. Redirects are never followed.
 */
export async function postWebhook(input: WebhookRequest): Promise<WebhookOutcome> {
  const url = new URL(input.url);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const signal = AbortSignal.timeout(input.timeoutMilliseconds);
  const family = isIP(host);
  let addresses: LookupAddress[];
  try {
    addresses = family === 0 ? await withTimeout(input.resolveHost(host), signal) : [{ address: host, family }];
  } catch (caught) {
    return {
      statusCode: null,
      error: `could not resolve ${host}: ${caught instanceof Error ? caught.message.slice(0, 200) : 'lookup failed'}`,
    };
  }
  if (addresses.length === 0) {
    return { statusCode: null, error: `could not resolve ${host}: no addresses` };
  }
  const refused = input.isPrivateTargetAllowed
    ? undefined
    : addresses.find((entry) => !isWebhookAddressAllowed(entry.address));
  if (refused !== undefined) {
    return {
      statusCode: null,
      error: `refused: ${host} resolves to ${refused.address}, which is not a public address`,
    };
  }
  const isHttps = url.protocol === 'https:';
  try {
    const response = await send(
      {
        method: 'POST',
        hostname: host,
        port: url.port === '' ? undefined : Number(url.port),
        path: `${url.pathname}${url.search}`,
        headers: { ...input.headers, 'content-length': String(Buffer.byteLength(input.body)) },
        lookup: pinnedLookup(addresses),
        ...(isHttps && family === 0 ? { servername: host.replace(/\.$/, '') } : {}),
        // A fresh connection per delivery: a pooled socket would carry an earlier request's resolution along.
        agent: false,
        signal,
      },
      isHttps,
      input.body,
    );
    response.destroy();
    const statusCode = response.statusCode ?? null;
    if (statusCode === null || statusCode < 200 || statusCode > 299) {
      const isRedirect = statusCode !== null && statusCode >= 300 && statusCode < 400;
      return {
        statusCode,
        error: `HTTP ${statusCode ?? 'without status'}${isRedirect ? ' (redirects are not followed)' : ''}`,
      };
    }
    return { statusCode, error: null };
  } catch (caught) {
    return { statusCode: null, error: caught instanceof Error ? caught.message.slice(0, 300) : 'request failed' };
  }
}
