import { configDefaults, defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { databaseFreeTestFiles } from './test/support/database-free-files.js';

/** The PostgreSQL server the suite also runs against; without it only the embedded database is tested. */
const postgresUrl = process.env['TEST_DATABASE_URL'] || null;

const TEST_FILES = ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'];

/**
 * Files that measure time. They run after the rest, one file at a time, so that no other
 * test file's processes share the cores with the times they measure.
 */
const TIMED_FILES = [
  'test/flows/neutral-timing.test.ts',
  'test/security/enumeration-and-brute-force.test.ts',
  'src/modules/password-policy/password-policy.test.ts',
];

/**
 * The same suite once per database, both at the same time: many tests wait on processes, mail
 * and Chromium, so the two runs fill each other's pauses. Each file still has a database of its own.
 */
function projectsFor(
  kind: 'pglite' | 'postgres',
  databaseUrl: string | null,
  timedGroup: number,
): TestProjectInlineConfiguration[] {
  const provide = { databaseUrl };
  // On PostgreSQL only what reaches the database: the rest would run exactly as on the embedded one.
  const notHere = kind === 'postgres' ? databaseFreeTestFiles(import.meta.dirname) : [];
  return [
    {
      extends: true,
      test: {
        name: kind,
        provide,
        include: TEST_FILES,
        exclude: [...configDefaults.exclude, ...TIMED_FILES, ...notHere],
        // One pool for both projects (same group): three files at a time on two cores. Most files wait much of
        // their time on other processes (Portico, Chromium, PostgreSQL, mail); with two, the processes of the run
        // used about 1,000 of the 1,900 core-seconds a 950-second run has.
        maxWorkers: 3,
        sequence: { groupOrder: 0 },
      },
    },
    {
      extends: true,
      test: {
        name: `${kind}, timed`,
        provide,
        include: TIMED_FILES,
        exclude: [...configDefaults.exclude, ...notHere],
        maxWorkers: 1,
        sequence: { groupOrder: timedGroup },
      },
    },
  ];
}

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // A worker process runs many files one after another and loads the app's modules once: each file
    // still opens a database of its own and starts its own servers; loading everything again per
    // file cost more than a second each.
    isolate: false,
    globalSetup: ['test/support/global-setup.ts'],
    projects: [
      ...projectsFor('pglite', null, 1),
      ...(postgresUrl === null ? [] : projectsFor('postgres', postgresUrl, 2)),
    ],
  },
});
