import { isIP } from 'node:net';
import { join } from 'node:path';
import { z } from 'zod';

export interface Config {
  readonly port: number;
  readonly databaseUrl: string | null;
  readonly dataDir: string;
  readonly platformUrl: URL;
  readonly smtpUrl: string | null;
  readonly mailFrom: string;
  readonly environment: 'production' | 'development' | 'test';
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Addresses of reverse proxies whose X-Forwarded-For is believed; empty: the socket's peer is the client. */
  readonly trustedProxies: readonly string[];
  /** Bearer token for GET /metrics; without it only loopback scrapes are answered. */
  readonly metricsToken: string | null;
  /** SMTP connections kept open and used side by side by one process's outbox worker. */
  readonly smtpPoolSize: number;
  /** How long a process's claim on a mail holds before another process may take it over. */
  readonly outboxLeaseMilliseconds: number;
  /** API requests one key may make per minute, counted across all processes. */
  readonly apiRequestsPerMinute: number;
  /** How long a download link of a webhook event works (FILE_LINK_LIFETIME_SECONDS). */
  readonly fileLinkLifetimeMilliseconds: number;
  /** 32 bytes that seal the authenticator secrets; null: the embedded database's key file in DATA_DIR. */
  readonly secondFactorKey: Buffer | null;
  /** Keys that only open secrets sealed before a rotation; `portico second-factor reseal` makes them unneeded. */
  readonly secondFactorPreviousKeys: readonly Buffer[];
  /** Limits of the HTTP server against slow or idle clients; see serverLimitsOf in server.ts. */
  readonly http: HttpLimits;
  /** Where documents' bytes are kept; see createFileStore in the documents module. */
  readonly storage: StorageConfig;
}

/**
 * A folder (by default `DATA_DIR/files`) or an S3-compatible bucket. The bucket's credentials are not
 * here: the AWS SDK reads them from the standard AWS_* environment variables (or the instance's role).
 */
export type StorageConfig =
  | {
      readonly kind: 'folder';
      readonly path: string;
      /** Declared by the operator: every Portico process that shares the database sees this same folder. */
      readonly shared: boolean;
    }
  | {
      readonly kind: 's3';
      readonly bucket: string;
      /** An S3-compatible server's address (MinIO, Ceph, …); null: AWS itself. Addressed by path, not by host. */
      readonly endpoint: string | null;
      /** null: the SDK's own choice (AWS_REGION, the profile). */
      readonly region: string | null;
    };

