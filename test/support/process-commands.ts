import pino from 'pino';
import { runCommand, type CommandName } from '../../src/operator-commands/commands.js';
import { loadConfig } from '../../src/config/config.js';
import { openRuntime, type Runtime } from '../../src/runtime.js';
import type { PorticoProcess } from './portico-process.js';
import { TEST_SECOND_FACTOR_KEY, type TestDatabase } from './test-database.js';
import { FAST_ARGON2 } from './test-portal.js';

/** CLI-style arguments for the same command in both forms: parsed (services) and as command-line words. */
export interface CommandCall {
  name: Extract<CommandName, 'tenant.create' | 'invite'>;
  args: Record<string, unknown>;
  words: string[];
}

export function tenantCreate(slug: string, host: string): CommandCall {
  const name = `${slug} Makler GmbH`;
  return {
    name: 'tenant.create',
    args: { slug, name, host: [host] },
    words: ['tenant', 'create', '--slug', slug, '--name', name, '--host', host],
  };
}

export function invite(tenant: string, email: string): CommandCall {
  const name = `Person ${email.split('@')[0]}`;
  return {
    name: 'invite',
    args: { tenant, email, name, kind: 'policyholder' },
    words: ['invite', '--tenant', tenant, '--email', email, '--name', name, '--kind', 'policyholder'],
  };
}

/**
 * Runs commands against a Portico process's data the way that leaves the delivery to the process:
 * on the embedded database through the CLI (handed to the running portal); on PostgreSQL through
 * services in the test itself, because the CLI there would deliver the queued mail on its own.
 */
export async function createCommandRunner(options: {
  database: TestDatabase | null;
  smtpUrl: string;
}): Promise<{ run(call: CommandCall, through: () => PorticoProcess): Promise<void>; close(): Promise<void> }> {
  let runtime: Runtime | null = null;
  if (options.database !== null) {
    const config = loadConfig({
      SECOND_FACTOR_KEY: TEST_SECOND_FACTOR_KEY,
      ...options.database.environment,
      PLATFORM_URL: 'http://localhost:3000',
      SMTP_URL: options.smtpUrl,
      MAIL_FROM: 'portal@portico.test',
      NODE_ENV: 'test',
    });
    runtime = await openRuntime({
      config,
      logger: pino({ level: 'silent' }),
      argon2: FAST_ARGON2,
      database: options.database.handle,
    });
  }
  return {
    async run(call, through) {
      if (runtime !== null) {
        await runCommand(runtime.services, call.name, call.args);
        return;
      }
      const result = await through().runCli(call.words);
      if (result.code !== 0) {
        throw new Error(`portico ${call.words.join(' ')} failed: ${result.stderr}`);
      }
    },
    close: async () => runtime?.close(),
  };
}

/**
 * Queues mail before a Portico process starts, on its data: with services in the test process
 * (which, on the embedded database, holds the data folder's lock until the runtime is closed), so
 * the process finds all of it due at once when it starts.
 */
export async function runBeforeStart(
  options: { database: TestDatabase | null; dataDir: string; smtpUrl: string },
  calls: CommandCall[],
): Promise<void> {
  const environment = options.database?.environment ?? { DATA_DIR: options.dataDir };
  const config = loadConfig({
    ...environment,
    PLATFORM_URL: 'http://localhost:3000',
    SMTP_URL: options.smtpUrl,
    MAIL_FROM: 'portal@portico.test',
    NODE_ENV: 'test',
  });
  const runtime = await openRuntime({
    config,
    logger: pino({ level: 'silent' }),
    argon2: FAST_ARGON2,
    ...(options.database === null ? {} : { database: options.database.handle }),
  });
  try {
    for (const call of calls) {
      await runCommand(runtime.services, call.name, call.args);
    }
  } finally {
    await runtime.close();
  }
}
