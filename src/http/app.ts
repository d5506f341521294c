import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { MAX_CLAIM_ATTACHMENT_BYTES } from '../modules/claims/claim-attachment.js';
import { GDV_UPLOAD_MAX_BYTES } from '../modules/gdv/gdv-upload-service.js';
import { MAX_DOCUMENT_BYTES } from '../modules/documents/document.js';
import { MAX_CONSENT_FILE_BYTES } from '../modules/consents/consent.js';
import type { Metrics } from '../observability/metrics.js';
import type { Services } from '../services.js';
import type { AppContext, AppEnv } from './context.js';
import {
  describeDatabaseWriteFailure,
  isDatabaseUnavailable,
  isUnstorableTextError,
  takenErrorOf,
} from '../db/database-errors.js';
import type { Readiness } from '../db/readiness.js';
import { isAppError } from '../shared/errors.js';
import { type OpenApiDocument, renderApiDocs } from '../api/api-docs-page.js';
import { API_DESCRIPTION, createApiRouter } from '../api/api-router.js';
import { apiServicesOf } from '../api/api-middleware.js';
import { FormEncodingError, FormError } from './forms.js';
import { isStreamedUpload, MAX_MESSAGE_FIELD_BYTES } from './streamed-form.js';
import { MAX_MESSAGE_ATTACHMENT_BYTES } from '../modules/conversations/conversation-attachment.js';
import {
  accountApp,
  claimsApp,
  conversationsApp,
  requestsApp,
  colleaguesApp,
  consentApp,
  contractsApp,
  customersApp,
  documentsApp,
  workspaceApp,
} from './areas.js';
import { csrfProtection } from './middleware/csrf.js';
import { httpMetrics } from './middleware/http-metrics.js';
import { requestLog } from './middleware/request-log.js';
import { securityHeaders } from './middleware/security-headers.js';
import { siteByHost } from './middleware/site-by-host.js';
import { clientAddressOfRequest } from './client-address.js';
import { renderErrorPage } from './pages/error-page.js';
import { assetRoutes } from './routes/asset-routes.js';
import { confirmEmailRoutes } from './routes/confirm-email-routes.js';
import { devMailRoutes } from './routes/dev-mail-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { loginRoutes } from './routes/login-routes.js';
import { metricsRoutes } from './routes/metrics-routes.js';
import { passwordRoutes } from './routes/password-routes.js';
import { portalRoutes } from './routes/portal-routes.js';
import { brandingRoutes } from './routes/settings-routes.js';
import { secondFactorEnrolment } from './routes/second-factor-routes.js';
import { consentGate } from './routes/consent-routes.js';
import { emailChangeRoutes } from './routes/email-change-routes.js';
import { cookieNamesFor, createSessionCookies } from './session-cookie.js';
import { languageRoutes, pageLanguage } from './language.js';

export interface AppOptions {
  services: Services;
  csrfSecret: string;
  isDevMailboxShown: boolean;
  readiness: Readiness;
  /**
   * Defaults to the services' own, so the web's requests and logins and the outbox's mail results
   * land in one registry; a caller may pass another.
   */
  metrics?: Metrics;
  /**
   * Bearer token for GET /metrics, at least 16 characters. The caller passes it (from its config);
   * without one, /metrics answers only direct loopback connections (see metrics-routes.ts).
   */
  metricsToken?: string | undefined;
}

/** Forms are a few fields; anything larger is refused before it is read. */
const MAX_FORM_BYTES = 16 * 1024;
/** Uploads that carry a file get room for the file (see each upload's own cap) and its multipart framing. */
const UPLOAD_LIMITS: Record<string, number> = {
  '/admin/settings/logo': 256 * 1024,
  '/admin/import': 2 * 1024 * 1024 + 64 * 1024,
  '/admin/import/gdv': GDV_UPLOAD_MAX_BYTES + 64 * 1024,
  '/dokumente/senden': MAX_DOCUMENT_BYTES + 64 * 1024,
  '/admin/settings/erstinformation': MAX_CONSENT_FILE_BYTES + 64 * 1024,
};
/** Uploads whose path names a record: the staff's document upload on a customer's page. */
const UPLOAD_LIMIT_PATTERNS: ReadonlyArray<[RegExp, number]> = [
  [/^\/admin\/customers\/[^/]+\/dokumente$/, MAX_DOCUMENT_BYTES + 64 * 1024],
  [/^\/admin\/settings\/erstinformation\/dokumente\/[^/]+$/, MAX_CONSENT_FILE_BYTES + 64 * 1024],
  // A claim's attachments: one submission may carry the whole allowance of the claim.
  [/^\/schaeden\/[^/]+\/anhaenge$/, MAX_CLAIM_ATTACHMENT_BYTES + 64 * 1024],
];
/**
 * A message with its attachments (a new conversation, a reply, a staff note), only as multipart: the files together,
 * the message's text and the framing. The same paths' plain forms keep the forms' limit.
 */
