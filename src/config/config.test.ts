import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('runs on embedded defaults without any variable', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeNull();
    expect(config.dataDir).toBe('./data');
    expect(config.platformUrl.origin).toBe('http://localhost:3000');
    expect(config.smtpUrl).toBeNull();
    expect(config.mailFrom).toBe('portal@localhost');
    expect(config.smtpPoolSize).toBe(5);
    expect(config.outboxLeaseMilliseconds).toBe(120_000);
    expect(config.http).toEqual({
      headersTimeoutMilliseconds: 20_000,
      requestTimeoutMilliseconds: 60_000,
      keepAliveTimeoutMilliseconds: 75_000,
      maxConnections: 2000,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('derives the platform address from PORT unless PLATFORM_URL is set', () => {
    expect(loadConfig({ PORT: '8080' }).platformUrl.origin).toBe('http://localhost:8080');
    expect(loadConfig({ PORT: '8080', PLATFORM_URL: 'https://app.example.com' }).platformUrl.origin).toBe(
      'https://app.example.com',
    );
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ PLATFORM_URL: 'ftp://example.com' }, 'PLATFORM_URL'],
    [{ PLATFORM_URL: 'https://example.com/portal' }, 'PLATFORM_URL'],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL'],
    [{ MAIL_FROM: 'no address' }, 'MAIL_FROM'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ SMTP_POOL_SIZE: '0' }, 'SMTP_POOL_SIZE'],
    [{ OUTBOX_LEASE_SECONDS: '2' }, 'OUTBOX_LEASE_SECONDS'],
    [{ FILE_LINK_LIFETIME_SECONDS: '4' }, 'FILE_LINK_LIFETIME_SECONDS'],
    [{ FILE_LINK_LIFETIME_SECONDS: '3601' }, 'FILE_LINK_LIFETIME_SECONDS'],
    [{ HTTP_HEADERS_TIMEOUT_SECONDS: '0' }, 'HTTP_HEADERS_TIMEOUT_SECONDS'],
    [{ HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: 'long' }, 'HTTP_KEEP_ALIVE_TIMEOUT_SECONDS'],
    [{ HTTP_MAX_CONNECTIONS: '-1' }, 'HTTP_MAX_CONNECTIONS'],
    [{ HTTP_HEADERS_TIMEOUT_SECONDS: '30', HTTP_REQUEST_TIMEOUT_SECONDS: '10' }, 'HTTP_REQUEST_TIMEOUT_SECONDS'],
  ])('stops with a message naming the variable for %o', (environment, variable) => {
    expect(() => loadConfig(environment)).toThrow(ConfigError);
    expect(() => loadConfig(environment)).toThrow(variable);
  });

  it('gives webhook download links 15 minutes unless FILE_LINK_LIFETIME_SECONDS says otherwise', () => {
    expect(loadConfig({}).fileLinkLifetimeMilliseconds).toBe(900_000);
    expect(loadConfig({ FILE_LINK_LIFETIME_SECONDS: '60' }).fileLinkLifetimeMilliseconds).toBe(60_000);
  });

  it('refuses production without SMTP, since the development mailbox is for development only', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SMTP_URL/);
    expect(
      loadConfig({ NODE_ENV: 'production', SMTP_URL: 'smtp://mail.example.com:587', SECOND_FACTOR_KEY: KEY }).smtpUrl,
    ).toBe('smtp://mail.example.com:587');
  });
});

const KEY = Buffer.alloc(32, 7).toString('base64url');

