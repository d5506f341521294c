import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import type { TestDatabase } from './test-database.js';

/** The compiled CLI; `npm run build` must have run (the test command does it first). */
const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI_PATH = fileURLToPath(new URL('../../dist/cli/index.js', import.meta.url));

// A first start on an empty embedded database takes several seconds, many more on a busy machine.
const READY_TIMEOUT_MILLISECONDS = 50_000;
const STOP_GRACE_MILLISECONDS = 10_000;
const CLI_TIMEOUT_MILLISECONDS = 30_000;
/** Output kept for error messages; a long-running process must not grow it without bound. */
const MAX_OUTPUT_CHARACTERS = 64 * 1024;

/** Variables of the test runner that must not leak into Portico's own configuration. */
const PORTICO_VARIABLES = [
  'PORT',
  'DATABASE_URL',
  'DATA_DIR',
  'PLATFORM_URL',
  'SMTP_URL',
  'MAIL_FROM',
  'LOG_LEVEL',
  'STORAGE_URL',
  'STORAGE_FOLDER_SHARED',
  'TEST_DATABASE_URL',
];

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface PorticoProcess {
  readonly port: number;
  /** `http://localhost:<port>`: the platform host. */
  readonly platformUrl: string;
  /** The environment the server runs with; CLI commands get the same. */
  readonly env: Record<string, string>;
  runCli(args: string[]): Promise<CliResult>;
  /** The server's stdout and stderr so far, for a failing test's message. */
  readonly output: string;
  /** The exit code once the process has ended, else null. */
  readonly exitCode: number | null;
  readonly dataDir: string;
  /** SIGTERM, then SIGKILL after a grace period; the data folder is removed unless kept. */
  stop(options?: { keepDataDir?: boolean }): Promise<void>;
  /** `kill -9`, as a crash or the kernel's OOM killer would; the data folder stays. */
  kill(): Promise<void>;
  /** Sends a signal and returns at once; `waitForExit` tells when and how the process ended. */
  signal(name: NodeJS.Signals): void;
  waitForExit(timeoutMilliseconds: number): Promise<boolean>;
}

/** A temporary data folder, empty or a copy of the run's migrated embedded database. */
export async function newDataDir(isFromTemplate: boolean): Promise<string> {
  const dataDir = await mkdtemp(join(tmpdir(), 'portico-e2e-'));
  if (isFromTemplate) {
    await cp(inject('pgliteTemplate').dataDir, dataDir, { recursive: true });
  }
  return dataDir;
}

/** A free TCP port: listen on 0, read the port, close. */
export async function findFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function baseEnvironment(): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !PORTICO_VARIABLES.includes(name)) {
      environment[name] = value;
    }
  }
  return environment;
}

