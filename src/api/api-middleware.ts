import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ApiCaller } from '../modules/api-keys/api-key-service.js';
import type { Services } from '../services.js';
import { problem } from './api-problem.js';
import { required } from '../shared/required.js';
import { MAX_DOCUMENT_BYTES } from '../modules/documents/document.js';
import { MAX_MESSAGE_ATTACHMENT_BYTES } from '../modules/conversations/conversation-attachment.js';

/**
 * What the API's routes may use: the services of the areas it offers, not the whole set. A route that needs another
 * service adds it here, so what the API can reach is read in one place.
 */
const API_SERVICES = [
  'apiKeys',
  'audit',
  'claimHandling',
  'claimReports',
  'claims',
  'consents',
  'conversations',
  'documents',
  'grants',
  'invitations',
  'logger',
  'people',
  'portfolio',
  'tenants',
  'visibility',
  'webhooks',
] as const satisfies readonly (keyof Services)[];

type ApiServiceName = (typeof API_SERVICES)[number];

export type ApiServices = Pick<Services, ApiServiceName>;

/** The API's share of the services, as an object of its own, so a route cannot reach the rest even untyped. */
export function apiServicesOf<S extends Partial<Record<ApiServiceName, unknown>>>(
  services: S,
): Pick<S, ApiServiceName> {
  return Object.fromEntries(API_SERVICES.map((name) => [name, services[name]]));
}

export interface ApiEnv {
  Variables: {
    services: ApiServices;
    caller: ApiCaller;
  };
}

/** 1,000 bulk items with long names and customer lists fit; anything larger is refused unread. */
export const MAX_API_BODY_BYTES = 2 * 1024 * 1024;

/** A document upload: the file, its metadata and the multipart framing. */
export const MAX_DOCUMENT_UPLOAD_BYTES = MAX_DOCUMENT_BYTES + 128 * 1024;

/**
 * The document upload: multipart, streamed by its route rather than read here, with a limit of its own. Its body is
 * neither JSON nor hashed for idempotency (that would read it whole).
 */
export function isDocumentUpload(method: string, path: string): boolean {
  return method === 'POST' && path === '/api/v1/documents';
}

/** A message with attachments: the files together, the metadata and the framing. */
export const MAX_MESSAGE_UPLOAD_BYTES = MAX_MESSAGE_ATTACHMENT_BYTES + 128 * 1024;

const MESSAGE_UPLOAD_PATHS: readonly RegExp[] = [
  /^\/api\/v1\/conversations$/,
  /^\/api\/v1\/conversations\/[^/]+\/messages$/,
];

/**
 * A conversation or message sent as multipart with its attachments (the same paths take JSON without files): streamed
 * by its route like the document upload, neither JSON nor hashed for idempotency.
 */
export function isMessageUpload(method: string, path: string, contentType: string | undefined): boolean {
  return (
    method === 'POST' &&
    /^multipart\/form-data\b/i.test(contentType ?? '') &&
    MESSAGE_UPLOAD_PATHS.some((pattern) => pattern.test(path))
  );
}

const isStreamedUpload = (c: Context<ApiEnv>): boolean =>
  isDocumentUpload(c.req.method, c.req.path) || isMessageUpload(c.req.method, c.req.path, c.req.header('content-type'));

const limitJsonBody: MiddlewareHandler<ApiEnv> = bodyLimit({
  maxSize: MAX_API_BODY_BYTES,
  onError: (c) => problem(c, 413, 'payload_too_large', `Request bodies are limited to ${MAX_API_BODY_BYTES} bytes`),
});

/**
 * Bodies over their limit are refused unread. The upload's declared length is checked here; a chunked upload is cut
 * off by the file store as soon as the file passes its limit (the body-limit middleware would buffer it).
 */
export const limitApiBody: MiddlewareHandler<ApiEnv> = async (c, next) => {
  if (!isStreamedUpload(c)) {
    return limitJsonBody(c, next);
  }
  const limit = isDocumentUpload(c.req.method, c.req.path) ? MAX_DOCUMENT_UPLOAD_BYTES : MAX_MESSAGE_UPLOAD_BYTES;
  if (Number(c.req.header('content-length') ?? '0') > limit) {
    return problem(c, 413, 'payload_too_large', `Uploads are limited to ${String(limit)} bytes`);
  }
  return next();
};

function hasBody(method: string, header: (name: string) => string | undefined): boolean {
  if (method === 'GET' || method === 'HEAD' || method === 'DELETE') {
    return false;
  }
  return header('transfer-encoding') !== undefined || Number(header('content-length') ?? '0') > 0;
}

/** Refuses bytes that are not UTF-8 instead of turning them into replacement characters. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Says whether the operation at this method and path declares a JSON request body. */
export type BodyExpectation = (method: string, path: string) => boolean;

