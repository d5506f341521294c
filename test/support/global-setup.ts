/**
 * Once per run: an embedded database with every migration applied, kept as a data folder (copied
 * for each Portico process a test starts) and as PGlite's dump (loaded by each test file's fresh
 * in-memory database); and with a PostgreSQL server, a migrated database there that each test's
 * database is created from (CREATE DATABASE … TEMPLATE). Every test still gets a database of its
 * own; it only skips creating the cluster and migrating it, which took seconds per test file. Tests
 * of the first start on an empty folder or database ask for an empty one.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/database.js';
import { required } from '../../src/shared/required.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated embedded database: `dataDir` to copy, `dump` for PGlite's loadDataDir. */
    pgliteTemplate: { dataDir: string; dump: string };
    /** The PostgreSQL server this project's files run on; null on the embedded database. */
    databaseUrl: string | null;
    /** On the PostgreSQL server (when the run has one): the migrated database each test's database copies. */
    postgresTemplate: string | null;
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
  // The same server vitest.config.ts gives the PostgreSQL project.
  const postgresUrl = process.env['TEST_DATABASE_URL'] || null;
  const postgresTemplate = postgresUrl === null ? null : await createPostgresTemplate(postgresUrl);
  project.provide('postgresTemplate', postgresTemplate);
  return async () => {
    await rm(folder, { recursive: true, force: true });
    if (postgresUrl !== null && postgresTemplate !== null) {
      await onServer(postgresUrl, `drop database if exists ${postgresTemplate} with (force)`);
    }
  };
}

/** A migrated database on the server, closed again: PostgreSQL copies a template only while nobody is connected. */
async function createPostgresTemplate(serverUrl: string): Promise<string> {
  const name = `portico_template_${randomBytes(6).toString('hex')}`;
  await onServer(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const migrated = await openDatabase({ kind: 'postgres', url: url.toString() });
  try {
    await migrated.migrate();
  } finally {
    await migrated.close();
  }
  return name;
}

async function onServer(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