export interface HttpLimits {
  /** Time a client has to send a request's headers. */
  readonly headersTimeoutMilliseconds: number;
  /** Time a client has to send a whole request, headers and body. */
  readonly requestTimeoutMilliseconds: number;
  /** How long an idle keep-alive connection stays open; longer than the proxy's own idle timeout. */
  readonly keepAliveTimeoutMilliseconds: number;
  /** Open connections one process accepts; further ones are closed at once. */
  readonly maxConnections: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const emptyToUndefined = (value: unknown): unknown => (value === '' ? undefined : value);

const SECOND_FACTOR_KEY_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const SECOND_FACTOR_KEY_HINT =
  'must be 32 random bytes in base64url (43 characters), e.g. from: openssl rand -base64 32 | tr "+/" "-_" | tr -d "="';

/** An optional comma-separated list (blank entries dropped) whose entries each pass `isValid`. */
function commaList(isValid: (entry: string) => boolean, message: string) {
  return z.preprocess(
    emptyToUndefined,
    z
      .string()
      .transform((value) =>
        value
          .split(',')
          .map((entry) => entry.trim())
          .filter((entry) => entry !== ''),
      )
      .refine((entries) => entries.every(isValid), message)
      .optional(),
  );
}

const environmentSchema = z.object({
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .refine((value) => /^postgres(ql)?:\/\//.test(value), 'must start with postgres:// or postgresql://')
      .optional(),
  ),
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./data')),
  PLATFORM_URL: z.preprocess(
    emptyToUndefined,
    z
      .url({ protocol: /^https?$/ })
      .refine((value) => new URL(value).pathname === '/', 'must be scheme and host only, like https://app.example.com')
      .optional(),
  ),
  SMTP_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .refine((value) => /^smtps?:\/\//.test(value), 'must start with smtp:// or smtps://')
      .optional(),
  ),
  MAIL_FROM: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[^\s@<>"]+@[^\s@<>"]+$/, 'must be an e-mail address like portal@example.com')
      .default('portal@localhost'),
  ),
  NODE_ENV: z.preprocess(emptyToUndefined, z.enum(['production', 'development', 'test']).default('development')),
  TRUST_PROXY: commaList((entry) => isIP(entry) !== 0, 'must be a comma-separated list of IP addresses'),
  METRICS_TOKEN: z.preprocess(emptyToUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
  SMTP_POOL_SIZE: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(50).default(5)),
  // At least the connect timeout plus a few reply timeouts, so a slow send is never taken over while it runs.
  OUTBOX_LEASE_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(5).max(3600).default(120)),
  API_RATE_LIMIT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(1_000_000).default(600)),
  // A link in a webhook's body is a bearer credential: an operator may shorten it, never make it last past an hour.
  FILE_LINK_LIFETIME_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(5).max(3600).default(900)),
  SECOND_FACTOR_KEY: z.preprocess(
    emptyToUndefined,
    z.string().regex(SECOND_FACTOR_KEY_PATTERN, SECOND_FACTOR_KEY_HINT).optional(),
  ),
  SECOND_FACTOR_PREVIOUS_KEYS: commaList(
    (entry) => SECOND_FACTOR_KEY_PATTERN.test(entry),
    `must be a comma-separated list of keys that each ${SECOND_FACTOR_KEY_HINT}`,
  ),
  HTTP_HEADERS_TIMEOUT_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(600).default(20)),
  HTTP_REQUEST_TIMEOUT_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(3600).default(60)),
  // Above the 60 s idle timeout of nginx's upstream keep-alive and of AWS load balancers: the proxy, not Portico,
  // closes an
  // idle connection first, so it never sends a request on a connection Portico is closing at that moment.
  HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(3600).default(75)),
  HTTP_MAX_CONNECTIONS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(1_000_000).default(2000)),
  STORAGE_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .transform((value, context) => {
        const storage = s3StorageOf(value);
        if (typeof storage === 'string') {
          context.addIssue({ code: 'custom', message: storage });
          return z.NEVER;
        }
        return storage;
      })
      .optional(),
  ),
  STORAGE_FOLDER_SHARED: z.preprocess(
    emptyToUndefined,
    z.enum(['true', 'false'], { error: 'must be true or false' }).default('false'),
  ),
  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
});