const MESSAGE_UPLOAD_PATTERNS: readonly RegExp[] = [
  /^\/nachrichten\/[^/]+$/,
  /^\/admin\/nachrichten\/[^/]+(\/notiz)?$/,
  /^\/anliegen\/vertrag-erfassen$/,
];
const MAX_MESSAGE_UPLOAD_BYTES = MAX_MESSAGE_ATTACHMENT_BYTES + 2 * MAX_MESSAGE_FIELD_BYTES;

/** Where an upload over its limit is sent: its form, with a flag that makes the form say what the limit is. */
const UPLOAD_REFUSAL_PAGES: Record<string, string> = {
  '/admin/settings/logo': '/admin/settings?logo-zu-gross',
  '/admin/import/gdv': '/admin/import/gdv?zu-gross',
};

/**
 * Hono's body limit, except that a body with a declared length (and no transfer encoding) is judged by that header
 * alone, before anything reads `c.req.raw.body`: on the Node adapter that property builds a whole web Request with a
 * stream around the socket, and the form read afterwards then goes through that stream instead of the adapter's
 * direct read (about a third of a millisecond of CPU per login). The answer is the one Hono's limiter gives for such a
 * request; a body without a length is still counted by Hono's limiter as it arrives.
 */
function sizeLimit(options: {
  maxSize: number;
  onError: (c: Context<AppEnv>) => Response | Promise<Response>;
}): MiddlewareHandler<AppEnv> {
  const counted: MiddlewareHandler<AppEnv> = bodyLimit(options);
  return (c, next) => {
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      return Number.parseInt(length || '0', 10) > options.maxSize ? Promise.resolve(options.onError(c)) : next();
    }
    return counted(c, next);
  };
}

