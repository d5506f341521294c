import { resolve } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config/config.js';
import { loadOrCreateSecret } from './db/app-secrets.js';
import { openConfiguredDatabase, type ConfiguredDatabase } from './db/configured-database.js';
import type { DatabaseHandle } from './db/database.js';
import { createReadiness, type Readiness } from './db/readiness.js';
import {
  createPasswordHasher,
  OWASP_ARGON2_PARAMETERS,
  type Argon2Parameters,
} from './modules/credentials/password-hasher.js';
import { createDevMailboxTransport, createSmtpTransport, type MailTransport } from './modules/outbox/mail-transport.js';
import { resolveSecondFactorKeys } from './modules/second-factor/second-factor-key.js';
import { createFileStore } from './modules/documents/create-file-store.js';
import { createServices, type Services } from './services.js';
import { systemClock, type Clock } from './shared/clock.js';

/**
 * How long a stopping process lets requests and mail sends finish; less than the usual 10 s a process manager waits
 * before SIGKILL.
 */
export const SHUTDOWN_GRACE_MILLISECONDS = 8_000;

export interface Runtime {
  readonly services: Services;
  readonly database: DatabaseHandle;
  readonly transport: MailTransport;
  readonly csrfSecret: string;
  /** What /readyz answers: the database reads, and writes (probed at most every few seconds). */
  readonly readiness: Readiness;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  config: Config;
  logger: Logger;
  clock?: Clock;
  argon2?: Argon2Parameters;
  /** For tests: an already open database (a fresh PGlite per test file). */
  database?: DatabaseHandle;
  /** For tests: a transport with short timeouts. */
  transport?: MailTransport;
}

/**
 * Opens the database (taking the data folder's lock for the embedded one), applies migrations and
 * wires the services. The caller decides whether to serve HTTP, run the outbox or a command.
 */
export async function openRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { config, logger } = options;
  const opened: ConfiguredDatabase =
    options.database === undefined
      ? await openConfiguredDatabase(config)
      : { handle: options.database, holdsDataDir: false, close: () => Promise.resolve() };
  const database = opened.handle;
  try {
    await database.migrate();
    const clock = options.clock ?? systemClock;
    const transport =
      options.transport ??
      (config.smtpUrl === null
        ? createDevMailboxTransport({ db: database.db, clock })
        : createSmtpTransport(config.smtpUrl, undefined, config.smtpPoolSize));
    const hasher = await createPasswordHasher(options.argon2 ?? OWASP_ARGON2_PARAMETERS);
    const secondFactorKeys = resolveSecondFactorKeys({ ...config, dataDir: resolve(config.dataDir) });
    const services = createServices({
      db: database.db,
      config,
      clock,
      hasher,
      transport,
      logger,
      secondFactorKeys,
      databaseKind: database.kind,
      fileStore: await createFileStore(config),
    });
    const migrated = await services.secondFactor.migrateDatabaseHeldKey();
    if (migrated > 0) {
      logger.info(
        { migrated },
        'authenticator secrets sealed again with the configured key; the key kept in the database is deleted',
      );
    }
    const csrfSecret = await loadOrCreateSecret(database.db, 'csrf');
    if (opened.holdsDataDir) {
      const released = await services.outbox.releaseOrphanedClaims();
      if (released > 0) {
        logger.warn({ released }, 'mails claimed by a process that ended without finishing are queued again');
      }
    }
    return {
      services,
      database,
      transport,
      csrfSecret,
      readiness: createReadiness({ database, logger, clock }),
      async close() {
        await services.imports.stop();
        await services.gdvUploads.stop();
        transport.close();
        await opened.close();
      },
    };
  } catch (error) {
    await opened.close();
    throw error;
  }
}
