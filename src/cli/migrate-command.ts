import { createLogger } from '../logger.js';
import { openRuntime } from '../runtime.js';
import { exitWithError, loadCliConfig } from './cli-environment.js';

export async function migrateCommand(): Promise<void> {
  try {
    const config = loadCliConfig();
    const runtime = await openRuntime({ config, logger: createLogger({ level: 'warn', destination: 2 }) });
    await runtime.close();
    process.stdout.write(
      `Migrations applied ` +
        `(${runtime.database.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'})\n`,
    );
  } catch (error) {
    exitWithError(error);
  }
}