export function createApp(options: AppOptions): Hono<AppEnv> {
  const { services } = options;
  const metrics = options.metrics ?? services.metrics;
  const platformUrl = services.config.platformUrl;
  const isHttps = platformUrl.protocol === 'https:';
  const cookieNames = cookieNamesFor(isHttps);
  const sessionCookies = createSessionCookies(cookieNames, isHttps);
  const app = new Hono<AppEnv>();

  app.use('*', requestLog(services.logger));
  app.use('*', httpMetrics(metrics));
  app.use('*', async (c, next) => {
    c.set('session', null);
    await next();
  });
  // The platform's login hands people over to their broker's host, which the form submit may redirect to.
  const formTargets = async (c: Context<AppEnv>): Promise<readonly string[]> => {
    const site = c.get('site') as AppEnv['Variables']['site'] | undefined;
    // Without the list (database away) only 'self' is allowed: stricter, never looser.
    if (site === undefined || (site.kind === 'platform' && !services.tenants.isPlatformHost(site.host))) {
      return [];
    }
    // A logged-in person on the platform is sent on to one of their brokers (the portal chooser): that list is read
    // fresh, so a broker added a moment ago by another process is not refused; the anonymous pages keep the cached one.
    const isFresh = site.kind === 'platform' && (c.get('session') ?? null) !== null;
    return services.tenants
      .listFormTargets(site.kind === 'tenant' ? site.tenant.id : null, { isFresh })
      .catch(() => []);
  };
  app.use('*', securityHeaders({ isHttps, formTargets }));
  app.route('/', healthRoutes({ readiness: options.readiness }));
  // Before the host check: Prometheus scrapes by address (127.0.0.1:PORT, the pod IP), a Host no
  // tenant has, which site-by-host would answer with 404. Access is guarded inside instead.
  app.route('/', metricsRoutes({ metrics, token: options.metricsToken }));
  app.route('/assets', assetRoutes());
  // Before the host check and the form rules: the API is JSON only, answered on any host, tenant from the key.
  const api = createApiRouter(apiServicesOf(services), { trustedProxies: services.config.trustedProxies });
  app.route('/api/v1', api);
  let apiDocument: OpenApiDocument | null = null;
  app.get('/api/docs', (c) => {
    apiDocument ??= api.getOpenAPI31Document({
      openapi: '3.1.0',
      info: { title: 'Portico API', version: '1.0.0', description: API_DESCRIPTION },
    });
    return renderApiDocs(c, apiDocument);
  });
  app.use('*', clientAddressOfRequest(services.config.trustedProxies));
  app.use('*', siteByHost(services));
  app.use('*', pageLanguage({ cookieName: cookieNames.language }));
  const tooLarge = (c: Context<AppEnv>) => renderErrorPage(c, 413, 'too_large');
  const limitBody: MiddlewareHandler<AppEnv> = sizeLimit({ maxSize: MAX_FORM_BYTES, onError: tooLarge });
  const uploadLimiters = new Map<string, MiddlewareHandler<AppEnv>>(
    Object.entries(UPLOAD_LIMITS).map(([path, maxSize]) => {
      // A file over an upload's limit goes back to its form, which names the limit, rather than to a bare error page.
      const formPath = UPLOAD_REFUSAL_PAGES[path];
      const onError = formPath === undefined ? tooLarge : (c: Context) => c.redirect(formPath, 303);
      return [path, sizeLimit({ maxSize, onError })];
    }),
  );
  const patternLimiters = UPLOAD_LIMIT_PATTERNS.map(
    ([pattern, maxSize]) => [pattern, sizeLimit({ maxSize, onError: tooLarge })] as const,
  );
  const limitMessageUpload: MiddlewareHandler<AppEnv> = sizeLimit({
    maxSize: MAX_MESSAGE_UPLOAD_BYTES,
    onError: tooLarge,
  });
  const limiterOf = (path: string, contentType: string | undefined): MiddlewareHandler<AppEnv> =>
    uploadLimiters.get(path) ??
    patternLimiters.find(([pattern]) => pattern.test(path))?.[1] ??
    (/^multipart\/form-data\b/i.test(contentType ?? '') && MESSAGE_UPLOAD_PATTERNS.some((pattern) => pattern.test(path))
      ? limitMessageUpload
      : limitBody);
  // Only requests that carry a body are measured; on GET the limiter would only cost time. A streamed upload sent
  // without a length (chunked) is not measured here, where the limiter would hold it whole: its handler reads it part
  // by part and refuses each field, file and the files together as soon as they pass their limits.
  app.use('*', (c: Context<AppEnv, string>, next) =>
    c.req.method === 'GET' ||
    c.req.method === 'HEAD' ||
    (c.req.header('content-length') === undefined &&
      isStreamedUpload(c.req.method, c.req.path, c.req.header('content-type')))
      ? next()
      : limiterOf(c.req.path, c.req.header('content-type'))(c, next),
  );
  app.use('*', async (c: AppContext, next) => {
    if (
      c.req.method === 'POST' &&
      !/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(c.req.header('content-type') ?? '')
    ) {
      return renderErrorPage(c, 415, 'unsupported_media');
    }
    return next();
  });
  app.use(
    '*',
    csrfProtection({ secret: options.csrfSecret, cookieName: cookieNames.csrf, isHttps, scheme: platformUrl.protocol }),
  );
  app.use('*', async (c: AppContext, next) => {
    const site = c.get('site');
    c.set(
      'session',
      await services.sessions.findSession(
        sessionCookies.read(c),
        site.host,
        site.kind === 'tenant' ? site.tenant.id : null,
      ),
    );
    return next();
  });
  app.use('*', secondFactorEnrolment(services));
  app.use('*', consentGate(services));

  app.route('/', languageRoutes({ cookieName: cookieNames.language, isHttps }));
  app.route('/', loginRoutes(services, sessionCookies, metrics));
  app.route('/', passwordRoutes(services));
  app.route('/', confirmEmailRoutes(services));
  app.route('/', portalRoutes(services));
  app.route('/', brandingRoutes(services));
  app.route('/', emailChangeRoutes(services));
  // The guarded areas: each brings its guard as its first middleware (see areas.ts).
  app.route('/profile', accountApp(services, sessionCookies));
  app.route('/colleagues', colleaguesApp(services));
  app.route('/einwilligung', consentApp(services));
  app.route('/vertraege', contractsApp(services));
  app.route('/kunden', customersApp(services));
  app.route('/dokumente', documentsApp(services));
  app.route('/schaeden', claimsApp(services));
  app.route('/nachrichten', conversationsApp(services));
  app.route('/anliegen', requestsApp(services));
  app.route('/admin', workspaceApp(services));
  if (options.isDevMailboxShown) {
    app.route('/_dev/mail', devMailRoutes(services));
  }

  app.notFound((c) => renderErrorPage(c, 404, 'not_found'));
  app.onError((error, c) => {
    if (error instanceof FormEncodingError) {
      return renderErrorPage(c, 400, 'bad_encoding');
    }
    if (error instanceof FormError) {
      return renderErrorPage(c, 400, 'bad_request');
    }
    if (isAppError(error) && error.code === 'TOO_MANY_LINK_ATTEMPTS') {
      c.header('Retry-After', String(error.retryAfterSeconds ?? 60));
      return renderErrorPage(c, 429, 'too_many_links');
    }
    if (takenErrorOf(error) !== null) {
      return renderErrorPage(c, 409, 'conflict');
    }
    if (isUnstorableTextError(error)) {
      return renderErrorPage(c, 400, 'bad_request');
    }
    if (isDatabaseUnavailable(error)) {
      // Fail fast and say so; the pool reconnects by itself once the database is back.
      services.logger.warn({ path: c.req.path }, 'database unavailable');
      c.header('Retry-After', '5');
      return renderErrorPage(c, 503, 'unavailable');
    }
    if (describeDatabaseWriteFailure(error) !== null) {
      // Readiness fails at once, so the balancer sends others elsewhere until the probe finds the database writable
      // again.
      options.readiness.reportWriteFailure(error);
      services.logger.error({ err: error, path: c.req.path }, 'request failed: the database cannot write');
      c.header('Retry-After', '30');
      return renderErrorPage(c, 503, 'unavailable');
    }
    services.logger.error({ err: error, path: c.req.path }, 'request failed');
    return renderErrorPage(c, 500, 'server_error');
  });
  return app;
}
