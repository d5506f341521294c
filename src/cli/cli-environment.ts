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