function appendCapped(current: string, chunk: string): string {
  const next = current + chunk;
  return next.length > MAX_OUTPUT_CHARACTERS ? next.slice(next.length - MAX_OUTPUT_CHARACTERS) : next;
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitForExit(child: ChildProcess, timeoutMilliseconds: number): Promise<boolean> {
  if (hasExited(child)) {
    return Promise.resolve(true);
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, timeoutMilliseconds);
    const onExit = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

const delay = (milliseconds: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * Starts `portico start --no-demo` as its own process, the way an operator does: on a free port,
 * with a temporary DATA_DIR (embedded PGlite) or the test's PostgreSQL database, mail over SMTP.
 */
export async function startPorticoProcess(options: {
  smtpUrl: string;
  /**
   * Only its `environment` is read: DATABASE_URL on PostgreSQL, nothing for PGlite (the process gets its own DATA_DIR).
   */
  database: Pick<TestDatabase, 'environment'>;
  /** Default `start --no-demo`; `worker` serves no HTTP and is ready once it says so. */
  args?: string[];
  /** An existing data folder (a restart on the same embedded database) instead of a new one. */
  dataDir?: string;
  /**
   * A new embedded database starts from the run's migrated template (see global-setup.ts), so the
   * process skips creating the cluster; true starts on an empty folder, as a first start does.
   */
  isDataDirEmpty?: boolean;
  /** What browsers see: https when a TLS proxy sits in front (the process itself always speaks HTTP). */
  platformScheme?: 'http' | 'https';
  /** Further variables, such as TRUST_PROXY or a short OUTBOX_LEASE_SECONDS. */
  environment?: Record<string, string>;
}): Promise<PorticoProcess> {
  const port = await findFreePort();
  const platformUrl = `${options.platformScheme ?? 'http'}://localhost:${port}`;
  const dataDir =
    options.dataDir ??
    (await newDataDir(options.database.environment['DATABASE_URL'] === undefined && options.isDataDirEmpty !== true));
  const args = options.args ?? ['start', '--no-demo'];
  const isWorker = args[0] === 'worker';
  const env: Record<string, string> = {
    ...baseEnvironment(),
    NODE_ENV: 'test',
    PORT: String(port),
    DATA_DIR: dataDir,
    PLATFORM_URL: platformUrl,
    SMTP_URL: options.smtpUrl,
    MAIL_FROM: 'portal@portico.test',
    LOG_LEVEL: 'warn',
    // Empty for PGlite: the child opens its own embedded database in DATA_DIR.
    ...options.database.environment,
    ...options.environment,
  };

  let stdout = '';
  let stderr = '';
  // As `npm start` and the `portico` command run it (see package.json).
  const child = spawn(process.execPath, ['--v8-pool-size=0', CLI_PATH, ...args], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout = appendCapped(stdout, chunk);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = appendCapped(stderr, chunk);
  });
  let spawnError: Error | null = null;
  child.once('error', (error) => {
    spawnError = error;
  });
  const describeOutput = (): string =>
    `\n--- stdout ---\n${stdout.trim() || '(empty)'}\n--- stderr ---\n${stderr.trim() || '(empty)'}`;

  async function stop(stopOptions: { keepDataDir?: boolean } = {}): Promise<void> {
    if (!hasExited(child) && child.pid !== undefined) {
      child.kill('SIGTERM');
      if (!(await waitForExit(child, STOP_GRACE_MILLISECONDS))) {
        child.kill('SIGKILL');
        await waitForExit(child, STOP_GRACE_MILLISECONDS);
      }
    }
    if (stopOptions.keepDataDir !== true) {
      await rm(dataDir, { recursive: true, force: true });
    }
  }

  const deadline = Date.now() + READY_TIMEOUT_MILLISECONDS;
  let lastProblem = isWorker ? 'the worker has not said it is running' : 'no answer yet';
  async function isReady(): Promise<boolean> {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      lastProblem = `/readyz answered ${response.status}`;
      return response.status === 200;
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
      return false;
    }
  }
  for (;;) {
    // Set by the child's error event, which the type checker does not follow.
    const failure = spawnError as Error | null;
    if (failure !== null || hasExited(child)) {
      await stop();
      throw new Error(
        `Portico exited before it was ready (code ${String(child.exitCode)}, signal ` +
          `${String(child.signalCode)}${failure === null ? '' : `, ${String(failure)}`})${describeOutput()}`,
      );
    }
    if (isWorker ? stderr.includes('Portico worker delivers the outbox') : await isReady()) {
      break;
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `Portico was not ready within ${READY_TIMEOUT_MILLISECONDS} ms (${lastProblem})${describeOutput()}`,
      );
    }
    await delay(100);
  }

  return {
    port,
    platformUrl,
    env,
    runCli(args) {
      return new Promise<CliResult>((resolve, reject) => {
        const cli = spawn(process.execPath, [CLI_PATH, ...args], {
          cwd: PROJECT_ROOT,
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let cliStdout = '';
        let cliStderr = '';
        cli.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          cliStdout += chunk;
        });
        cli.stderr.setEncoding('utf8').on('data', (chunk: string) => {
          cliStderr += chunk;
        });
        const timer = setTimeout(() => {
          cli.kill('SIGKILL');
          reject(
            new Error(
              `portico ${args.join(' ')} did not finish within ${CLI_TIMEOUT_MILLISECONDS} ms\n--- stdout ` +
                `---\n${cliStdout}\n--- stderr ---\n${cliStderr}`,
            ),
          );
        }, CLI_TIMEOUT_MILLISECONDS);
        cli.once('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
        cli.once('close', (code, signal) => {
          clearTimeout(timer);
          resolve({ code: code ?? (signal === null ? -1 : 128), stdout: cliStdout, stderr: cliStderr });
        });
      });
    },
    stop,
    async kill() {
      child.kill('SIGKILL');
      await waitForExit(child, STOP_GRACE_MILLISECONDS);
    },
    signal(name) {
      child.kill(name);
    },
    waitForExit: (timeoutMilliseconds) => waitForExit(child, timeoutMilliseconds),
    dataDir,
    get exitCode(): number | null {
      return child.exitCode;
    },
    get output(): string {
      return describeOutput();
    },
  };
}
