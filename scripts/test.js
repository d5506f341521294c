#!/usr/bin/env node
// The one test command: builds, runs the whole suite on the embedded database (PGlite), and again
// on PostgreSQL when TEST_DATABASE_URL names a server.
import { spawnSync } from 'node:child_process';

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  return result.status ?? 1;
}

const extraArgs = process.argv.slice(2);
// Compile what runs (the end-to-end tests start dist/), and type-check the tests too: Vitest does not.
if (run('npx', ['tsc', '-p', 'tsconfig.build.json']) !== 0 || run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']) !== 0) {
  process.exit(1);
}

const { TEST_DATABASE_URL, ...withoutPostgres } = process.env;
console.log('\n== Suite on the embedded database (PGlite) ==');
let failed = run('npx', ['vitest', 'run', ...extraArgs], withoutPostgres) !== 0;

if (TEST_DATABASE_URL) {
  console.log(`\n== Suite on PostgreSQL (${new URL(TEST_DATABASE_URL).host}) ==`);
  failed = run('npx', ['vitest', 'run', ...extraArgs], { ...process.env, TEST_DATABASE_URL }) !== 0 || failed;
} else {
  console.log('\nPostgreSQL suite skipped: TEST_DATABASE_URL is not set (for example TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm test).');
}
process.exit(failed ? 1 : 0);
