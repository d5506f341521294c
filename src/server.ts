import { resolve } from 'node:path';
import type { Server, ServerOptions } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Logger } from 'pino';
import { startControlChannel } from './operator-commands/control-channel.js';
import type { Config, HttpLimits } from './config/config.js';
import { createApp } from './http/app.js';
import { seedDemoIfEmpty, type DemoSeed } from './modules/demo/demo-seed.js';
import { startFileCleanupWorker } from './modules/documents/file-cleanup-worker.js';
import { startOutboxWorker } from './modules/outbox/outbox-worker.js';
import { startWebhookWorker } from './modules/webhooks/webhook-worker.js';
import { startNotificationWorker } from './modules/notifications/notification-worker.js';
import { startClaimDraftWorker, CLAIM_DRAFT_POLL_MILLISECONDS } from './modules/claims/claim-draft-worker.js';
import { startDataExportWorker, DATA_EXPORT_POLL_MILLISECONDS } from './modules/data-exports/data-export-worker.js';
import { startTableMaintenanceWorker } from './db/table-statistics.js';
import { openRuntime, SHUTDOWN_GRACE_MILLISECONDS, type Runtime } from './runtime.js';
import { withFileSending } from './http/file-sending.js';
import { requestsInTurn } from './http/requests-in-turn.js';

export interface RunningPortico {
  readonly port: number;
  readonly runtime: Runtime;
  readonly demo: DemoSeed | null;
  /**
   * Graceful stop: no new connections, requests and mail sends in flight may finish within
   * `graceMilliseconds`, claimed mails not yet begun go back to the queue, then the pools close.
   */
  close(graceMilliseconds?: number): Promise<void>;
}

/**
 * Node checks the headers and request timeouts only every connectionsCheckingInterval (30 s by
 * default), so a slow client would get up to 30 s more than configured; one second is cheap.
 */
export function serverOptionsOf(limits: HttpLimits): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMilliseconds,
    requestTimeout: limits.requestTimeoutMilliseconds,
    keepAliveTimeout: limits.keepAliveTimeoutMilliseconds,
    connectionsCheckingInterval: Math.min(1000, Math.ceil(limits.headersTimeoutMilliseconds / 4)),
  };
}

export interface StartOptions {
  config: Config;
  logger: Logger;
  isDemoSeeded: boolean;
  isWorkerRunning: boolean;
}

/**
 * Composition root of a serving process: database → services → HTTP, the workers (outbox, webhooks, the cleanup of
 * unreferenced files), command channel.
 */
export async function startPortico(options: StartOptions): Promise<RunningPortico> {
  const { config, logger } = options;
  const runtime = await openRuntime({ config, logger });
  const { services } = runtime;
  const demo =
    options.isDemoSeeded && config.environment !== 'production'
      ? await seedDemoIfEmpty({
          tenants: services.tenants,
          tenantSettings: services.tenantSettings,
          invitations: services.invitations,
          grants: services.grants,
          portfolio: services.portfolio,
          documents: services.documents,
          port: config.port,
        })
      : null;
  const app = createApp({
    services,
    csrfSecret: runtime.csrfSecret,
    isDevMailboxShown: runtime.transport.kind === 'dev-mailbox',
    readiness: runtime.readiness,
    ...(config.metricsToken === null ? {} : { metricsToken: config.metricsToken }),
  });
  const handle = withFileSending(app.fetch);
  const server = serve({
    fetch: runtime.database.kind === 'pglite' ? requestsInTurn(handle) : handle,
    port: config.port,
    serverOptions: serverOptionsOf(config.http),
  }) as Server;
  server.keepAliveTimeout = config.http.keepAliveTimeoutMilliseconds;
  server.maxConnections = config.http.maxConnections;
  await new Promise<void>((resolvePromise, reject) => {
    server.once('listening', () => resolvePromise());
    server.once('error', reject);
  });
  const worker = options.isWorkerRunning
    ? startOutboxWorker({ outbox: services.outbox, logger, pollMilliseconds: 1000 })
    : null;
  const webhookWorker = options.isWorkerRunning
    ? startWebhookWorker({ webhooks: services.webhooks, logger, pollMilliseconds: 1000 })
    : null;
  const notificationWorker = options.isWorkerRunning
    ? startNotificationWorker({ notifications: services.notifications, logger, pollMilliseconds: 5000 })
    : null;
  const claimDraftWorker = options.isWorkerRunning
    ? startClaimDraftWorker({
        claimDrafts: services.claimDrafts,
        logger,
        pollMilliseconds: CLAIM_DRAFT_POLL_MILLISECONDS,
      })
    : null;
  const dataExportWorker = options.isWorkerRunning
    ? startDataExportWorker({
        dataExports: services.dataExports,
        logger,
        pollMilliseconds: DATA_EXPORT_POLL_MILLISECONDS,
      })
    : null;
  const fileCleanup = options.isWorkerRunning
    ? startFileCleanupWorker({ documents: services.documents, logger })
    : null;
  // On a server PostgreSQL's autovacuum vacuums and analyses the tables; the embedded database has no such process.
  const tableMaintenance =
    runtime.database.kind === 'pglite' ? startTableMaintenanceWorker({ db: runtime.database.db, logger }) : null;
  const control =
    runtime.database.kind === 'pglite' ? await startControlChannel(resolve(config.dataDir), services) : null;
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | null = null;
  return {
    port,
    runtime,
    demo,
    close(graceMilliseconds = SHUTDOWN_GRACE_MILLISECONDS) {
      closing ??= (async () => {
        const httpClosed = new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
        // A keep-alive connection holds close() open until it is idle; requests still running keep theirs until they
        // answer.
        server.closeIdleConnections();
        const idleSweep = setInterval(() => server.closeIdleConnections(), 50);
        const forced = setTimeout(() => server.closeAllConnections(), graceMilliseconds);
        try {
          await Promise.all([
            httpClosed,
            worker?.stop(graceMilliseconds),
            webhookWorker?.stop(graceMilliseconds),
            notificationWorker?.stop(graceMilliseconds),
            claimDraftWorker?.stop(graceMilliseconds),
            dataExportWorker?.stop(graceMilliseconds),
            fileCleanup?.stop(),
            tableMaintenance?.stop(),
          ]);
        } finally {
          clearInterval(idleSweep);
          clearTimeout(forced);
        }
        await control?.close();
        await runtime.close();
      })();
      return closing;
    },
  };
}
