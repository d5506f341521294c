import { resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import type { Config } from '../config/config.js';
import { isLock, tryLockDataDir } from '../db/data-dir-lock.js';
import { AppError } from '../shared/errors.js';
import { exitWithError, loadCliConfig } from './cli-environment.js';
import { counted } from '../operator-commands/output-format.js';
import type { CommandName } from '../operator-commands/commands.js';
import { sendCommand } from '../operator-commands/control-channel.js';

/**
 * Runs commands where the data is; returns each command's output lines, and hands lines emitted as it goes to `onLine`.
 */
export type CommandRunner = (
  name: CommandName,
  args: Record<string, unknown>,
  onLine?: (line: string) => void,
) => Promise<string[]>;

/**
 * A running portal that holds the embedded database, to hand commands to; null when this process may open the data
 * itself (PostgreSQL, or an embedded database nobody has open).
 */
export function runningPortal(config: Config): CommandRunner | null {
  if (config.databaseUrl !== null) {
    return null;
  }
  const dataDir = resolve(config.dataDir);
  const attempt = tryLockDataDir(dataDir);
  if (isLock(attempt)) {
    attempt.release();
    return null;
  }
  return async (name, args, onLine) => {
    const result = await sendCommand(dataDir, name, args, onLine);
    if (!result.ok) {
      throw new AppError(
        result.code === 'DATABASE_WRITE_FAILED' ? 'DATABASE_WRITE_FAILED' : 'CONTROL_CHANNEL_FAILED',
        result.lines.join(' '),
      );
    }
    return result.lines;
  };
}

/**
 * Gives `body` a runner for commands where the data is: in a running portal that holds the
 * embedded database, or here against PostgreSQL or an embedded database nobody has open. Mail
 * queued here is delivered before exiting; a running portal's worker delivers its own.
 */
export async function withCommandRunner(body: (run: CommandRunner) => Promise<void>): Promise<void> {
  try {
    const config = loadCliConfig();
    const portal = runningPortal(config);
    if (portal !== null) {
      await body(portal);
      return;
    }
    // Only here, without a running portal to hand the command to, are the services needed.
    const [{ createLogger }, { openRuntime }, { runCommand }] = await Promise.all([
      import('../logger.js'),
      import('../runtime.js'),
      import('../operator-commands/commands.js'),
    ]);
    const logger = createLogger({ level: 'warn', destination: 2 });
    const runtime = await openRuntime({ config, logger });
    try {
      await body((name, args, onLine) => runCommand(runtime.services, name, args, onLine));
      const delivered = await runtime.services.outbox.deliverDueMails();
      if (delivered > 0) {
        process.stdout.write(
          `Delivered ${counted(delivered, 'queued mail')} ` +
            `(${runtime.transport.kind === 'smtp' ? 'SMTP' : 'development mailbox'})\n`,
        );
      }
    } finally {
      await runtime.close();
    }
  } catch (error) {
    exitWithError(error);
  }
}

/**
 * Runs one command and prints what it did. Such a command runs a few statements and exits, so the embedded database's
 * WebAssembly stays with V8's baseline compiler: optimising its hot functions in the background, which pays off in a
 * portal that runs for days, cost this short process more CPU than all its statements (1.4-1.5 against 0.8 s of CPU
 * per `portico tenant list`, and twice the time until it answers). A GDV import keeps the optimiser for a large file
 * only (gdv-import-command.ts).
 */
export async function runCommandCli(name: CommandName, args: Record<string, unknown>): Promise<void> {
  setFlagsFromString('--liftoff-only');
  await withCommandRunner(async (run) => printLines(await run(name, args)));
}

function printLines(lines: string[]): void {
  process.stdout.write(`${lines.join('\n')}\n`);
}
