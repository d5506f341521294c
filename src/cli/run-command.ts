import { resolve } from 'node:path';
import { isLock, tryLockDataDir } from '../db/data-dir-lock.js';
import { createLogger } from '../logger.js';
import { openRuntime } from '../runtime.js';
import { AppError } from '../shared/errors.js';
import { exitWithError, loadCliConfig } from './cli-environment.js';
import { runCommand, type CommandName } from './commands.js';
import { sendCommand } from './control-channel.js';

/**
 * Runs one command where the data is: in a running portal that holds the embedded database, or
 * here against PostgreSQL or an embedded database nobody has open. Mail queued here is delivered
 * before exiting; a running portal's worker delivers its own.
 */
export async function runCommandCli(name: CommandName, args: Record<string, unknown>): Promise<void> {
  try {
    const config = loadCliConfig();
    if (config.databaseUrl === null) {
      const dataDir = resolve(config.dataDir);
      const attempt = tryLockDataDir(dataDir);
      if (!isLock(attempt)) {
        const result = await sendCommand(dataDir, name, args);
        if (!result.ok) {
          throw new AppError('CONTROL_CHANNEL_FAILED', result.lines.join(' '));
        }
        printLines(result.lines);
        return;
      }
      attempt.release();
    }
    const logger = createLogger({ level: 'warn', destination: 2 });
    const runtime = await openRuntime({ config, logger });
    try {
      printLines(await runCommand(runtime.services, name, args));
      const delivered = await runtime.services.outbox.deliverDueMails();
      if (delivered > 0) {
        process.stdout.write(`Delivered ${delivered} queued mail(s) (${runtime.transport.kind === 'smtp' ? 'SMTP' : 'development mailbox'})\n`);
      }
    } finally {
      await runtime.close();
    }
  } catch (error) {
    exitWithError(error);
  }
}

function printLines(lines: string[]): void {
  process.stdout.write(`${lines.join('\n')}\n`);
}
