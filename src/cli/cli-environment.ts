import { ConfigError, loadConfig, type Config } from '../config/config.js';
import { expectedErrorOf } from '../db/database-errors.js';
import { messageOfError } from '../shared/error-registry.js';

/** The CLI's single reader of process.env. */
export function loadCliConfig(): Config {
  return loadConfig(process.env);
}

/** How every command's failure line begins, whether Portico or the option parser found the problem. */
export const ERROR_PREFIX = 'Error: ';

/** Expected failures end with one line and exit code 1; anything else is a defect and says so. */
export function exitWithError(error: unknown): never {
  const { line, exitCode } = describeCliError(error);
  process.stderr.write(`${line}\n`);
  process.exit(exitCode);
}

/** One line for an expected failure (a lost race for a name included), the stack for a defect. */
export function describeCliError(error: unknown): { line: string; exitCode: 1 | 2 } {
  if (error instanceof ConfigError) {
    return { line: `${ERROR_PREFIX}${error.message}`, exitCode: 1 };
  }
  const expected = expectedErrorOf(error);
  if (expected !== null) {
    // The detail names what was refused (a slug, a file); the registry's sentence stands in where there is none.
    return { line: `${ERROR_PREFIX}${expected.detail ?? messageOfError(expected, 'en')}`, exitCode: 1 };
  }
  return { line: `${ERROR_PREFIX}unexpected: ${error instanceof Error ? error.stack : String(error)}`, exitCode: 2 };
}

/**
 * SIGTERM or SIGINT stops the process gracefully and exits 0; a second signal while it stops ends
 * it at once (exit 1), for an operator who does not want to wait.
 */
export function onStopSignal(stop: () => Promise<void>): void {
  let isStopping = false;
  const handle = (): void => {
    if (isStopping) {
      process.exit(1);
    }
    isStopping = true;
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(
          `${ERROR_PREFIX}while stopping: ${error instanceof Error ? error.message : String(error)}\n`,
        );
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handle);
  process.on('SIGINT', handle);
}
