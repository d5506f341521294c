import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startPorticoProcess, type PorticoProcess } from '../support/portico-process.js';
import { startSmtpReceiver } from '../support/smtp-receiver.js';
import { databaseKind, TEST_SECOND_FACTOR_KEY, testDatabaseUrl } from '../support/test-database.js';
import { required } from '../../src/shared/required.js';

async function onServer<T>(work: (client: pg.Client) => Promise<T>, database = 'postgres'): Promise<T> {
  const url = new URL(required(testDatabaseUrl));
  url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Processes started together on an empty database: one applies the migrations, the others wait for it. */
describe.skipIf(databaseKind !== 'postgres')('migrations when processes start at once', () => {
  const name = `portico_test_${randomBytes(6).toString('hex')}`;
  const started: PorticoProcess[] = [];

  afterAll(async () => {
    await Promise.all(started.map((process) => process.stop()));
    await onServer((client) => client.query(`drop database if exists ${name} with (force)`));
  });

  it('applies every migration once and starts every process', async () => {
    await onServer((client) => client.query(`create database ${name}`));
    const url = new URL(required(testDatabaseUrl));
    url.pathname = `/${name}`;
    const smtp = await startSmtpReceiver();
    try {
      const environment = {
        DATABASE_URL: url.toString(),
        SECOND_FACTOR_KEY: TEST_SECOND_FACTOR_KEY,
        STORAGE_FOLDER_SHARED: 'true',
      };
      const results = await Promise.allSettled([
        startPorticoProcess({ smtpUrl: smtp.url, database: { environment } }),
        startPorticoProcess({ smtpUrl: smtp.url, database: { environment } }),
        startPorticoProcess({ smtpUrl: smtp.url, database: { environment }, args: ['worker'] }),
      ]);
      for (const result of results) {
        if (result.status === 'fulfilled') {
          started.push(result.value);
        }
      }
      expect(results.map((result) => (result.status === 'rejected' ? String(result.reason) : 'ready'))).toEqual([
        'ready',
        'ready',
        'ready',
      ]);
      const applied = await onServer(
        (client) =>
          client.query<{ hash: string; count: number }>(
            'select hash, count(*)::int as count from drizzle.__drizzle_migrations group by hash',
          ),
        name,
      );
      expect(applied.rows.length).toBeGreaterThan(0);
      expect(applied.rows.every((row) => row.count === 1)).toBe(true);
      const migrate = await required(started[0]).runCli(['migrate']);
      expect(migrate.code).toBe(0);
    } finally {
      await smtp.close();
    }
  }, 120_000);
});