/**
 * JSON only: other media types get 415, bytes that are not UTF-8 and text that is not JSON 400, an empty body where the
 * operation takes one 400 (before any handler tries to parse it), and the tenant never comes from a body.
 */
export function requireJson(expectsBody: BodyExpectation): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (isStreamedUpload(c)) {
      return next();
    }
    if (!hasBody(c.req.method, (name) => c.req.header(name))) {
      return expectsBody(c.req.method, c.req.path)
        ? problem(c, 400, 'body_required', 'This request needs a JSON body')
        : next();
    }
    if (!/^application\/json\s*(;\s*charset=utf-8\s*)?$/i.test(c.req.header('content-type') ?? '')) {
      return problem(c, 415, 'unsupported_media_type', 'Send the body as application/json');
    }
    let text: string;
    try {
      text = UTF8.decode(await c.req.arrayBuffer());
    } catch {
      return problem(c, 400, 'invalid_utf8', 'The body is not valid UTF-8');
    }
    if (text.trim() === '' && expectsBody(c.req.method, c.req.path)) {
      return problem(c, 400, 'body_required', 'This request needs a JSON body');
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return problem(c, 400, 'invalid_json', 'The body is not valid JSON');
    }
    if (body !== null && typeof body === 'object' && !Array.isArray(body) && ('tenant' in body || 'tenantId' in body)) {
      return problem(c, 400, 'tenant_not_allowed', 'The tenant comes from the API key; a body must not name one');
    }
    return next();
  };
}

/** Bearer keys only (never a query parameter or cookie); looked up on every request, so revocation is immediate. */
export const authenticate: MiddlewareHandler<ApiEnv> = async (c, next) => {
  const match = /^Bearer ([^\s]+)$/.exec(c.req.header('authorization') ?? '');
  const caller = match === null ? null : await c.get('services').apiKeys.authenticate(required(match[1]));
  if (caller === null) {
    c.header('WWW-Authenticate', 'Bearer realm="portico-api"');
    return problem(c, 401, 'unauthorized', 'Send a valid API key as Authorization: Bearer <key>');
  }
  c.set('caller', caller);
  return next();
};

export const rateLimit: MiddlewareHandler<ApiEnv> = async (c, next) => {
  const { retryAfterSeconds, remaining, limit } = await c
    .get('services')
    .apiKeys.checkRateLimit(c.get('caller').apiKeyId);
  c.header('RateLimit-Limit', String(limit));
  c.header('RateLimit-Remaining', String(remaining));
  if (retryAfterSeconds > 0) {
    c.header('Retry-After', String(retryAfterSeconds));
    return problem(c, 429, 'rate_limited', `At most ${limit} requests a minute per key`);
  }
  return next();
};

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * Idempotency-Key on POST: the key is claimed by inserting a row before the work, so two processes
 * agree on who does it; the answer is stored with it and replayed for 24 hours.
 */
export const idempotency: MiddlewareHandler<ApiEnv> = async (c, next) => {
  const key = c.req.header('idempotency-key');
  if (c.req.method !== 'POST' || key === undefined || isStreamedUpload(c)) {
    return next();
  }
  if (!IDEMPOTENCY_KEY.test(key)) {
    return problem(c, 400, 'idempotency_key_invalid', 'Idempotency-Key: 1–255 visible ASCII characters');
  }
  const apiKeys = c.get('services').apiKeys;
  const { apiKeyId } = c.get('caller');
  const requestHash = createHash('sha256')
    .update(`${c.req.method} ${c.req.path}\n`)
    .update(await c.req.text())
    .digest('hex');
  const claim = await apiKeys.claimIdempotencyKey(apiKeyId, key, requestHash);
  if (claim.kind === 'mismatch') {
    return problem(c, 422, 'idempotency_key_reused', 'This Idempotency-Key was used with another request');
  }
  if (claim.kind === 'in_progress') {
    return problem(c, 409, 'idempotency_key_in_use', 'A request with this Idempotency-Key is still running');
  }
  if (claim.kind === 'replay') {
    return c.body(claim.body, claim.status as 200, {
      'content-type': claim.status >= 400 ? 'application/problem+json' : 'application/json',
      'Idempotent-Replayed': 'true',
    });
  }
  try {
    await next();
  } catch (error) {
    await apiKeys.releaseIdempotencyKey(apiKeyId, key);
    throw error;
  }
  if (c.res.status >= 500) {
    await apiKeys.releaseIdempotencyKey(apiKeyId, key);
  } else {
    await apiKeys.completeIdempotencyKey(apiKeyId, key, c.res.status, await c.res.clone().text());
  }
};
