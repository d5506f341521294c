/**
 * Once per run: an embedded database with every migration applied, kept as a data folder (copied
 * for each Portico process a test starts) and as PGlite's dump (loaded by each test file's fresh
 * in-memory database). Every test still gets a database of its own; it only skips creating the
 * cluster and migrating it, which took seconds per test file. Tests of the first start on an empty
 * folder ask for an empty one.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/database.js';
import { required } from '../../src/shared/required.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated embedded database: `dataDir` to copy, `dump` for PGlite's loadDataDir. */
    pgliteTemplate: { dataDir: string; dump: string };
    /** The PostgreSQL server this project's files run on; null on the embedded database. */
    databaseUrl: string | null;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!project.isRootProject()) {
    // Every project (see vitest.config.ts) inherits what the root project provides: one template for all.
    return () => Promise.resolve();
  }
  const folder = await mkdtemp(join(tmpdir(), 'portico-template-'));
  const dataDir = join(folder, 'data');
  const migrated = await openDatabase({ kind: 'pglite', dataDir });
  await migrated.migrate();
  const dump = join(folder, 'dump.tar');
  await writeFile(dump, Buffer.from(await required(await migrated.dump?.()).arrayBuffer()));
  await migrated.close();
  project.provide('pgliteTemplate', { dataDir, dump });
  return () => rm(folder, { recursive: true, force: true });
}
