#!/usr/bin/env node
// The slowest test files and tests of a Vitest JSON report, to see where the suite's time goes:
//   npx vitest run --project pglite --reporter=json --outputFile.json=/tmp/times.json
//   node scripts/test-times.js /tmp/times.json [how many, default 30]
// Vitest's JSON gives a file only the time of its tests: beforeAll/afterAll hooks are not in it (the default
// reporter's per-file time includes them), so a slow set-up or teardown shows in neither list.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const [reportPath, countArgument] = process.argv.slice(2);
if (reportPath === undefined) {
  console.error('Usage: node scripts/test-times.js <vitest-report.json> [count]');
  process.exit(1);
}
const count = Number(countArgument ?? 30);
const report = JSON.parse(readFileSync(reportPath, 'utf8'));
const seconds = (milliseconds) => `${(milliseconds / 1000).toFixed(1).padStart(7)} s`;

const files = report.testResults.map((result) => ({
  path: relative(process.cwd(), result.name),
  milliseconds: result.endTime - result.startTime,
  tests: result.assertionResults,
}));
const tests = files.flatMap((file) =>
  file.tests.map((test) => ({
    path: file.path,
    name: test.fullName,
    milliseconds: test.duration ?? 0,
    status: test.status,
  })),
);
const total = files.reduce((sum, file) => sum + file.milliseconds, 0);
console.log(`${files.length} files, ${tests.length} tests, ${seconds(total).trim()} in tests altogether`);

console.log(`\nSlowest ${count} files:`);
for (const file of files.sort((a, b) => b.milliseconds - a.milliseconds).slice(0, count)) {
  console.log(`${seconds(file.milliseconds)}  ${String(file.tests.length).padStart(3)} tests  ${file.path}`);
}
console.log(`\nSlowest ${count} tests:`);
for (const test of tests.sort((a, b) => b.milliseconds - a.milliseconds).slice(0, count)) {
  const status = test.status === 'passed' ? '' : ` [${test.status}]`;
  console.log(`${seconds(test.milliseconds)}  ${test.path} › ${test.name}${status}`);
}