/** Reads and validates the environment once; a bad value names its variable. */
export function loadConfig(environment: Record<string, string | undefined>): Config {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = issue?.path.join('.') ?? 'environment';
    throw new ConfigError(`Invalid configuration: ${variable} ${issue?.message ?? 'is invalid'}`);
  }
  const values = parsed.data;
  if (values.NODE_ENV === 'production' && values.SMTP_URL === undefined) {
    throw new ConfigError(
      'Invalid configuration: SMTP_URL is required when NODE_ENV=production (the development mailbox is for ' +
        'development only)',
    );
  }
  // A key file in DATA_DIR serves one process on one machine only; a server database may have many.
  if (
    values.SECOND_FACTOR_KEY === undefined &&
    (values.NODE_ENV === 'production' || values.DATABASE_URL !== undefined)
  ) {
    const reason = values.NODE_ENV === 'production' ? 'NODE_ENV=production' : 'DATABASE_URL is set';
    throw new ConfigError(
      `Invalid configuration: SECOND_FACTOR_KEY is required when ${reason} (${SECOND_FACTOR_KEY_HINT})`,
    );
  }
  if (values.HTTP_REQUEST_TIMEOUT_SECONDS < values.HTTP_HEADERS_TIMEOUT_SECONDS) {
    throw new ConfigError(
      'Invalid configuration: HTTP_REQUEST_TIMEOUT_SECONDS must not be shorter than HTTP_HEADERS_TIMEOUT_SECONDS',
    );
  }
  // Like the key file: on a server database several processes may run, each with its own DATA_DIR, and a
  // document stored by one would be missing on the others unless all of them see the same folder.
  if (
    values.DATABASE_URL !== undefined &&
    values.STORAGE_URL === undefined &&
    values.STORAGE_FOLDER_SHARED !== 'true'
  ) {
    throw new ConfigError(
      'Invalid configuration: STORAGE_URL is required when DATABASE_URL is set (s3://bucket?endpoint=…&region=…), ' +
        'unless every Portico process on this database sees the same DATA_DIR/files folder: then set ' +
        'STORAGE_FOLDER_SHARED=true',
    );
  }
  const platformUrl = new URL(values.PLATFORM_URL ?? `http://localhost:${values.PORT}`);
  return Object.freeze({
    port: values.PORT,
    databaseUrl: values.DATABASE_URL ?? null,
    dataDir: values.DATA_DIR,
    platformUrl,
    smtpUrl: values.SMTP_URL ?? null,
    mailFrom: values.MAIL_FROM,
    environment: values.NODE_ENV,
    logLevel: values.LOG_LEVEL,
    trustedProxies: Object.freeze(values.TRUST_PROXY ?? []),
    metricsToken: values.METRICS_TOKEN ?? null,
    smtpPoolSize: values.SMTP_POOL_SIZE,
    outboxLeaseMilliseconds: values.OUTBOX_LEASE_SECONDS * 1000,
    apiRequestsPerMinute: values.API_RATE_LIMIT,
    fileLinkLifetimeMilliseconds: values.FILE_LINK_LIFETIME_SECONDS * 1000,
    secondFactorKey: values.SECOND_FACTOR_KEY === undefined ? null : Buffer.from(values.SECOND_FACTOR_KEY, 'base64url'),
    secondFactorPreviousKeys: Object.freeze(
      (values.SECOND_FACTOR_PREVIOUS_KEYS ?? []).map((key) => Buffer.from(key, 'base64url')),
    ),
    http: Object.freeze({
      headersTimeoutMilliseconds: values.HTTP_HEADERS_TIMEOUT_SECONDS * 1000,
      requestTimeoutMilliseconds: values.HTTP_REQUEST_TIMEOUT_SECONDS * 1000,
      keepAliveTimeoutMilliseconds: values.HTTP_KEEP_ALIVE_TIMEOUT_SECONDS * 1000,
      maxConnections: values.HTTP_MAX_CONNECTIONS,
    }),
    storage: Object.freeze(
      values.STORAGE_URL ?? {
        kind: 'folder' as const,
        path: join(values.DATA_DIR, 'files'),
        shared: values.STORAGE_FOLDER_SHARED === 'true',
      },
    ),
  });
}

const S3_PARAMETERS = new Set(['endpoint', 'region']);
const BUCKET_PATTERN = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const STORAGE_URL_HINT = 'like s3://bucket or s3://bucket?endpoint=https://s3.example.com&region=eu-central-1';

/** The bucket named by STORAGE_URL, or what is wrong with it. */
function s3StorageOf(value: string): StorageConfig | string {
  if (!value.startsWith('s3://') || !URL.canParse(value)) return `must be an s3:// address ${STORAGE_URL_HINT}`;
  const url = new URL(value);
  if (url.username !== '' || url.password !== '') {
    return 'must not contain credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY instead';
  }
  if (!BUCKET_PATTERN.test(url.hostname)) return `must name a bucket (3–63 of a-z, 0-9, . and -) ${STORAGE_URL_HINT}`;
  if (url.port !== '' || (url.pathname !== '' && url.pathname !== '/')) {
    return `must name a bucket only, without port or path, ${STORAGE_URL_HINT}`;
  }
  for (const name of url.searchParams.keys()) {
    if (!S3_PARAMETERS.has(name)) return `has an unknown parameter ${name} (known: endpoint, region)`;
  }
  const endpoint = url.searchParams.get('endpoint');
  if (endpoint !== null && !/^https?:\/\/[^/?#]+\/?$/.test(endpoint)) {
    return 'has an endpoint that is not an http:// or https:// address of a server (scheme, host and port only)';
  }
  const region = url.searchParams.get('region');
  if (region !== null && !/^[a-z0-9-]{1,40}$/.test(region)) return 'has a region that is not like eu-central-1';
  return { kind: 's3', bucket: url.hostname, endpoint: endpoint ?? null, region: region ?? null };
}
