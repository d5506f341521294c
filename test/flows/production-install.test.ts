import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../support/portico-process.js';
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp-receiver.js';
import { databaseKind, TEST_SECOND_FACTOR_KEY } from '../support/test-database.js';

const execFileAsync = promisify(execFile);
const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A clone needs git and a repository; a source archive without .git cannot be cloned. */
const isCloneable =
  spawnSync('git', ['-C', PROJECT_ROOT, 'rev-parse', '--is-inside-work-tree'], { encoding: 'utf8' }).stdout.trim() ===
  'true';
if (!isCloneable) {
  console.warn('production-install: skipped, the project folder is not a git checkout that can be cloned');
}

/** The test runner's environment without npm's per-script variables and without Portico's own configuration. */
function cleanEnvironment(): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || /^npm_(lifecycle|package)_/.test(name)) {
      continue;
    }
    if (
      /^(PORT|DATABASE_URL|DATA_DIR|PLATFORM_URL|SMTP_URL|MAIL_FROM|LOG_LEVEL|NODE_ENV|STORAGE_URL|STORAGE_FOLDER_SHARED|TEST_DATABASE_URL)$/.test(
        name,
      )
    ) {
      continue;
    }
    environment[name] = value;
  }
  return environment;
}

async function run(
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string>; timeout: number },
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(command, args, options);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number | string; stdout?: string; stderr?: string };
    return {
      code: typeof failed.code === 'number' ? failed.code : -1,
      stdout: failed.stdout ?? '',
      stderr: failed.stderr ?? String(error),
    };
  }
}

/**
 * The deployment in docs/operations.md, on a fresh clone: the build (here: the dist/ the test command
 * compiled), `npm ci --omit=dev` without TypeScript, then `portico start` with NODE_ENV=production
 * on a new embedded database and a real SMTP server on loopback. The PostgreSQL run adds nothing here.
 */
describe.skipIf(databaseKind !== 'pglite' || !isCloneable)('production install from a clean clone', () => {
  let workDir: string;
  let checkout: string;
  let smtp: SmtpReceiver;
  let env: Record<string, string>;
  let server: ChildProcess | null = null;
  let serverStdout = '';
  let serverStderr = '';

  beforeAll(async () => {
    expect(existsSync(join(PROJECT_ROOT, 'dist/cli/index.js')), 'dist/ is built by the test command first').toBe(true);
    workDir = mkdtempSync(join(tmpdir(), 'portico-install-'));
    checkout = join(workDir, 'portico');
    smtp = await startSmtpReceiver();
    const port = await findFreePort();
    env = {
      ...cleanEnvironment(),
      NODE_ENV: 'production',
      PORT: String(port),
      DATA_DIR: join(workDir, 'data'),
      PLATFORM_URL: `http://localhost:${port}`,
      SMTP_URL: smtp.url,
      MAIL_FROM: 'portal@portico.test',
      SECOND_FACTOR_KEY: TEST_SECOND_FACTOR_KEY,
    };
  }, 30_000);

  afterAll(async () => {
    if (server !== null && server.exitCode === null && server.signalCode === null) {
      server.kill('SIGKILL');
    }
    await smtp.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('installs production dependencies only, keeping the dist/ built before', async () => {
    const clone = await run('git', ['clone', '--quiet', PROJECT_ROOT, checkout], {
      cwd: workDir,
      env: cleanEnvironment(),
      timeout: 30_000,
    });
    expect(clone.code, clone.stderr).toBe(0);
    cpSync(join(PROJECT_ROOT, 'dist'), join(checkout, 'dist'), { recursive: true });

    const install = await run('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], {
      cwd: checkout,
      env,
      timeout: 60_000,
    });
    expect(install.code, `${install.stdout}\n${install.stderr}`).toBe(0);
    expect(install.stdout).toContain('TypeScript is not installed (production install); using the existing dist/');
    expect(existsSync(join(checkout, 'node_modules/typescript'))).toBe(false);
    expect(existsSync(join(checkout, 'node_modules/vitest'))).toBe(false);
    expect(existsSync(join(checkout, 'node_modules/pino'))).toBe(true);
  }, 80_000);

  it('refuses the development mailbox and the demo in production with one line and exit code 1', async () => {
    const withoutSmtp = { ...env };
    delete withoutSmtp['SMTP_URL'];
    const cases: [Record<string, string>, string[], string][] = [
      [withoutSmtp, ['start'], 'SMTP_URL is required when NODE_ENV=production'],
      [env, ['start', '--demo'], '--demo is refused when NODE_ENV=production'],
    ];
    for (const [environment, args, message] of cases) {
      const result = await run(process.execPath, ['dist/cli/index.js', ...args], {
        cwd: checkout,
        env: environment,
        timeout: 30_000,
      });
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining(message)]);
      expect(result.stderr).toMatch(/^Error: /);
    }
  }, 60_000);

  it('starts in production: healthy, no development mailbox, no demo, JSON logs on stdout, mail over SMTP', async () => {
    const child = spawn(process.execPath, ['--v8-pool-size=0', 'dist/cli/index.js', 'start'], {
      cwd: checkout,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server = child;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (serverStdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (serverStderr += chunk));
    const base = `http://127.0.0.1:${env['PORT']}`;
    await expect
      .poll(
        async () => {
          expect(child.exitCode, `${serverStdout}\n${serverStderr}`).toBeNull();
          const response = await fetch(`${base}/readyz`).catch(() => null);
          return response?.status ?? 0;
        },
        { timeout: 50_000, interval: 200 },
      )
      .toBe(200);
    await expect.poll(() => serverStderr, { timeout: 5_000 }).toContain('Portico is ready');

    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/_dev/mail`)).status).toBe(404);
    expect(serverStderr).not.toContain('Demo broker');
    expect(serverStderr).not.toContain('development mailbox');

    // Commands reach the running portal through its command channel; its worker sends over SMTP.
    const cli = async (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
      run(process.execPath, ['dist/cli/index.js', ...args], { cwd: checkout, env, timeout: 30_000 });
    const tenants = await cli('tenant', 'list', '--json');
    expect(tenants.code, tenants.stderr).toBe(0);
    expect(JSON.parse(tenants.stdout)).toEqual([]);
    const created = await cli(
      'tenant',
      'create',
      '--slug',
      'prod',
      '--name',
      'Prod Makler',
      '--host',
      'prod.localhost',
    );
    expect(created.code, created.stderr).toBe(0);
    const invited = await cli(
      'invite',
      '--tenant',
      'prod',
      '--email',
      'kunde@example.com',
      '--name',
      'Karla Kunde',
      '--kind',
      'policyholder',
    );
    expect(invited.code, invited.stderr).toBe(0);
    const mail = await smtp.waitForMail('kunde@example.com', { timeoutMilliseconds: 20_000 });
    expect(mail.text).toContain('/set-password?token=');

    child.kill('SIGTERM');
    await expect.poll(() => child.exitCode, { timeout: 15_000 }).toBe(0);
    // Not a terminal: every line on stdout is a JSON log line, the banner went to stderr.
    const lines = serverStdout.split('\n').filter((line) => line !== '');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(() => JSON.parse(line), line).not.toThrow();
    }
  }, 80_000);
});
