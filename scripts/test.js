#!/usr/bin/env node
// The one test command: builds, runs the whole suite on the embedded database (PGlite), and at the
// same time on PostgreSQL when TEST_DATABASE_URL names a server. Ends with one line of totals.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const reportDir = mkdtempSync(join(tmpdir(), 'portico-test-'));

function run(command, args, env = process.env) {
  return spawnSync(command, args, { stdio: 'inherit', env }).status ?? 1;
}

/** Runs Vitest; returns its exit status and the totals of its report (a missing report counts as a failure). */
function runSuite(env) {
  const report = join(reportDir, 'report.json');
  const status = run(
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

// The code's formatting (Prettier, 120 columns; `npm run format` fixes it), then at the same time the lint rules
// (ESLint, `npm run lint`) and the compiler: what runs is compiled (the end-to-end tests start dist/), and the tests
// are type-checked too (Vitest does not). ESLint and the compiler each keep one core busy.
function runAsync(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit' });
    child.on('close', (code) => resolve(code ?? 1));
    child.on('error', () => resolve(1));
  });
}
if (run('npx', ['prettier', '--check', '--log-level', 'warn', '.']) !== 0) {
  process.exit(1);
}
const checks = await Promise.all([
  runAsync('npx', ['eslint', '.']),
  runAsync('npx', ['tsc', '-p', 'tsconfig.build.json']).then((code) =>
    code === 0 ? runAsync('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']) : code,
  ),
]);
if (checks.some((code) => code !== 0)) {
  process.exit(1);
}

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
const totals = runSuite(env);
if (!TEST_DATABASE_URL) {
  console.log(
    '\nPostgreSQL suite skipped: TEST_DATABASE_URL is not set (for example ' +
      'TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm test).',
  );
}
rmSync(reportDir, { recursive: true, force: true });
console.log(`\nTotal: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.status === 0 && totals.failed === 0 ? 0 : 1);
