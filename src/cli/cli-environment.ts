import { ConfigError, loadConfig, type Config } from '../config/config.js';
import { isAppError } from '../shared/errors.js';

/** The CLI's single reader of process.env. */
export function loadCliConfig(): Config {
  return loadConfig(process.env);
}

/** Expected failures end with one line and exit code 1; anything else is a defect and says so. */
export function exitWithError(error: unknown): never {
  if (isAppError(error) || error instanceof ConfigError) {
    process.stderr.write(`Error: ${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`Unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(2);
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
        process.stderr.write(`Error while stopping: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handle);
  process.on('SIGINT', handle);
}
