import { resolve } from 'node:path';
import { compiledPgliteModule } from '../db/pglite-module.js';
import type { RunningPortico } from '../server.js';
import { exitWithError, loadCliConfig, onStopSignal } from './cli-environment.js';
import { ConfigError, type Config } from '../config/config.js';

/** `demo`: true for --demo, false for --no-demo, undefined for neither (the demo outside production only). */
export async function startCommand(options: { demo: boolean | undefined; isWorkerRunning: boolean }): Promise<void> {
  const startedAt = performance.now();
  let running: RunningPortico;
  let config: Config;
  try {
    config = loadCliConfig();
    if (!options.isWorkerRunning && config.databaseUrl === null) {
      // No other process may open the embedded database, so no worker could deliver this portal's mail.
      throw new ConfigError(
        '--no-worker needs DATABASE_URL: on the embedded database the portal delivers its own mail',
      );
    }
    if (options.demo === true && config.environment === 'production') {
      throw new ConfigError(
        '--demo is refused when NODE_ENV=production: the demo broker and its invited example addresses are ' +
          'for development only',
      );
    }
    if (config.databaseUrl === null) {
      // Compiles on background threads while the web server's modules load below.
      void compiledPgliteModule().catch(() => undefined);
    }
    const [{ createLogger }, { startPortico }] = await Promise.all([import('../logger.js'), import('../server.js')]);
    const logger = createLogger({ level: config.logLevel });
    running = await startPortico({
      config,
      logger,
      isDemoSeeded: options.demo ?? config.environment !== 'production',
      isWorkerRunning: options.isWorkerRunning,
    });
  } catch (error) {
    exitWithError(error);
  }
  printBanner(config, running, Math.round(performance.now() - startedAt));
  onStopSignal(() => running.close());
}

function printBanner(config: Config, running: RunningPortico, readyMilliseconds: number): void {
  const platform = config.platformUrl.origin;
  const lines = [
    '',
    `Portico is ready (${readyMilliseconds} ms) on port ${running.port}`,
    `  Database:  ${
      running.runtime.database.kind === 'pglite' ? `embedded (PGlite) in ${resolve(config.dataDir)}` : 'PostgreSQL'
    }`,
    `  Platform:  ${platform}/login`,
    running.runtime.transport.kind === 'dev-mailbox'
      ? `  Mailbox:   ${platform}/_dev/mail   (development mailbox: every mail Portico sends lands here)`
      : '  Mail:      sent over SMTP',
  ];
  if (running.demo !== null) {
    lines.push(
      '',
      'Demo broker "Mustermakler GmbH" created:',
      `  Portal:    ${running.demo.tenantUrl}/login`,
      `  Invited:   ${running.demo.administratorEmail} (administrator), ${running.demo.policyholderEmail} ` +
        `(policyholder)`,
      `  Next:      open ${platform}/_dev/mail, open the invitation, click the link and choose a password.`,
    );
  }
  const slug = running.demo === null ? '<tenant slug>' : 'mustermakler';
  lines.push(
    '',
    `Invite someone:  npx portico invite --tenant ${slug} --email you@example.com --name "Your Name" --kind ` +
      `policyholder`,
    '',
  );
  // To stderr: stdout carries the log, JSON lines for a collector when it is not a terminal.
  process.stderr.write(`${lines.join('\n')}\n`);
}
