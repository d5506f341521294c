#!/usr/bin/env node
// The one test command: builds, runs the whole suite on the embedded database (PGlite), and again
// on PostgreSQL when TEST_DATABASE_URL names a server. Ends with one line of totals.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const reportDir = mkdtempSync(join(tmpdir(), 'portico-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };

function run(command, args, env = process.env) {
  return spawnSync(command, args, { stdio: 'inherit', env }).status ?? 1;
}

function runSuite(name, env) {
  const report = join(reportDir, `${name}.json`);
  const status = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)], env);
  try {
    const result = JSON.parse(readFileSync(report, 'utf8'));
    totals.passed += result.numPassedTests;
    totals.failed += result.numFailedTests;
    totals.skipped += result.numPendingTests + result.numTodoTests;
  } catch {
    totals.failed += 1;
  }
  return status === 0;
}

// Compile what runs (the end-to-end tests start dist/), and type-check the tests too: Vitest does not.
if (run('npx', ['tsc', '-p', 'tsconfig.build.json']) !== 0 || run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']) !== 0) {
  process.exit(1);
}

// As Portico itself runs (see package.json): V8's helper threads sized to the machine's cores. With
// Node's fixed four on a 2-core machine the test processes spend their time competing for the cores.
const NODE_OPTIONS = [process.env.NODE_OPTIONS, '--v8-pool-size=0'].filter(Boolean).join(' ');
const { TEST_DATABASE_URL, ...withoutPostgres } = { ...process.env, NODE_OPTIONS };
console.log('\n== Suite on the embedded database (PGlite) ==');
let isGreen = runSuite('pglite', withoutPostgres);

if (TEST_DATABASE_URL) {
  console.log(`\n== Suite on PostgreSQL (${new URL(TEST_DATABASE_URL).host}) ==`);
  isGreen = runSuite('postgres', { ...withoutPostgres, TEST_DATABASE_URL }) && isGreen;
} else {
  console.log('\nPostgreSQL suite skipped: TEST_DATABASE_URL is not set (for example TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm test).');
}
rmSync(reportDir, { recursive: true, force: true });
console.log(`\nTotal: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(isGreen && totals.failed === 0 ? 0 : 1);
