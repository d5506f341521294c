#!/usr/bin/env node
// The one test command: builds, runs the whole suite on the embedded database (PGlite), and at the
// same time on PostgreSQL when TEST_DATABASE_URL names a server; Prettier, ESLint and the type check of the code and
// the tests run beside it. Ends with one line of totals.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const reportDir = mkdtempSync(join(tmpdir(), 'portico-test-'));

/** The commands running beside this one: stopped with it, so none is left behind when this one is stopped. */
const children = new Set();
const isolated = process.platform !== 'win32';
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    for (const child of children) {
      // Each command leads a process group of its own (npx starts the tool as a grandchild): the whole group stops.
      try {
        process.kill(isolated ? -child.pid : child.pid, signal);
      } catch {
        // It ended meanwhile.
      }
    }
    rmSync(reportDir, { recursive: true, force: true });
    process.exit(1);
  });
}

/** Runs a command; resolves with its exit status. */
function runAsync(command, args, env = process.env) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env, detached: isolated });
    children.add(child);
    child.on('close', (code) => {
      children.delete(child);
      resolve(code ?? 1);
    });
    child.on('error', () => {
      children.delete(child);
      resolve(1);
    });
  });
}

/** Runs Vitest; returns its exit status and the totals of its report (a missing report counts as a failure). */
async function runSuite(env) {
  const report = join(reportDir, 'report.json');
  const status = await runAsync(
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
    env,
  );
  try {
    const result = JSON.parse(readFileSync(report, 'utf8'));
    return {
      status,
      passed: result.numPassedTests,
      failed: result.numFailedTests,
      skipped: result.numPendingTests + result.numTodoTests,
    };
  } catch {
    return { status, passed: 0, failed: 1, skipped: 0 };
  }
}

// First the build: what runs is compiled (the end-to-end tests start dist/). Emit only, as `npm install` builds: the
// type check below covers src/ and the tests in one pass, so the build need not check src/ a second time first.
if ((await runAsync('npx', ['tsc', '-p', 'tsconfig.build.json', '--noCheck'])) !== 0) {
  process.exit(1);
}

// The checks run beside the suite, at a lower priority, in the time its files wait on other processes: the code's
// formatting (Prettier, 120 columns; `npm run format` fixes it), the lint rules (ESLint, `npm run lint`) and the
// compiler over the tests too (Vitest does not type-check). Each says so when it fails; the command then fails.
const lowPriority = process.platform === 'win32' ? [] : ['nice', '-n', '10'];
function check(name, args) {
  const [command, ...rest] = [...lowPriority, 'npx', ...args];
  return runAsync(command, rest).then((code) => ({ name, code }));
}
const checks = Promise.all([
  check('Prettier (npm run format fixes it)', ['prettier', '--check', '--log-level', 'warn', '.']),
  check('ESLint (npm run lint)', ['eslint', '.']),
  check('TypeScript over the code and the tests (npm run typecheck)', ['tsc', '--noEmit', '-p', 'tsconfig.json']),
]);

// As Portico itself runs (see package.json): V8's helper threads sized to the machine's cores. With
// Node's fixed four on a 2-core machine the test processes spend their time competing for the cores.
const env = { ...process.env, NODE_OPTIONS: [process.env.NODE_OPTIONS, '--v8-pool-size=0'].filter(Boolean).join(' ') };
// One run: vitest.config.ts makes a project per database, PostgreSQL's only when TEST_DATABASE_URL is set.
const { TEST_DATABASE_URL } = process.env;
console.log(
  TEST_DATABASE_URL
    ? `\n== Suite on the embedded database (PGlite) and on PostgreSQL (${new URL(TEST_DATABASE_URL).host}) ==`
    : '\n== Suite on the embedded database (PGlite) ==',
);
const totals = await runSuite(env);
const failedChecks = (await checks).filter((result) => result.code !== 0);
if (!TEST_DATABASE_URL) {
  console.log(
    '\nPostgreSQL suite skipped: TEST_DATABASE_URL is not set (for example ' +
      'TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm test).',
  );
}
rmSync(reportDir, { recursive: true, force: true });
for (const { name } of failedChecks) {
  console.log(`\nFailed: ${name}; its output is above.`);
}
console.log(`\nTotal: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.status === 0 && totals.failed === 0 && failedChecks.length === 0 ? 0 : 1);