describe('SECOND_FACTOR_KEY', () => {
  it('is 32 bytes in base64url, with older keys for reading only', () => {
    const config = loadConfig({
      SECOND_FACTOR_KEY: KEY,
      SECOND_FACTOR_PREVIOUS_KEYS: [1, 2].map((fill) => Buffer.alloc(32, fill).toString('base64url')).join(', '),
    });
    expect(config.secondFactorKey).toEqual(Buffer.alloc(32, 7));
    expect(config.secondFactorPreviousKeys).toEqual([Buffer.alloc(32, 1), Buffer.alloc(32, 2)]);
    expect(loadConfig({}).secondFactorKey).toBeNull();
  });

  it.each([
    [{ SECOND_FACTOR_KEY: 'short' }, 'SECOND_FACTOR_KEY'],
    [{ SECOND_FACTOR_KEY: Buffer.alloc(16).toString('base64url') }, 'SECOND_FACTOR_KEY'],
    [{ SECOND_FACTOR_KEY: KEY, SECOND_FACTOR_PREVIOUS_KEYS: 'not-a-key' }, 'SECOND_FACTOR_PREVIOUS_KEYS'],
  ])('stops with a message naming the variable for %o', (environment, variable) => {
    expect(() => loadConfig(environment)).toThrow(ConfigError);
    expect(() => loadConfig(environment)).toThrow(variable);
  });

  it('is required in production and with a server database, where a key file in one data folder cannot serve every process', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', SMTP_URL: 'smtp://mail.example.com:587' })).toThrow(
      /SECOND_FACTOR_KEY is required when NODE_ENV=production/,
    );
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/portico' })).toThrow(
      /SECOND_FACTOR_KEY is required when DATABASE_URL is set/,
    );
    expect(
      loadConfig({ DATABASE_URL: 'postgres://db/portico', SECOND_FACTOR_KEY: KEY, STORAGE_FOLDER_SHARED: 'true' })
        .databaseUrl,
    ).toBe('postgres://db/portico');
  });
});

describe('STORAGE_URL', () => {
  it('is the folder DATA_DIR/files when unset', () => {
    expect(loadConfig({}).storage).toEqual({ kind: 'folder', path: 'data/files', shared: false });
    expect(loadConfig({ DATA_DIR: '/srv/portico', STORAGE_URL: '' }).storage).toEqual({
      kind: 'folder',
      path: '/srv/portico/files',
      shared: false,
    });
  });

  it('names a bucket, with an S3-compatible server and a region when given', () => {
    expect(loadConfig({ STORAGE_URL: 's3://portico-files' }).storage).toEqual({
      kind: 's3',
      bucket: 'portico-files',
      endpoint: null,
      region: null,
    });
    expect(
      loadConfig({ STORAGE_URL: 's3://portico.files?endpoint=http://127.0.0.1:9000&region=eu-central-1' }).storage,
    ).toEqual({ kind: 's3', bucket: 'portico.files', endpoint: 'http://127.0.0.1:9000', region: 'eu-central-1' });
  });

  it.each([
    'portico-files',
    'https://s3.example.com/portico-files',
    's3://',
    's3://ab',
    's3://Portico_Files',
    's3://key:secret@portico-files',
    's3://portico-files/documents',
    's3://portico-files:9000',
    's3://portico-files?endpoint=s3.example.com',
    's3://portico-files?endpoint=ftp://s3.example.com',
    's3://portico-files?endpoint=https://s3.example.com/path',
    's3://portico-files?region=EU%20central',
    's3://portico-files?bucket=other',
  ])('stops naming the variable for %s', (value) => {
    expect(() => loadConfig({ STORAGE_URL: value })).toThrow(ConfigError);
    expect(() => loadConfig({ STORAGE_URL: value })).toThrow(/^Invalid configuration: STORAGE_URL /);
  });

  it('refuses a folder of one process with a server database unless the folder is declared shared', () => {
    const serverDatabase = { DATABASE_URL: 'postgres://db/portico', SECOND_FACTOR_KEY: KEY };
    expect(() => loadConfig(serverDatabase)).toThrow(/STORAGE_URL is required when DATABASE_URL is set/);
    expect(() => loadConfig({ ...serverDatabase, STORAGE_FOLDER_SHARED: 'false' })).toThrow(/STORAGE_FOLDER_SHARED/);
    expect(() => loadConfig({ ...serverDatabase, STORAGE_FOLDER_SHARED: 'yes' })).toThrow(
      /STORAGE_FOLDER_SHARED must be true or false/,
    );
    expect(loadConfig({ ...serverDatabase, STORAGE_FOLDER_SHARED: 'true', DATA_DIR: '/mnt/shared' }).storage).toEqual({
      kind: 'folder',
      path: '/mnt/shared/files',
      shared: true,
    });
    expect(loadConfig({ ...serverDatabase, STORAGE_URL: 's3://portico-files' }).storage.kind).toBe('s3');
  });
});

describe('TRUST_PROXY', () => {
  it('is a list of proxy addresses, empty by default', () => {
    expect(loadConfig({}).trustedProxies).toEqual([]);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1, ::1' }).trustedProxies).toEqual(['10.0.0.1', '::1']);
    expect(() => loadConfig({ TRUST_PROXY: 'proxy.internal' })).toThrow(/TRUST_PROXY/);
  });
});
